"""Dates written the Dutch way ("1 januari 2025"), for pages, notices and mails alike."""

from __future__ import annotations

from datetime import date

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def dutch_day(day: date) -> str:
    """A day as "1 januari 2025"."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
