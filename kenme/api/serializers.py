"""Turn models and service views into the API's JSON objects (shapes in schemas.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.models import Comment, Post, Revision, Topic, User, Vote
from kenme.services.authorship import author_label, member_label
from kenme.services.threads import AnswerView, QuestionView

HIDDEN_LABELS = frozenset({"Anoniem lid", "verwijderd lid"})


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with timezone (our datetimes are always aware UTC)."""
    return value.isoformat() if value is not None else None


def question_url(question_id: int) -> str:
    return f"/vragen/{question_id}"


def user_out(user: User) -> dict:
    """The full User object, or only the name when the member deleted their account."""
    if user.deleted_at is not None:
        return {"display_name": "verwijderd lid"}
    return {
        "id": user.id,
        "display_name": user.display_name,
        "organisation": user.organisation,
        "function": user.function,
        "role": user.role.value,
        "reputation": user.reputation,
    }


def author_out(item: Post | Comment | Revision, viewer: User | None) -> dict:
    """The author as this viewer may see them (anonymous posts, deleted members)."""
    label = author_label(item, viewer)
    if label != item.author.display_name or label in HIDDEN_LABELS:
        return {"display_name": label}
    return user_out(item.author)


def member_out(user: User | None, post: Post, viewer: User | None) -> dict | None:
    """A member who acted on a post (edited, suggested, approved), as the viewer may see them."""
    if user is None:
        return None
    label = member_label(user, post, viewer)
    if label != user.display_name or label in HIDDEN_LABELS:
        return {"display_name": label}
    return user_out(user)


def revision_author_out(post: Post, revision: Revision, viewer: User | None) -> dict:
    """A revision by the post's (or thread's) anonymous author is as anonymous as the post."""
    return member_out(revision.author, post, viewer) or {}


def comment_out(comment: Comment, viewer: User | None) -> dict:
    return {
        "id": comment.id,
        "post_id": comment.post_id,
        "body": comment.body,
        "author": author_out(comment, viewer),
        "anonymous": comment.anonymous,
        "created_at": iso(comment.created_at),
    }


def answer_out(view: AnswerView, viewer: User | None) -> dict:
    answer = view.answer
    return {
        "id": answer.id,
        "type": "answer",
        "question_id": answer.parent_id,
        "body_markdown": answer.body_markdown,
        "body_html": answer.body_html,
        "author": author_out(answer, viewer),
        "anonymous": answer.anonymous,
        "score": answer.score,
        "my_vote": view.my_vote,
        "accepted": view.accepted,
        "endorsed_by": [user_out(e.user) for e in view.endorsements],
        "featured": answer.featured,
        "created_at": iso(answer.created_at),
        "comments": [comment_out(c, viewer) for c in view.comments],
        "outdated": _outdated(answer),
        "current_as_of": answer.current_as_of.isoformat() if answer.current_as_of else None,
    }


def _outdated(answer: Post) -> dict | None:
    """The answer's "mogelijk verouderd" notice; the thread's law changes read once."""
    from flask import g

    from kenme.extensions import db
    from kenme.services import kennisbank, outdated

    thread = answer.question
    cache = g.setdefault("kenme_api_law_changes", {})
    if thread.id not in cache:
        cache[thread.id] = kennisbank.law_changes_for(db.session, [t.id for t in thread.topics])
    found = outdated.for_answer(db.session, answer, cache[thread.id])
    return found.to_dict() if found is not None else None


def question_out(question: Post, viewer: User | None, my_vote: int = 0) -> dict:
    """A question without its answers and comments (lists)."""
    return {
        "id": question.id,
        "type": "question",
        "title": question.title,
        "body_markdown": question.body_markdown,
        "body_html": question.body_html,
        "topics": [t.slug for t in question.topics],
        "author": author_out(question, viewer),
        "anonymous": question.anonymous,
        "score": question.score,
        "my_vote": my_vote,
        "answer_count": question.answer_count,
        "accepted_answer_id": question.accepted_answer_id,
        "status": question.status.value,
        "closed_reason": question.closed_reason.value if question.closed_reason else None,
        "duplicate_of": question.duplicate_of_id,
        "locked": question.locked,
        "case_archived_at": iso(question.case_archived_at),
        "created_at": iso(question.created_at),
        "last_activity_at": iso(question.last_activity_at),
        "url": question_url(question.id),
    }


def question_detail_out(view: QuestionView, viewer: User | None) -> dict:
    """A question with its answers and comments (the single-question endpoint)."""
    data = question_out(view.question, viewer, view.my_vote)
    data["answers"] = [answer_out(a, viewer) for a in view.answers]
    data["comments"] = [comment_out(c, viewer) for c in view.comments]
    return data


def my_votes(session: Session, viewer: User, post_ids: list[int]) -> dict[int, int]:
    """The viewer's votes on these posts, in one query."""
    if not post_ids:
        return {}
    return dict(
        session.execute(
            select(Vote.post_id, Vote.value).where(
                Vote.user_id == viewer.id, Vote.post_id.in_(post_ids)
            )
        ).all()
    )


def topic_out(topic: Topic) -> dict:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "description": topic.description,
        "question_count": topic.question_count,
    }


def revision_out(post: Post, revision: Revision, viewer: User | None) -> dict:
    return {
        "number": revision.number,
        "title": revision.title,
        "body_markdown": revision.body_markdown,
        "author": revision_author_out(post, revision, viewer),
        "approved_by": member_out(revision.approved_by, post, viewer),
        "created_at": iso(revision.created_at),
        "edit_summary": revision.edit_summary,
    }
