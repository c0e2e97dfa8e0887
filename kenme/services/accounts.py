"""Accounts: registration, verification, login checks, password reset, approval."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from kenme.errors import DomainError, NotFound, ValidationFailed
from kenme.models import Role, SsoIdentity, SsoIssuer, SsoOrganisation, User
from kenme.models.types import utcnow
from kenme.services import privacy_gate, sessions
from kenme.services.passwords import hash_password, password_problem, verify_password

VERIFY_SALT = "kenme-verify-email"
RESET_SALT = "kenme-reset-password"


class LoginRefused(DomainError):
    """Credentials are wrong or the account may not log in (message says why)."""

    code = "unauthorized"
    status = 401


class WrongCredentials(LoginRefused):
    """The address or the password is wrong (which of the two is not told)."""


class TokenInvalid(DomainError):
    """A verification or reset link is tampered with, used or expired."""

    code = "validation_error"
    status = 400


@dataclass
class Registration:
    """What a newcomer fills in on the registration form."""

    display_name: str
    email: str
    organisation: str
    function: str
    password: str


def normalise_email(email: str) -> str:
    """Lower-case and trim an address, so it is unique in one form."""
    return email.strip().lower()


def email_domain_allowed(email: str, patterns: list[str]) -> bool:
    """Tell whether the address's domain matches one of the allowed patterns."""
    if not patterns:
        return True
    domain = email.rsplit("@", 1)[-1].lower()
    return any(fnmatch.fnmatchcase(domain, pattern) for pattern in patterns)


def get_member(session: Session, user_id: int) -> User:
    """Load a member for their profile; deleted and unverified accounts do not exist."""
    user = session.get(User, user_id)
    if user is None or user.deleted_at is not None or not user.is_verified:
        raise NotFound("Dit lid bestaat niet (meer).")
    return user


def find_by_email(session: Session, email: str) -> User | None:
    """Load a member by e-mail address, ignoring case."""
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


@dataclass(frozen=True)
class Registered:
    """What a registration did: a new member, or nothing because the address has one.

    The caller must answer both alike and mail the address either way (a verification link,
    or a note to the owner), so the answer never tells whether an address has an account.
    """

    user: User
    created: bool


def register(session: Session, data: Registration) -> Registered:
    """Create an unverified member; raise ValidationFailed with the field at fault.

    Every check that does not depend on existing accounts comes first, and the password is
    hashed whether or not the address is taken, so neither the answer nor its time differs.
    """
    email = normalise_email(data.email)
    if not email_domain_allowed(email, current_app.config["ALLOWED_EMAIL_DOMAINS"]):
        raise ValidationFailed(
            "Registreren kan alleen met een e-mailadres van een aangesloten organisatie.",
            field="email",
        )
    problem = password_problem(data.password, email=email, name=data.display_name)
    if problem:
        raise ValidationFailed(problem, field="password")
    _refuse_personal_data(data.display_name, data.organisation, data.function)
    password_hash = hash_password(data.password)
    existing = find_by_email(session, email)
    if existing is not None:
        return Registered(existing, created=False)
    user = User(
        email=email,
        display_name=data.display_name.strip(),
        organisation=data.organisation.strip(),
        function=data.function.strip(),
        password_hash=password_hash,
        role=Role.MEMBER,
        approved_at=None if current_app.config["REQUIRE_APPROVAL"] else utcnow(),
    )
    session.add(user)
    session.flush()
    return Registered(user, created=True)


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def make_verify_token(user: User) -> str:
    """Sign a link token that proves the member owns the address."""
    return _serializer(VERIFY_SALT).dumps({"id": user.id, "email": user.email})


def verify_email(session: Session, token: str) -> User:
    """Mark the address verified if the token is genuine and fresh."""
    try:
        data = _serializer(VERIFY_SALT).loads(
            token, max_age=current_app.config["VERIFY_TOKEN_MAX_AGE"]
        )
    except SignatureExpired as exc:
        raise TokenInvalid("Deze bevestigingslink is verlopen. Vraag een nieuwe aan.") from exc
    except BadSignature as exc:
        raise TokenInvalid("Deze bevestigingslink is ongeldig.") from exc
    user = session.get(User, data.get("id"))
    if user is None or user.email != data.get("email"):
        raise TokenInvalid("Deze bevestigingslink is ongeldig.")
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()
    return user


def make_reset_token(user: User) -> str:
    """Sign a one-time reset token, bound to the current password hash."""
    return _serializer(RESET_SALT).dumps({"id": user.id, "pw": user.password_hash[-16:]})


