"""Declared request and response schemas: they validate requests and make the OpenAPI document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Role = Literal["member", "thema_specialist", "moderator", "admin"]
Status = Literal["open", "answered", "accepted", "closed"]


class RequestModel(BaseModel):
    """A JSON request body: unknown fields and silent type coercion are refused."""

    model_config = ConfigDict(extra="forbid", strict=True)


class QueryModel(BaseModel):
    """Query parameters arrive as text; unknown ones are ignored (cache busters)."""

    model_config = ConfigDict(extra="ignore")


class PageQuery(QueryModel):
    page: int = Field(1, ge=1, le=100_000, description="Paginanummer, vanaf 1.")
    per_page: int = Field(20, ge=1, le=100, description="Aantal per pagina, hooguit 100.")


# ---------------------------------------------------------------- shared objects


class ErrorDetail(BaseModel):
    code: str = Field(examples=["validation_error"])
    message: str = Field(examples=["Controleer de velden: title is verplicht."])
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorOut(BaseModel):
    """Elke fout in /api/v1 heeft deze vorm."""

    error: ErrorDetail


class UserOut(BaseModel):
    """Een lid; bij een anonieme vraag of een verwijderd lid alleen display_name."""

    id: int | None = None
    display_name: str = Field(examples=["Fatima (klantmanager)", "Anoniem lid"])
    organisation: str | None = Field(None, examples=["Gemeente Zwolle"])
    function: str | None = Field(None, examples=["Klantmanager werk en inkomen"])
    role: Role | None = None
    reputation: int | None = None


class FindingConfirmation(RequestModel):
    """Bevestiging dat een zachte bevinding geen herleidbaar persoonsgegeven is."""

    kind: str = Field(max_length=40, examples=["name"])
    text: str = Field(max_length=500, examples=["Jansen"])
    field: str | None = Field(None, max_length=40, examples=["body"])


class ScannedRequest(RequestModel):
    """A request whose text goes through the privacy gate; it may confirm soft findings."""

    confirm_findings: list[FindingConfirmation] = Field(default_factory=list, max_length=200)

    def service_args(self, **renames: str) -> dict:
        """The fields as a service takes them: renamed where the names differ, and the
        confirmations in the privacy gate's form."""
        args = {
            renames.get(name, name): getattr(self, name)
            for name in type(self).model_fields
            if name != "confirm_findings"
        }
        args["confirmations"] = [c.model_dump(exclude_none=True) for c in self.confirm_findings]
        return args


class FindingOut(BaseModel):
    """Een (mogelijk) persoonsgegeven in de ingestuurde tekst."""

    kind: str = Field(
        description="bsn, iban, email, phone, postcode_address, birthdate, license_plate, "
        "client_number, vnummer, document_number, kvk, name, age_exact, date, place, "
        "organisation",
        examples=["bsn"],
    )
    severity: Literal["hard", "soft"]
    start: int
    end: int
    text: str = Field(examples=["123456782"])
    suggestion: str = Field(examples=["Laat het BSN weg; noem 'de klant'."])
    field: str | None = Field(None, examples=["body"])


# ---------------------------------------------------------------- health, me, topics


class SearchHealth(BaseModel):
    engine: Literal["embedded", "meilisearch"]
    status: Literal["ok", "degraded", "error"]
    pending_outbox: int


class RateLimitHealth(BaseModel):
    storage: str = Field(examples=["redis"])
    # "fallback": the storage is unreachable; limits are counted in each process's memory.
    status: Literal["ok", "fallback"]


class MailOutboxHealth(BaseModel):
    status: Literal["ok", "degraded", "error"]
    pending: int
    failed: int


class HealthOut(BaseModel):
    status: Literal["ok", "degraded"]
    database: Literal["ok", "read-only", "error"]
    search: SearchHealth
    rate_limit: RateLimitHealth
    mail_outbox: MailOutboxHealth


class TopicOut(BaseModel):
    slug: str = Field(examples=["kostendelersnorm"])
    name: str = Field(examples=["Kostendelersnorm"])
    description: str
    question_count: int


class TopicList(BaseModel):
    items: list[TopicOut]


class ExportOut(BaseModel):
    """Alle gegevens van het lid (AVG-inzage)."""

    model_config = ConfigDict(extra="allow")

    format: str
    exported_at: datetime
    profile: dict[str, Any]


# ---------------------------------------------------------------- questions and answers


class CommentOut(BaseModel):
    id: int
    post_id: int
    body: str = Field(examples=["Welke gemeente is dit? Bij ons gaat dat anders."])
    author: UserOut
    anonymous: bool = Field(False, description="Anoniem voor leden geplaatst.")
    created_at: datetime


class OutdatedOut(BaseModel):
    """Why an answer may be outdated: a wetswijziging on its topics after it was written."""

    since: date = Field(description="Ingangsdatum van de wetswijziging.")
    note: str
    message: str = Field(examples=["Mogelijk verouderd sinds 1 januari 2025: Nieuwe normen."])


