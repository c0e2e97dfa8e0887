"""Whole question pages for plain members, served ahead of Flask (decisions 0011 and 0012).

The rendered-thread cache (thread_cache.py) spares a view the thread's templates, but the
rest of a view still costs the member's ORM load, the question, its topics, the people
shown, the related questions and the layout. This cache keeps the whole page, keyed by the
site generation (kenme/generation.py): every transaction that writes anything bumps it, so
a page kept under generation N is exactly what a fresh render would give while it is N.

``PageServer`` wraps the app's WSGI callable and answers a kept page before Flask builds a
request context, opens the session a second time, runs the hooks and the extensions, and
tears it all down. It serves a page only when Flask would have done nothing else for the
request than render it, and lets the app handle everything else:

- a GET that the app's own URL map routes to ``questions.show``, without a query string;
- a login session that Flask opens (our session interface, so its signature and age are
  checked) and would not send back: not due to be re-signed, no flash messages waiting, a
  CSRF secret in it, nothing for the remember cookie to do, and the client identifier
  Flask-Login keeps in it (else Flask-Login marks the session as not fresh);
- one statement reads the member's row, the login's row and the generation: the login
  must be live (not ended by a logout, not expired: decision 0017) and not due to have its
  "last seen" noted, the login version must match, ``refusal_reason`` must let the member
  in, and the role must be plain member;
- members share a page when it would be the same for them: the key holds the question, the
  generation, today's date, the mount point, the viewer's own votes in the thread and the
  viewer's id only if they wrote or endorsed something in it, as the thread cache does; the
  votes come with the member in the same statement (see ``PageServer._lookup``);
- the viewer's CSRF token, name and profile link are placeholders in the kept page, filled
  in for every response; the headers are the ones the app's after-request hooks and
  session interface set on the same page.

On a miss the page is rendered as always and kept. The member's row read by the first
statement goes with the request to the app, which puts it into the ORM session, so
Flask-Login loads nobody again and a miss costs no query more than before.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from hashlib import sha512

from flask import Flask, Request, current_app, g, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer
from markupsafe import escape
from sqlalchemy import Engine, String, bindparam, cast, create_engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import make_transient_to_detached
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from kenme.extensions import db
from kenme.models import LoginSession, Role, SiteState, User, Vote
from kenme.models.types import utcnow
from kenme.services import sessions
from kenme.services.accounts import refusal_reason
from kenme.web import SECURITY_HEADERS, SIGNED_IN_HEADERS
from kenme.web.auth.logins import CHECKED, Checked
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
PLACEHOLDERS = (CSRF_PLACEHOLDER, NAME_PLACEHOLDER, PROFILE_PLACEHOLDER)
_SPLIT = re.compile("(" + "|".join(re.escape(p) for p in PLACEHOLDERS) + ")")
SLOT = "kenme_page_slot"  # on g: where this request's freshly rendered page is to be kept
RENDERING = "kenme_page_rendering"  # on g while the page to keep is rendered
HANDOFF = "kenme.page_handoff"  # in the WSGI environ: what PageServer read, for the app
ENDPOINT = "questions.show"
CSRF_SALT = "wtf-csrf-token"  # Flask-WTF's salt for signed CSRF tokens
# A kept page's headers, as the app's after-request hook and session interface set them.
HEADERS = (
    ("Content-Type", "text/html; charset=utf-8"),
    *SECURITY_HEADERS,
    *SIGNED_IN_HEADERS,
    ("Vary", "Cookie"),  # what Flask adds when a view reads the session
)

_SITE = SiteState.id == 1
_LIVE_LOGIN = (  # the login row the cookie names, if live: one look-up in a unique index
    (LoginSession.user_id == User.id)
    & (LoginSession.key_hash == bindparam("key_hash"))
    & LoginSession.ended_at.is_(None)
    & (LoginSession.expires_at > bindparam("now"))
)
_MEMBER = (
    select(
        *User.__table__.columns,
        LoginSession.id.label("login_id"),
        LoginSession.last_seen_at.label("login_seen"),
        LoginSession.remember.label("login_remember"),
        select(SiteState.epoch).where(_SITE).scalar_subquery().label("site_epoch"),
        select(SiteState.generation).where(_SITE).scalar_subquery().label("site_generation"),
    )
    .select_from(User.__table__.outerjoin(LoginSession.__table__, _LIVE_LOGIN))
    .where(User.id == bindparam("user_id"))
)
_MINE_IN_THREAD = (  # the viewer's votes on the posts of a thread
    Vote.user_id == bindparam("user_id"),
    Vote.post_id.in_(bindparam("post_ids", expanding=True)),
    Vote.value != 0,
)
_MY_VOTES = (  # "post:value,post:value", in one column (order not guaranteed)
    select(func.aggregate_strings(cast(Vote.post_id, String) + ":" + cast(Vote.value, String), ","))
    .where(*_MINE_IN_THREAD)
    .scalar_subquery()
    .label("my_votes")
)
_MEMBER_AND_VOTES = _MEMBER.add_columns(_MY_VOTES)
_VOTES = select(Vote.post_id, Vote.value).where(*_MINE_IN_THREAD).order_by(Vote.post_id)


@dataclass(frozen=True)
class Slot:
    """What a request knows of its page's key before the page is rendered."""

    base: tuple  # question id, (epoch, generation), today, mount point
    votes: tuple | None  # the viewer's votes in the thread, when the outline was known


