"""Members flag posts and comments; moderators read the flags as one queue per target."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from kenme.models import Comment, Flag, FlagReason, FlagStatus, Post, User, Visibility
from kenme.models.types import utcnow
from kenme.pagination import Page, clamp
from kenme.services.audit import notify_moderators
from kenme.services.moderation import auto_hide, clean_reason

# Distinct members whose open flags hide a target until a moderator decides.
HIDE_AFTER_REPORTERS = 3
# Flag weight (decision 0019): rejected flags beyond the upheld ones.
WEIGHT_GRACE = 1
WEIGHT_ZERO = 4
NOTE_MAX = 500
HIDDEN_PERSONAL_DATA = "flag_persoonsgegevens"
HIDDEN_BY_FLAGS = "flags"
REASON_LABELS = {
    FlagReason.PERSONAL_DATA: "Persoonsgegevens van een klant",
    FlagReason.INAPPROPRIATE: "Ongepast of beledigend",
    FlagReason.SPAM: "Spam of reclame",
    FlagReason.OFF_TOPIC: "Hoort niet bij KenMe (off-topic)",
    FlagReason.DUPLICATE: "Dubbele vraag",
}

OWN_POST = (
    "Je eigen bericht kun je niet melden. Bewerk het zelf, of meld persoonsgegevens: dan helpt "
    "een moderator je."
)

Target = Post | Comment


def _visible_to(reporter: User, target: Target) -> bool:
    if isinstance(target, Comment):
        return (
            target.visibility == Visibility.VISIBLE or permissions.can_moderate(reporter)
        ) and permissions.can_see_post(reporter, target.post)
    return permissions.can_see_post(reporter, target)


def _where(target: Target):
    if isinstance(target, Comment):
        return Flag.comment_id == target.id
    return Flag.post_id == target.id


def my_open_flag(session: Session, reporter: User, target: Target) -> Flag | None:
    """The member's own undecided flag on this target, if any."""
    return session.scalar(
        select(Flag).where(
            _where(target), Flag.reporter_id == reporter.id, Flag.status == FlagStatus.OPEN
        )
    )


def flag(
    session: Session, reporter: User, target: Target | None, reason: str, note: str = ""
) -> Flag:
    """Flag a post or comment for the moderators; hide it when the flags say so."""
    permissions.require(reporter, "report", message="Je account is geschorst; melden kan nu niet.")
    if (
        target is None
        or target.visibility == Visibility.DELETED
        or not _visible_to(reporter, target)
    ):
        raise NotFound("Dit bericht bestaat niet (meer) of is niet zichtbaar.")
    try:
        why = FlagReason(reason)
    except ValueError as error:
        raise ValidationFailed("Kies een reden voor je melding.", field="reason") from error
    post = target.post if isinstance(target, Comment) else target
    own = target.author_id == reporter.id
    if why != FlagReason.PERSONAL_DATA:
        if own:
            raise NotAllowed(OWN_POST)
        permissions.require(reporter, "flag", post)
    # Only a flag with the privilege, on someone else's text, hides anything by itself.
    counts = not own and permissions.allowed(reporter, "flag", post)
    weight = flag_weight(session, reporter) if counts else 0.0
    if len((note or "").strip()) > NOTE_MAX:
        raise ValidationFailed(
            f"Houd de toelichting kort: hooguit {NOTE_MAX} tekens.", field="note"
        )
    try:
        note = clean_reason(note)
    except ValidationFailed as error:
        raise ValidationFailed(
            "Je toelichting bevat persoonsgegevens (zoals een BSN of adres). Laat die weg; "
            "de moderator ziet de tekst van het bericht zelf.",
            field="note",
        ) from error
    if my_open_flag(session, reporter, target) is not None:
        raise Conflict("Je hebt dit al gemeld. Een moderator kijkt ernaar.")
    new = Flag(
        reporter_id=reporter.id,
        post_id=None if isinstance(target, Comment) else target.id,
        comment_id=target.id if isinstance(target, Comment) else None,
        reason=why,
        note=note,
        created_at=utcnow(),
    )
    session.add(new)
    session.flush()
    if target.visibility == Visibility.VISIBLE:
        if why == FlagReason.PERSONAL_DATA and weight >= 1:
            auto_hide(session, target, HIDDEN_PERSONAL_DATA)
        elif _weighted_reporters(session, target, post) >= HIDE_AFTER_REPORTERS:
            auto_hide(session, target, HIDDEN_BY_FLAGS)
    if why == FlagReason.PERSONAL_DATA:
        notify_moderators(session, target, reporter, hidden=not target.is_visible)
    return new


