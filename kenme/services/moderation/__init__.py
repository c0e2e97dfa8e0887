"""The one moderation service: every action on posts, comments and members, each one
recorded in the audit log (actor, target, reason, time; never purged text).

Every action checks everything before it changes anything: a refusal raises a domain error
with a Dutch reason, and then nothing is changed and nothing is logged as done.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import NotFound, ValidationFailed
from kenme.models import Comment, ModerationAction, Post, User
from kenme.pagination import Page, paginate
from kenme.services.moderation.common import (
    HIDDEN_BY_MODERATOR,
    Target,
    clean_reason,
    open_flags,
    set_visibility,
    thread_of,
)
from kenme.services.moderation.content import (
    CLOSE_LABELS,
    auto_hide,
    close,
    delete,
    dismiss_flags,
    feature,
    hide,
    lock,
    purge,
    reopen,
    restore,
    undelete,
    unfeature,
    unlock,
)
from kenme.services.moderation.members import (
    appoint_specialist,
    approve_member,
    remove_specialist,
    search_members,
    suspend,
    suspended_members,
    today,
    unsuspend,
    waiting_members,
)
from kenme.services.moderation.merging import merge

__all__ = [
    "ACTION_LABELS",
    "CLOSE_LABELS",
    "HIDDEN_BY_MODERATOR",
    "Target",
    "appoint_specialist",
    "approve_member",
    "audit_log",
    "auto_hide",
    "clean_reason",
    "close",
    "delete",
    "dismiss_flags",
    "feature",
    "hide",
    "lock",
    "merge",
    "open_flags",
    "perform",
    "purge",
    "remove_specialist",
    "reopen",
    "restore",
    "search_members",
    "set_visibility",
    "suspend",
    "suspended_members",
    "thread_of",
    "today",
    "undelete",
    "unfeature",
    "unlock",
    "unsuspend",
    "waiting_members",
]

# --- one entry point for the web form and the API --------------------------------------------

POST_ACTIONS: dict[str, Callable] = {
    "dismiss_flags": dismiss_flags,
    "hide": hide,
    "restore": restore,
    "delete": delete,
    "undelete": undelete,
    "lock": lock,
    "unlock": unlock,
    "reopen": reopen,
    "feature": feature,
    "unfeature": unfeature,
}
ACTION_LABELS = {
    "auto_hide": "Automatisch verborgen",
    "dismiss_flags": "Meldingen afgewezen",
    "hide": "Verborgen",
    "restore": "Teruggezet",
    "delete": "Verwijderd",
    "undelete": "Verwijdering ongedaan",
    "lock": "Vergrendeld",
    "unlock": "Ontgrendeld",
    "close": "Gesloten",
    "reopen": "Heropend",
    "merge": "Antwoorden samengevoegd",
    "purge": "Persoonsgegevens verwijderd",
    "feature": "Uitgelicht",
    "unfeature": "Niet meer uitgelicht",
    "suspend": "Geschorst",
    "unsuspend": "Schorsing opgeheven",
    "approve_member": "Lid goedgekeurd",
    "appoint_specialist": "Thema-specialist benoemd",
    "remove_specialist": "Thema-specialist beëindigd",
    "edit_kennisbank": "Kennisbank bewerkt",
    "edit_settings": "Drempels voor rechten gewijzigd",
    "confirm_current": "Antwoord bevestigd als nog actueel",
    "sso_issuer_added": "Issuer toegevoegd voor organisatie-inloggen",
    "sso_issuer_removed": "Issuer verwijderd voor organisatie-inloggen",
    "sso_password_off": "Wachtwoord-inloggen uitgezet voor organisatie",
    "sso_password_on": "Wachtwoord-inloggen weer aangezet voor organisatie",
    "sso_organisation_removed": "Organisatie verwijderd voor organisatie-inloggen",
    "retention_archive": "Casus gearchiveerd na de bewaartermijn",
    "retention_keep": "Casus bewaard na de bewaartermijn",
}


MEMBER_ACTIONS = ("suspend", "unsuspend", "approve_member")
THREAD_ONLY = ("lock", "unlock", "reopen", "feature", "unfeature", "close", "merge")


def _until(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise ValidationFailed(
            "Geef de einddatum als JJJJ-MM-DD, bijvoorbeeld 2026-03-01.", field="until"
        ) from error


def _original_named(session: Session, duplicate_of: int | str | None) -> Post | None:
    """The original a merge names, or None for "the one it is closed as a duplicate of"."""
    if duplicate_of in (None, ""):
        return None
    text = str(duplicate_of).strip()
    if not re.fullmatch(r"[0-9]{1,12}", text):  # ASCII digits: int() also takes "²" and "٣"
        raise ValidationFailed(
            "Geef het nummer van de oorspronkelijke vraag op.", field="duplicate_of"
        )
    original = session.get(Post, int(text))
    if original is None:
        raise ValidationFailed(f"Vraag {text} bestaat niet.", field="duplicate_of")
    return original


def perform(
    session: Session,
    actor: User,
    action: str,
    target: Target | User | None,
    *,
    reason: str = "",
    close_reason: str = "",
    duplicate_of: int | str | None = None,
    purge_text: str = "",
    until: date | str | None = None,
) -> None:
    """Run one action by name on a post, comment or member (the web form and the API).

    Without a close_reason, closing with duplicate_of means "dubbel" (the API's shape).
    """
    if action not in ACTION_LABELS or action in (
        "auto_hide",
        "edit_kennisbank",
        "edit_settings",
        "confirm_current",
    ):
        raise ValidationFailed("Onbekende moderatie-actie.", field="action")
    if action in permissions.ACTIONS:
        permissions.require(actor, action)
    if action in MEMBER_ACTIONS:
        if not isinstance(target, User):
            raise NotFound("Dit lid bestaat niet.")
        if action == "suspend":
            suspend(session, actor, target, _until(until), reason)
        elif action == "unsuspend":
            unsuspend(session, actor, target, reason)
        else:
            approve_member(session, actor, target, reason)
        return
    if target is None or isinstance(target, User):
        raise NotFound("Dit bericht bestaat niet (meer).")
    if isinstance(target, Comment) and action in THREAD_ONLY:
        raise ValidationFailed("Deze actie kan niet op een reactie.", field="action")
    if action == "close":
        why = close_reason or ("dubbel" if duplicate_of not in (None, "") else "")
        close(session, actor, target, why, duplicate_of_id=duplicate_of, reason=reason)
    elif action == "purge":
        purge(session, actor, target, purge_text, reason)
    elif action == "merge":
        merge(session, actor, target, _original_named(session, duplicate_of), reason)
    elif action in POST_ACTIONS:
        POST_ACTIONS[action](session, actor, target, reason)
    else:
        raise ValidationFailed("Deze actie kan zo niet worden uitgevoerd.", field="action")


def audit_log(session: Session, viewer: User, page: int | str = 1) -> Page:
    """The audit log, newest first, for moderators."""
    permissions.require(viewer, "view_moderation")
    statement = select(ModerationAction).order_by(
        ModerationAction.created_at.desc(), ModerationAction.id.desc()
    )
    return paginate(session, statement, page, 50)
