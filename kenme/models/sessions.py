"""Login sessions kept on the server, so that logging out ends them (decision 0017)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kenme.extensions import db
from kenme.models.types import UTCDateTime, utcnow


class LoginSession(db.Model):
    """One login of a member in one browser; the signed cookie holds the key to it.

    Only the SHA-256 of the key is stored, so a copy of the table opens no session. No IP
    address and no full user agent are kept: ``device`` is a short summary such as
    "Firefox op Windows", enough for a member to recognise their own browsers.
    """

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device: Mapped[str] = mapped_column(String(80), default="")
    method: Mapped[str] = mapped_column(String(20), default="password")
    remember: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    end_reason: Mapped[str] = mapped_column(String(40), default="")

    @property
    def is_live(self) -> bool:
        return self.ended_at is None and self.expires_at > utcnow()
