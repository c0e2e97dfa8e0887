"""Beheerders keep the allowlist of issuers and the per-organisation password switch.

Every change goes into the audit log (moderation_actions) with the issuer or tenant and the
organisation's name: configuration, never anything of a member.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kenme.errors import NotFound, ValidationFailed
from kenme.models import SsoIssuer, SsoOrganisation, User
from kenme.models.sso import ISSUER_MAX
from kenme.services import audit, privacy_gate
from kenme.services.sso import Connection

TENANT_ID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
NAME_MAX = 120


def _organisation(session: Session, name: str) -> SsoOrganisation:
    name = " ".join(name.split())
    if not name:
        raise ValidationFailed("Vul de naam van de organisatie in.", field="organisation")
    if len(name) > NAME_MAX:
        raise ValidationFailed(
            f"De naam is te lang (hoogstens {NAME_MAX} tekens).", field="organisation"
        )
    privacy_gate.refuse_hard({"organisation": name})
    found = session.scalar(
        select(SsoOrganisation).where(func.lower(SsoOrganisation.name) == name.lower())
    )
    if found is None:
        found = SsoOrganisation(name=name)
        session.add(found)
    return found


def issuer_value(conn: Connection, value: str) -> tuple[str, str | None]:
    """The issuer (and tenant id) an admin means: a tenant id for Entra ID, else a URL."""
    value = value.strip()
    if conn.multi_tenant:
        if not TENANT_ID.fullmatch(value):
            raise ValidationFailed(
                "Vul de tenant-id van de organisatie in (een GUID, zoals "
                "0a1b2c3d-1111-2222-3333-444455556666).",
                field="value",
            )
        tenant = value.lower()
        return conn.issuer_for(tenant), tenant
    parts = urlsplit(value)
    loopback = parts.scheme == "http" and parts.hostname in ("localhost", "127.0.0.1")
    if not (parts.scheme == "https" or loopback) or not parts.netloc or len(value) > ISSUER_MAX:
        raise ValidationFailed(
            "Vul de issuer in zoals de organisatie hem opgeeft: een adres dat met https:// begint.",
            field="value",
        )
    return value, None


def add_issuer(
    session: Session, actor: User, *, organisation: str, conn: Connection, value: str
) -> SsoIssuer:
    """Allow an issuer (or Entra tenant) to log in colleagues of this organisation."""
    issuer, tenant = issuer_value(conn, value)
    if session.scalar(select(SsoIssuer.id).where(SsoIssuer.issuer == issuer)) is not None:
        raise ValidationFailed("Deze issuer staat al op de lijst.", field="value")
    org = _organisation(session, organisation)
    row = SsoIssuer(connection=conn.name, issuer=issuer, tenant_id=tenant)
    org.issuers.append(row)
    session.flush()
    audit.record_action(
        session,
        actor,
        "sso_issuer_added",
        details={"organisation": org.name, "connection": conn.name, "issuer": issuer},
    )
    return row


def remove_issuer(session: Session, actor: User, issuer_id: int) -> None:
    """Stop an issuer from logging anyone in; linked accounts keep their link, unused."""
    row = session.get(SsoIssuer, issuer_id)
    if row is None:
        raise NotFound("Deze issuer staat niet (meer) op de lijst.")
    audit.record_action(
        session,
        actor,
        "sso_issuer_removed",
        details={"organisation": row.organisation.name, "issuer": row.issuer},
    )
    session.delete(row)


def set_password_login(session: Session, actor: User, organisation_id: int, *, off: bool) -> bool:
    """Switch password login off (or on again) for an organisation; True if it changed."""
    org = session.get(SsoOrganisation, organisation_id)
    if org is None:
        raise NotFound("Deze organisatie staat niet (meer) op de lijst.")
    if org.password_login_off == off:
        return False
    org.password_login_off = off
    audit.record_action(
        session,
        actor,
        "sso_password_off" if off else "sso_password_on",
        details={"organisation": org.name},
    )
    return True


def remove_organisation(session: Session, actor: User, organisation_id: int) -> None:
    """Take an organisation and its issuers off the list."""
    org = session.get(SsoOrganisation, organisation_id)
    if org is None:
        raise NotFound("Deze organisatie staat niet (meer) op de lijst.")
    audit.record_action(
        session, actor, "sso_organisation_removed", details={"organisation": org.name}
    )
    session.delete(org)
