"""Rendered question threads, cached per worker process, keyed so that no change is missed.

A thread (the question, its answers and their comments) is most of the question page's cost:
about 10 answers and 30 comments through the post macros. What it looks like to a plain
member depends on exactly these things, and the cache key or the check on a hit covers each:

- the thread's own rows: every write path reports a change through ``record_change``, which
  bumps ``posts.thread_version`` in the changing transaction (all workers see it);
- its topics (names and slugs in the chips) and their law changes, plus today's date (a law
  change comes into force on a date): loaded on every view anyway, part of the key; so is the
  mount point (SCRIPT_NAME), which is in every link and form action;
- the people shown: name, organisation and whether their account was deleted, re-read on
  every hit (one query) and compared with what the entry was rendered with; their reputation
  is a slot filled in from that read (slots.py, decision 0030);
- the viewer: their own votes in the thread are slots (slots.py), and whether they wrote or
  endorsed anything in it (their own posts get edit links and no vote buttons, the asker gets
  accept buttons, an author sees their hidden answer) is in the key. Such "writers" get
  entries of their own; every other member shares one.

Moderators, thema-specialists and beheerders see controls that depend on open flags and on
their topics, so their pages are always rendered fresh; so are forms that come back with an
error or a preview. The CSRF token is the viewer's own: the thread is rendered with a random
placeholder that every response replaces with the real token.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from cachetools import LRUCache
from flask import Flask, current_app, g, render_template, request
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.models import LawChange, Post, Role, User, Vote
from kenme.services.threads import QuestionView
from kenme.web import cache_stats
from kenme.web.questions import slots
from kenme.web.templating import AMSTERDAM

DEFAULT_SIZE_MB = 32
CSRF_PLACEHOLDER = f"kenme-csrf-{secrets.token_hex(16)}"  # unguessable: user text can't hold it
EXTENSION = "kenme_thread_cache"
SEEN = "kenme_thread_seen"  # on g: (outline, viewer's votes, people shown) of the thread shown

Shown = tuple[tuple[int, str, str, int, datetime | None], ...]


@dataclass(frozen=True)
class Outline:
    """Who is who in one version of a thread: enough to find a viewer's entry."""

    writers: frozenset[int]
    post_ids: tuple[int, ...]


@dataclass(frozen=True)
class Rendered:
    """One rendered thread and the people it was rendered with."""

    html: str
    shown: Shown  # (id, name, organisation, reputation, deleted_at), by id


class ThreadCache:
    """A size-bounded LRU of rendered threads, safe for threaded servers."""

    def __init__(self, max_bytes: int):
        self._entries: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=_size)
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple):
        with self._lock:
            return self._entries.get(key)

    def put(self, key: tuple, entry: Outline | Rendered) -> None:
        with self._lock:
            if _size(entry) <= self._entries.maxsize:
                self._entries[key] = entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


def _size(entry) -> int:
    if isinstance(entry, Outline):
        return 256 + 32 * (len(entry.writers) + len(entry.post_ids))
    if isinstance(entry, Rendered):
        return 256 + len(entry.html) + 96 * len(entry.shown)
    return 256 + entry.size  # a whole page (page_cache.Page)


def init_thread_cache(app: Flask) -> None:
    """Give the app its cache (``THREAD_CACHE_MB``; 0 turns caching off)."""
    slots.init_slots(app)
    size_mb = float(app.config.get("THREAD_CACHE_MB", DEFAULT_SIZE_MB))
    app.extensions[EXTENSION] = ThreadCache(int(size_mb * 1024 * 1024)) if size_mb > 0 else None


def _cache() -> ThreadCache | None:
    return current_app.extensions.get(EXTENSION)


def cacheable_for(viewer: User | None) -> bool:
    """Plain members (and only they) share rendered threads."""
    return viewer is not None and viewer.role == Role.MEMBER and _cache() is not None


def base_key(question: Post, law_changes: list[LawChange]) -> tuple:
    """What every member's version of this thread depends on, apart from the viewer: also
    the mount point, which is in every link and form action of the thread."""
    today = datetime.now(AMSTERDAM).date()
    return (
        question.id,
        question.thread_version,
        tuple((t.id, t.slug, t.name) for t in question.topics),
        tuple((c.id, c.topic_id, c.effective_on, c.note) for c in law_changes),
        today,
        request.script_root,
    )


def _viewer_key(base: tuple, outline: Outline, viewer: User) -> tuple:
    """Writers get entries of their own; other members share one (votes are slots)."""
    return (*base, viewer.id if viewer.id in outline.writers else None)


def _fixed(shown: Shown) -> tuple:
    """The people shown without their reputation, which is a slot (slots.py)."""
    return tuple((i, name, organisation, deleted) for i, name, organisation, _, deleted in shown)