def user_for_reset_token(session: Session, token: str) -> User:
    """Return the member a reset token belongs to, if it is still valid."""
    try:
        data = _serializer(RESET_SALT).loads(
            token, max_age=current_app.config["RESET_TOKEN_MAX_AGE"]
        )
    except SignatureExpired as exc:
        raise TokenInvalid(
            "Deze link om je wachtwoord te herstellen is verlopen. Vraag een nieuwe aan."
        ) from exc
    except BadSignature as exc:
        raise TokenInvalid("Deze link om je wachtwoord te herstellen is ongeldig.") from exc
    user = session.get(User, data.get("id"))
    if user is None or user.password_hash[-16:] != data.get("pw"):
        raise TokenInvalid("Deze link om je wachtwoord te herstellen is al gebruikt of ongeldig.")
    return user


def set_password(user: User, password: str) -> None:
    """Change the password and end every other session of the member."""
    problem = password_problem(password, email=user.email, name=user.display_name)
    if problem:
        raise ValidationFailed(problem, field="password")
    user.password_hash = hash_password(password)
    user.session_version += 1
    session = object_session(user)
    if session is not None and user.id is not None:
        sessions.end_all(session, user, sessions.ENDED_PASSWORD)


def refusal_reason(user: User) -> str | None:
    """Say in Dutch why this member cannot use the community now, or None."""
    if user.deleted_at is not None:
        return "Dit account is verwijderd."
    if not user.is_verified:
        return (
            "Je e-mailadres is nog niet bevestigd. Klik op de link in de mail die we je stuurden."
        )
    if not user.is_approved:
        return "Je account wacht nog op goedkeuring door een moderator."
    if user.is_suspended:
        until = user.suspended_until.strftime("%d-%m-%Y") if user.suspended_until else ""
        reason = f" Reden: {user.suspension_reason}" if user.suspension_reason else ""
        return f"Je account is geschorst tot {until}.{reason}"
    return None


def authenticate(session: Session, email: str, password: str) -> User:
    """Return the member for these credentials or raise LoginRefused with the reason."""
    user = find_by_email(session, email)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        raise WrongCredentials("Het e-mailadres of wachtwoord klopt niet.")
    reason = refusal_reason(user)
    if reason:
        raise LoginRefused(reason)
    if password_login_off(session, user):
        raise LoginRefused(ORGANISATION_ACCOUNT_ONLY)
    user.last_login_at = utcnow()
    return user


ORGANISATION_ACCOUNT_ONLY = (
    "Je organisatie heeft inloggen met een wachtwoord uitgezet. Kies 'Inloggen met je "
    "organisatie-account'."
)


def password_login_off(session: Session, user: User) -> bool:
    """Whether the member's organisation switched password login off (decision 0021).

    A member belongs to an organisation through an account at one of its issuers, or through
    the organisation named on their profile (same name, ignoring case and outer spaces).
    """
    by_name = select(SsoOrganisation.id).where(
        SsoOrganisation.password_login_off.is_(True),
        func.lower(SsoOrganisation.name) == user.organisation.strip().lower(),
    )
    by_issuer = (
        select(SsoOrganisation.id)
        .join(SsoIssuer, SsoIssuer.organisation_id == SsoOrganisation.id)
        .join(SsoIdentity, SsoIdentity.issuer == SsoIssuer.issuer)
        .where(SsoOrganisation.password_login_off.is_(True), SsoIdentity.user_id == user.id)
    )
    return session.scalar(select(by_name.union(by_issuer).exists())) or False


def approve(session: Session, user_id: int) -> User:
    """Let a waiting member in."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Dit lid bestaat niet.")
    if user.approved_at is None:
        user.approved_at = utcnow()
    return user


def create_user(
    session: Session,
    *,
    email: str,
    display_name: str,
    password: str,
    role: Role = Role.MEMBER,
    organisation: str = "",
    function: str = "",
) -> User:
    """Create a verified, approved member (CLI and seeding); checks the password policy."""
    email = normalise_email(email)
    if find_by_email(session, email) is not None:
        raise ValidationFailed("Er bestaat al een account met dit e-mailadres.", field="email")
    problem = password_problem(password, email=email, name=display_name)
    if problem:
        raise ValidationFailed(problem, field="password")
    _refuse_personal_data(display_name, organisation, function)
    now = utcnow()
    user = User(
        email=email,
        display_name=display_name,
        organisation=organisation,
        function=function,
        password_hash=hash_password(password),
        role=role,
        email_verified_at=now,
        approved_at=now,
    )
    session.add(user)
    session.flush()
    return user


def refuse_personal_data(display_name: str, organisation: str, function: str = "") -> None:
    """Raise ValidationFailed when a profile field holds a hard identifier (SSO claims too)."""
    _refuse_personal_data(display_name, organisation, function)


def _refuse_personal_data(display_name: str, organisation: str, function: str) -> None:
    """Profile fields hold no client's BSN, phone number, address ... (names are allowed)."""
    privacy_gate.refuse_hard(
        {"display_name": display_name, "organisation": organisation, "function": function}
    )
