"""Forms of the moderation pages, the flag form and the endorse button."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kenme.services.audit import REASON_MAX
from kenme.services.flags import NOTE_MAX, REASON_LABELS
from kenme.web.forms import REQUIRED

CLOSE_CHOICES = [
    SelectChoice("dubbel", "Dubbele vraag"),
    SelectChoice("off_topic", "Hoort niet bij KenMe (off-topic)"),
    SelectChoice("beantwoord", "Elders beantwoord"),
    SelectChoice("te_breed", "Te breed (splits de vraag op)"),
]


class ModerationActionForm(FlaskForm):
    """One click on a post or comment: the button names the action, the reason goes along."""

    action = HiddenField()
    post_id = HiddenField()
    comment_id = HiddenField()
    next = HiddenField()
    reason = StringField("Reden")
    close_reason = SelectField("Waarom sluiten?", choices=CLOSE_CHOICES, validate_choice=False)
    duplicate_of = StringField("Nummer van de oorspronkelijke vraag")
    purge_text = StringField("Precieze tekst die weg moet")


class FlagForm(FlaskForm):
    """A member tells the moderators what is wrong with a post or comment."""

    reason = RadioField(
        "Wat is er mis?",
        choices=[SelectChoice(reason.value, label) for reason, label in REASON_LABELS.items()],
        validators=[InputRequired("Kies een reden voor je melding.")],
    )
    note = TextAreaField(
        "Toelichting (niet verplicht)",
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=f"Gebruik hooguit {NOTE_MAX} tekens."),
        ],
    )
    submit = SubmitField("Melding versturen")


class EndorseForm(FlaskForm):
    """Endorse (endorsed=1) or withdraw (endorsed=0) an answer."""

    endorsed = HiddenField(default="1")


class SuspendForm(FlaskForm):
    """Suspend a member through a date, with a reason they will read at login."""

    until = DateField(
        "Geschorst tot en met", validators=[InputRequired("Kies een datum.")], format="%Y-%m-%d"
    )
    reason = TextAreaField(
        "Reden (het lid leest deze bij het inloggen)",
        validators=[DataRequired(REQUIRED), Length(max=REASON_MAX)],
    )
    submit = SubmitField("Schorsen")


class ReasonForm(FlaskForm):
    """A one-click member action with an optional reason."""

    reason = StringField("Reden (niet verplicht)", validators=[Length(max=REASON_MAX)])


class SpecialistForm(FlaskForm):
    """Appoint a member as thema-specialist for a topic (admins)."""

    topic = SelectField("Onderwerp", validators=[DataRequired(REQUIRED)], validate_choice=False)
    submit = SubmitField("Benoemen")


class MemberSearchForm(FlaskForm):
    """Find a member by name or e-mail address (GET, no CSRF)."""

    class Meta:
        csrf = False

    q = StringField("Zoek een lid op naam of e-mailadres", validators=[Optional()])


class RetentionArchiveForm(FlaskForm):
    """Archive a thread's case text after the retention period: a box ticked first."""

    confirm = BooleanField(
        "Ik heb de antwoorden en bijdragen nagelezen en begrijp dat de casus niet terug kan",
        validators=[DataRequired("Vink dit aan om de casus te archiveren.")],
    )


class RetentionKeepForm(FlaskForm):
    """Keep a thread's case text for another period, with a reason for the audit log."""

    reason = TextAreaField(
        "Waarom blijft de casus bewaard?",
        validators=[DataRequired(REQUIRED), Length(max=REASON_MAX)],
    )