@dataclass(frozen=True)
class Handoff:
    """What PageServer read for a request it left to the app."""

    viewer: User
    login: Checked  # the live login row read with the member
    slot: Slot | None  # set when the page is to be rendered and kept


@dataclass(frozen=True)
class Latest:
    """The outline a question's page was last kept with, and under which key."""

    base: tuple
    outline: Outline

    @property
    def size(self) -> int:
        return 256 + 32 * len(self.outline.post_ids)


@dataclass(frozen=True)
class Page:
    """A kept page as UTF-8 text between its placeholders."""

    parts: tuple[bytes, ...]
    fills: tuple[int, ...]  # the placeholder after each part but the last (PLACEHOLDERS index)

    @classmethod
    def of(cls, html: str) -> Page:
        pieces = _SPLIT.split(html)
        return cls(
            parts=tuple(piece.encode() for piece in pieces[::2]),
            fills=tuple(PLACEHOLDERS.index(piece) for piece in pieces[1::2]),
        )

    def filled(self, token: str, name: str, profile_url: str) -> bytes:
        """The page for one member: their CSRF token, their name (escaped), their profile."""
        values = (token.encode(), str(escape(name)).encode(), profile_url.encode())
        out = [self.parts[0]]
        for fill, part in zip(self.fills, self.parts[1:], strict=True):
            out += (values[fill], part)
        return b"".join(out)

    @property
    def size(self) -> int:
        return sum(len(part) for part in self.parts)


def init_page_cache(app: Flask) -> None:
    """Give the app its cache (``PAGE_CACHE_MB``; 0 turns it off) and the layout its helpers."""
    app.jinja_env.globals.update(my_name=my_name, my_profile_url=my_profile_url)
    size_mb = float(app.config.get("PAGE_CACHE_MB", DEFAULT_SIZE_MB))
    cache = ThreadCache(int(size_mb * 1024 * 1024)) if size_mb > 0 else None
    app.extensions[EXTENSION] = cache
    if cache is not None:
        app.wsgi_app = PageServer(app, cache, app.wsgi_app)


def _cache() -> ThreadCache | None:
    return current_app.extensions.get(EXTENSION)


