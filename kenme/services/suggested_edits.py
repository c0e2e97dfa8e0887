"""Suggested edits: below the edit threshold an edit waits for a reviewer (issue 21).

A member who may not edit someone else's post directly (``permissions.may_edit_directly``)
suggests the new text instead. It is privacy-checked like any edit before it is stored, and
checked again when it is approved, so a suggestion that the scan now refuses changes nothing.
The post's author, a moderator, or a member with the ``review_edits`` privilege (a
thema-specialist on their own topics) approves or rejects it; nobody reviews their own.
Approving writes a revision by the suggester, approved by the reviewer. One suggestion per
post waits at a time, and one written against an older version cannot be approved: it would
silently undo the newer edit.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, DomainError, NotAllowed, NotFound, ValidationFailed
from kenme.models import Post, PostType, Revision, SuggestedEdit, SuggestionStatus, User
from kenme.models.types import utcnow
from kenme.pagination import Page, clamp
from kenme.services import events, notifications, posting, privacy_gate
from kenme.services.privacy_gate import PersonalDataFound

NOTE_MAX = 300
QUEUE_LIMIT = 500  # pending suggestions read for one queue page; a small community has few

WHAT = {PostType.QUESTION: "vraag", PostType.ANSWER: "antwoord"}


class SuggestionHoldsPersonalData(DomainError):
    """The privacy scan refuses the suggested text now; nothing was changed."""

    code = "personal_data"
    status = 422


def _editable_post(post: Post) -> None:
    if post.type not in (PostType.QUESTION, PostType.ANSWER):
        raise NotFound("Dit bericht bestaat niet.")
    posting.ensure_not_archived(post)


def pending_for(session: Session, post: Post) -> SuggestedEdit | None:
    """The suggestion waiting for this post, if any."""
    return session.scalar(
        select(SuggestedEdit).where(
            SuggestedEdit.post_id == post.id, SuggestedEdit.status == SuggestionStatus.PENDING
        )
    )


def suggest_edit(
    session: Session,
    suggester: User,
    post: Post,
    *,
    body: str,
    title: str | None = None,
    summary: str = "",
    confirmations: posting.Confirmations = (),
) -> SuggestedEdit:
    """Store a suggested new text for someone else's post; nothing is stored on a refusal."""
    posting.ensure_active(suggester)
    _editable_post(post)
    if not permissions.can_see_post(suggester, post):
        raise NotFound("Dit bericht bestaat niet (meer) of is niet zichtbaar.")
    if post.question.locked:
        raise NotAllowed("Deze vraag is vergrendeld; alleen moderators kunnen nog bewerken.")
    if permissions.may_edit_directly(suggester, post):
        raise Conflict("Je kunt dit bericht zelf bewerken; een voorstel is niet nodig.")
    if pending_for(session, post) is not None:
        raise Conflict(
            "Voor dit bericht ligt al een voorgestelde bewerking klaar. Wacht tot die is "
            "beoordeeld."
        )
    edit = posting.prepare_edit(
        session,
        post,
        body=body,
        title=title,
        summary=summary,
        confirmations=confirmations,
    )
    suggestion = SuggestedEdit(
        post=post,
        author=suggester,
        base_revision=post.revision_count,
        title=edit.title,
        body_markdown=edit.body,
        edit_summary=edit.summary,
        confirmed_findings=edit.confirmed,
        status=SuggestionStatus.PENDING,
        created_at=utcnow(),
    )
    session.add(suggestion)
    session.flush()
    author = post.author
    hidden = _acts_anonymously(suggester, post)
    if author.id != suggester.id and author.is_active:
        notifications.notify(
            session,
            [author.id],
            kind="bewerking_voorgesteld",
            message=f"Een collega stelde een bewerking voor van je {WHAT[post.type]} bij "
            f"“{events._title(post.question)}”. Keur haar goed of wijs haar af.",
            url=suggestion_path(suggestion),
            post_id=post.id,
            thread_id=post.question.id,
            category="mijn_berichten",
            actor=None if hidden else suggester,
        )
    return suggestion


def _acts_anonymously(user: User, post: Post) -> bool:
    """Whether the user is the anonymous author of this post or of its thread."""
    return events.is_anonymous_actor(user, post.question) or (
        post.anonymous and user.id == post.author_id
    )


def suggestion_path(suggestion: SuggestedEdit) -> str:
    return f"/bewerkingen/{suggestion.id}"


