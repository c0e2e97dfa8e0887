"""De Aanplakker: the board, starting one, contributing, phases and the oogst."""

from __future__ import annotations

from kenme.api.auth import api_user
from kenme.api.blueprint import ID
from kenme.api.operation import Operations
from kenme.api.schemas_community import (
    AanplakkerCreate,
    AanplakkerList,
    AanplakkerListQuery,
    AanplakkerOut,
    ContributionCreate,
    ContributionOut,
    OogstIn,
    PhaseIn,
)
from kenme.api.serializers import author_out, iso
from kenme.extensions import db
from kenme.models import Post, PostType, User
from kenme.services import aanplakker as service
from kenme.services import threads
from kenme.services.aanplakker.board import ContributionView, ThreadView
from kenme.services.aanplakker.rules import thread_url

ops = Operations("aanplakker")


def contribution_out(view: ContributionView, viewer: User) -> dict:
    post, details = view.post, view.details
    return {
        "id": post.id,
        "kind": details.kind.value,
        "lens": details.lens.value if details.lens else None,
        "body_markdown": post.body_markdown,
        "body_html": post.body_html,
        "author": author_out(post, viewer),
        "anonymous": post.anonymous,
        "helpful": details.helpful,
        "created_at": iso(post.created_at),
    }


def aanplakker_out(post: Post, viewer: User, contributor_count: int) -> dict:
    details = post.aanplakker_details
    return {
        "id": post.id,
        "type": "aanplakker",
        "title": post.title,
        "situatie": details.situatie_markdown,
        "dilemma": details.dilemma_markdown,
        "geprobeerd": details.geprobeerd_markdown,
        "meedenkvraag": details.meedenkvraag_markdown,
        "topics": [t.slug for t in post.topics],
        "author": author_out(post, viewer),
        "phase": details.phase.value,
        "ends_on": details.ends_on.isoformat(),
        "contributor_count": contributor_count,
        "oogst": None,
        "url": thread_url(post.id),
        "created_at": iso(post.created_at),
    }


def thread_out(view: ThreadView, viewer: User) -> dict:
    data = aanplakker_out(view.post, viewer, view.contributor_count)
    data["contributions"] = [contribution_out(c, viewer) for c in view.contributions]
    if view.details.has_oogst:
        data["oogst"] = {
            "body": view.details.oogst_markdown,
            "helpful_contribution_ids": [c.post.id for c in view.helpful],
        }
    return data


def _thread_response(viewer: User, post_id: int) -> dict:
    return thread_out(service.thread_view(db.session, viewer, post_id), viewer)


def _aanplakker(viewer: User, post_id: int) -> Post:
    return threads.get_post(db.session, viewer, post_id, PostType.AANPLAKKER)


@ops.get("/aanplakkers", "listAanplakkers", ok=AanplakkerList)
def list_aanplakkers(query: AanplakkerListQuery):
    """Het prikbord: open Aanplakkers op resterende tijd, of gesloten, nieuwste eerst."""
    viewer = api_user()
    view = service.board(db.session, page=query.page)
    if query.state == "open":
        cards, page, per_page, total = view.open, 1, max(1, len(view.open)), len(view.open)
    else:
        closed = view.closed
        cards, page, per_page, total = closed.items, closed.page, closed.per_page, closed.total
    return {
        "items": [aanplakker_out(c.post, viewer, c.contributor_count) for c in cards],
        "page": page,
        "per_page": per_page,
        "total": total,
    }


@ops.post("/aanplakkers", "createAanplakker", ok=AanplakkerOut, status=201, errors=(403, 422))
def create_aanplakker(json: AanplakkerCreate):
    """Start een Aanplakker (fase verhelderen) en vraag collega's om mee te denken."""
    viewer = api_user()
    post = service.start_aanplakker(db.session, viewer, **json.service_args(topics="topic_slugs"))
    db.session.commit()
    return _thread_response(viewer, post.id), 201


@ops.get(f"/aanplakkers/<{ID}:post_id>", "getAanplakker", ok=AanplakkerOut, errors=(404,))
def get_aanplakker(post_id: int):
    """Eén Aanplakker met bijdragen en, als die er is, de oogst."""
    viewer = api_user()
    return _thread_response(viewer, post_id)


@ops.post(
    f"/aanplakkers/<{ID}:post_id>/contributions",
    "createContribution",
    ok=ContributionOut,
    status=201,
    errors=(403, 404, 409, 422),
)
def create_contribution(post_id: int, json: ContributionCreate):
    """Draag bij: een vraag in fase verhelderen; perspectief, ervaring of advies daarna.

    Een bijdrage die de fase niet toelaat geeft 409.
    """
    viewer = api_user()
    aanplakker = _aanplakker(viewer, post_id)
    contribution = service.contribute(db.session, viewer, aanplakker, **json.service_args())
    db.session.commit()
    return contribution_out(ContributionView(contribution), viewer), 201


@ops.post(
    f"/aanplakkers/<{ID}:post_id>/phase",
    "advanceAanplakkerPhase",
    ok=AanplakkerOut,
    errors=(403, 404, 409),
)
def advance_phase(post_id: int, json: PhaseIn):
    """Zet de Aanplakker een fase verder (schrijver of moderator); alleen vooruit."""
    viewer = api_user()
    service.advance_phase(db.session, viewer, _aanplakker(viewer, post_id), json.phase)
    db.session.commit()
    return _thread_response(viewer, post_id)


@ops.post(
    f"/aanplakkers/<{ID}:post_id>/oogst",
    "writeOogst",
    ok=AanplakkerOut,
    errors=(403, 404, 409, 422),
)
def write_oogst(post_id: int, json: OogstIn):
    """Schrijf de oogst en markeer wat hielp (schrijver); de Aanplakker wordt gesloten."""
    viewer = api_user()
    args = json.service_args(helpful_contribution_ids="helpful_ids")
    service.write_oogst(db.session, viewer, _aanplakker(viewer, post_id), **args)
    db.session.commit()
    return _thread_response(viewer, post_id)
