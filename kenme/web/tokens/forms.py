"""Forms for personal API tokens."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField
from wtforms.validators import Length

from kenme.services.tokens import NAME_MAX


class CreateTokenForm(FlaskForm):
    """Name a new token so it can be recognised (and revoked) later."""

    name = StringField(
        "Naam van de sleutel",
        validators=[Length(max=NAME_MAX, message=f"Hooguit {NAME_MAX} tekens.")],
    )
    submit = SubmitField("Sleutel aanmaken")