def may_review(user: User | None, suggestion: SuggestedEdit) -> bool:
    """The post's author, moderators and privileged members; never the suggester."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.id == suggestion.author_id:
        return False
    post = suggestion.post
    return user.id == post.author_id or permissions.allowed(user, "review_edits", post)


def _require_review(reviewer: User, suggestion: SuggestedEdit) -> None:
    posting.ensure_active(reviewer)
    if not permissions.can_see_post(reviewer, suggestion.post):
        raise NotFound("Dit voorstel bestaat niet (meer) of is niet zichtbaar.")
    if reviewer.id == suggestion.author_id:
        raise NotAllowed("Je eigen voorstel beoordeelt een collega.")
    if reviewer.id != suggestion.post.author_id:
        permissions.require(reviewer, "review_edits", suggestion.post)
    if not suggestion.is_pending:
        raise Conflict("Dit voorstel is al beoordeeld.")


def get_suggestion(session: Session, viewer: User, suggestion_id: int) -> SuggestedEdit:
    """A suggestion, for whoever may see its post."""
    suggestion = session.get(SuggestedEdit, suggestion_id)
    if suggestion is None or not permissions.can_see_post(viewer, suggestion.post):
        raise NotFound("Dit voorstel bestaat niet (meer) of is niet zichtbaar.")
    return suggestion


def _tell_suggester(
    session: Session, suggestion: SuggestedEdit, reviewer: User, approved: bool
) -> None:
    post = suggestion.post
    outcome = "goedgekeurd" if approved else "afgewezen"
    anonymous = _acts_anonymously(reviewer, post)  # then never stored as the actor
    if suggestion.author.is_active:
        notifications.notify(
            session,
            [suggestion.author_id],
            kind="bewerking_beoordeeld",
            message=f"Je voorgestelde bewerking bij “{events._title(post.question)}” is {outcome}.",
            url=suggestion_path(suggestion),
            post_id=post.id,
            thread_id=post.question.id,
            category="mijn_berichten",
            actor=None if anonymous else reviewer,
        )


def approve(session: Session, reviewer: User, suggestion: SuggestedEdit) -> Revision:
    """Apply a suggestion as the post's new revision, or change nothing at all."""
    _require_review(reviewer, suggestion)
    post = suggestion.post
    if post.question.locked:
        raise Conflict("Deze vraag is vergrendeld; alleen moderators kunnen nog bewerken.")
    if post.revision_count != suggestion.base_revision:
        raise Conflict(
            "Het bericht is gewijzigd sinds dit voorstel is gedaan; goedkeuren zou die "
            "wijziging ongedaan maken. Wijs het voorstel af; de collega kan opnieuw voorstellen."
        )
    try:
        edit = posting.prepare_edit(
            session,
            post,
            body=suggestion.body_markdown,
            title=suggestion.title if post.is_question else None,
            summary=suggestion.edit_summary,
            confirmations=suggestion.confirmed_findings,
        )
    except PersonalDataFound as error:
        raise SuggestionHoldsPersonalData(
            "De privacycontrole vindt in dit voorstel (mogelijk) persoonsgegevens; er is niets "
            "gewijzigd. Wijs het voorstel af.",
            details={"findings": [f.to_dict() | {"text": ""} for f in error.findings]},
        ) from error
    except ValidationFailed as error:
        raise Conflict(f"Dit voorstel kan niet worden toegepast: {error.message}") from error
    revision = posting.apply_edit(session, suggestion.author, post, edit, approved_by=reviewer)
    suggestion.status = SuggestionStatus.APPROVED
    suggestion.reviewer = reviewer
    suggestion.reviewed_at = utcnow()
    suggestion.revision_number = revision.number
    _tell_suggester(session, suggestion, reviewer, approved=True)
    session.flush()
    return revision


def reject(
    session: Session, reviewer: User, suggestion: SuggestedEdit, note: str = ""
) -> SuggestedEdit:
    """Turn a suggestion down; its text stays on the row, the post is untouched."""
    _require_review(reviewer, suggestion)
    note = " ".join((note or "").split())
    if len(note) > NOTE_MAX:
        raise ValidationFailed(
            f"Houd de toelichting kort: hooguit {NOTE_MAX} tekens.", field="note"
        )
    privacy_gate.refuse_hard({"note": note})
    suggestion.status = SuggestionStatus.REJECTED
    suggestion.reviewer = reviewer
    suggestion.reviewed_at = utcnow()
    suggestion.review_note = note
    _tell_suggester(session, suggestion, reviewer, approved=False)
    session.flush()
    return suggestion


def review_queue(session: Session, viewer: User, page: int | str = 1, per_page: int = 20) -> Page:
    """The waiting suggestions this member may review, oldest first."""
    pending = session.scalars(
        select(SuggestedEdit)
        .where(SuggestedEdit.status == SuggestionStatus.PENDING)
        .order_by(SuggestedEdit.created_at, SuggestedEdit.id)
        .limit(QUEUE_LIMIT)
    ).all()
    mine = [
        s for s in pending if permissions.can_see_post(viewer, s.post) and may_review(viewer, s)
    ]
    number, per_page = clamp(page, per_page)
    start = (number - 1) * per_page
    return Page(mine[start : start + per_page], number, per_page, len(mine))


def reviewer_label(suggestion: SuggestedEdit, viewer: User | None) -> str:
    """Who reviewed, without revealing an anonymous author."""
    from kenme.services.authorship import member_label

    return member_label(suggestion.reviewer, suggestion.post, viewer)


def suggester_label(suggestion: SuggestedEdit, viewer: User | None) -> str:
    """Who suggested, without revealing an anonymous author (an asker in their own thread)."""
    from kenme.services.authorship import member_label

    return member_label(suggestion.author, suggestion.post, viewer)
