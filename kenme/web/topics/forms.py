"""Forms for filtering a topic's questions and for moderators curating topics."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Regexp

from kenme.web.forms import REQUIRED, KeptFieldsForm
from kenme.web.messages import SORT_LABELS, STATUS_LABELS


class QuestionFilterForm(KeptFieldsForm):
    """Sort and filter a list of questions (a GET form, so no CSRF)."""

    class Meta:
        csrf = False

    sort = SelectField("Sorteer op", choices=dict(SORT_LABELS), default="newest")
    status = SelectField("Status", choices={"": "Alle vragen", **STATUS_LABELS}, default="")
    submit = SubmitField("Toon vragen")

    @property
    def sort_value(self) -> str:
        return self.sort.data if self.sort.data in SORT_LABELS else "newest"

    @property
    def status_value(self) -> str | None:
        return self.status.data if self.status.data in STATUS_LABELS else None


class TopicForm(FlaskForm):
    """Create or edit a topic (moderators)."""

    name = StringField(
        "Naam",
        validators=[DataRequired(REQUIRED), Length(max=120, message="Gebruik hooguit 120 tekens.")],
    )
    slug = StringField(
        "Korte naam in de webadresbalk",
        validators=[
            DataRequired(REQUIRED),
            Length(max=80, message="Gebruik hooguit 80 tekens."),
            Regexp(
                r"^[a-z0-9-]+$",
                message="Gebruik alleen kleine letters, cijfers en streepjes.",
            ),
        ],
    )
    description = TextAreaField(
        "Beschrijving",
        validators=[Length(max=2000, message="Gebruik hooguit 2.000 tekens.")],
    )
    legal_basis = StringField(
        "Wettelijke grondslag",
        validators=[Length(max=200, message="Gebruik hooguit 200 tekens.")],
    )
    synonyms = TextAreaField(
        "Synoniemen en afkortingen (één per regel)",
        validators=[Length(max=4000, message="Gebruik hooguit 4.000 tekens.")],
    )
    submit = SubmitField("Onderwerp opslaan")

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in (self.synonyms.data or "").splitlines() if line.strip()]
