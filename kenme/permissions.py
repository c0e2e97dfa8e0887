"""Who may do what: the one place that decides, as decorators and predicates."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from flask import abort
from flask_login import current_user

F = TypeVar("F", bound=Callable)


def public(view: F) -> F:
    """Mark a view as reachable without logging in (closed community otherwise)."""
    view.kenme_public = True  # type: ignore[attr-defined]
    return view


def is_public(view: Callable | None) -> bool:
    """Tell whether a view was marked with @public."""
    return bool(getattr(view, "kenme_public", False))


def moderator_required(view: F) -> F:
    """Allow only moderators and admins."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not (current_user.is_authenticated and current_user.is_moderator):
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def admin_required(view: F) -> F:
    """Allow only admins (beheerders)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not (current_user.is_authenticated and current_user.is_admin):
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
