"""The Kennisbank: per topic a curated page (introduction, chosen threads, law changes)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, selectinload

from kenme import permissions, statement_rows
from kenme.errors import Conflict, NotFound, ValidationFailed
from kenme.models import (
    KennisbankItem,
    KennisbankPage,
    LawChange,
    Post,
    PostType,
    Topic,
    User,
    Visibility,
)
from kenme.models.types import AMSTERDAM, utcnow
from kenme.rendering import render_markdown
from kenme.services import privacy_gate
from kenme.services.audit import record_action

INTRO_MAX = 20_000
NOTE_MAX = 300
LAW_NOTE_MAX = 2_000
LINKABLE = (PostType.QUESTION, PostType.ANSWER, PostType.AANPLAKKER)
_ANCHORED = re.compile(r"(?:antwoord|bijdrage)-(\d+)")
_NUMBER = re.compile(r"(\d+)(?!.*\d)")


@dataclass
class KennisbankView:
    """What the curated page of one topic shows."""

    topic: Topic
    page: KennisbankPage | None
    items: list[KennisbankItem] = field(default_factory=list)
    law_changes: list[LawChange] = field(default_factory=list)
    can_edit: bool = False

    @property
    def is_empty(self) -> bool:
        intro = self.page.intro_markdown.strip() if self.page else ""
        return not (intro or self.items or self.law_changes)


@dataclass
class OverviewEntry:
    """One topic on the "Start hier" page."""

    topic: Topic
    page: KennisbankPage | None
    item_count: int
    law_change_count: int


def _visible(post: Post) -> bool:
    return post.visibility == Visibility.VISIBLE and post.question.visibility == Visibility.VISIBLE


# Whether a topic has a curated page or law changes, in one Core statement: most topics have
# neither, and their topic page then needs no ORM statement for the Kennisbank (2 ms of 11).
_CONTENT = select(
    select(KennisbankPage.__table__.c.id)
    .where(KennisbankPage.__table__.c.topic_id == bindparam("topic_id"))
    .exists(),
    select(LawChange.__table__.c.id)
    .where(LawChange.__table__.c.topic_id == bindparam("topic_id"))
    .exists(),
)


def page_view(session: Session, viewer: User | None, topic: Topic) -> KennisbankView:
    """The curated page of a topic; links to hidden or deleted posts are left out."""
    session.flush()  # what the ORM path would see (it flushes before it reads)
    ((has_page, has_law),) = statement_rows.rows(
        session.connection(), _CONTENT, {"topic_id": topic.id}
    )
    if not (has_page or has_law):
        return KennisbankView(
            topic=topic,
            page=None,
            can_edit=permissions.allowed(viewer, "edit_kennisbank", topic),
        )
    page = session.scalar(
        select(KennisbankPage)
        .where(KennisbankPage.topic_id == topic.id)
        .options(selectinload(KennisbankPage.items).selectinload(KennisbankItem.post))
    )
    items = [item for item in page.items if _visible(item.post)] if page else []
    return KennisbankView(
        topic=topic,
        page=page,
        items=items,
        law_changes=law_changes_for(session, [topic.id]),
        can_edit=permissions.allowed(viewer, "edit_kennisbank", topic),
    )


def overview(session: Session) -> list[OverviewEntry]:
    """Every topic, those with a curated page first, for the newcomer's start page."""
    pages = {p.topic_id: p for p in session.scalars(select(KennisbankPage))}
    items = dict(
        session.execute(
            select(KennisbankPage.topic_id, func.count(KennisbankItem.id))
            .join(KennisbankItem, KennisbankItem.page_id == KennisbankPage.id)
            .group_by(KennisbankPage.topic_id)
        ).all()
    )
    laws = dict(
        session.execute(
            select(LawChange.topic_id, func.count(LawChange.id)).group_by(LawChange.topic_id)
        ).all()
    )
    entries = [
        OverviewEntry(topic, pages.get(topic.id), items.get(topic.id, 0), laws.get(topic.id, 0))
        for topic in session.scalars(select(Topic).order_by(Topic.name))
    ]
    return sorted(entries, key=lambda e: (not _has_content(e), e.topic.name.lower()))


