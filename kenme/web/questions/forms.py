"""Forms for asking, answering, commenting, editing, voting and comparing revisions."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, ValidationError

from kenme.models import Topic
from kenme.services.comments import COMMENT_MAX
from kenme.services.posting import BODY_MAX, SUMMARY_MAX, TITLE_MAX, TITLE_MIN
from kenme.services.topics import MAX_TOPICS
from kenme.web.forms import REQUIRED

CASUS_TEMPLATE = """## Situatie
_Wat speelt er? Noem rollen en leeftijdsgroepen (de klant, haar zoon van eind twintig), \
geen namen, adressen of nummers._

## Mijn vraag
_Wat wil je van collega's weten?_

## Wat heb ik al uitgezocht
_Welke regels, beleid, uitspraken of collega's heb je al geraadpleegd?_

## Wettelijk kader
_Welke wet of welk artikel speelt mee, bijvoorbeeld art. 22a Pw?_
"""
# The italic hint lines of the template; left untouched, they are dropped before posting.
TEMPLATE_HINTS = frozenset(line for line in CASUS_TEMPLATE.splitlines() if line.startswith("_"))
TOPIC_GROUPS = ("Participatiewet", "Andere wetten en thema's")


def topic_groups(topics: Iterable[Topic]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Group topics for the picker as (slug, name): Participatiewet first, then the rest."""
    groups: dict[str, list[tuple[str, str]]] = {name: [] for name in TOPIC_GROUPS}
    for topic in sorted(topics, key=lambda t: t.name.lower()):
        participatiewet = topic.legal_basis.startswith("Pw")
        groups[TOPIC_GROUPS[0] if participatiewet else TOPIC_GROUPS[1]].append(
            (topic.slug, topic.name)
        )
    return [(name, items) for name, items in groups.items() if items]


class QuestionFields(FlaskForm):
    """Title, casus text and topics of a question."""

    title = StringField(
        "Titel van je vraag",
        validators=[
            DataRequired(REQUIRED),
            Length(
                min=TITLE_MIN,
                max=TITLE_MAX,
                message=f"Gebruik {TITLE_MIN} tot {TITLE_MAX} tekens, als een vraag.",
            ),
        ],
    )
    body = TextAreaField(
        "Je casus",
        default=CASUS_TEMPLATE,
        validators=[
            DataRequired(REQUIRED),
            Length(max=BODY_MAX, message=f"Gebruik hooguit {BODY_MAX:,} tekens.".replace(",", ".")),
        ],
    )
    topics = SelectMultipleField("Onderwerpen", choices=[], validate_choice=False)

    def __init__(self, *args, topics: Iterable[Topic] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.topic_groups = topic_groups(topics)

    @property
    def body_text(self) -> str:
        """The casus text without the template's hint lines the author left in place."""
        lines = (self.body.data or "").replace("\r\n", "\n").split("\n")
        return "\n".join(line for line in lines if line.strip() not in TEMPLATE_HINTS)

    def validate_body(self, field):
        if field.data and field.data.strip() == CASUS_TEMPLATE.strip():
            raise ValidationError("Vul de casus in: de tekst is nog gelijk aan het sjabloon.")

    def validate_topics(self, field):
        chosen = [slug for slug in field.data or [] if slug.strip()]
        if not chosen:
            raise ValidationError("Kies minimaal één onderwerp.")
        if len(set(chosen)) > MAX_TOPICS:
            raise ValidationError(f"Kies hooguit {MAX_TOPICS} onderwerpen.")


class AskForm(QuestionFields):
    """Ask a casusvraag."""

    anonymous = BooleanField("Plaats anoniem voor andere leden")
    preview = SubmitField("Voorbeeld bekijken")
    submit = SubmitField("Vraag plaatsen")


SUMMARY = StringField(
    "Wat heb je gewijzigd?",
    validators=[Length(max=SUMMARY_MAX, message=f"Gebruik hooguit {SUMMARY_MAX} tekens.")],
)


class EditQuestionForm(QuestionFields):
    """Edit a question: every save becomes a revision."""

    summary = SUMMARY
    preview = SubmitField("Voorbeeld bekijken")
    submit = SubmitField("Wijziging opslaan")


class AnswerForm(FlaskForm):
    """Answer a question in Markdown."""

    body = TextAreaField(
        "Je antwoord",
        validators=[
            DataRequired(REQUIRED),
            Length(max=BODY_MAX, message=f"Gebruik hooguit {BODY_MAX:,} tekens.".replace(",", ".")),
        ],
    )
    anonymous = BooleanField("Plaats anoniem voor andere leden", id="antwoord-anoniem")
    preview = SubmitField("Voorbeeld bekijken")
    submit = SubmitField("Antwoord plaatsen")


class EditAnswerForm(AnswerForm):
    """Edit an answer."""

    summary = SUMMARY
    submit = SubmitField("Wijziging opslaan")


class CommentForm(FlaskForm):
    """A short plain-text comment; one per post on a page, so ids carry the post id."""

    body = TextAreaField(
        "Reactie",
        validators=[
            DataRequired(REQUIRED),
            Length(
                max=COMMENT_MAX,
                message=f"Een reactie is hooguit {COMMENT_MAX} tekens. "
                "Voor meer kun je beter een antwoord schrijven.",
            ),
        ],
    )
    anonymous = BooleanField("Anoniem voor andere leden")
    submit = SubmitField("Reactie plaatsen")

    def __init__(self, *args, post_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.post_id = post_id
        self.body.id = f"reactie-veld-{post_id}"
        self.body.label.field_id = self.body.id
        self.anonymous.id = f"reactie-anoniem-{post_id}"
        self.anonymous.label.field_id = self.anonymous.id


class VoteForm(FlaskForm):
    """An up (1), down (-1) or withdrawn (0) vote."""

    value = IntegerField(
        "Stem",
        validators=[InputRequired(), AnyOf([-1, 0, 1], message="Een stem is +1, -1 of 0.")],
    )


class AcceptForm(FlaskForm):
    """Accept an answer (1) or withdraw the acceptance (0)."""

    accepted = HiddenField(default="1", validators=[AnyOf(["0", "1"])])


class RollbackForm(FlaskForm):
    """Restore an earlier revision."""

    revision = IntegerField("Versie", validators=[InputRequired()])


class CompareForm(FlaskForm):
    """Choose two revisions to compare (a GET form, so no CSRF)."""

    class Meta:
        csrf = False

    old = SelectField("Van versie", coerce=int, validate_choice=False)
    new = SelectField("Naar versie", coerce=int, validate_choice=False)
