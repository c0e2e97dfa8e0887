"""Numbers admins set in the app (decision 0019)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from kenme.extensions import db
from kenme.models.types import UTCDateTime, utcnow


class CommunitySetting(db.Model):
    """A number admins set in the app: a privilege's reputation threshold, or a vote count.

    Only changed values have a row; every other setting has its default in
    kenme/permissions.py (``PRIVILEGES``, ``SETTINGS``).
    """

    __tablename__ = "community_settings"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
