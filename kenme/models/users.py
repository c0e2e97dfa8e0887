"""Members of the closed community and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from kenme.extensions import db
from kenme.mentions import name_key
from kenme.models.topics import Topic, specialist_topics, user_expertise
from kenme.models.types import UTCDateTime, utcnow

NAME_KEY_MAX = 200  # NFKC and case folding can lengthen an 80-character name


class Role(enum.StrEnum):
    """What a member may do, from least to most."""

    MEMBER = "member"
    THEMA_SPECIALIST = "thema_specialist"
    MODERATOR = "moderator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.MEMBER: "Lid",
    Role.THEMA_SPECIALIST: "Thema-specialist",
    Role.MODERATOR: "Moderator",
    Role.ADMIN: "Beheerder",
}


class User(UserMixin, db.Model):
    """A verified professional: klantmanager, specialist, moderator or beheerder."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    # display_name in kenme.mentions.name_key form, kept by _keep_name_key: @mentions
    # resolve through it (kenme.services.mentions).
    name_key: Mapped[str] = mapped_column(String(NAME_KEY_MAX), default="", index=True)
    organisation: Mapped[str] = mapped_column(String(120), default="")
    function: Mapped[str] = mapped_column(String(120), default="")
    about: Mapped[str] = mapped_column(Text, default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        default=Role.MEMBER,
    )
    reputation: Mapped[int] = mapped_column(default=0)
    # Part of the login session id: bumping it ends every session of this member.
    session_version: Mapped[int] = mapped_column(default=1)
    # Part of the secret in this member's Atom feed URLs: bumping it revokes them all.
    feed_version: Mapped[int] = mapped_column(default=1, server_default="1")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str] = mapped_column(Text, default="")
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    specialist_topics: Mapped[list[Topic]] = relationship(
        secondary=specialist_topics, order_by=Topic.name
    )

    expertise: Mapped[list[Topic]] = relationship(secondary=user_expertise, order_by=Topic.name)

    @validates("display_name")
    def _keep_name_key(self, _key: str, value: str) -> str:
        self.name_key = name_key(value or "")[:NAME_KEY_MAX]
        return value

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > utcnow()

    @property
    def is_active(self) -> bool:
        """Whether this member may use the community right now."""
        return (
            self.deleted_at is None
            and self.is_verified
            and self.is_approved
            and not self.is_suspended
        )

    @property
    def is_moderator(self) -> bool:
        return self.role in (Role.MODERATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value}>"
