"""Jinja filters and globals shared by every template."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Flask
from flask_wtf.csrf import generate_csrf

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
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


def dutch_date(value: datetime | None, with_time: bool = False) -> str:
    """Format a datetime as '3 maart 2025' (and '14:05') in Dutch local time."""
    if value is None:
        return ""
    local = value.astimezone(AMSTERDAM)
    text = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    if with_time:
        text += f", {local:%H:%M}"
    return text


def register_template_helpers(app: Flask) -> None:
    """Add filters and globals to the Jinja environment."""
    app.jinja_env.filters["dutch_date"] = dutch_date
    app.jinja_env.globals["csrf_token"] = generate_csrf
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
