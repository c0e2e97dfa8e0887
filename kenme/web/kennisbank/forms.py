"""Forms for editing a Kennisbank page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from kenme.services.kennisbank import INTRO_MAX, LAW_NOTE_MAX, NOTE_MAX
from kenme.web.forms import REQUIRED


class IntroForm(FlaskForm):
    """The introduction newcomers read first (Markdown)."""

    intro = TextAreaField("Inleiding", validators=[Length(max=INTRO_MAX)])
    submit = SubmitField("Inleiding opslaan")


class ItemForm(FlaskForm):
    """A link to a question, answer or aanplakker with a one-line note."""

    post = StringField(
        "Link of nummer van de vraag, het antwoord of de aanplakker",
        validators=[DataRequired(REQUIRED)],
    )
    note = StringField(
        "Waarom lezen? (één regel)", validators=[DataRequired(REQUIRED), Length(max=NOTE_MAX)]
    )
    submit = SubmitField("Toevoegen")


class LawChangeForm(FlaskForm):
    """A dated wetswijziging note."""

    effective_on = DateField(
        "Gaat in op", validators=[InputRequired("Kies een datum.")], format="%Y-%m-%d"
    )
    note = TextAreaField(
        "Wat verandert er?", validators=[DataRequired(REQUIRED), Length(max=LAW_NOTE_MAX)]
    )
    submit = SubmitField("Wetswijziging toevoegen")
