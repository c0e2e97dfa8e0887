"""Search forms: the GET search form (no CSRF, as in the Mega-Tutorial) and the thesaurus form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from kenme.search.engine import Filters
from kenme.search.synonyms import KINDS
from kenme.web.forms import REQUIRED, KeptFieldsForm

SORT_CHOICES = [
    SelectChoice("relevance", "Relevantie"),
    SelectChoice("newest", "Nieuwste"),
    SelectChoice("votes", "Meeste stemmen"),
]
TYPE_CHOICES = [
    SelectChoice("", "Alles"),
    SelectChoice("question", "Vragen"),
    SelectChoice("aanplakker", "Aanplakkers"),
]
STATUS_CHOICES = [
    SelectChoice("", "Elke status"),
    SelectChoice("open", "Open"),
    SelectChoice("answered", "Beantwoord"),
    SelectChoice("accepted", "Geaccepteerd antwoord"),
    SelectChoice("closed", "Gesloten"),
]
FLAG_FIELDS = {"onbeantwoord": "unanswered", "geaccepteerd": "accepted", "bekrachtigd": "endorsed"}


class SearchForm(KeptFieldsForm):
    """What to search for; read from the query string, so links and bookmarks work."""

    class Meta:
        csrf = False

    q = SearchField("Zoek in vragen en Aanplakkers")
    type = SelectField("Soort", choices=TYPE_CHOICES, default="", validate_choice=False)
    status = SelectField("Status", choices=STATUS_CHOICES, default="", validate_choice=False)
    onbeantwoord = BooleanField("Nog zonder antwoord")
    geaccepteerd = BooleanField("Met geaccepteerd antwoord")
    bekrachtigd = BooleanField("Met bekrachtigd antwoord (thema-specialist)")
    sort = SelectField(
        "Sorteer op", choices=SORT_CHOICES, default="relevance", validate_choice=False
    )

    def filters(self, topics: list[str], year: str | None) -> Filters:
        """Return the filters chosen in the form and through facet links."""
        flags = frozenset(flag for name, flag in FLAG_FIELDS.items() if self[name].data)
        return Filters(
            topics=tuple(t for t in topics if isinstance(t, str) and len(t) <= 80),
            type=self.type.data or None,
            status=self.status.data or None,
            year=int(year) if year and year.isdigit() and len(year) == 4 else None,
            flags=flags,
        )


class SynonymGroupForm(FlaskForm):
    """A thesaurus group: one main term and the names that mean the same for search."""

    canonical = StringField("Hoofdterm", validators=[DataRequired(REQUIRED), Length(max=200)])
    terms = TextAreaField("Andere termen", validators=[DataRequired(REQUIRED), Length(max=4000)])
    kind = SelectField(
        "Soort",
        choices=[
            SelectChoice("A", "Afkorting"),
            SelectChoice("S", "Synoniem"),
            SelectChoice("O→N", "Oude naam → nieuwe naam"),
            SelectChoice("A/S", "Afkorting of synoniem"),
            SelectChoice("A/O→N", "Afkorting en oude naam"),
            SelectChoice("T", "Tijdelijke regeling"),
        ],
        default="S",
    )
    note = StringField("Toelichting (optioneel)", validators=[Length(max=500)])

    def validate_kind(self, field) -> None:
        if field.data not in KINDS:
            field.data = "S"