class AnswerOut(BaseModel):
    id: int
    type: Literal["answer"]
    question_id: int
    body_markdown: str
    body_html: str
    author: UserOut
    anonymous: bool = Field(False, description="Anoniem voor leden geplaatst.")
    score: int
    my_vote: Literal[-1, 0, 1]
    accepted: bool
    endorsed_by: list[UserOut]
    featured: bool
    created_at: datetime
    comments: list[CommentOut]
    outdated: OutdatedOut | None = Field(
        description="Gezet als een wetswijziging op de onderwerpen nieuwer is dan het antwoord."
    )
    current_as_of: date | None = Field(
        description="Een thema-specialist bevestigde het antwoord als nog actueel na deze datum."
    )


class QuestionOut(BaseModel):
    id: int
    type: Literal["question"]
    title: str = Field(
        examples=["Geldt de kostendelersnorm als de inwonende zoon mantelzorg geeft?"]
    )
    body_markdown: str
    body_html: str
    topics: list[str] = Field(examples=[["kostendelersnorm"]])
    author: UserOut
    anonymous: bool
    score: int
    my_vote: Literal[-1, 0, 1]
    answer_count: int
    accepted_answer_id: int | None
    status: Status
    closed_reason: str | None
    duplicate_of: int | None
    locked: bool
    case_archived_at: datetime | None = Field(
        None,
        description="Wanneer de casus na de bewaartermijn is gearchiveerd: de tekst is dan "
        "leeg en de vraag kan niet meer bewerkt worden; titel en antwoorden blijven.",
    )
    created_at: datetime
    last_activity_at: datetime
    url: str = Field(examples=["/vragen/42"])
    answers: list[AnswerOut] | None = Field(None, description="Alleen bij één vraag.")
    comments: list[CommentOut] | None = Field(None, description="Alleen bij één vraag.")


class QuestionList(BaseModel):
    items: list[QuestionOut]
    page: int
    per_page: int
    total: int


class QuestionListQuery(PageQuery):
    topic: str | None = Field(None, max_length=80, examples=["kostendelersnorm"])
    status: Literal["open", "answered", "accepted", "unanswered", "closed"] | None = None
    sort: Literal["newest", "active", "votes", "hot"] = Field(
        "newest", description="hot: populair, naar recente stemmen, antwoorden en reacties."
    )


class QuestionQuery(QueryModel):
    answers: Literal["default", "votes", "newest", "oldest"] = Field(
        "default", description="Volgorde van de antwoorden; default: geaccepteerd eerst."
    )


class QuestionCreate(ScannedRequest):
    """Een nieuwe casusvraag."""

    title: str = Field(
        examples=["Geldt de kostendelersnorm als de inwonende zoon mantelzorg geeft?"]
    )
    body: str = Field(
        examples=[
            "## Situatie\nEen klant van midden vijftig woont met haar zoon (eind twintig), "
            "die mantelzorg geeft.\n\n## Vraag\nTelt de zoon mee voor de kostendelersnorm?"
        ]
    )
    topics: list[str] = Field(max_length=20, examples=[["kostendelersnorm"]])
    anonymous: bool = False


class QuestionUpdate(ScannedRequest):
    """Een bewerking van een vraag; wordt een nieuwe versie."""

    title: str | None = None
    body: str | None = None
    topics: list[str] | None = Field(None, max_length=20)
    edit_summary: str = Field(examples=["Wettelijk kader aangevuld"])


class RevisionOut(BaseModel):
    number: int
    title: str
    body_markdown: str
    author: UserOut
    approved_by: UserOut | None = Field(
        None, description="Bij een voorgestelde bewerking: wie haar goedkeurde."
    )
    created_at: datetime
    edit_summary: str


class RevisionList(BaseModel):
    items: list[RevisionOut]


class AnswerCreate(ScannedRequest):
    body: str = Field(
        examples=["Sinds 1 januari 2023 telt een inwonende jongere onder de 27 niet mee."]
    )
    anonymous: bool = Field(False, description="Anoniem voor andere leden (moderators zien wie).")


class AnswerUpdate(ScannedRequest):
    body: str
    edit_summary: str = Field(examples=["Bron toegevoegd"])


class AcceptIn(RequestModel):
    accepted: bool = True


class VoteIn(RequestModel):
    value: int = Field(ge=-1, le=1, examples=[1], description="1 omhoog, -1 omlaag, 0 intrekken.")


class VoteOut(BaseModel):
    score: int
    my_vote: Literal[-1, 0, 1]


class CommentCreate(ScannedRequest):
    body: str = Field(examples=["Kijk ook naar de uitspraak van de CRvB hierover."])
    anonymous: bool = Field(False, description="Anoniem voor andere leden (moderators zien wie).")


class ScanIn(RequestModel):
    text: str = Field(examples=["Mevrouw Jansen (BSN 123456782) woont in Zwolle."])


class ScanOut(BaseModel):
    findings: list[FindingOut]
