"""What the per-post moderation macros ask while rendering any page (template globals).

The macros in templates/moderation/_controls.html take only a post or comment, so other
pages (question, topic, aanplakker) can call them without passing extra data.
"""

from __future__ import annotations

from datetime import date

from flask import Blueprint, g, request
from sqlalchemy import func, select

from kenme import dutch, permissions
from kenme.extensions import db
from kenme.models import Comment, Endorsement, Flag, FlagStatus, Post, PostType, Visibility
from kenme.services import flags, kennisbank
from kenme.services.audit import comment_path, post_path
from kenme.services.moderation import ACTION_LABELS
from kenme.web.templating import viewer

HIDDEN_LABELS = {
    "flag_persoonsgegevens": "na een melding over persoonsgegevens, tot een moderator beslist",
    "flags": "na meldingen van meerdere leden, tot een moderator beslist",
    "moderator": "door een moderator",
}
TYPE_LABELS = {
    PostType.QUESTION: "Vraag",
    PostType.ANSWER: "Antwoord",
    PostType.AANPLAKKER: "Aanplakker",
    PostType.CONTRIBUTION: "Bijdrage",
}


_viewer = viewer


def may(action: str, target=None) -> bool:
    """Whether the current member may do this action (to this target).

    An action whose rule ignores the target is decided once per request: a page asks it for
    every post and comment it shows (kenme/permissions.py: ``ignores_target``).
    """
    viewer = _viewer()
    if not permissions.ignores_target(action):
        return permissions.allowed(viewer, action, target)
    memo = g.setdefault("kenme_may", {})
    key = (viewer.id if viewer is not None else None, action)
    if key not in memo:
        memo[key] = permissions.allowed(viewer, action)
    return memo[key]


def open_flags_on(target: Post | Comment) -> int:
    """Open flags on a post or comment (moderators only; 0 for everyone else)."""
    if not may("view_moderation"):
        return 0
    column = Flag.comment_id if isinstance(target, Comment) else Flag.post_id
    return (
        db.session.scalar(
            select(func.count(Flag.id)).where(column == target.id, Flag.status == FlagStatus.OPEN)
        )
        or 0
    )


def queue_size() -> int:
    """Posts and comments waiting in the moderation queue (for the navigation)."""
    if not may("view_moderation"):
        return 0
    if "kenme_queue_size" not in g:
        g.kenme_queue_size = flags.open_target_count(db.session)
    return g.kenme_queue_size


def outdated_notice_for(answer: Post):
    """The law change that makes this answer possibly outdated, or None."""
    if answer.type != PostType.ANSWER:
        return None
    thread = answer.question
    cache = g.setdefault("kenme_law_changes", {})
    if thread.id not in cache:
        cache[thread.id] = kennisbank.law_changes_for(db.session, [t.id for t in thread.topics])
    return kennisbank.outdated_notice(answer, cache[thread.id])


def _thread_endorsements(answer: Post) -> dict[int, list]:
    """Endorsements of every answer in the thread, loaded once per request (no N+1)."""
    cache = g.setdefault("kenme_thread_endorsements", {})
    thread_id = answer.parent_id or answer.id
    if thread_id not in cache:
        by_answer: dict[int, list] = {}
        for endorsement in db.session.scalars(
            select(Endorsement)
            .join(Post, Post.id == Endorsement.post_id)
            .where(Post.parent_id == thread_id)
            .order_by(Endorsement.created_at, Endorsement.id)
        ):
            by_answer.setdefault(endorsement.post_id, []).append(endorsement)
        cache[thread_id] = by_answer
    return cache[thread_id]


def endorsements_of(answer: Post) -> list:
    """The endorsements of an answer, oldest first."""
    if not answer.endorsement_count:
        return []
    return _thread_endorsements(answer).get(answer.id, [])


def endorsed_by_me(answer: Post) -> bool:
    """Whether the current member endorsed this answer."""
    viewer = _viewer()
    if viewer is None or not answer.endorsement_count:
        return False
    return any(e.user_id == viewer.id for e in endorsements_of(answer))


def hidden_label(target: Post | Comment) -> str:
    """Why a post or comment is not shown to members (empty when it is visible)."""
    if target.visibility == Visibility.DELETED:
        return "Verwijderd: alleen moderators zien dit nog."
    if target.visibility == Visibility.HIDDEN:
        why = HIDDEN_LABELS.get(target.hidden_reason, "door een moderator")
        return f"Verborgen voor leden {why}. Alleen de schrijver en moderators zien dit."
    return ""


def target_url(target: Post | Comment) -> str:
    """Where a post or comment is shown."""
    return comment_path(target) if isinstance(target, Comment) else post_path(target)


def type_label(target: Post | Comment) -> str:
    """Name the kind of a post or comment in Dutch."""
    return "Reactie" if isinstance(target, Comment) else TYPE_LABELS[target.type]


def target_key(target: Post | Comment) -> str:
    """A short unique id fragment for form fields: p12 for a post, c5 for a comment."""
    return f"{'c' if isinstance(target, Comment) else 'p'}{target.id}"


def here() -> str:
    """The current page, to come back to after a one-click action."""
    return request.full_path.rstrip("?")


def kennisbank_for(topic):
    """The curated Kennisbank view of a topic (for the topic page)."""
    return kennisbank.page_view(db.session, _viewer(), topic)


def dutch_day(value: date | None) -> str:
    """Format a calendar date as '1 januari 2023'."""
    return "" if value is None else dutch.dutch_day(value)


def register(bp: Blueprint) -> None:
    """Make the helpers available in every template once the blueprint is registered."""
    for helper in (
        may,
        open_flags_on,
        queue_size,
        outdated_notice_for,
        endorsements_of,
        endorsed_by_me,
        hidden_label,
        target_url,
        type_label,
        target_key,
        here,
        kennisbank_for,
    ):
        bp.add_app_template_global(helper)
    bp.add_app_template_filter(dutch_day)
    bp.add_app_template_global(ACTION_LABELS, "moderation_action_labels")
    bp.add_app_template_global(flags.REASON_LABELS, "flag_reason_labels")
