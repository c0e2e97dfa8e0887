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


def can_moderate(user) -> bool:
    """Moderators and admins keep the community safe."""
    return bool(user and user.is_authenticated and user.is_moderator)


def can_see_post(user, post) -> bool:
    """Visible posts for every member; hidden ones for moderators and their author."""
    from kenme.models import Visibility

    if post.visibility == Visibility.VISIBLE:
        thread = post.parent if post.parent_id else None
        return thread is None or can_see_post(user, thread)
    if can_moderate(user):
        return True
    return post.visibility == Visibility.HIDDEN and user is not None and post.author_id == user.id


def can_edit_post(user, post) -> bool:
    """The author and moderators edit; a lock stops everyone but moderators."""
    if can_moderate(user):
        return True
    return post.author_id == user.id and not post.question.locked


def sees_anonymous_authors(user) -> bool:
    """Moderators see who posted anonymously; other members see "Anoniem lid"."""
    return can_moderate(user)


# --- The action table: every role x every action, decided here and nowhere else. ---------

Rule = Callable[[object, object | None], bool]


def _anyone(user, target) -> bool:
    return True


def _moderator(user, target) -> bool:
    return bool(user.is_moderator)


def _admin(user, target) -> bool:
    return bool(user.is_admin)


def _topic_ids(target) -> set[int]:
    """The topics an action is about: a topic itself, or the topics of a post's thread."""
    from kenme.models import Post, Topic

    if isinstance(target, Topic):
        return {target.id}
    if isinstance(target, Post):
        return {topic.id for topic in target.question.topics}
    return set()


def _specialist_for(user, target) -> bool:
    """A thema-specialist acts on their own topics only (target: a topic or a post)."""
    from kenme.models import Role

    if user.role == Role.MEMBER:
        return False
    own = {topic.id for topic in user.specialist_topics}
    if target is None:
        return bool(own)
    return bool(own & _topic_ids(target))


def _curator_for(user, target) -> bool:
    """Moderators curate every Kennisbank page; thema-specialists those of their topics."""
    return bool(user.is_moderator) or _specialist_for(user, target)


def _may_suspend(user, target) -> bool:
    """Moderators suspend members and specialists; admins also moderators; never an admin."""
    from kenme.models import Role

    if not user.is_moderator:
        return False
    if target is None:
        return True
    if target.id == user.id or target.role == Role.ADMIN:
        return False
    return target.role != Role.MODERATOR or user.is_admin


ACTIONS: dict[str, Rule] = {
    "flag": _anyone,
    "view_moderation": _moderator,
    "dismiss_flags": _moderator,
    "hide": _moderator,
    "restore": _moderator,
    "lock": _moderator,
    "unlock": _moderator,
    "close": _moderator,
    "reopen": _moderator,
    "delete": _moderator,
    "undelete": _moderator,
    "purge": _moderator,
    "feature": _moderator,
    "unfeature": _moderator,
    "suspend": _may_suspend,
    "unsuspend": _may_suspend,
    "approve_member": _moderator,
    "edit_topic": _moderator,
    "edit_thesaurus": _moderator,
    "endorse": _specialist_for,
    "edit_kennisbank": _curator_for,
    "appoint_specialist": _admin,
}


def allowed(user, action: str, target=None) -> bool:
    """Tell whether this member may do this action (to this target); inactive members never.

    Unknown action names are a programming error and raise KeyError.
    """
    rule = ACTIONS[action]
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return rule(user, target)


def require(user, action: str, target=None, message: str | None = None) -> None:
    """Raise NotAllowed (a Dutch domain error) unless the member may do this action."""
    from kenme.errors import NotAllowed

    if not allowed(user, action, target):
        raise NotAllowed(message or NOT_ALLOWED.get(action, NOT_ALLOWED_DEFAULT))


def action_required(action: str) -> Callable[[F], F]:
    """Decorate a view: 403 unless the current member may do this action at all."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not allowed(current_user, action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


NOT_ALLOWED_DEFAULT = "Alleen moderators kunnen dit doen."
NOT_ALLOWED = {
    "flag": "Je account kan op dit moment niets melden.",
    "suspend": "Je kunt dit lid niet schorsen.",
    "unsuspend": "Je kunt de schorsing van dit lid niet opheffen.",
    "endorse": "Alleen thema-specialisten van een onderwerp van deze vraag kunnen bekrachtigen.",
    "edit_kennisbank": (
        "Alleen moderators en de thema-specialisten van dit onderwerp kunnen de kennisbank "
        "bewerken."
    ),
    "appoint_specialist": "Alleen beheerders benoemen thema-specialisten.",
}