def _shown_now(session: Session, ids: list[int]) -> Shown:
    rows = session.execute(
        select(User.id, User.display_name, User.organisation, User.reputation, User.deleted_at)
        .where(User.id.in_(ids))
        .order_by(User.id)
    ).all()
    return tuple(tuple(row) for row in rows)


def _my_votes(session: Session, viewer: User, post_ids: tuple[int, ...]) -> tuple:
    rows = session.execute(
        select(Vote.post_id, Vote.value)
        .where(Vote.user_id == viewer.id, Vote.post_id.in_(post_ids), Vote.value != 0)
        .order_by(Vote.post_id)
    )
    return tuple((post_id, value) for post_id, value in rows)


def lookup(
    session: Session,
    viewer: User,
    question: Post,
    law_changes: list[LawChange],
    votes: tuple | None = None,
) -> Markup | None:
    """The viewer's thread from the cache (two small queries), or None on a miss.

    ``votes``: the viewer's votes in the thread, when the caller has read them already.
    """
    cache = _cache()
    base = base_key(question, law_changes)
    outline = cache.get((*base, "outline"))
    entry = cache.get(_viewer_key(base, outline, viewer)) if outline is not None else None
    shown = _shown_now(session, [row[0] for row in entry.shown]) if entry is not None else None
    if entry is None or _fixed(shown) != _fixed(entry.shown):
        cache.misses += 1
        cache_stats.count_here("thread", "miss")
        return None
    cache.hits += 1
    cache_stats.count_here("thread", "hit")
    if votes is None:
        votes = _my_votes(session, viewer, outline.post_ids)
    g.setdefault(SEEN, (outline, votes, shown))
    return _for_viewer(entry.html, votes, shown)


def render(
    view: QuestionView, viewer: User | None, law_changes: list[LawChange], *, keep: bool, **context
):
    """Render the thread part of the question page; with ``keep``, also cache it."""
    if not keep:
        return Markup(render_template("questions/_thread.html", view=view, **context))  # noqa: S704 (autoescaped template output)
    with csrf_placeholder(), slots.sharing():
        html = render_template("questions/_thread.html", view=view, **context)
    base = base_key(view.question, law_changes)
    outline = Outline(
        writers=view.writers,
        post_ids=tuple(sorted([view.question.id] + [a.answer.id for a in view.answers])),
    )
    votes = _votes_of(view)
    shown = _shown_from(view)
    cache = _cache()
    cache.put((*base, "outline"), outline)
    cache.put(_viewer_key(base, outline, viewer), Rendered(html, shown))
    g.setdefault(SEEN, (outline, votes, shown))
    return _for_viewer(html, votes, shown)


def seen() -> tuple[Outline, tuple, Shown] | tuple[None, None, None]:
    """The outline, the viewer's votes and the people of the thread this request showed."""
    return g.get(SEEN, (None, None, None))


@contextmanager
def csrf_placeholder() -> Iterator[None]:
    """Render with the placeholder as the CSRF token; ``_with_token`` puts the real one in."""
    had_token = "csrf_token" in g
    real_token = g.pop("csrf_token", None)
    g.csrf_token = CSRF_PLACEHOLDER
    try:
        yield
    finally:
        g.pop("csrf_token", None)
        if had_token:
            g.csrf_token = real_token


def _votes_of(view: QuestionView) -> tuple:
    votes = {view.question.id: view.my_vote}
    votes.update({a.answer.id: a.my_vote for a in view.answers})
    return tuple(sorted((post_id, value) for post_id, value in votes.items() if value))


def _shown_from(view: QuestionView) -> Shown:
    people = {view.question.author}
    for item in view.answers:
        people.add(item.answer.author)
        people.update(c.author for c in item.comments)
        people.update(e.user for e in item.endorsements)
    people.update(c.author for c in view.comments)
    if view.closed_by is not None:
        people.add(view.closed_by)
    people.update(view.closed_voters)
    return tuple(
        sorted((u.id, u.display_name, u.organisation, u.reputation, u.deleted_at) for u in people)
    )


def _for_viewer(html: str, votes: tuple, shown: Shown) -> Markup:
    """The kept thread for this response: as it is inside a page that is being rendered to be
    kept (page_cache fills it in), else with the viewer's votes, live reputations and token."""
    if slots.on():
        return Markup(html)  # noqa: S704 (autoescaped template output)
    viewer = slots.Viewer(votes=dict(votes), reputations={row[0]: row[3] for row in shown})
    return Markup(slots.resolve(html, viewer).replace(CSRF_PLACEHOLDER, generate_csrf()))  # noqa: S704 (autoescaped template output)