def _has_content(entry: OverviewEntry) -> bool:
    intro = entry.page.intro_markdown.strip() if entry.page else ""
    return bool(intro or entry.item_count or entry.law_change_count)


def _editable_page(session: Session, editor: User, topic: Topic) -> KennisbankPage:
    if topic is None:
        raise NotFound("Dit onderwerp bestaat niet.")
    permissions.require(editor, "edit_kennisbank", topic)
    page = session.scalar(select(KennisbankPage).where(KennisbankPage.topic_id == topic.id))
    if page is None:
        page = KennisbankPage(topic_id=topic.id, intro_markdown="", intro_html="")
        session.add(page)
    return page


def _touch(
    session: Session,
    page: KennisbankPage,
    editor: User,
    topic: Topic,
    change: str,
    post: Post | None = None,
) -> None:
    page.updated_at = utcnow()
    page.updated_by_id = editor.id
    session.flush()
    record_action(
        session,
        editor,
        "edit_kennisbank",
        post=post,
        details={"topic": topic.slug, "change": change},
    )


def save_intro(
    session: Session,
    editor: User,
    topic: Topic,
    intro: str,
    confirmations: Iterable[Mapping] = (),
) -> KennisbankPage:
    """Write the introduction (Markdown, privacy-scanned) of a topic's page."""
    page = _editable_page(session, editor, topic)
    intro = (intro or "").strip()
    if len(intro) > INTRO_MAX:
        raise ValidationFailed(
            f"De inleiding is te lang: hooguit {INTRO_MAX:,} tekens.".replace(",", "."),
            field="intro",
        )
    privacy_gate.check({"intro": intro}, confirmations)
    page.intro_markdown = intro
    page.intro_html = render_markdown(intro)
    _touch(session, page, editor, topic, "intro")
    return page


def parse_post_reference(reference: str | int) -> int:
    """Read a post number from a number or a link such as /vragen/12#antwoord-34."""
    text = str(reference or "").strip()
    match = _ANCHORED.search(text) or _NUMBER.search(text)
    if not match:
        raise ValidationFailed(
            "Geef het nummer of de link van een vraag, antwoord of aanplakker op.", field="post"
        )
    return int(match.group(1))


def add_item(
    session: Session,
    editor: User,
    topic: Topic,
    post_reference: str | int,
    note: str,
    confirmations: Iterable[Mapping] = (),
) -> KennisbankItem:
    """Add a link to a visible question, answer or aanplakker with a one-line note."""
    page = _editable_page(session, editor, topic)
    post = session.get(Post, parse_post_reference(post_reference))
    if post is None or post.type not in LINKABLE or not _visible(post):
        raise ValidationFailed(
            "Dit bericht bestaat niet, is niet zichtbaar of is geen vraag, antwoord of aanplakker.",
            field="post",
        )
    note = " ".join((note or "").split())
    if not note:
        raise ValidationFailed("Schrijf in één regel waarom dit de moeite waard is.", field="note")
    if len(note) > NOTE_MAX:
        raise ValidationFailed(
            f"Houd de toelichting op één regel: hooguit {NOTE_MAX} tekens.", field="note"
        )
    if any(item.post_id == post.id for item in page.items):
        raise Conflict("Dit bericht staat al op deze kennisbankpagina.")
    privacy_gate.check({"note": note}, confirmations)
    position = max((item.position for item in page.items), default=0) + 1
    item = KennisbankItem(post_id=post.id, note=note, position=position)
    page.items.append(item)
    _touch(session, page, editor, topic, "item_added", post)
    return item


def _item(page: KennisbankPage, item_id: int) -> KennisbankItem:
    item = next((i for i in page.items if i.id == item_id), None)
    if item is None:
        raise NotFound("Dit onderdeel staat niet (meer) op deze pagina.")
    return item


