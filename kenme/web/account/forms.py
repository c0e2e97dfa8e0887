"""Forms of the member's own account pages and of AVG requests handled by moderators."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from kenme.services.moderation.common import REASON_MAX
from kenme.web.forms import REQUIRED

UNDERSTOOD = "Vink aan dat je begrijpt dat verwijderen niet ongedaan kan worden."


class DeleteAccountForm(FlaskForm):
    """Deleting one's own account: the password again, and a box ticked."""

    password = PasswordField("Je wachtwoord", validators=[DataRequired(REQUIRED)])
    confirm = BooleanField(
        "Ik begrijp dat mijn account definitief wordt verwijderd",
        validators=[DataRequired(UNDERSTOOD)],
    )


class AvgRequestForm(FlaskForm):
    """A moderator acts on a member's AVG request: which request (for the audit log)."""

    reference = StringField(
        "Verzoek (kenmerk of korte omschrijving, komt in het logboek)",
        validators=[DataRequired(REQUIRED), Length(max=REASON_MAX)],
    )


class AvgDeleteRequestForm(AvgRequestForm):
    """A moderator deletes an account on request: also a box ticked."""

    confirm = BooleanField(
        "Ik heb gecontroleerd dat het verzoek van dit lid zelf komt, en begrijp dat dit "
        "niet ongedaan kan worden",
        validators=[DataRequired(UNDERSTOOD)],
    )
