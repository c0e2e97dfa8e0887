"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def dutch_today() -> date:
    """Today's date in the Netherlands, where the members' calendar days are (end dates, law
    changes, the date in an export's file name): a day ahead of the machine's UTC date from
    00:00 to 01:00 (02:00 in summer)."""
    return utcnow().astimezone(AMSTERDAM).date()


class UTCDateTime(TypeDecorator):
    """Store aware datetimes as UTC and always load them aware, also on SQLite."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use an aware UTC datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