def remove_item(session: Session, editor: User, topic: Topic, item_id: int) -> None:
    """Take a link off the page."""
    page = _editable_page(session, editor, topic)
    item = _item(page, item_id)
    post = item.post
    page.items.remove(item)
    _touch(session, page, editor, topic, "item_removed", post)


def move_item(session: Session, editor: User, topic: Topic, item_id: int, step: int) -> None:
    """Move a link one place up (step -1) or down (step +1)."""
    page = _editable_page(session, editor, topic)
    item = _item(page, item_id)
    ordered = sorted(page.items, key=lambda i: (i.position, i.id))
    index = ordered.index(item)
    other_index = index + (1 if step > 0 else -1)
    if not 0 <= other_index < len(ordered):
        raise Conflict("Dit onderdeel staat al " + ("onderaan." if step > 0 else "bovenaan."))
    ordered[index], ordered[other_index] = ordered[other_index], ordered[index]
    for position, entry in enumerate(ordered, start=1):
        entry.position = position
    _touch(session, page, editor, topic, "item_moved", item.post)


def add_law_change(
    session: Session,
    editor: User,
    topic: Topic,
    effective_on: date | None,
    note: str,
    confirmations: Iterable[Mapping] = (),
) -> LawChange:
    """Record a dated wetswijziging; older answers on the topic get a notice."""
    page = _editable_page(session, editor, topic)
    if not isinstance(effective_on, date):
        raise ValidationFailed("Geef de datum waarop de wijziging ingaat.", field="effective_on")
    note = (note or "").strip()
    if not note:
        raise ValidationFailed("Beschrijf wat er veranderde.", field="note")
    if len(note) > LAW_NOTE_MAX:
        raise ValidationFailed(
            f"Houd de beschrijving kort: hooguit {LAW_NOTE_MAX} tekens.", field="note"
        )
    privacy_gate.check({"note": note}, confirmations)
    change = LawChange(
        topic_id=topic.id,
        effective_on=effective_on,
        note=note,
        created_by_id=editor.id,
        created_at=utcnow(),
    )
    session.add(change)
    _touch(session, page, editor, topic, "law_change_added")
    return change


def remove_law_change(session: Session, editor: User, topic: Topic, change_id: int) -> None:
    """Delete a wetswijziging note of this topic."""
    page = _editable_page(session, editor, topic)
    change = session.get(LawChange, change_id)
    if change is None or change.topic_id != topic.id:
        raise NotFound("Deze wetswijziging staat niet (meer) bij dit onderwerp.")
    session.delete(change)
    _touch(session, page, editor, topic, "law_change_removed")


# Built once: every search page and question page asks it (building it cost more than
# running it).
_LAW_CHANGES_FOR = (
    select(LawChange)
    .where(LawChange.topic_id.in_(bindparam("ids", expanding=True)))
    .order_by(LawChange.effective_on.desc(), LawChange.id.desc())
)


def law_changes_for(session: Session, topic_ids: Iterable[int]) -> list[LawChange]:
    """The wetswijzigingen of these topics, newest first."""
    ids = list(topic_ids)
    if not ids:
        return []
    return list(session.scalars(_LAW_CHANGES_FOR, {"ids": ids}))


def outdated_notice(
    answer: Post, law_changes: Iterable[LawChange], today: date | None = None
) -> LawChange | None:
    """The newest law change, in force by now, on the answer's thread topics since it was
    written; None when the answer is not (possibly) outdated.

    A thema-specialist's "nog actueel na" (``current_as_of``) clears the changes in force up
    to that date; a later change marks the answer again.
    """
    today = today or utcnow().astimezone(AMSTERDAM).date()
    written = answer.created_at.astimezone(AMSTERDAM).date()
    cleared = answer.current_as_of or date.min
    topic_ids = {topic.id for topic in answer.question.topics}
    relevant = [
        change
        for change in law_changes
        if change.topic_id in topic_ids
        and written < change.effective_on <= today
        and change.effective_on > cleared
    ]
    return max(relevant, key=lambda c: (c.effective_on, c.id), default=None)
