"""Who may do what: the one place that decides, as decorators and predicates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
    """The author and moderators edit; a lock stops everyone but moderators.

    This is what the question page shows an edit link for; it does not depend on reputation,
    so plain members share a cached page (decision 0019). Members with the ``edit_others``
    privilege edit other members' posts too: ``may_edit_directly``.
    """
    if can_moderate(user):
        return True
    return post.author_id == user.id and not post.question.locked


def may_edit_directly(user, post) -> bool:
    """Whether an edit by this member is applied at once (else it can only be suggested)."""
    if can_edit_post(user, post):
        return True
    return not post.question.locked and allowed(user, "edit_others", post)


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


# --- Privileges earned by reputation (decision 0019) -----------------------------------------


@dataclass(frozen=True)
class Privilege:
    """Something a member may do once their reputation reaches a threshold admins can set."""

    key: str
    label: str  # what it unlocks, as the subject of a sentence: "Omlaag stemmen"
    explanation: str  # one sentence for the profile page
    default: int  # about a tenth of Stack Overflow's threshold: a small community


PRIVILEGES = (
    Privilege(
        "flag",
        "Melden",
        "Berichten melden als ongepast, spam, off-topic of dubbel. Persoonsgegevens van een "
        "klant melden kan altijd.",
        5,
    ),
    Privilege(
        "comment",
        "Reageren onder berichten van anderen",
        "Overal reageren. Onder je eigen vragen en antwoorden, en onder antwoorden op je eigen "
        "vraag, kan het altijd.",
        10,
    ),
    Privilege("downvote", "Omlaag stemmen", "Een vraag of antwoord omlaag stemmen.", 25),
    Privilege(
        "close_vote",
        "Stemmen om een vraag te sluiten of te heropenen",
        "Stemmen om een vraag te sluiten (of weer te openen); genoeg stemmen sluiten haar.",
        100,
    ),
    Privilege(
        "review_edits",
        "Voorgestelde bewerkingen beoordelen",
        "Bewerkingen die anderen voorstellen goedkeuren of afwijzen.",
        150,
    ),
    Privilege(
        "edit_others",
        "Berichten van anderen direct bewerken",
        "Vragen en antwoorden van anderen meteen bewerken, zonder voorstel.",
        200,
    ),
)
PRIVILEGE_BY_KEY = {privilege.key: privilege for privilege in PRIVILEGES}
EARN_HINT = "Reputatie krijg je als collega's je vragen en antwoorden nuttig vinden."


@dataclass(frozen=True)
class Setting:
    """Another number admins set in the app."""

    key: str
    label: str
    default: int
    minimum: int
    maximum: int


SETTINGS = (
    Setting("close_votes", "Stemmen nodig om een vraag te sluiten of te heropenen", 3, 1, 10),
)
THRESHOLD_MAX = 100_000


def defaults() -> dict[str, int]:
    return {p.key: p.default for p in PRIVILEGES} | {s.key: s.default for s in SETTINGS}


def community_settings() -> dict[str, int]:
    """Every threshold and setting: the admins' values over the defaults (one query)."""
    from sqlalchemy import select

    from kenme.extensions import db
    from kenme.models import CommunitySetting

    values = defaults()
    for key, value in db.session.execute(select(CommunitySetting.key, CommunitySetting.value)):
        if key in values:
            values[key] = value
    return values


def _earned(key: str) -> Rule:
    """A reputation privilege: moderators always; specialists on their own topics' posts."""

    def rule(user, target) -> bool:
        if user.is_moderator or (target is not None and _specialist_for(user, target)):
            return True
        return user.reputation >= community_settings()[key]

    rule.privilege = key  # type: ignore[attr-defined]
    return rule


_earned_comment = _earned("comment")


def _comment(user, target) -> bool:
    """Under your own posts, and under the answers to your own question, always."""
    from kenme.models import Post

    if isinstance(target, Post) and user.id in (target.author_id, target.question.author_id):
        return True
    return _earned_comment(user, target)


_comment.privilege = "comment"  # type: ignore[attr-defined]


