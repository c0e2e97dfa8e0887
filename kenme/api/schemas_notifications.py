"""Schemas of the inbox, follows and mail preferences in /api/v1 (decision 0018)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from kenme.api.schemas import PageQuery, RequestModel


class NotificationOut(BaseModel):
    """One line of the inbox: the notifications of one kind about one thread."""

    id: int = Field(description="De nieuwste melding van de groep; markeer hiermee als gelezen.")
    kind: str = Field(examples=["antwoord"])
    count: int
    unread: int
    latest_at: datetime
    text: str = Field(examples=["3 nieuwe antwoorden op je vraag “Telt een inwonende zoon mee?”"])
    url: str = Field(examples=["/vragen/12#bericht-40"])
    thread_id: int | None


class NotificationList(BaseModel):
    items: list[NotificationOut]
    page: int
    per_page: int
    total: int
    unread_count: int


class NotificationQuery(PageQuery):
    pass


class UnreadOut(BaseModel):
    unread_count: int


class FollowedThread(BaseModel):
    id: int
    type: str = Field(examples=["question"])
    title: str


class FollowedMember(BaseModel):
    id: int
    display_name: str


class FollowsOut(BaseModel):
    threads: list[FollowedThread]
    topics: list[str] = Field(description="Slugs van gevolgde onderwerpen.")
    members: list[FollowedMember]
    ignored_topics: list[str] = Field(description="Slugs van genegeerde onderwerpen.")


class ChangedOut(BaseModel):
    changed: bool = Field(description="Onwaar als het al zo was.")


Frequency = Literal["direct", "dagelijks", "wekelijks", "uit"]


class MailPreferencesOut(BaseModel):
    """Per soort melding: direct een e-mail, een dagelijks of wekelijks overzicht, of niets."""

    mijn_berichten: Frequency
    vermeldingen: Frequency
    waardering: Frequency
    gevolgd: Frequency
    onderwerpen: Frequency
    leden: Frequency
    moderatie: Frequency


class MailPreferencesIn(RequestModel):
    """Alleen de soorten die je wilt wijzigen."""

    mijn_berichten: Frequency | None = None
    vermeldingen: Frequency | None = None
    waardering: Frequency | None = None
    gevolgd: Frequency | None = None
    onderwerpen: Frequency | None = None
    leden: Frequency | None = None
    moderatie: Frequency | None = None
