"""What a kept question page depends on, and the one statement that checks it (decision 0016).

A plain member's question page shows five kinds of things, and each is checked on a hit:

1. **The thread** (question, answers, comments, votes, endorsements, lock, close, hiding):
   every write to it bumps ``posts.thread_version`` in its transaction (``record_change`` or
   ``bump_thread_version``). The page is kept under the version the render read with the
   question row. Versions only go up, so a page is served only while no write to its thread
   has been committed since.
2. **The people shown** (name, organisation, deleted or not): they change from anywhere, so
   they are compared by value. Their reputation (a vote anywhere moves it) is read by the
   same statement and filled into the page's slots (slots.py, decision 0030).
3. **The question's topics** (id, slug, name) and **their law changes** (id, topic, date,
   note), with today's date in the key (a law change comes into force on a day): by value.
4. **The related questions shown** (title, answer count, still a visible question): by value;
   which questions are related may lag ``RELATED_TTL_SECONDS`` (kenme.services.threads), so a
   kept page lives no longer than that.
5. **The viewer**: their live login row, login version, role and refusal (read with them),
   whether they wrote in the thread (the key), and their own votes in it, what they follow
   of it (the question, its topics: the sidebar's buttons), their name, profile link and
   CSRF token (slots and placeholders filled in per response).

By value means: the statement returns the current values as records, the kept page holds the
records of the very objects its templates were rendered from, and they must be equal. No
write path has to remember to invalidate anything (plain SQL included), and a write changes
only the pages that show what it wrote. Each value is written as ``length:text``, so records
can be read back without any separator that user text could contain.

Serving aside, a copy of a page must not outlive text taken out of its thread: the store's
copies of a changed thread are deleted when the change commits (page_cache._forget_changed,
decision 0045).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import String, bindparam, case, cast, func, select
from sqlalchemy.sql.elements import ColumnElement

from kenme.models import (
    Follow,
    LawChange,
    LoginSession,
    Post,
    PostType,
    Topic,
    User,
    Visibility,
    Vote,
    post_topics,
)
from kenme.services.notifications import unread_counted

Records = tuple[tuple[str, ...], ...]  # per kind: the sorted records as text


@dataclass(frozen=True)
class Depends:
    """What a kept page was rendered from, apart from the thread version and the viewer."""

    people: Records
    topics: Records
    law_changes: Records
    related: Records


def _field(column) -> ColumnElement:
    text = func.coalesce(cast(column, String), "")
    return cast(func.length(text), String) + ":" + text


def _record(*columns) -> ColumnElement:
    out = _field(columns[0])
    for column in columns[1:]:
        out = out + _field(column)
    return out


def _aggregated(record: ColumnElement, *where, joined=None):
    query = select(func.aggregate_strings(record, ""))
    if joined is not None:
        query = query.select_from(joined)
    return query.where(*where).scalar_subquery()


_QUESTION = bindparam("question_id")
_SHOWN = User.__table__.alias("shown")
_PEOPLE = _aggregated(
    _record(
        _SHOWN.c.id,
        _SHOWN.c.display_name,
        _SHOWN.c.organisation,
        _SHOWN.c.reputation,
        case((_SHOWN.c.deleted_at.is_(None), "0"), else_="1"),
    ),
    _SHOWN.c.id.in_(bindparam("people", expanding=True)),
)
_TOPICS = _aggregated(
    _record(Topic.id, Topic.slug, Topic.name),
    post_topics.c.post_id == _QUESTION,
    joined=post_topics.join(Topic, Topic.id == post_topics.c.topic_id),
)
_LAW_CHANGES = _aggregated(
    _record(LawChange.id, LawChange.topic_id, LawChange.effective_on, LawChange.note),
    post_topics.c.post_id == _QUESTION,
    joined=post_topics.join(LawChange, LawChange.topic_id == post_topics.c.topic_id),
)
_RELATED_POST = Post.__table__.alias("related")
_RELATED = _aggregated(
    _record(_RELATED_POST.c.id, _RELATED_POST.c.title, _RELATED_POST.c.answer_count),
    _RELATED_POST.c.id.in_(bindparam("related", expanding=True)),
    _RELATED_POST.c.type == PostType.QUESTION,
    _RELATED_POST.c.visibility == Visibility.VISIBLE,
)
_THREAD_VERSION = select(Post.thread_version).where(Post.id == _QUESTION).scalar_subquery()
_MY_VOTES = (  # "post:value,post:value", in one column (order not guaranteed)
    select(func.aggregate_strings(cast(Vote.post_id, String) + ":" + cast(Vote.value, String), ","))
    .where(
        Vote.user_id == bindparam("user_id"),
        Vote.post_id.in_(bindparam("post_ids", expanding=True)),
        Vote.value != 0,
    )
    .scalar_subquery()
)

# The viewer's follows shown in the sidebar: "q" for the question, else a topic's id.
_MY_FOLLOWS = (
    select(
        func.aggregate_strings(
            case((Follow.post_id.is_not(None), "q"), else_=cast(Follow.topic_id, String)), ","
        )
    )
    .where(
        Follow.user_id == bindparam("user_id"),
        (Follow.post_id == _QUESTION)
        | Follow.topic_id.in_(
            select(post_topics.c.topic_id).where(post_topics.c.post_id == _QUESTION)
        ),
    )
    .scalar_subquery()
)

_LIVE_LOGIN = (  # the login row the cookie names, if live: one look-up in a unique index
    (LoginSession.user_id == User.id)
    & (LoginSession.key_hash == bindparam("key_hash"))
    & LoginSession.ended_at.is_(None)
    & (LoginSession.expires_at > bindparam("now"))
)
# The member and their live login: when this worker has kept no page of the question yet.
MEMBER = (
    select(
        *User.__table__.columns,
        LoginSession.id.label("login_id"),
        LoginSession.last_seen_at.label("login_seen"),
        LoginSession.remember.label("login_remember"),
        unread_counted(User.id)  # the header's unread count (decision 0018)
        .correlate(User)
        .scalar_subquery()
        .label("unread"),
    )
    .select_from(User.__table__.outerjoin(LoginSession.__table__, _LIVE_LOGIN))
    .where(User.id == bindparam("user_id"))
)
# The member, the thread's version, the viewer's votes and every value the kept page shows.
MEMBER_AND_PAGE = MEMBER.add_columns(
    _THREAD_VERSION.label("thread_version"),
    _MY_VOTES.label("my_votes"),
    _MY_FOLLOWS.label("my_follows"),
    _PEOPLE.label("people"),
    _TOPICS.label("topics"),
    _LAW_CHANGES.label("law_changes"),
    _RELATED.label("related"),
)


def depends_now(row) -> tuple[Depends, dict[int, int]] | None:
    """The values read by ``MEMBER_AND_PAGE`` and the reputations of the people shown (a slot:
    slots.py); None when they cannot be read back."""
    try:
        people = _records(row.people, 5)
        depends = Depends(
            people=tuple((i, name, org, deleted) for i, name, org, _, deleted in people),
            topics=_records(row.topics, 3),
            law_changes=_records(row.law_changes, 4),
            related=_records(row.related, 3),
        )
    except ValueError:
        return None
    return depends, {int(person[0]): int(person[3]) for person in people}


def depends_of(
    shown: Iterable[tuple],
    topics: Iterable[Topic],
    law_changes: Iterable[LawChange],
    related: Iterable[Post],
) -> Depends:
    """The values a page was rendered from, as the statement gives them."""
    return Depends(
        people=_sorted(
            (i, name, org, "0" if deleted is None else "1") for i, name, org, _, deleted in shown
        ),
        topics=_sorted((t.id, t.slug, t.name) for t in topics),
        law_changes=_sorted((c.id, c.topic_id, c.effective_on, c.note) for c in law_changes),
        related=_sorted((q.id, q.title, q.answer_count) for q in related),
    )


def votes_now(text: str | None) -> tuple:
    """``my_votes`` as (post id, value) pairs by post id."""
    pairs = (item.split(":") for item in text.split(",")) if text else ()
    return tuple(sorted((int(post_id), int(value)) for post_id, value in pairs))


def follows_now(text: str | None) -> tuple[bool, tuple[int, ...]]:
    """``my_follows`` as ``FollowState.key``: (the question followed, followed topic ids)."""
    parts = text.split(",") if text else []
    return ("q" in parts, tuple(sorted(int(part) for part in parts if part != "q")))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _sorted(records: Iterable[Sequence]) -> Records:
    return tuple(sorted(tuple(_text(value) for value in record) for record in records))


# Records read back, by (text, width): the same text comes back on every hit of a page, so it
# is read once. The texts hold the names and organisations of the people shown, so a member
# renamed or deleted empties this as it empties the store (forget_decoded, decision 0066).
_DECODED: dict[tuple[str, int], Records] = {}
_DECODED_MAX = 4096  # texts; when full it starts again (no bookkeeping per hit)


def _records(text: str | None, width: int) -> Records:
    """Read back records of ``width`` values, each written as ``length:text``."""
    key = (text or "", width)
    found = _DECODED.get(key)
    if found is None:
        found = _read_records(key[0], width)
        if len(_DECODED) >= _DECODED_MAX:
            _DECODED.clear()
        _DECODED[key] = found
    return found


def forget_decoded() -> None:
    """Drop every record read back in this process (a member shown was renamed or deleted,
    or text left a thread)."""
    _DECODED.clear()


def decoded_texts() -> list[str]:
    """The texts this process keeps read back (for the tests of forgetting)."""
    return [text for text, _ in list(_DECODED)]


def _read_records(text: str, width: int) -> Records:
    out, at, end = [], 0, len(text)
    while at < end:
        record = []
        for _ in range(width):
            colon = text.index(":", at)
            length = int(text[at:colon])
            record.append(text[colon + 1 : colon + 1 + length])
            at = colon + 1 + length
        if at > end:
            raise ValueError("a record runs past the end")
        out.append(tuple(record))
    return tuple(sorted(out))
