"""How each member wants e-mail per kind of notification, and one-click unsubscribe links.

Every notification falls in one category (kenme.services.events.KINDS). Per category a member
chooses *direct*, *dagelijks* (daily digest), *wekelijks* (weekly digest) or *uit*; without a
choice the category's default holds. Unsubscribe links carry a signed, dated token naming the
member and the category; they work without logging in (RFC 8058 one-click).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.errors import ValidationFailed
from kenme.models import MailPreference, User
from kenme.models.types import utcnow

DIRECT, DAILY, WEEKLY, OFF = "direct", "dagelijks", "wekelijks", "uit"
FREQUENCIES = {
    DIRECT: "Direct een e-mail",
    DAILY: "Dagelijks overzicht",
    WEEKLY: "Wekelijks overzicht",
    OFF: "Geen e-mail",
}


@dataclass(frozen=True)
class Category:
    label: str
    default: str


CATEGORIES: dict[str, Category] = {
    "mijn_berichten": Category("Antwoorden, reacties en bijdragen op mijn berichten", DIRECT),
    "vermeldingen": Category("Iemand noemt mij met @", DIRECT),
    "waardering": Category("Mijn antwoord is geaccepteerd, bekrachtigd of uitgelicht", DAILY),
    "gevolgd": Category("Nieuwe activiteit bij vragen en Aanplakkers die ik volg", DAILY),
    "onderwerpen": Category("Nieuwe vragen en Aanplakkers in onderwerpen die ik volg", WEEKLY),
    "leden": Category("Nieuwe vragen en antwoorden van collega's die ik volg", WEEKLY),
    "moderatie": Category("Een moderator heeft iets aan mijn bericht of account gedaan", DIRECT),
}

# A digest's own unsubscribe link turns off every category at its frequency.
DIGESTS = {"@" + DAILY: "het dagelijks overzicht", "@" + WEEKLY: "het wekelijks overzicht"}
UNSUBSCRIBE_SALT = "kenme-unsubscribe"
UNSUBSCRIBE_MAX_AGE = 90 * 24 * 3600  # a link in a mail works for 90 days


def preferences(session: Session, user: User) -> dict[str, str]:
    """The member's frequency per category (their choice, else the default)."""
    chosen = dict(
        session.execute(
            select(MailPreference.category, MailPreference.frequency).where(
                MailPreference.user_id == user.id
            )
        ).all()
    )
    return {name: chosen.get(name, spec.default) for name, spec in CATEGORIES.items()}


def preferences_of(session: Session, user_ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """Frequencies per category for many members at once (the digest)."""
    ids = sorted(set(user_ids))
    result = {uid: {n: c.default for n, c in CATEGORIES.items()} for uid in ids}
    for start in range(0, len(ids), 1000):
        rows = session.execute(
            select(MailPreference.user_id, MailPreference.category, MailPreference.frequency).where(
                MailPreference.user_id.in_(ids[start : start + 1000])
            )
        )
        for user_id, category, frequency in rows:
            if category in CATEGORIES:
                result[user_id][category] = frequency
    return result


def frequency(session: Session, user_id: int, category: str) -> str:
    """One member's frequency for one category."""
    chosen = session.scalar(
        select(MailPreference.frequency).where(
            MailPreference.user_id == user_id, MailPreference.category == category
        )
    )
    spec = CATEGORIES.get(category)
    return chosen or (spec.default if spec else OFF)


def set_preferences(session: Session, user: User, values: Mapping[str, str]) -> dict[str, str]:
    """Save the member's choices; unknown categories or values change nothing."""
    for category, value in values.items():
        if category not in CATEGORIES:
            raise ValidationFailed("Deze soort melding bestaat niet.", field=category)
        if value not in FREQUENCIES:
            raise ValidationFailed("Kies direct, dagelijks, wekelijks of uit.", field=category)
    for category, value in values.items():
        _set(session, user.id, category, value)
    session.flush()
    return preferences(session, user)


def _set(session: Session, user_id: int, category: str, value: str) -> None:
    row = session.get(MailPreference, (user_id, category))
    if row is None:
        session.add(
            MailPreference(user_id=user_id, category=category, frequency=value, updated_at=utcnow())
        )
    else:
        row.frequency = value
        row.updated_at = utcnow()


# --- one-click unsubscribe -----------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user_id: int, category: str) -> str:
    """A signed, dated token that turns one category off for one member."""
    return _serializer().dumps({"u": user_id, "c": category})


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    category: str


class BadUnsubscribe(ValidationFailed):
    """A link that was changed, has expired, or names nothing we know."""


def read_unsubscribe_token(token: str) -> Unsubscribe:
    """The member and category a token names; BadUnsubscribe with a Dutch reason if not valid."""
    try:
        data = _serializer().loads(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except SignatureExpired:
        raise BadUnsubscribe(
            "Deze afmeldlink is verlopen. Log in en kies bij je meldingen welke e-mail je wilt."
        ) from None
    except BadSignature:
        raise BadUnsubscribe(
            "Deze afmeldlink klopt niet (hij is misschien onvolledig gekopieerd). "
            "Er is niets gewijzigd."
        ) from None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("u"), int)
        or (data.get("c") not in CATEGORIES and data.get("c") not in DIGESTS)
    ):
        raise BadUnsubscribe("Deze afmeldlink klopt niet. Er is niets gewijzigd.")
    return Unsubscribe(data["u"], data["c"])


def unsubscribe(session: Session, link: Unsubscribe) -> User:
    """Turn the link's category off for its member (who must still exist)."""
    user = session.get(User, link.user_id)
    if user is None or user.deleted_at is not None:
        raise BadUnsubscribe("Deze afmeldlink hoort bij geen bestaand account meer.")
    if link.category in DIGESTS:
        current = preferences(session, user)
        for category, value in current.items():
            if value == link.category[1:]:
                _set(session, user.id, category, OFF)
    else:
        _set(session, user.id, link.category, OFF)
    session.flush()
    return user


def label_of(category: str) -> str:
    """What an unsubscribe link turns off, in words."""
    if category in DIGESTS:
        return DIGESTS[category]
    return f"“{CATEGORIES[category].label}”"
