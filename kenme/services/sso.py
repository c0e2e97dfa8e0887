"""Single sign-on with OpenID Connect: the allowlist, and the account behind an ID token.

The web layer (kenme/web/auth/sso.py) runs the redirect flow with Authlib and hands over the
claims of an ID token whose signature, audience, expiry and nonce Authlib checked, and whose
issuer passed ``issuer_matches``. Here the issuer must be on the allowlist, and the account is
found by (issuer, subject), linked through a verified e-mail address, or made just in time
(decision 0021). Nothing here logs or stores a claim beyond the account's own fields.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kenme.errors import DomainError, NotFound, ValidationFailed
from kenme.models import Role, SsoIdentity, SsoIssuer, SsoOrganisation, User
from kenme.models.sso import ISSUER_MAX, SUBJECT_MAX
from kenme.models.types import utcnow
from kenme.services import accounts

log = logging.getLogger("kenme.sso")

TENANT = "{tenantid}"
NAME_MAX = 80
ORGANISATION_MAX = 120


class SsoRefused(DomainError):
    """A login through the organisation's account that KenMe refuses; ``reason`` is for the log.

    The message is Dutch and names no claim value; ``reason`` is a fixed code.
    """

    code = "forbidden"
    status = 403

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


MESSAGES = {
    "unknown_connection": "Deze manier van inloggen bestaat niet (meer).",
    "unknown_issuer": (
        "Je organisatie is (nog) niet aangesloten op KenMe. Vraag de beheerder van KenMe om "
        "je organisatie toe te voegen, of log in met je e-mailadres en wachtwoord."
    ),
    "missing_subject": "Je organisatie stuurde geen herkenbaar account mee. Probeer het opnieuw.",
    "missing_email": (
        "Je organisatie stuurde geen e-mailadres mee, en dat is nodig voor een KenMe-account. "
        "Vraag je IT-afdeling om het e-mailadres mee te sturen."
    ),
    "unverified_email": (
        "Er bestaat al een KenMe-account met het e-mailadres van je organisatie-account, maar "
        "je organisatie bevestigt niet dat dit adres van jou is. Log in met je wachtwoord; "
        "koppelen kan alleen via een bevestigd e-mailadres."
    ),
    "claims_refused": (
        "De naam of organisatie die je organisatie meestuurde, bevat gegevens die KenMe niet "
        "opslaat. Vraag je IT-afdeling ernaar."
    ),
}


@dataclass(frozen=True)
class Connection:
    """One configured OpenID Connect client (``SSO_CONNECTIONS``)."""

    name: str
    label: str
    client_id: str
    client_secret: str
    metadata_url: str
    # Multi-tenant (Entra ID): the issuer with "{tenantid}" in it; tokens carry "tid".
    issuer_template: str = ""
    scope: str = "openid email profile"

    @property
    def multi_tenant(self) -> bool:
        return TENANT in self.issuer_template

    def issuer_for(self, tenant_id: str) -> str:
        return self.issuer_template.replace(TENANT, tenant_id)


def connections() -> dict[str, Connection]:
    """The configured connections by name, in configuration order."""
    found: dict[str, Connection] = {}
    for name, raw in (current_app.config.get("SSO_CONNECTIONS") or {}).items():
        found[name] = Connection(
            name=name,
            label=raw.get("label") or name,
            client_id=raw["client_id"],
            client_secret=raw.get("client_secret", ""),
            metadata_url=raw["metadata_url"],
            issuer_template=raw.get("issuer_template", ""),
            scope=raw.get("scope", "openid email profile"),
        )
    return found


def connection(name: str) -> Connection:
    """The connection of this name, or SsoRefused."""
    found = connections().get(name)
    if found is None:
        raise SsoRefused("unknown_connection", MESSAGES["unknown_connection"])
    return found


def issuer_matches(conn: Connection, claims: Any, metadata_issuer: str | None) -> bool:
    """Whether the token's ``iss`` is one this connection's provider may issue at all.

    A single-tenant provider has one issuer, the one in its discovery document. A
    multi-tenant provider (Entra ID) issues per tenant: ``iss`` must be the template filled
    in with the token's own ``tid``, so a token of one tenant never passes for another.
    Whether that issuer is allowed to log anyone in is the allowlist's business (``login``).
    """
    iss = claims.get("iss")
    if not isinstance(iss, str) or not iss:
        return False
    if conn.multi_tenant:
        tenant = claims.get("tid")
        return isinstance(tenant, str) and bool(tenant) and iss == conn.issuer_for(tenant)
    return metadata_issuer is not None and iss == metadata_issuer


def allowed_issuer(session: Session, conn: Connection, iss: str) -> SsoIssuer | None:
    """The allowlist row for this issuer through this connection, if any."""
    return session.scalar(
        select(SsoIssuer).where(SsoIssuer.issuer == iss, SsoIssuer.connection == conn.name)
    )


def has_issuers(session: Session, conn: Connection) -> bool:
    """Whether anyone may log in through this connection."""
    return bool(
        session.scalar(
            select(select(SsoIssuer.id).where(SsoIssuer.connection == conn.name).exists())
        )
    )


@dataclass(frozen=True)
class SsoLogin:
    """What a login through the organisation did: the member, and whether they are new.

    ``refusal`` is the Dutch reason this member may not come in now (not yet approved,
    suspended ...), the same as for a password login; ``created`` and ``linked`` say what
    was stored, which the caller commits either way.
    """

    user: User
    created: bool
    linked: bool
    refusal: str | None


def _claim_text(claims: Any, key: str) -> str:
    value = claims.get(key)
    return value.strip() if isinstance(value, str) else ""


def email_verified(claims: Any) -> bool:
    """Whether the provider vouches for the address: ``email_verified`` (or Entra's xms_edov)."""
    for key in ("email_verified", "xms_edov"):
        value = claims.get(key)
        if value is True or (isinstance(value, str) and value.lower() == "true"):
            return True
    return False


def display_name(claims: Any, organisation: str) -> str:
    """The name the member goes by: ``name``, else given and family name, else a neutral one."""
    name = _claim_text(claims, "name")
    if not name:
        name = " ".join(
            part
            for part in (_claim_text(claims, "given_name"), _claim_text(claims, "family_name"))
            if part
        )
    return (name or f"Collega van {organisation}")[:NAME_MAX].strip()


def login(session: Session, conn: Connection, claims: Any) -> SsoLogin:
    """Find, link or create the member for verified ID-token claims; raise SsoRefused.

    Order: the allowlist; an account already linked to (issuer, subject); else an account
    with the same address, linked only when the provider vouches for it; else a new account.
    """
    iss = _claim_text(claims, "iss")
    row = allowed_issuer(session, conn, iss)
    if row is None:
        raise SsoRefused("unknown_issuer", MESSAGES["unknown_issuer"])
    subject = _claim_text(claims, "sub")
    if not subject or len(subject) > SUBJECT_MAX or len(iss) > ISSUER_MAX:
        raise SsoRefused("missing_subject", MESSAGES["missing_subject"])
    organisation = row.organisation.name[:ORGANISATION_MAX]
    identity = session.scalar(
        select(SsoIdentity).where(SsoIdentity.issuer == iss, SsoIdentity.subject == subject)
    )
    created = linked = False
    if identity is not None:
        user = session.get(User, identity.user_id)
        if user is None:  # pragma: no cover (the foreign key cascades)
            raise NotFound("Dit account bestaat niet meer.")
    else:
        user, created = _link_or_create(session, claims, organisation)
        identity = SsoIdentity(user_id=user.id, issuer=iss, subject=subject)
        session.add(identity)
        linked = not created
    now = utcnow()
    refusal = accounts.refusal_reason(user)
    if refusal is None:
        identity.last_login_at = now
        user.last_login_at = now
    session.flush()
    return SsoLogin(user=user, created=created, linked=linked, refusal=refusal)


def _link_or_create(session: Session, claims: Any, organisation: str) -> tuple[User, bool]:
    email = accounts.normalise_email(_claim_text(claims, "email"))
    if not email or "@" not in email or len(email) > 254:
        raise SsoRefused("missing_email", MESSAGES["missing_email"])
    verified = email_verified(claims)
    existing = accounts.find_by_email(session, email)
    if existing is not None:
        if not verified:
            raise SsoRefused("unverified_email", MESSAGES["unverified_email"])
        if existing.email_verified_at is None:
            existing.email_verified_at = utcnow()  # the organisation vouches for the address
        return existing, False
    name = display_name(claims, organisation)
    try:
        accounts.refuse_personal_data(name, organisation)
    except ValidationFailed as error:
        raise SsoRefused("claims_refused", MESSAGES["claims_refused"]) from error
    now = utcnow()
    user = User(
        email=email,
        display_name=name,
        organisation=organisation,
        password_hash="",  # no password: this account logs in through its organisation
        role=Role.MEMBER,
        email_verified_at=now if verified else None,
        approved_at=None if current_app.config["REQUIRE_APPROVAL"] else now,
    )
    session.add(user)
    session.flush()
    return user, True


def audit(reason: str, conn_name: str, *, user_id: int | None = None) -> None:
    """One log line per refused or accepted SSO login: fixed codes and ids, never a claim."""
    if user_id is None:
        log.warning("sso login geweigerd: reden=%s verbinding=%s", reason, conn_name)
    else:
        log.info("sso login: %s lid=%s verbinding=%s", reason, user_id, conn_name)


def organisations(session: Session) -> list[SsoOrganisation]:
    """Every organisation on the allowlist, by name."""
    return list(session.scalars(select(SsoOrganisation).order_by(func.lower(SsoOrganisation.name))))