def privilege_overview(user) -> dict:
    """What a member may do by reputation, and what unlocks next (for the profile page)."""
    values = community_settings()
    rows = [
        {
            "privilege": p,
            "threshold": values[p.key],
            "earned": user.is_moderator or user.reputation >= values[p.key],
        }
        for p in sorted(PRIVILEGES, key=lambda p: (values[p.key], p.key))
    ]
    upcoming = [row for row in rows if not row["earned"]]
    next_row = upcoming[0] if upcoming else None
    return {
        "rows": rows,
        "next": next_row,
        "missing": next_row["threshold"] - user.reputation if next_row else 0,
        "role_rights": user.is_moderator,
        "specialist_topics": list(user.specialist_topics) if not user.is_moderator else [],
    }


ACTIONS: dict[str, Rule] = {
    "report": _anyone,
    "flag": _earned("flag"),
    "comment": _comment,
    "downvote": _earned("downvote"),
    "vote_close": _earned("close_vote"),
    "vote_reopen": _earned("close_vote"),
    "review_edits": _earned("review_edits"),
    "edit_others": _earned("edit_others"),
    "edit_settings": _admin,
    "view_moderation": _moderator,
    "dismiss_flags": _moderator,
    "hide": _moderator,
    "restore": _moderator,
    "lock": _moderator,
    "unlock": _moderator,
    "close": _moderator,
    "reopen": _moderator,
    "merge": _moderator,
    "delete": _moderator,
    "undelete": _moderator,
    "purge": _moderator,
    "feature": _moderator,
    "unfeature": _moderator,
    "suspend": _may_suspend,
    "unsuspend": _may_suspend,
    "approve_member": _moderator,
    "avg_request": _may_suspend,  # export or delete a member's data on their request
    "edit_topic": _moderator,
    "edit_thesaurus": _moderator,
    "endorse": _specialist_for,
    "edit_kennisbank": _curator_for,
    "confirm_current": _curator_for,
    "appoint_specialist": _admin,
}


def ignores_target(action: str) -> bool:
    """Whether this action's rule looks only at the member, never at the target: a page may
    ask once and use the answer for every post it shows."""
    return ACTIONS[action] in (_anyone, _moderator, _admin)


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

    if allowed(user, action, target):
        return
    key = getattr(ACTIONS[action], "privilege", None)
    if key is None or not user.is_active:
        raise NotAllowed(message or NOT_ALLOWED.get(action, NOT_ALLOWED_DEFAULT))
    needed = community_settings()[key]
    raise NotAllowed(
        privilege_refusal(key, needed, user.reputation),
        details={"privilege": key, "required_reputation": needed, "reputation": user.reputation},
    )


def privilege_refusal(key: str, needed: int, reputation: int) -> str:
    """The Dutch refusal that says what unlocks a privilege."""
    privilege = PRIVILEGE_BY_KEY[key]
    text = f"{privilege.label} kan vanaf {needed} reputatie; je hebt er nu {reputation}."
    extra = {
        "flag": " Persoonsgegevens van een klant melden kan altijd.",
        "comment": " Onder je eigen vragen en antwoorden kun je altijd reageren.",
        "edit_others": " Tot dan kun je een bewerking voorstellen.",
        "review_edits": " Voorstellen bij je eigen berichten beoordeel je altijd.",
    }.get(key, "")
    return f"{text}{extra} {EARN_HINT}"


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
    "report": "Je account kan op dit moment niets melden.",
    "flag": "Je account kan op dit moment niets melden.",
    "edit_settings": "Alleen beheerders stellen de drempels voor rechten in.",
    "suspend": "Je kunt dit lid niet schorsen.",
    "unsuspend": "Je kunt de schorsing van dit lid niet opheffen.",
    "endorse": "Alleen thema-specialisten van een onderwerp van deze vraag kunnen bekrachtigen.",
    "edit_kennisbank": (
        "Alleen moderators en de thema-specialisten van dit onderwerp kunnen de kennisbank "
        "bewerken."
    ),
    "appoint_specialist": "Alleen beheerders benoemen thema-specialisten.",
}
