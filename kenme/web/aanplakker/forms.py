"""Forms for starting an Aanplakker and for each step in its thread."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from kenme.models import ContributionKind, Lens
from kenme.web.forms import REQUIRED


class DutchDateField(DateField):
    """A date input whose parse error is Dutch."""

    def process_formdata(self, valuelist):
        if valuelist and not "".join(valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError("Vul een geldige datum in (dag, maand en jaar).") from None


class AanplakkerForm(FlaskForm):
    """Pin a dilemma to the board: the four case fields, topics and an end date."""

    title = StringField(
        "Titel", validators=[DataRequired(REQUIRED), Length(max=150, message="Hooguit 150 tekens.")]
    )
    situatie = TextAreaField("Situatie", validators=[DataRequired(REQUIRED)])
    dilemma = TextAreaField("Mijn dilemma", validators=[DataRequired(REQUIRED)])
    geprobeerd = TextAreaField("Wat ik al heb geprobeerd", validators=[DataRequired(REQUIRED)])
    meedenkvraag = TextAreaField("Waarover wil ik meedenken", validators=[DataRequired(REQUIRED)])
    topics = SelectMultipleField(
        "Onderwerpen", choices=[], validate_choice=False, validators=[DataRequired(REQUIRED)]
    )
    ends_on = DutchDateField(
        "Einddatum",
        validators=[InputRequired("Kies een einddatum.")],
        render_kw={"autocomplete": "off"},
    )
    submit = SubmitField("Aanplakker plaatsen")

    def case_fields(self) -> dict[str, str]:
        """The texts the privacy gate scans, by the service's field names."""
        return {
            "title": self.title.data or "",
            "situatie": self.situatie.data or "",
            "dilemma": self.dilemma.data or "",
            "geprobeerd": self.geprobeerd.data or "",
            "meedenkvraag": self.meedenkvraag.data or "",
        }


LENS_CHOICES = [SelectChoice("", "Geen bril")] + [
    SelectChoice(lens.value, lens.label) for lens in Lens
]


class ContributionForm(FlaskForm):
    """A clarifying question, or a perspective, experience or advice (by phase)."""

    kind = RadioField("Wat voor bijdrage", choices=[], validate_choice=False)
    lens = SelectField(
        "Door welke bril kijk je? (optioneel)",
        choices=LENS_CHOICES,
        validators=[Optional()],
        validate_choice=False,
    )
    body = TextAreaField("Je bijdrage", validators=[DataRequired(REQUIRED)])
    anonymous = BooleanField("Plaats anoniem voor andere leden", id="bijdrage-anoniem")
    submit = SubmitField("Bijdrage plaatsen")

    def set_kinds(self, kinds: tuple[ContributionKind, ...]) -> None:
        self.kind.choices = [SelectChoice(kind.value, kind.label) for kind in kinds]
        if len(kinds) == 1 and not self.kind.data:
            self.kind.data = kinds[0].value


class ReplyForm(FlaskForm):
    """The author answers a clarifying question inline."""

    reply = TextAreaField("Je antwoord", validators=[DataRequired(REQUIRED)])
    submit = SubmitField("Antwoord plaatsen")


class PhaseForm(FlaskForm):
    """Move the Aanplakker to the next phase (a one-click button)."""

    phase = HiddenField(validators=[DataRequired()])


class OogstForm(FlaskForm):
    """What the author takes away, and which contributions helped."""

    helpful = SelectMultipleField(
        "Welke bijdragen hielpen je?", choices=[], coerce=int, validate_choice=False
    )
    oogst = TextAreaField("Je oogst", validators=[DataRequired(REQUIRED)])
    submit = SubmitField("Oogst plaatsen en afsluiten")


class FollowupForm(FlaskForm):
    """How did it turn out? Added by the author after closing."""

    followup = TextAreaField("Hoe is het afgelopen?", validators=[DataRequired(REQUIRED)])
    submit = SubmitField("Vervolg plaatsen")


class CloseForm(FlaskForm):
    """A moderator closes an Aanplakker whose author left, with a note."""

    note = TextAreaField(
        "Toelichting voor collega's",
        validators=[DataRequired(REQUIRED), Length(max=1000, message="Hooguit 1.000 tekens.")],
    )
    submit = SubmitField("Sluiten zonder oogst")
