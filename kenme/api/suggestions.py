"""Suggested edits: suggest below the edit threshold; the author or a reviewer decides."""

from __future__ import annotations

from kenme.api.auth import api_user
from kenme.api.blueprint import ID
from kenme.api.operation import Operations, page_out
from kenme.api.schemas import PageQuery
from kenme.api.schemas_community import (
    SuggestedEditCreate,
    SuggestedEditList,
    SuggestedEditOut,
    SuggestionRejectIn,
)
from kenme.api.serializers import iso, member_out
from kenme.extensions import db
from kenme.models import PostType, SuggestedEdit, User
from kenme.services import suggested_edits, threads

ops = Operations("bewerkingen")


def suggestion_out(suggestion: SuggestedEdit, viewer: User) -> dict:
    post = suggestion.post
    return {
        "id": suggestion.id,
        "post_id": post.id,
        "question_id": post.question.id,
        "status": suggestion.status.value,
        "base_revision": suggestion.base_revision,
        "title": suggestion.title if post.is_question else "",
        "body_markdown": suggestion.body_markdown,
        "edit_summary": suggestion.edit_summary,
        "suggested_by": member_out(suggestion.author, post, viewer),
        "reviewed_by": member_out(suggestion.reviewer, post, viewer),
        "review_note": suggestion.review_note,
        "revision_number": suggestion.revision_number,
        "may_review": suggestion.is_pending and suggested_edits.may_review(viewer, suggestion),
        "created_at": iso(suggestion.created_at),
        "reviewed_at": iso(suggestion.reviewed_at),
    }


@ops.post(
    f"/posts/<{ID}:post_id>/suggested-edits",
    "suggestEdit",
    ok=SuggestedEditOut,
    status=201,
    errors=(403, 404, 409, 422),
)
def suggest_edit(post_id: int, json: SuggestedEditCreate):
    """Stel een bewerking voor van andermans vraag of antwoord; een beoordelaar beslist."""
    viewer = api_user()
    post = threads.get_post(db.session, viewer, post_id, PostType.QUESTION, PostType.ANSWER)
    suggestion = suggested_edits.suggest_edit(
        db.session, viewer, post, **json.service_args(edit_summary="summary")
    )
    db.session.commit()
    return suggestion_out(suggestion, viewer), 201


@ops.get("/suggested-edits", "suggestedEditQueue", ok=SuggestedEditList)
def suggestion_queue(query: PageQuery):
    """De voorstellen die jij mag beoordelen, oudste eerst."""
    viewer = api_user()
    page = suggested_edits.review_queue(db.session, viewer, query.page, query.per_page)
    return page_out(page, lambda s: suggestion_out(s, viewer))


@ops.get(
    f"/suggested-edits/<{ID}:suggestion_id>", "getSuggestedEdit", ok=SuggestedEditOut, errors=(404,)
)
def get_suggestion(suggestion_id: int):
    """Eén voorgestelde bewerking."""
    viewer = api_user()
    return suggestion_out(suggested_edits.get_suggestion(db.session, viewer, suggestion_id), viewer)


@ops.post(
    f"/suggested-edits/<{ID}:suggestion_id>/approve",
    "approveSuggestedEdit",
    ok=SuggestedEditOut,
    errors=(403, 404, 409, 422),
)
def approve_suggestion(suggestion_id: int):
    """Keur goed: het voorstel wordt een nieuwe versie (door de voorsteller, goedgekeurd door
    jou). Is het bericht intussen gewijzigd, of vindt de privacycontrole iets, dan verandert
    er niets."""
    viewer = api_user()
    suggestion = suggested_edits.get_suggestion(db.session, viewer, suggestion_id)
    suggested_edits.approve(db.session, viewer, suggestion)
    db.session.commit()
    return suggestion_out(suggestion, viewer)


@ops.post(
    f"/suggested-edits/<{ID}:suggestion_id>/reject",
    "rejectSuggestedEdit",
    ok=SuggestedEditOut,
    errors=(403, 404, 409),
)
def reject_suggestion(suggestion_id: int, json: SuggestionRejectIn):
    """Wijs af, met een korte toelichting; het bericht blijft zoals het is."""
    viewer = api_user()
    suggestion = suggested_edits.get_suggestion(db.session, viewer, suggestion_id)
    suggested_edits.reject(db.session, viewer, suggestion, json.note)
    db.session.commit()
    return suggestion_out(suggestion, viewer)