class PageServer:
    """WSGI middleware: a plain member's kept question page, or the app."""

    def __init__(self, app: Flask, cache: ThreadCache, wsgi_app: Callable):
        self.app = app
        self.cache = cache
        self.wsgi_app = wsgi_app
        self._engine = None
        self._prefix: tuple[str, ...] | None = None  # the page's routes up to a variable

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and not environ.get("QUERY_STRING")
            and environ.get("PATH_INFO", "").startswith(self._route_prefix())
        ):
            body = self._page(environ)
            if body is not None:
                start_response("200 OK", [*HEADERS, ("Content-Length", str(len(body)))])
                return [body]
        return self.wsgi_app(environ, start_response)

    def _page(self, environ: dict) -> bytes | None:
        """The kept page for this request, or None (then the app answers it)."""
        app = self.app
        request = app.request_class(environ, populate_request=False)
        try:
            adapter = app.create_url_adapter(request)
            endpoint, view_args = adapter.match()
        except (HTTPException, RoutingException):
            return None
        if endpoint != ENDPOINT:
            return None
        interface = app.session_interface
        session = interface.open_session(app, request)
        login = session.get("_user_id") if session is not None else None
        if (
            not isinstance(login, str)
            or "_flashes" in session
            or "_remember" in session
            or app.config.get("REMEMBER_COOKIE_REFRESH_EACH_REQUEST")
            or not isinstance(session.get(self._csrf_field), str)
            or session.get("_id") != session_identifier(request)
            or interface.should_set_cookie(app, session)
        ):
            return None
        login_id = sessions.parse_login_id(login)
        if login_id is None:
            return None
        try:
            found = self._lookup(request, view_args["question_id"], login_id)
        except SQLAlchemyError:
            return None  # the app meets the same trouble and answers with its error page
        if found is None or isinstance(found, Handoff):
            if found is not None:
                environ[HANDOFF] = found
            return None
        page, viewer = found
        return page.filled(
            self._signed(session[self._csrf_field]),
            viewer.display_name,
            adapter.build("users.profile", {"user_id": viewer.id}),
        )

    def _lookup(self, request: Request, question_id: int, login_id: sessions.LoginId):
        """(page, viewer) on a hit; a Handoff when the member was read; else None.

        The login must be live: its row is read with the member (decision 0017). An ended or
        expired login gets None, and the app then answers as it does to anyone logged out.

        The votes that pick the viewer's page are read with the member, for the posts of the
        outline the page was last kept with: they count when the generation read in the same
        statement is still that outline's. Else a second statement reads them.
        """
        latest: Latest | None = self.cache.get((question_id, "latest"))
        key_hash = login_id.key_hash
        parameters = {"user_id": login_id.user_id, "key_hash": key_hash, "now": utcnow()}
        with self._db().connect() as connection:
            if latest is None:
                row = connection.execute(_MEMBER, parameters).first()
            else:
                parameters["post_ids"] = list(latest.outline.post_ids)
                row = connection.execute(_MEMBER_AND_VOTES, parameters).first()
            if row is None or row.login_id is None:
                return None
            viewer = User(**{column.key: row._mapping[column] for column in User.__table__.columns})
            login = Checked(row.login_id, key_hash, row.login_seen, row.login_remember)
            if (
                row.site_generation is None
                or str(viewer.session_version) != login_id.version
                or viewer.role != Role.MEMBER
                or refusal_reason(viewer) is not None
                or sessions.touch_due(login.last_seen_at)
            ):
                return Handoff(viewer, login, None)
            base = (
                question_id,
                (row.site_epoch, row.site_generation),
                datetime.now(AMSTERDAM).date(),
                request.script_root,  # the mount point is in every link of the page
            )
            outline = self.cache.get((*base, "outline"))
            if outline is None:
                votes = None
            elif latest is not None and latest.base == base:
                votes = _parsed_votes(row.my_votes)
            else:
                votes = _votes(connection, viewer.id, outline.post_ids)
        page = None if outline is None else self.cache.get(_key(base, outline, viewer.id, votes))
        if page is None:
            self.cache.misses += 1
            return Handoff(viewer, login, Slot(base, votes))
        self.cache.hits += 1
        return page, viewer

    def _route_prefix(self) -> tuple[str, ...]:
        """A cheap first test that leaves every other page alone; the URL map decides."""
        if self._prefix is None:
            rules = self.app.url_map.iter_rules(ENDPOINT)
            self._prefix = tuple(rule.rule.partition("<")[0] for rule in rules)
        return self._prefix

    def _db(self) -> Engine:
        if self._engine is None:
            with self.app.app_context():
                self._engine = _reader(db.engine, self.app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        return self._engine

    @property
    def _csrf_field(self) -> str:
        return self.app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")

    def _signed(self, secret: str) -> str:
        """Flask-WTF's signed form of the session's CSRF secret (``generate_csrf``)."""
        key = self.app.config.get("WTF_CSRF_SECRET_KEY") or self.app.secret_key
        return URLSafeTimedSerializer(key, salt=CSRF_SALT).dumps(secret)


_READERS: dict[str, Engine] = {}  # database URL -> the engine PageServer reads with
_READERS_LOCK = threading.Lock()


def _reader(engine: Engine, options: dict) -> Engine:
    """The engine for PageServer's reads: one statement per view, outside a transaction.

    On PostgreSQL a connection from the app's pool costs three round trips besides the
    statement: the pre-ping, BEGIN and ROLLBACK. A single SELECT sees one snapshot without a
    transaction, and a connection that died only makes it fail, after which the app answers
    the request with its own pool, which pings. So the reads go through an engine of their
    own, in autocommit mode without the ping: one per database and process. SQLite has no
    round trips, and its connections carry the app's settings (kenme._tune_sqlite).
    """
    if engine.dialect.name == "sqlite":
        return engine
    url = engine.url.render_as_string(hide_password=False)
    with _READERS_LOCK:
        if url not in _READERS:
            _READERS[url] = create_engine(
                engine.url, **{**options, "pool_pre_ping": False, "isolation_level": "AUTOCOMMIT"}
            )
        return _READERS[url]


def session_identifier(request: Request) -> str:
    """Flask-Login's client identifier (``_create_identifier``) for a request outside Flask.

    tests/web/test_page_cache.py holds the two equal for every shape of request.
    """
    address = request.headers.get("X-Forwarded-For", request.remote_addr)
    if address is not None:
        address = address.encode("utf-8").split(b",")[0].strip()
    user_agent = request.headers.get("User-Agent")
    if user_agent is not None:
        user_agent = user_agent.encode("utf-8")
    return sha512(f"{address}|{user_agent}".encode()).hexdigest()


def take_over():
    """Before-request hook: take what PageServer read for this request, if anything."""
    found: Handoff | None = request.environ.pop(HANDOFF, None)
    if found is None:
        return
    _hand_over(found.viewer)
    g.setdefault(CHECKED, found.login)
    if found.slot is not None:
        g.setdefault(SLOT, found.slot)


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


def _parsed_votes(text: str | None) -> tuple:
    """``_MY_VOTES``'s column as ``_votes`` gives it: (post id, value) pairs by post id."""
    pairs = (item.split(":") for item in text.split(",")) if text else ()
    return tuple(sorted((int(post_id), int(value)) for post_id, value in pairs))


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
    page = Page.of(html)
    cache = _cache()
    if cache is not None and outline is not None:
        cache.put((*found.base, "outline"), outline)
        cache.put((found.base[0], "latest"), Latest(found.base, outline))
        cache.put(_key(found.base, outline, current_user.id, votes), page)
    profile = url_for("users.profile", user_id=current_user.id)
    return page.filled(generate_csrf(), current_user.display_name, profile).decode()


def my_name() -> str:
    """The current member's name in the layout (a placeholder in a page that will be kept)."""
    return NAME_PLACEHOLDER if g.get(RENDERING) else current_user.display_name


def my_profile_url() -> str:
    """The current member's profile link in the layout (idem)."""
    if g.get(RENDERING):
        return PROFILE_PLACEHOLDER
    return url_for("users.profile", user_id=current_user.id)
