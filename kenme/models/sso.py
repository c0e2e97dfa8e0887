"""Single sign-on: which issuers may log members in, for which organisation (decision 0021)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kenme.extensions import db
from kenme.models.types import UTCDateTime, utcnow

ISSUER_MAX = 300
SUBJECT_MAX = 255


class SsoOrganisation(db.Model):
    """An organisation whose colleagues may log in with their own account.

    ``password_login_off`` switches password login off for its members: those whose account
    is linked to one of its issuers, and those whose profile names this organisation.
    """

    __tablename__ = "sso_organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    password_login_off: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    issuers: Mapped[list[SsoIssuer]] = relationship(
        back_populates="organisation", cascade="all, delete-orphan", order_by="SsoIssuer.id"
    )


class SsoIssuer(db.Model):
    """One allowed issuer: the exact ``iss`` an ID token must carry to log anyone in.

    ``connection`` names the configured OpenID Connect client (``SSO_CONNECTIONS``) the
    login runs through. For a multi-tenant connection (Entra ID) ``tenant_id`` is the tenant
    and ``issuer`` is the connection's issuer template filled in with it.
    """

    __tablename__ = "sso_issuers"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("sso_organisations.id", ondelete="CASCADE"), index=True
    )
    connection: Mapped[str] = mapped_column(String(40))
    issuer: Mapped[str] = mapped_column(String(ISSUER_MAX), unique=True)
    tenant_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[SsoOrganisation] = relationship(back_populates="issuers")


class SsoIdentity(db.Model):
    """A member's account at an issuer: logs in by (issuer, subject), never by e-mail again."""

    __tablename__ = "sso_identities"
    __table_args__ = (UniqueConstraint("issuer", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    issuer: Mapped[str] = mapped_column(String(ISSUER_MAX))
    subject: Mapped[str] = mapped_column(String(SUBJECT_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