def flag_weight(session: Session, reporter: User) -> float:
    """How much a member's flag counts: less as moderators reject more of their flags.

    Rejected (dismissed) flags beyond the upheld ones: up to ``WEIGHT_GRACE`` cost nothing,
    up to ``WEIGHT_ZERO - 1`` halve the weight, from ``WEIGHT_ZERO`` on a flag hides
    nothing by itself (it still reaches the moderators). Derived from the flags themselves,
    so an upheld flag earns the weight back.
    """
    rows = session.execute(
        select(Flag.status, func.count(Flag.id))
        .where(
            Flag.reporter_id == reporter.id,
            Flag.status.in_((FlagStatus.UPHELD, FlagStatus.DISMISSED)),
        )
        .group_by(Flag.status)
    ).all()
    counts = {status: number for status, number in rows}
    surplus = counts.get(FlagStatus.DISMISSED, 0) - counts.get(FlagStatus.UPHELD, 0)
    if surplus <= WEIGHT_GRACE:
        return 1.0
    return 0.5 if surplus < WEIGHT_ZERO else 0.0


def _weighted_reporters(session: Session, target: Target, post: Post) -> float:
    """The open flags' reporters, each counted with their weight (privileged, not the author)."""
    reporters = session.scalars(
        select(User)
        .where(
            User.id.in_(
                select(Flag.reporter_id).where(_where(target), Flag.status == FlagStatus.OPEN)
            )
        )
        .order_by(User.id)
    ).all()
    return sum(
        flag_weight(session, reporter)
        for reporter in reporters
        if reporter.id != target.author_id and permissions.allowed(reporter, "flag", post)
    )


@dataclass
class QueueItem:
    """All open flags on one post or comment, as the moderator sees them."""

    target: Target
    flags: list[Flag]

    @property
    def is_comment(self) -> bool:
        return isinstance(self.target, Comment)

    @property
    def post(self) -> Post:
        """The post itself, or the post a comment is under."""
        return self.target.post if self.is_comment else self.target

    @property
    def thread(self) -> Post:
        return self.post.question

    @property
    def count(self) -> int:
        return len(self.flags)

    @property
    def reporters(self) -> int:
        return len({f.reporter_id for f in self.flags})

    @property
    def reasons(self) -> list[tuple[FlagReason, int]]:
        """Each reason with its count, most frequent first."""
        counts = Counter(f.reason for f in self.flags)
        return sorted(counts.items(), key=lambda item: (-item[1], list(FlagReason).index(item[0])))

    @property
    def personal_data(self) -> bool:
        return any(f.reason == FlagReason.PERSONAL_DATA for f in self.flags)

    @property
    def first_flagged_at(self) -> datetime:
        return min(f.created_at for f in self.flags)

    @property
    def notes(self) -> list[str]:
        return [f.note for f in self.flags if f.note]


def moderation_queue(
    session: Session, viewer: User, page: int | str = 1, per_page: int | str = 20
) -> Page:
    """Open flags grouped by target: persoonsgegevens first, then the oldest first."""
    permissions.require(viewer, "view_moderation")
    flags = list(
        session.scalars(
            select(Flag).where(Flag.status == FlagStatus.OPEN).order_by(Flag.created_at, Flag.id)
        )
    )
    post_ids = {f.post_id for f in flags if f.post_id is not None}
    comment_ids = {f.comment_id for f in flags if f.comment_id is not None}
    posts = {p.id: p for p in session.scalars(select(Post).where(Post.id.in_(post_ids)))}
    comments = {
        c.id: c for c in session.scalars(select(Comment).where(Comment.id.in_(comment_ids)))
    }
    grouped: dict[tuple[str, int], list[Flag]] = {}
    for item in flags:
        key = ("comment", item.comment_id) if item.comment_id else ("post", item.post_id)
        grouped.setdefault(key, []).append(item)
    items = []
    for (kind, target_id), target_flags in grouped.items():
        target = comments.get(target_id) if kind == "comment" else posts.get(target_id)
        if target is not None:
            items.append(QueueItem(target, target_flags))
    items.sort(key=lambda i: (not i.personal_data, i.first_flagged_at))
    number, size = clamp(page, per_page)
    start = (number - 1) * size
    return Page(items=items[start : start + size], page=number, per_page=size, total=len(items))


def open_target_count(session: Session) -> int:
    """How many posts and comments wait in the queue (for the navigation)."""
    return (
        session.scalar(
            select(func.count(func.distinct(func.coalesce(Flag.post_id, -Flag.comment_id)))).where(
                Flag.status == FlagStatus.OPEN
            )
        )
        or 0
    )
