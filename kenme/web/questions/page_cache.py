"""Whole question pages for plain members, kept per worker (decisions 0011, 0012 and 0016).

A rendered question page costs the member's ORM load, the question, its topics, the thread
(most of it), the people shown, the related questions and the layout. This cache keeps the
whole page.

- **Key**: the question, its ``thread_version`` as the render read it, today's date, the
  mount point, and the viewer's id only if they wrote or endorsed something in it
  (thread_cache.py). Every other plain member shares the page: their votes, what they follow
  (the sidebar's buttons) and the reputations shown are slots (slots.py, decision 0030).
- **Kept with the page**: the values it shows from outside the thread (page_rules.Depends)
  and a time after which it is not served (the related questions may lag that long).
- **Checked on a hit** by page_server.PageServer in one statement (page_rules.py): the
  version, those values and the viewer's votes. A write to another thread, or to anyone not
  shown, leaves the page kept.
- The viewer's CSRF token, name, profile link and unread count (decision 0018) are
  placeholders in the kept page, filled in for every response with the slots.

On a miss the page is rendered as always and kept, together with the page's ``Latest``
outline: the posts, people and related questions whose values the next hit reads.

A page is never served stale, but a copy of it may sit in the store's file (page_store.py),
and a purge is there to take text out of *every* file. So when a transaction that changed a
thread commits (``CHANGED_THREADS``, noted by every write path's ``bump_thread_version``),
this process forgets every page of the question, in its memory and in the store, and for a
change that may take text out (not a vote, a new answer or comment) also the pages that show
the question as related, and empties the store's write-ahead log (decision 0045).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import Flask, current_app, g, has_app_context, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape
from sqlalchemy import event
from sqlalchemy.orm import Session, make_transient_to_detached, object_session

from kenme.extensions import db
from kenme.models import LawChange, Post, User
from kenme.models.types import AMSTERDAM
from kenme.search.changes import CHANGED_THREADS
from kenme.services.threads import RELATED_TTL_SECONDS
from kenme.web.auth.logins import CHECKED, Checked
from kenme.web.notifications.badge import CACHED as UNREAD_COUNTED
from kenme.web.notifications.badge import badge_html, my_unread_count, unread_badge
from kenme.web.questions import page_rules, post_parts, slots
from kenme.web.questions.page_front import WorkerPagesLRU
from kenme.web.questions.thread_cache import (
    CSRF_PLACEHOLDER,
    Outline,
    csrf_placeholder,
    seen,
)

if TYPE_CHECKING:
    from kenme.web.questions.page_store import SharedPages

DEFAULT_SIZE_MB = 32
EXTENSION = "kenme_page_cache"
NAME_PLACEHOLDER = f"kenme-name-{secrets.token_hex(16)}"
PROFILE_PLACEHOLDER = f"kenme-profile-{secrets.token_hex(16)}"
# The viewer's unread count in the header (kenme/web/notifications/badge.py, decision 0018).
UNREAD_PLACEHOLDER = f"kenme-unread-{secrets.token_hex(16)}"
PLACEHOLDERS = (CSRF_PLACEHOLDER, NAME_PLACEHOLDER, PROFILE_PLACEHOLDER, UNREAD_PLACEHOLDER)
KEEP = "kenme_page_keep"  # on g: this request's page is to be rendered and kept
RENDERING = "kenme_page_rendering"  # on g while the page to keep is rendered
HANDOFF = "kenme.page_handoff"  # in the WSGI environ: what PageServer read, for the app
ENDPOINT = "questions.show"


@dataclass(frozen=True)
class Handoff:
    """What PageServer read for a request it left to the app."""

    viewer: User
    login: Checked  # the live login row read with the member
    keep: bool  # the page is to be rendered and kept
    unread: int | None = None  # the header's unread count, read with the member


@dataclass(frozen=True)
class Latest:
    """What a question's page was last kept with: what the next hit's statement reads."""

    base: tuple  # question id, thread version, today, mount point
    outline: Outline  # the thread's posts and writers
    people: tuple[int, ...]
    related: tuple[int, ...]

    @property
    def size(self) -> int:
        return 256 + 32 * (len(self.outline.post_ids) + len(self.people) + len(self.related))


@dataclass(frozen=True)
class Page:
    """A kept page as UTF-8 text between its slots, with what it was rendered from."""

    items: tuple[slots.Item, ...]  # text, slots (slots.py) and placeholders (PLACEHOLDERS)
    depends: page_rules.Depends | None = None
    expires: float = 0.0  # time.time() after which it is not served (by any worker)

    @classmethod
    def of(cls, html: str, depends: page_rules.Depends | None = None) -> Page:
        return cls(
            items=slots.encoded(slots.compile_(html, PLACEHOLDERS)),
            depends=depends,
            expires=time.time() + RELATED_TTL_SECONDS,
        )

    def filled(
        self,
        token: str,
        name: str,
        profile_url: str,
        unread: int = 0,
        *,
        votes: tuple = (),
        follows: tuple = (False, ()),
        reputations: dict[int, int] | None = None,
    ) -> bytes:
        """The page for one member: their CSRF token, name (escaped), profile, unread count,
        votes and follows (``FollowState.key``), and the reputations of the people shown now."""
        values = (
            token.encode(),
            str(escape(name)).encode(),
            profile_url.encode(),
            badge_html(unread).encode(),
        )
        viewer = slots.Viewer(
            votes=dict(votes),
            follows_question=follows[0],
            followed_topics=frozenset(follows[1]),
            reputations=reputations or {},
            placeholders=values,
        )
        return slots.fill(self.items, viewer, b"")

    @property
    def size(self) -> int:
        return sum(len(item) if isinstance(item, bytes) else 16 for item in self.items)


def init_page_cache(app: Flask) -> None:
    """Give the app its cache and the layout its helpers: ``PAGE_CACHE_MB`` per worker (0 turns
    the cache off) in front of ``PAGE_STORE_MB`` shared by the workers (page_store.py)."""
    from kenme.web.questions.page_server import PageServer
    from kenme.web.questions.page_store import shared_pages

    slots.init_slots(app)
    post_parts.init_post_parts(app)
    app.jinja_env.globals.update(
        my_name=my_name, my_profile_url=my_profile_url, unread_badge=unread_badge
    )
    size_mb = float(app.config.get("PAGE_CACHE_MB", DEFAULT_SIZE_MB))
    cache = shared_pages(app, WorkerPagesLRU(int(size_mb * 1024 * 1024))) if size_mb > 0 else None
    app.extensions[EXTENSION] = cache
    if cache is not None:
        app.wsgi_app = PageServer(app, cache, app.wsgi_app)


def page_key(base: tuple, outline: Outline, viewer_id: int) -> tuple:
    """Writers get pages of their own; others share one (votes and follows are slots)."""
    return (*base, viewer_id if viewer_id in outline.writers else None)


def take_over():
    """Before-request hook: take what PageServer read for this request, if anything."""
    found: Handoff | None = request.environ.pop(HANDOFF, None)
    if found is None:
        return
    _hand_over(found.viewer)
    g.setdefault(CHECKED, found.login)
    if found.unread is not None:  # the same count badge.my_unread_count would make
        g.setdefault(UNREAD_COUNTED, found.unread)
    if found.keep:
        g.setdefault(KEEP, True)


def _hand_over(viewer: User) -> None:
    """Give the ORM session the member just read, so that Flask-Login reads them no more.

    ``merge(load=False)`` takes the values as loaded state (also into an instance the session
    holds already, expired by a commit) and emits no SQL. The session holds loaded instances
    weakly: ``g`` keeps this one until Flask-Login has found it.
    """
    make_transient_to_detached(viewer)
    g.kenme_member = db.session.merge(viewer, load=False)


def keeping() -> bool:
    """Whether this request's page is to be rendered and kept (PageServer missed it)."""
    return bool(g.get(KEEP))


