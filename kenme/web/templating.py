"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import lru_cache

from flask import Flask, g, request, url_for
from flask.globals import _cv_request
from flask_login import current_user
from flask_wtf.csrf import generate_csrf

from kenme import permissions
from kenme.dutch import dutch_day
from kenme.models.types import AMSTERDAM
from kenme.rendering import safe
from kenme.services import authorship
from kenme.web.messages import STATUS_LABELS, finding_kind_label


def dutch_date(value: datetime | None, with_time: bool = False) -> str:
    """Format a datetime as '3 maart 2025' (and '14:05') in Dutch local time."""
    if value is None:
        return ""
    return _dutch_date(value, with_time)


@lru_cache(maxsize=8192)
def _dutch_date(value: datetime, with_time: bool) -> str:
    """The same moment always reads the same: a page shows dozens, many of them again."""
    local = value.astimezone(AMSTERDAM)
    text = dutch_day(local)
    if with_time:
        text += f", {local:%H:%M}"
    return text


def viewer():
    """The logged-in member, or None.

    Asked for every post and comment a page shows: Flask-Login's per-request user (set when
    it is loaded, and by login_user/logout_user) is read directly, not through the proxy.
    """
    user = g.get("_login_user")
    if user is None:
        user = current_user._get_current_object()
    return user if user.is_authenticated else None


_viewer = viewer


def shown_author(post) -> str:
    """The author name the current member may see for a post or comment."""
    return authorship.author_label(post, _viewer())


def author_is_shown(post) -> bool:
    """Whether the current member may see (and open the profile of) a post's author."""
    return authorship.author_visible(post, _viewer())


def revision_author(revision) -> str:
    """The author name the current member may see for a revision."""
    return authorship.revision_author_label(revision, _viewer())


def revision_approver(revision) -> str:
    """Who approved a suggested edit, as the current member may see them."""
    return authorship.revision_approver_label(revision, _viewer())


def shown_member(user, post) -> str:
    """A member who acted on a post (a voter, an editor), never an anonymous author."""
    return authorship.member_label(user, post, _viewer())


def close_label(reason) -> str:
    """Why a question was closed, in Dutch ("Dubbele vraag", "Te breed", ...)."""
    from kenme.services.moderation import CLOSE_LABELS

    return CLOSE_LABELS.get(reason, "")


def may_edit(post) -> bool:
    """Whether the current member may edit this post (author or moderator)."""
    viewer = _viewer()
    return (
        viewer is not None
        and post.case_archived_at is None  # an archived case is not edited (decision 0029)
        and permissions.can_edit_post(viewer, post)
    )


def may_suggest(post) -> bool:
    """Whether to offer "Bewerking voorstellen": any member on someone else's open post.

    Depends on nothing but authorship and the lock, so a kept page can share it
    (decision 0019); whether the edit becomes a suggestion is decided on the edit page.
    """
    viewer = _viewer()
    return (
        viewer is not None
        and viewer.id != post.author_id
        and not post.question.locked
        and post.case_archived_at is None
    )


def fixed_url_builder(max_entries: int = 256) -> Callable[..., str]:
    """Make a `fixed_url(endpoint, filename="")` for one app's layout links.

    The layout's links and static files have the same address on every page, so url_for runs
    once per process. The address depends only on the endpoint, the file and the mount point
    (SCRIPT_NAME), which together are the key; the cache stops growing at `max_entries`.
    """
    cache: dict[tuple[str, str, str], str] = {}

    def fixed_url(endpoint: str, filename: str = "") -> str:
        key = (endpoint, filename, request.script_root)
        url = cache.get(key)
        if url is None:
            url = url_for(endpoint, filename=filename) if filename else url_for(endpoint)
            if len(cache) < max_entries:
                cache[key] = url
        return url

    return fixed_url


_SENTINEL = 918273645  # stands for a route's one number while its address is built
_FALLBACK = ("",)


def quick_url_builder(max_entries: int = 512) -> Callable[..., str]:
    """Make the templates' ``url_for``: Flask's, with the addresses of routes that take no
    value or one number built once per process and filled in after.

    A question page links every post's vote, comment, flag, history and edit route (some 160
    addresses per thread); each is the same text around the post's number. The route's text
    for a number is found by building it once with a stand-in number, per endpoint, value name
    and mount point (SCRIPT_NAME). Anything else (no request, a blueprint-relative endpoint,
    several values, a value that is not a number, ``_anchor``, ``_external``, a route whose
    address does not hold the number exactly once) goes to Flask's url_for every time. The
    app registers no ``url_defaults``, which this would bypass.
    """
    cache: dict[tuple, tuple[str, ...]] = {}

    def quick_url_for(endpoint: str, **values) -> str:
        context = _cv_request.get(None)
        if context is None or len(values) > 1 or endpoint[:1] == ".":
            return url_for(endpoint, **values)
        name = None
        if values:
            ((name, value),) = values.items()
            if value.__class__ is not int or name[:1] == "_":
                return url_for(endpoint, **values)
        key = (endpoint, name, context.request.root_path)
        parts = cache.get(key)
        if parts is None:
            parts = _url_parts(endpoint, name)
            if len(cache) < max_entries:
                cache[key] = parts
        if parts is _FALLBACK:
            return url_for(endpoint, **values)
        return parts[0] if name is None else f"{parts[0]}{values[name]}{parts[1]}"

    return quick_url_for


def _url_parts(endpoint: str, name: str | None) -> tuple[str, ...]:
    if name is None:
        return (url_for(endpoint),)
    built = url_for(endpoint, **{name: _SENTINEL})
    parts = tuple(built.split(str(_SENTINEL)))
    return parts if len(parts) == 2 else _FALLBACK


def register_template_helpers(app: Flask) -> None:
    """Add filters and globals to the Jinja environment."""
    app.jinja_env.filters["dutch_date"] = dutch_date
    app.jinja_env.globals["csrf_token"] = generate_csrf
    app.jinja_env.globals["fixed_url"] = fixed_url_builder()
    app.jinja_env.globals["url_for"] = quick_url_builder()
    app.jinja_env.globals["safe"] = safe
    app.jinja_env.globals["shown_author"] = shown_author
    app.jinja_env.globals["author_is_shown"] = author_is_shown
    app.jinja_env.globals["revision_author"] = revision_author
    app.jinja_env.globals["may_edit"] = may_edit
    app.jinja_env.globals["may_suggest"] = may_suggest
    app.jinja_env.globals["shown_member"] = shown_member
    app.jinja_env.globals["revision_approver"] = revision_approver
    app.jinja_env.globals["is_moderator"] = lambda: permissions.can_moderate(_viewer())
    app.jinja_env.globals["finding_kind_label"] = finding_kind_label
    app.jinja_env.globals["status_label"] = lambda status: STATUS_LABELS.get(str(status), "")
    app.jinja_env.globals["close_label"] = close_label
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
