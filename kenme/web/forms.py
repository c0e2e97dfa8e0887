"""Forms shared by several blueprints."""

from __future__ import annotations

from flask_wtf import FlaskForm

REQUIRED = "Dit veld is verplicht."


class EmptyForm(FlaskForm):
    """A one-click POST button: carries only the CSRF token."""
