"""Whole question pages for plain members, served after one small query (docs/decisions/0011).

The rendered-thread cache (thread_cache.py) spares a view the thread's templates, but the
rest of a view still costs the member's ORM load, the question, its topics, the people
shown, the related questions and the layout. This cache keeps the whole page, keyed by the
site generation (kenme/generation.py): every transaction that writes anything bumps it, so
a page kept under generation N is exactly what a fresh render would give while it is N.

A view tries the cache before the closed-community gate, with one statement that reads the
member's row and the generation together:

- only a GET of ``/vragen/<id>`` without a query string, by a logged-in session that
  Flask-Login would accept as it is (same login version, same client identifier), with no
  flash messages waiting, and only for a plain member whom ``refusal_reason`` lets in;
- members share a page when it would be the same for them: the key holds the question, the
  generation, today's date, the mount point, the viewer's own votes in the thread (one more
  small query) and the viewer's id only if they wrote or endorsed something in it, as the
  thread cache does;
- the viewer's CSRF token, name and profile link are placeholders in the kept page, filled
  in for every response.

On a miss the page is rendered as always and kept. The member's row read by the first
statement is put into the ORM session, so Flask-Login loads nobody again and a miss costs no
query more than before.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app, g, request, session, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import escape
from sqlalchemy import bindparam, select
from sqlalchemy.orm import make_transient_to_detached

from kenme.extensions import db, login_manager
from kenme.models import Role, SiteState, User, Vote
from kenme.services.accounts import refusal_reason
from kenme.web.questions.thread_cache import (
    CSRF_PLACEHOLDER,
    Outline,
    ThreadCache,
    csrf_placeholder,
    seen,
)
from kenme.web.templating import AMSTERDAM

DEFAULT_SIZE_MB = 32
EXTENSION = "kenme_page_cache"
NAME_PLACEHOLDER = f"kenme-name-{secrets.token_hex(16)}"
PROFILE_PLACEHOLDER = f"/kenme-profile-{secrets.token_hex(16)}"
SLOT = "kenme_page_slot"  # on g: where this request's freshly rendered page is to be kept
RENDERING = "kenme_page_rendering"  # on g while the page to keep is rendered
ENDPOINT = "questions.show"

_SITE = SiteState.id == 1
_MEMBER = select(
    *User.__table__.columns,
    select(SiteState.epoch).where(_SITE).scalar_subquery().label("site_epoch"),
    select(SiteState.generation).where(_SITE).scalar_subquery().label("site_generation"),
).where(User.id == bindparam("user_id"))
_VOTES = (
    select(Vote.post_id, Vote.value)
    .where(
        Vote.user_id == bindparam("user_id"),
        Vote.post_id.in_(bindparam("post_ids", expanding=True)),
        Vote.value != 0,
    )
    .order_by(Vote.post_id)
)


@dataclass(frozen=True)
class Slot:
    """What a request knows of its page's key before the page is rendered."""

    base: tuple  # question id, (epoch, generation), today, mount point
    votes: tuple | None  # the viewer's votes in the thread, when the outline was known


def init_page_cache(app: Flask) -> None:
    """Give the app its cache (``PAGE_CACHE_MB``; 0 turns it off) and the layout its helpers."""
    app.jinja_env.globals.update(my_name=my_name, my_profile_url=my_profile_url)
    size_mb = float(app.config.get("PAGE_CACHE_MB", DEFAULT_SIZE_MB))
    app.extensions[EXTENSION] = ThreadCache(int(size_mb * 1024 * 1024)) if size_mb > 0 else None


def _cache() -> ThreadCache | None:
    return current_app.extensions.get(EXTENSION)


def serve_cached_page():
    """Answer a plain member's question page from the cache, or note how to keep it.

    A before-request hook that runs ahead of the gate; None lets the request go on as usual.
    """
    if request.endpoint != ENDPOINT or request.method != "GET" or request.query_string:
        return None
    cache = _cache()
    login = session.get("_user_id")
    if cache is None or not login or "_flashes" in session:
        return None
    if session.get("_id") != login_manager._session_identifier_generator():
        return None  # Flask-Login would mark this session as not fresh: let it
    user_id, _, version = login.partition(":")
    if not user_id.isdigit():
        return None
    with db.engine.connect() as connection:
        row = connection.execute(_MEMBER, {"user_id": int(user_id)}).first()
        if row is None:
            return None
        viewer = User(**{column.key: row._mapping[column] for column in User.__table__.columns})
        if (
            row.site_generation is None
            or str(viewer.session_version) != version
            or viewer.role != Role.MEMBER
            or refusal_reason(viewer) is not None
        ):
            _hand_over(viewer)
            return None
        base = (
            request.view_args["question_id"],
            (row.site_epoch, row.site_generation),
            datetime.now(AMSTERDAM).date(),
            request.script_root,  # the mount point is in every link of the page
        )
        outline = cache.get((*base, "outline"))
        votes = None if outline is None else _votes(connection, viewer.id, outline.post_ids)
    page = None if outline is None else cache.get(_key(base, outline, viewer.id, votes))
    if page is None:
        cache.misses += 1
        _hand_over(viewer)
        g.setdefault(SLOT, Slot(base, votes))
        return None
    cache.hits += 1
    return current_app.response_class(_personal(page, viewer), mimetype="text/html")


def _hand_over(viewer: User) -> None:
    """Give the ORM session the member just read, so that Flask-Login reads them no more.

    ``merge(load=False)`` takes the values as loaded state (also into an instance the session
    holds already, expired by a commit) and emits no SQL. The session holds loaded instances
    weakly: ``g`` keeps this one until Flask-Login has found it.
    """
    make_transient_to_detached(viewer)
    g.kenme_member = db.session.merge(viewer, load=False)


def _votes(connection, user_id: int, post_ids: tuple[int, ...]) -> tuple:
    rows = connection.execute(_VOTES, {"user_id": user_id, "post_ids": list(post_ids)})
    return tuple((post_id, value) for post_id, value in rows)


def _key(base: tuple, outline: Outline, viewer_id: int, votes: tuple) -> tuple:
    return (*base, viewer_id if viewer_id in outline.writers else None, votes)


def slot() -> Slot | None:
    """This request's place in the cache, if its page is to be rendered and kept."""
    return g.get(SLOT)


@contextmanager
def rendering() -> Iterator[None]:
    """Render the page to keep: the viewer's token, name and profile link as placeholders."""
    g.kenme_page_rendering = True
    try:
        with csrf_placeholder():
            yield
    finally:
        g.pop(RENDERING, None)


def keep(found: Slot, html: str) -> str:
    """Keep a page rendered under ``rendering()``; return it as the current member sees it."""
    outline, votes = seen()
    cache = _cache()
    if cache is not None and outline is not None:
        cache.put((*found.base, "outline"), outline)
        cache.put(_key(found.base, outline, current_user.id, votes), html)
    return _personal(html, current_user)


def _personal(html: str, viewer: User) -> str:
    profile = url_for("users.profile", user_id=viewer.id)
    return (
        html.replace(CSRF_PLACEHOLDER, generate_csrf())
        .replace(NAME_PLACEHOLDER, str(escape(viewer.display_name)))
        .replace(PROFILE_PLACEHOLDER, profile)
    )


def my_name() -> str:
    """The current member's name in the layout (a placeholder in a page that will be kept)."""
    return NAME_PLACEHOLDER if g.get(RENDERING) else current_user.display_name


def my_profile_url() -> str:
    """The current member's profile link in the layout (idem)."""
    if g.get(RENDERING):
        return PROFILE_PLACEHOLDER
    return url_for("users.profile", user_id=current_user.id)
