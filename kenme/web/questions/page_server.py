"""Kept question pages, served ahead of Flask (decisions 0012 and 0016).

``PageServer`` wraps the app's WSGI callable and answers a kept page before Flask builds a
request context, opens the session a second time, runs the hooks and the extensions, and
tears it all down. It serves a page only when Flask would have done nothing else for the
request than render it, and lets the app handle everything else:

- a GET that the app's own URL map routes to ``questions.show``, without a query string;
- a login session that Flask opens (our session interface, so its signature and age are
  checked) and would not send back: not due to be re-signed, no flash messages waiting, a
  CSRF secret in it, nothing for the remember cookie to do, and the client identifier
  Flask-Login keeps in it (else Flask-Login marks the session as not fresh);
- one statement (page_rules.MEMBER_AND_PAGE, run from its SQL text: page_read.py) reads the
  member's row, the login's row (it must
  be live and not due to have its "last seen" noted: decision 0017), the thread's version,
  the viewer's votes in it and every value the page shows from outside the thread: the login
  version must match, ``refusal_reason`` must let the member in, the role must be plain member,
  and the page must have been kept under that version with those values;
- the viewer's CSRF token, name, profile link and unread count (read with the member,
  decision 0018) are filled in for every response; the
  headers are the ones the app's after-request hooks and session interface set on the page.

On a miss the member's row and unread count read by the statement go with the request to the
app (``page_cache.take_over``), so Flask-Login loads nobody again and the header counts nothing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from hashlib import sha512

from flask import Flask, Request
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import Engine, create_engine
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from kenme.extensions import db
from kenme.models import Role, User
from kenme.models.types import AMSTERDAM, utcnow
from kenme.services import sessions
from kenme.services.accounts import refusal_reason
from kenme.web import SIGNED_IN_HEADERS, cache_stats, csrf_tokens, security_headers
from kenme.web.auth.logins import Checked
from kenme.web.questions import page_read, page_rules
from kenme.web.questions.page_cache import (
    ENDPOINT,
    HANDOFF,
    Handoff,
    Latest,
    Page,
    page_key,
)
from kenme.web.questions.page_store import SharedPages

# What filling in a page that is not one raises (a damaged value that still read back).
UNFILLABLE = (ValueError, TypeError, KeyError, IndexError, AttributeError)


def kept_page_headers(config) -> tuple[tuple[str, str], ...]:
    """A kept page's headers, as the app's after-request hook and session interface set them."""
    return (
        ("Content-Type", "text/html; charset=utf-8"),
        *security_headers(config),
        *SIGNED_IN_HEADERS,
        ("Vary", "Cookie"),  # what Flask adds when a view reads the session
    )


class PageServer:
    """WSGI middleware: a plain member's kept question page, or the app."""

    def __init__(self, app: Flask, cache: SharedPages, wsgi_app: Callable):
        self.app = app
        self.cache = cache
        self.wsgi_app = wsgi_app
        self._engine = None
        self._prefix: tuple[str, ...] | None = None  # the page's routes up to a variable
        self._headers = kept_page_headers(app.config)
        self._stats = cache_stats.stats(app.config)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if (
            environ.get("REQUEST_METHOD") == "GET"
            and not environ.get("QUERY_STRING")
            and environ.get("PATH_INFO", "").startswith(self._route_prefix())
        ):
            body = self._page(environ)
            if body is not None:
                start_response("200 OK", [*self._headers, ("Content-Length", str(len(body)))])
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
            self._count(environ, "session")  # Flask would answer with a cookie, or no login
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
        page, stored, viewer, checked, unread, fills = found
        try:
            body = page.filled(
                self._signed(session[self._csrf_field]),
                viewer.display_name,
                adapter.build("users.profile", {"user_id": viewer.id}),
                unread,
                **fills,
            )
        except UNFILLABLE:  # a stored value that read back but is not a page: render anew
            environ[HANDOFF] = self._miss(request, "unfillable", viewer, checked)
            return None
        self._hit(environ, stored)
        return body

    def _lookup(self, request: Request, question_id: int, login_id: sessions.LoginId):
        """(page, whether read from the store, viewer, login, unread count, fills) on a hit; a
        Handoff when the member was read; else None.

        The login must be live: its row is read with the member (decision 0017). An ended or
        expired login gets None, and the app then answers as it does to anyone logged out.
        """
        mount = request.script_root  # the mount point is in every link of the page
        latest: Latest | None = self.cache.get((question_id, mount, "latest"))
        key_hash = login_id.key_hash
        parameters = {"user_id": login_id.user_id, "key_hash": key_hash, "now": utcnow()}
        with self._db().connect() as connection:
            if latest is None:
                row = page_read.first_row(connection, page_rules.MEMBER, parameters)
            else:
                parameters.update(
                    question_id=question_id,
                    post_ids=latest.outline.post_ids,
                    people=latest.people,
                    related=latest.related,
                )
                row = page_read.first_row(connection, page_rules.MEMBER_AND_PAGE, parameters)
        if row is None or row.login_id is None:
            return None
        viewer = _viewer_from(row)
        login = Checked(row.login_id, key_hash, row.login_seen, row.login_remember)
        if (
            str(viewer.session_version) != login_id.version
            or viewer.role != Role.MEMBER
            or refusal_reason(viewer) is not None
            or sessions.touch_due(login.last_seen_at)
        ):
            self._count(request.environ, "not kept for this member")
            return Handoff(viewer, login, keep=False, unread=row.unread or 0)
        if latest is None:
            return self._miss(request, "question not kept", viewer, login, row.unread or 0)
        base = (question_id, row.thread_version, datetime.now(AMSTERDAM).date(), mount)
        if base != latest.base:  # the thread changed, or the day
            return self._miss(request, "thread changed", viewer, login, row.unread or 0)
        now = page_rules.depends_now(row)
        key = page_key(base, latest.outline, viewer.id)
        page, stored = self.cache.page(key)
        why = _why_not(page, now)
        if why is not None and page is not None and not stored:  # kept anew by another worker?
            page, stored = self.cache.fresh(key), True
            why = why if page is None else _why_not(page, now)
        if why is not None:
            return self._miss(request, why, viewer, login, row.unread or 0)
        fills = {
            "votes": page_rules.votes_now(row.my_votes),
            "follows": page_rules.follows_now(row.my_follows),
            "reputations": now[1],
        }
        return page, stored, viewer, login, row.unread or 0, fills

    def _hit(self, environ: dict, stored: bool) -> None:
        self.cache.hits += 1
        self._count(environ, "hit")
        if self._stats is not None:
            where = "the store" if stored else "this worker"
            self._stats.count(environ, "hit read from", where)

    def _miss(
        self, request: Request, why: str, viewer: User, login: Checked, unread: int | None = None
    ) -> Handoff:
        self.cache.misses += 1
        self._count(request.environ, why)
        return Handoff(viewer, login, keep=True, unread=unread)

    def _count(self, environ: dict, outcome: str) -> None:
        if self._stats is not None:
            self._stats.count(environ, "question page", outcome)

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
        config = self.app.config
        key = config.get("WTF_CSRF_SECRET_KEY") or self.app.secret_key
        if config.get("WTF_CSRF_TIME_LIMIT") is None:
            return csrf_tokens.signed(key, secret)  # the token this worker keeps for it
        return URLSafeTimedSerializer(key, salt=csrf_tokens.SALT).dumps(secret)


_USER_KEYS = tuple(column.key for column in User.__table__.columns)  # the row's first values
_NEW_USER = User.__mapper__.class_manager.new_instance


def _viewer_from(row) -> User:
    """The member read by the statement, as a ``User`` loaded with those values: no
    constructor, no attribute events, no history (page_cache.take_over hands it to the
    session as loaded)."""
    viewer = _NEW_USER()
    viewer.__dict__.update(zip(_USER_KEYS, row[: len(_USER_KEYS)], strict=True))
    return viewer


def _why_not(page: Page | None, now: tuple[page_rules.Depends, dict] | None) -> str | None:
    """Why a kept page cannot be served with the values read now; None if it can."""
    if page is None:
        return "not kept for this viewer"
    if page.expires < time.time():
        return "expired"
    if now is None or page.depends != now[0]:
        return "values changed"
    return None


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