@contextmanager
def rendering() -> Iterator[None]:
    """Render the page to keep: the viewer's token, name and profile link as placeholders."""
    g.kenme_page_rendering = True
    try:
        with csrf_placeholder(), slots.sharing():
            yield
    finally:
        g.pop(RENDERING, None)


def keep(
    question: Post,
    law_changes: list[LawChange],
    related: Sequence[Post],
    html: str,
    follows: tuple,
) -> str:
    """Keep a page rendered under ``rendering()``; return it as the current member sees it.

    Everything the key and the checks hold comes from the objects the page was rendered
    from: the question row's version, the thread's outline and people, the topics, the law
    changes and the related questions.
    """
    outline, votes, shown = seen()
    cache: SharedPages | None = current_app.extensions.get(EXTENSION)
    depends = page_rules.depends_of(shown or (), question.topics, law_changes, related)
    page = Page.of(html, depends)
    if cache is not None and outline is not None:
        mount = request.script_root
        base = (question.id, question.thread_version, datetime.now(AMSTERDAM).date(), mount)
        people = tuple(person[0] for person in shown)
        cache.put((question.id, mount, "latest"), Latest(base, outline, people, _ids(related)))
        cache.put(page_key(base, outline, current_user.id), page)
    profile = url_for("users.profile", user_id=current_user.id)
    unread = my_unread_count()
    return page.filled(
        generate_csrf(),
        current_user.display_name,
        profile,
        unread,
        votes=votes or (),
        follows=follows,
        reputations={person[0]: person[3] for person in shown or ()},
    ).decode()


# In ``session.info``: ids of members whose name, organisation or deletion changed.
CHANGED_PEOPLE = "kenme_changed_people"


def _note_person(user: User, *_) -> None:
    """A member shown on pages is renamed, re-organised or deleted: their pages must go."""
    session = object_session(user)
    if session is not None and user.id is not None:
        session.info.setdefault(CHANGED_PEOPLE, set()).add(user.id)


for _attribute in (User.display_name, User.organisation, User.deleted_at):
    event.listen(_attribute, "set", _note_person)


@event.listens_for(Session, "after_commit")
def _forget_changed(session: Session) -> None:
    """Forget the kept pages of the threads this transaction changed (see the top), and
    those showing a member whose name, organisation or account changed (decision 0053)."""
    changed = session.info.pop(CHANGED_THREADS, None)
    people = session.info.pop(CHANGED_PEOPLE, None)
    if (changed or people) and has_app_context():
        cache: SharedPages | None = current_app.extensions.get(EXTENSION)
        if cache is not None and changed:
            cache.forget(changed)
        if cache is not None and people:
            cache.forget_people(people)


def _ids(posts: Sequence[Post]) -> tuple[int, ...]:
    return tuple(post.id for post in posts)


def is_rendering_kept_page() -> bool:
    """Whether the page being rendered will be kept for other members too."""
    return bool(g.get(RENDERING))


def my_name() -> str:
    """The current member's name in the layout (a placeholder in a page that will be kept)."""
    return NAME_PLACEHOLDER if g.get(RENDERING) else current_user.display_name


def my_profile_url() -> str:
    """The current member's profile link in the layout (idem)."""
    if g.get(RENDERING):
        return PROFILE_PLACEHOLDER
    return url_for("users.profile", user_id=current_user.id)
