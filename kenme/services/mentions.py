"""Resolving @mentions to members, and rendering text with mentions linked to profiles.

``kenme.mentions.mention_candidates`` finds every possible reading of every ``@``; here one
query looks up all their names (``users.name_key``) among the members who belong to the
community (verified, approved, not deleted; suspended members still have their name), and
each ``@`` keeps its longest reading that names a member. A name that several members
share is a mention (``user_id`` None) but links nobody and notifies nobody. Anything else
is plain text. The privacy gate uses ``resolve`` too: a mention of a member is never a
finding (issue #17).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.mentions import mention_candidates, name_key
from kenme.models import User
from kenme.rendering import render_comment, render_markdown

MAX_LOOKUP = 500  # distinct names per text looked up at most (a text full of "@" words)


@dataclass(frozen=True)
class Mention:
    """A mention of a member: where it is, the name as written, and who (None: ambiguous)."""

    start: int
    end: int
    name: str
    user_id: int | None

    @property
    def key(self) -> str:
        return name_key(self.name)


def members_named(session: Session, keys: Iterable[str]) -> dict[str, list[int]]:
    """The ids of community members per name key, for the given keys."""
    wanted = sorted({key for key in keys if key})[:MAX_LOOKUP]
    found: dict[str, list[int]] = defaultdict(list)
    if not wanted:
        return found
    rows = session.execute(
        select(User.name_key, User.id)
        .where(
            User.name_key.in_(wanted),
            User.deleted_at.is_(None),
            User.email_verified_at.is_not(None),
            User.approved_at.is_not(None),
        )
        .order_by(User.id)
    )
    for key, user_id in rows:
        found[key].append(user_id)
    return found


def resolve(session: Session, text: str) -> list[Mention]:
    """The mentions of members in ``text``, by position, never overlapping; one query."""
    candidates = mention_candidates(text or "")
    if not candidates:
        return []
    members = members_named(session, (name_key(name) for _s, _e, name in candidates))
    mentions: list[Mention] = []
    taken_until = -1
    for start, end, name in candidates:  # by start, longest reading first
        if start < taken_until or (mentions and mentions[-1].start == start):
            continue
        ids = members.get(name_key(name))
        if ids:
            mentions.append(Mention(start, end, name, ids[0] if len(ids) == 1 else None))
            taken_until = end
    return mentions


def mentioned_ids(mentions: Iterable[Mention]) -> set[int]:
    """The members these mentions name unambiguously."""
    return {m.user_id for m in mentions if m.user_id is not None}


def profile_links(mentions: Iterable[Mention]) -> dict[str, str]:
    """Name key -> profile path, for the renderers (only unambiguous mentions link)."""
    return {m.key: f"/leden/{m.user_id}" for m in mentions if m.user_id is not None}


def render_post(session: Session, text: str) -> tuple[str, list[Mention]]:
    """Markdown to safe HTML with mentions of members linked; and the mentions found."""
    mentions = resolve(session, text)
    return render_markdown(text, mentions=profile_links(mentions)), mentions


def render_comment_text(session: Session, text: str) -> tuple[str, list[Mention]]:
    """A plain-text comment to safe HTML with mentions of members linked; and the mentions."""
    mentions = resolve(session, text)
    return render_comment(text, mentions=profile_links(mentions)), mentions


def suggest(session: Session, prefix: str, limit: int = 8) -> list[User]:
    """Members whose name starts with ``prefix``, for the type-ahead, in name order."""
    key = name_key(prefix)
    if len(key) < 2:
        return []
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return list(
        session.scalars(
            select(User)
            .where(
                User.name_key.like(escaped + "%", escape="\\"),
                User.deleted_at.is_(None),
                User.email_verified_at.is_not(None),
                User.approved_at.is_not(None),
            )
            .order_by(User.name_key, User.id)
            .limit(max(1, min(limit, 20)))
        )
    )
