"""De Aanplakker: a dilemma on the board, its contributions and "herkenbaar" marks.

The Aanplakker and each contribution are rows in ``posts`` (types ``aanplakker`` and
``contribution``), so revisions, flags, search and purge work on them as on any post; the
fields only they have live in 1:1 details tables, reachable as ``post.aanplakker_details``
and ``post.contribution_details``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from kenme.extensions import db
from kenme.models.posts import Post, str_enum
from kenme.models.types import UTCDateTime, utcnow
from kenme.models.users import User


class Phase(enum.StrEnum):
    """The phases of collegial consultation, in order."""

    VERHELDEREN = "verhelderen"
    MEEDENKEN = "meedenken"
    OOGST = "oogst"
    GESLOTEN = "gesloten"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]

    @property
    def order(self) -> int:
        return list(Phase).index(self)


PHASE_LABELS = {
    Phase.VERHELDEREN: "Verhelderen",
    Phase.MEEDENKEN: "Meedenken",
    Phase.OOGST: "Oogst",
    Phase.GESLOTEN: "Gesloten",
}


class ContributionKind(enum.StrEnum):
    VRAAG = "vraag"
    PERSPECTIEF = "perspectief"
    ERVARING = "ervaring"
    ADVIES = "advies"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    ContributionKind.VRAAG: "Verhelderende vraag",
    ContributionKind.PERSPECTIEF: "Perspectief",
    ContributionKind.ERVARING: "Ervaring",
    ContributionKind.ADVIES: "Advies",
}


class Lens(enum.StrEnum):
    """The "bril" a colleague looks through when thinking along."""

    JURIDISCH = "juridisch"
    METHODISCH = "methodisch"
    KLANTPERSPECTIEF = "klantperspectief"
    ETHISCH = "ethisch"
    ORGANISATIE = "organisatie"

    @property
    def label(self) -> str:
        return LENS_LABELS[self]


LENS_LABELS = {
    Lens.JURIDISCH: "Juridische bril",
    Lens.METHODISCH: "Methodische bril",
    Lens.KLANTPERSPECTIEF: "Klantperspectief",
    Lens.ETHISCH: "Ethische bril",
    Lens.ORGANISATIE: "Organisatiebril",
}


class AanplakkerDetails(db.Model):
    """The case fields, phase, end date, oogst and follow-up of one Aanplakker."""

    __tablename__ = "aanplakker_details"
    __table_args__ = (
        Index("ix_aanplakker_details_board", "phase", "ends_on"),
        # The board's closed list, last closed first, walked in order (migration 0030).
        Index("ix_aanplakker_details_closed", "phase", "phase_changed_at"),
    )

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    situatie_markdown: Mapped[str] = mapped_column(Text, default="")
    situatie_html: Mapped[str] = mapped_column(Text, default="")
    dilemma_markdown: Mapped[str] = mapped_column(Text, default="")
    dilemma_html: Mapped[str] = mapped_column(Text, default="")
    geprobeerd_markdown: Mapped[str] = mapped_column(Text, default="")
    geprobeerd_html: Mapped[str] = mapped_column(Text, default="")
    meedenkvraag_markdown: Mapped[str] = mapped_column(Text, default="")
    meedenkvraag_html: Mapped[str] = mapped_column(Text, default="")
    phase: Mapped[Phase] = mapped_column(str_enum(Phase), default=Phase.VERHELDEREN)
    phase_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ends_on: Mapped[date] = mapped_column(Date)
    oogst_markdown: Mapped[str] = mapped_column(Text, default="")
    oogst_html: Mapped[str] = mapped_column(Text, default="")
    oogst_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    followup_markdown: Mapped[str] = mapped_column(Text, default="")
    followup_html: Mapped[str] = mapped_column(Text, default="")
    followup_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A moderator closes a thread whose author left; the note says why (shown on the thread).
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    closed_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    post: Mapped[Post] = relationship(
        backref=backref(
            "aanplakker_details",
            uselist=False,
            cascade="all, delete-orphan",
            passive_deletes=True,
        )
    )
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])

    @property
    def has_oogst(self) -> bool:
        return self.oogst_at is not None

    @property
    def has_followup(self) -> bool:
        return self.followup_at is not None


class ContributionDetails(db.Model):
    """What kind of contribution a post is, through which lens, and how it was received."""

    __tablename__ = "contribution_details"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[ContributionKind] = mapped_column(str_enum(ContributionKind))
    lens: Mapped[Lens | None] = mapped_column(str_enum(Lens))
    # The phase the contribution was posted in (threads group contributions by it).
    phase: Mapped[Phase] = mapped_column(str_enum(Phase))
    helpful: Mapped[bool] = mapped_column(default=False)
    # The Aanplakker author's inline answer to a clarifying question.
    reply_markdown: Mapped[str] = mapped_column(Text, default="")
    reply_html: Mapped[str] = mapped_column(Text, default="")
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    herkenbaar_count: Mapped[int] = mapped_column(default=0)

    post: Mapped[Post] = relationship(
        backref=backref(
            "contribution_details",
            uselist=False,
            cascade="all, delete-orphan",
            passive_deletes=True,
        )
    )


class Herkenbaar(db.Model):
    """A member recognises a contribution ("herkenbaar"); once per member, no down-votes."""

    __tablename__ = "herkenbaar_marks"
    __table_args__ = (UniqueConstraint("user_id", "post_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    post_id: Mapped[int] = mapped_column(ForeignKey("posts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# Field names as the services, forms and revisions use them (the "fields" JSON of a revision).
CASE_FIELDS = ("situatie", "dilemma", "geprobeerd", "meedenkvraag")
CASE_HEADINGS = {
    "situatie": "Situatie",
    "dilemma": "Mijn dilemma",
    "geprobeerd": "Wat ik al heb geprobeerd",
    "meedenkvraag": "Waarover wil ik meedenken",
}
