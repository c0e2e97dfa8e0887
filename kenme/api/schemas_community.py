"""Schemas for search, the Aanplakker, endorsements, flags and moderation."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from kenme.api.schemas import (
    OutdatedOut,
    PageQuery,
    QueryModel,
    RequestModel,
    ScannedRequest,
    UserOut,
)

Phase = Literal["verhelderen", "meedenken", "oogst", "gesloten"]
Kind = Literal["vraag", "perspectief", "ervaring", "advies"]
Lens = Literal["juridisch", "methodisch", "klantperspectief", "ethisch", "organisatie"]
FlagReason = Literal["persoonsgegevens", "ongepast", "spam", "off_topic", "dubbel"]
ModerationActionName = Literal[
    "hide",
    "restore",
    "lock",
    "unlock",
    "close",
    "reopen",
    "feature",
    "unfeature",
    "purge",
    "merge",
    "dismiss_flags",
    "suspend",
    "unsuspend",
    "delete",
    "undelete",
]

# ---------------------------------------------------------------- search


class SearchQuery(PageQuery):
    q: str = Field("", max_length=500, examples=["kostendelersnorm inwonende zoon"])
    type: Literal["question", "aanplakker"] | None = None
    topic: str | None = Field(None, max_length=80, examples=["kostendelersnorm"])
    status: Literal["open", "answered", "accepted", "closed"] | None = None
    sort: Literal["relevance", "newest", "votes"] = "relevance"


class SearchHit(BaseModel):
    type: Literal["question", "aanplakker"]
    id: int
    title: str
    snippet: str = Field(
        description="HTML: ge-escapete tekst met <mark> rond de treffers.",
        examples=["Telt de <mark>zoon</mark> mee voor de <mark>kostendelersnorm</mark>?"],
    )
    url: str
    topics: list[str]
    score: int
    answer_count: int
    accepted: bool
    outdated: OutdatedOut | None = Field(
        default=None,
        description="Gezet als antwoorden ouder zijn dan een wetswijziging op de onderwerpen.",
    )


class SearchOut(BaseModel):
    hits: list[SearchHit]
    total: int
    total_capped: bool = Field(
        default=False,
        description="Meer resultaten dan total: boven de 1.000 telt de zoekmachine niet verder.",
    )
    page: int
    per_page: int
    facets: dict[str, dict[str, int]]
    took_ms: float
    engine: Literal["embedded", "meilisearch"]


class SuggestQuery(QueryModel):
    title: str = Field(max_length=300, examples=["Kostendelersnorm bij inwonende zoon"])


class SuggestItem(BaseModel):
    id: int
    title: str
    url: str
    answer_count: int
    accepted: bool


class SuggestOut(BaseModel):
    items: list[SuggestItem]


# ---------------------------------------------------------------- aanplakker


class ContributionOut(BaseModel):
    id: int
    kind: Kind
    lens: Lens | None
    body_markdown: str
    body_html: str
    author: UserOut
    anonymous: bool = Field(False, description="Anoniem voor leden geplaatst.")
    helpful: bool
    created_at: datetime


class OogstOut(BaseModel):
    body: str
    helpful_contribution_ids: list[int]


class AanplakkerOut(BaseModel):
    id: int
    type: Literal["aanplakker"]
    title: str = Field(examples=["Terugvorderen bij een klant die te goeder trouw handelde?"])
    situatie: str
    dilemma: str
    geprobeerd: str
    meedenkvraag: str
    topics: list[str]
    author: UserOut
    phase: Phase
    ends_on: date
    contributor_count: int
    contributions: list[ContributionOut] | None = Field(None, description="Alleen bij één.")
    oogst: OogstOut | None
    url: str
    created_at: datetime


class AanplakkerList(BaseModel):
    items: list[AanplakkerOut]
    page: int
    per_page: int
    total: int


class AanplakkerListQuery(QueryModel):
    state: Literal["open", "closed"] = "open"
    page: int = Field(1, ge=1, le=100_000, description="Alleen voor state=closed.")


class AanplakkerCreate(ScannedRequest):
    title: str = Field(examples=["Terugvorderen bij een klant die te goeder trouw handelde?"])
    situatie: str = Field(
        examples=["Een klant kreeg maandenlang te veel bijstand door een fout van ons."]
    )
    dilemma: str = Field(examples=["Vorder ik alles terug, of zie ik (deels) af?"])
    geprobeerd: str = Field(examples=["Beleidsregels gelezen, collega gevraagd."])
    meedenkvraag: str = Field(examples=["Hoe wegen jullie de dringende redenen?"])
    topics: list[str] = Field(max_length=20, examples=[["terugvordering"]])
    # JSON has no dates: ISO text ("2025-03-31") is parsed, also in strict models.
    ends_on: date | None = Field(
        None, strict=False, description="Standaard over 14 dagen; 3 tot 30 dagen."
    )


class ContributionCreate(ScannedRequest):
    kind: Kind
    lens: Lens | None = None
    body: str = Field(examples=["Wij kijken eerst of er sprake is van dringende redenen."])
    anonymous: bool = Field(False, description="Anoniem voor andere leden (moderators zien wie).")


class PhaseIn(RequestModel):
    phase: Literal["meedenken", "oogst"]


class OogstIn(ScannedRequest):
    body: str = Field(examples=["Ik neem mee dat ik de dringende redenen beter moet motiveren."])
    helpful_contribution_ids: list[int] = Field(default_factory=list, max_length=500)


# ---------------------------------------------------------------- endorsements and flags


class EndorseIn(RequestModel):
    endorsed: bool = True
    note: str = Field("", max_length=1000, examples=["Klopt met de wetsgeschiedenis."])


class FlagCreate(RequestModel):
    post_id: int | None = Field(None, ge=1)
    comment_id: int | None = Field(None, ge=1)
    reason: FlagReason
    note: str = Field("", max_length=2000, examples=["Volgens mij staat hier een BSN in."])


class FlagOut(BaseModel):
    id: int
    post_id: int | None
    comment_id: int | None
    reason: FlagReason
    note: str
    status: Literal["open", "upheld", "dismissed"]
    created_at: datetime


class QueueFlag(BaseModel):
    id: int
    reason: FlagReason
    note: str
    reporter: UserOut
    created_at: datetime


class QueueItemOut(BaseModel):
    target: Literal["post", "comment"]
    post_id: int
    comment_id: int | None
    thread_id: int
    url: str
    count: int
    reporters: int
    reasons: dict[str, int]
    personal_data: bool
    visibility: Literal["visible", "hidden", "deleted"]
    first_flagged_at: datetime
    flags: list[QueueFlag]


class QueueOut(BaseModel):
    items: list[QueueItemOut]
    page: int
    per_page: int
    total: int


class ModerationActionIn(RequestModel):
    action: ModerationActionName
    post_id: int | None = Field(None, ge=1)
    comment_id: int | None = Field(None, ge=1)
    user_id: int | None = Field(None, ge=1)
    reason: str = Field(max_length=2000, examples=["Bevat een BSN; verwijderd uit alle versies."])
    close_reason: Literal["dubbel", "off_topic", "beantwoord", "te_breed"] | None = None
    duplicate_of: int | None = Field(None, ge=1)
    purge_text: str | None = Field(None, max_length=2000)
    until: date | None = Field(
        None, strict=False, description="Schorsen tot en met deze datum (ISO, 2025-03-31)."
    )


class LogEntryOut(BaseModel):
    id: int
    action: str
    actor: UserOut | None
    post_id: int | None
    comment_id: int | None
    user_id: int | None
    reason: str
    details: dict[str, Any]
    created_at: datetime


class ModerationResultOut(BaseModel):
    action: ModerationActionName
    log_entries: list[LogEntryOut] = Field(description="Wat deze actie in het logboek schreef.")


class LogOut(BaseModel):
    items: list[LogEntryOut]
    page: int
    per_page: int
    total: int


class LogQuery(QueryModel):
    page: int = Field(1, ge=1, le=100_000)


# ---------------------------------------------------------------- suggested edits


class SuggestedEditCreate(ScannedRequest):
    """Een voorgestelde bewerking van andermans vraag of antwoord (onder de bewerkdrempel)."""

    title: str | None = Field(None, description="Alleen bij een vraag; weglaten = ongewijzigd.")
    body: str = Field(examples=["Sinds 1 januari 2023 telt een inwonende jongere niet mee."])
    edit_summary: str = Field("", max_length=300, examples=["Bron toegevoegd"])


class SuggestedEditOut(BaseModel):
    id: int
    post_id: int
    question_id: int
    status: Literal["pending", "approved", "rejected"]
    base_revision: int
    title: str
    body_markdown: str
    edit_summary: str
    suggested_by: UserOut
    reviewed_by: UserOut | None
    review_note: str
    revision_number: int | None
    may_review: bool
    created_at: datetime
    reviewed_at: datetime | None


class SuggestedEditList(BaseModel):
    items: list[SuggestedEditOut]
    page: int
    per_page: int
    total: int


class SuggestionRejectIn(RequestModel):
    note: str = Field("", max_length=300, examples=["Verandert de strekking van het antwoord."])


# ---------------------------------------------------------------- close and reopen votes


class CloseVoteIn(RequestModel):
    close_reason: Literal["dubbel", "off_topic", "beantwoord", "te_breed"]
    duplicate_of: int | None = Field(
        None, ge=1, description="Bij dubbel: de oorspronkelijke vraag."
    )


class CloseVoteOut(BaseModel):
    decided: bool = Field(description="true: deze stem sloot (of heropende) de vraag.")
    votes: int = Field(description="Stemmen in deze ronde, deze meegeteld (0 bij een moderator).")
    needed: int
    status: Literal["open", "answered", "accepted", "closed"]
