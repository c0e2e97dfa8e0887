"""Asking, answering, editing and rolling back: every write passes the privacy gate first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from kenme import permissions
from kenme.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from kenme.models import Follow, Post, PostType, QuestionStatus, Revision, User, Visibility
from kenme.models.types import utcnow
from kenme.search.changes import record_change
from kenme.services import counters, events, follows, mentions, privacy_gate
from kenme.services.topics import count_questions, resolve_topics

TITLE_MIN, TITLE_MAX = 15, 150
BODY_MIN, BODY_MAX = 30, 50_000
ANSWER_MIN = 20
SUMMARY_MAX = 300

Confirmations = Iterable[Mapping]


def _check_title(title: str) -> str:
    title = " ".join((title or "").split())
    if len(title) < TITLE_MIN:
        raise ValidationFailed(
            f"Maak de titel iets langer: minimaal {TITLE_MIN} tekens, als een vraag.",
            field="title",
        )
    if len(title) > TITLE_MAX:
        raise ValidationFailed(f"Maak de titel korter: hooguit {TITLE_MAX} tekens.", field="title")
    return title


def _check_body(body: str, minimum: int = BODY_MIN) -> str:
    body = (body or "").strip()
    if len(body) < minimum:
        raise ValidationFailed(
            f"Beschrijf het iets uitgebreider: minimaal {minimum} tekens.", field="body"
        )
    if len(body) > BODY_MAX:
        raise ValidationFailed(
            f"Je tekst is te lang: hooguit {BODY_MAX:,} tekens.".replace(",", "."), field="body"
        )
    return body


def ensure_active(user: User) -> None:
    if not user.is_active:
        raise NotAllowed("Je account kan op dit moment niets plaatsen.")


ARCHIVED_MESSAGE = (
    "De casus van deze vraag is na de bewaartermijn gearchiveerd; bewerken kan niet meer."
)


def ensure_not_archived(post: Post) -> None:
    """Refuse edits of a question whose case text was archived (they would bring it back)."""
    if post.case_archived_at is not None:
        raise Conflict(ARCHIVED_MESSAGE)


def ensure_open_thread(question: Post, *, action: str) -> None:
    """Refuse writes on hidden, deleted, locked or closed threads."""
    if question.visibility != Visibility.VISIBLE:
        raise NotFound("Deze vraag bestaat niet (meer) of is niet zichtbaar.")
    if question.locked:
        raise Conflict(f"Deze vraag is vergrendeld door een moderator; {action} kan niet meer.")


def _add_revision(
    session: Session,
    post: Post,
    author: User,
    *,
    summary: str = "",
    confirmed: list[dict] | None = None,
    fields: dict | None = None,
) -> Revision:
    number = counters.next_revision_number(post)
    revision = Revision(
        number=number,
        title=post.title,
        body_markdown=post.body_markdown,
        body_html=post.body_html,
        fields=fields,
        author=author,
        edit_summary=summary[:SUMMARY_MAX],
        confirmed_findings=confirmed or [],
        created_at=utcnow(),
    )
    post.revisions.append(revision)
    return revision


def ask_question(
    session: Session,
    author: User,
    *,
    title: str,
    body: str,
    topic_slugs: Iterable[str],
    anonymous: bool = False,
    confirmations: Confirmations = (),
) -> Post:
    """Post a new casusvraag; nothing is written when a check fails."""
    ensure_active(author)
    title = _check_title(title)
    body = _check_body(body)
    topics = resolve_topics(session, topic_slugs)
    confirmed = privacy_gate.check({"title": title, "body": body}, confirmations, session=session)
    now = utcnow()
    body_html, mentioned = mentions.render_post(session, body)
    question = Post(
        type=PostType.QUESTION,
        author=author,
        anonymous=bool(anonymous),
        title=title,
        body_markdown=body,
        body_html=body_html,
        status=QuestionStatus.OPEN,
        created_at=now,
        last_activity_at=now,
        topics=topics,
    )
    session.add(question)
    _add_revision(session, question, author, summary="Vraag gesteld", confirmed=confirmed)
    count_questions(topics, +1)
    session.flush()
    session.add(Follow(user_id=author.id, post_id=question.id))
    events.question_asked(session, question, mentions.mentioned_ids(mentioned))
    record_change(session, question)
    return question


def post_answer(
    session: Session,
    author: User,
    question: Post,
    *,
    body: str,
    anonymous: bool = False,
    confirmations: Confirmations = (),
) -> Post:
    """Answer a question; the question becomes 'answered' and moves up in 'active'."""
    ensure_active(author)
    if question.type != PostType.QUESTION:
        raise NotFound("Deze vraag bestaat niet.")
    ensure_open_thread(question, action="antwoorden")
    if question.status == QuestionStatus.CLOSED:
        raise Conflict("Deze vraag is gesloten; nieuwe antwoorden kunnen niet meer.")
    body = _check_body(body, ANSWER_MIN)
    confirmed = privacy_gate.check({"body": body}, confirmations, session=session)
    now = utcnow()
    body_html, mentioned = mentions.render_post(session, body)
    answer = Post(
        type=PostType.ANSWER,
        parent=question,
        author=author,
        anonymous=bool(anonymous),
        body_markdown=body,
        body_html=body_html,
        created_at=now,
        last_activity_at=now,
    )
    session.add(answer)
    _add_revision(session, answer, author, summary="Antwoord gegeven", confirmed=confirmed)
    counters.add(question, "answer_count", +1)
    question.last_activity_at = now
    session.flush()  # the database adds; answer_count reloads with its value
    refresh_status(question)
    session.flush()
    events.answer_posted(session, answer, mentions.mentioned_ids(mentioned))
    follows.follow_post(session, author, question.id)
    record_change(session, question, added=answer)
    return answer


def refresh_status(question: Post) -> None:
    """Derive open/answered/accepted from the counters; closed stays closed."""
    if question.status == QuestionStatus.CLOSED:
        return
    if question.accepted_answer_id is not None:
        question.status = QuestionStatus.ACCEPTED
    elif question.answer_count > 0:
        question.status = QuestionStatus.ANSWERED
    else:
        question.status = QuestionStatus.OPEN


@dataclass(frozen=True)
class PreparedEdit:
    """A checked new text for a post: what ``apply_edit`` writes (nothing is written yet)."""

    body: str
    title: str
    topics: list | None
    summary: str
    confirmed: list[dict]


def prepare_edit(
    session: Session,
    post: Post,
    *,
    body: str,
    title: str | None = None,
    topic_slugs: Iterable[str] | None = None,
    summary: str = "",
    confirmations: Confirmations = (),
) -> PreparedEdit:
    """Check a new text for a question or answer (length, change, privacy); write nothing."""
    body = _check_body(body, BODY_MIN if post.is_question else ANSWER_MIN)
    new_title = _check_title(title) if post.is_question and title is not None else post.title
    topics = None
    if post.is_question and topic_slugs is not None:
        topics = resolve_topics(session, topic_slugs)
    if len(summary or "") > SUMMARY_MAX:
        raise ValidationFailed(
            f"Houd de samenvatting kort: hooguit {SUMMARY_MAX} tekens.", field="summary"
        )
    privacy_gate.refuse_hard({"summary": summary or ""})
    unchanged = (
        body == post.body_markdown
        and new_title == post.title
        and (topics is None or {t.id for t in topics} == {t.id for t in post.topics})
    )
    if unchanged:
        raise ValidationFailed("Er is niets gewijzigd.", field="body")
    fields = {"title": new_title, "body": body} if post.is_question else {"body": body}
    confirmed = privacy_gate.check(fields, confirmations, session=session)
    return PreparedEdit(body, new_title, topics, summary or "", confirmed)


def apply_edit(
    session: Session,
    editor: User,
    post: Post,
    edit: PreparedEdit,
    *,
    approved_by: User | None = None,
) -> Revision:
    """Write a prepared edit as the post's new revision (by ``editor``, approved by ...)."""
    before = mentions.mentioned_ids(mentions.resolve(session, post.body_markdown))
    post.title = edit.title
    post.body_markdown = edit.body
    post.body_html, mentioned = mentions.render_post(session, edit.body)
    if edit.topics is not None:
        if post.visibility == Visibility.VISIBLE:  # hidden questions are not counted
            old, new = set(post.topics), set(edit.topics)
            count_questions(old - new, -1)
            count_questions(new - old, +1)
        post.topics = edit.topics
    now = utcnow()
    post.edited_at = now
    post.question.last_activity_at = now
    revision = _add_revision(
        session, post, editor, summary=edit.summary or "Bewerkt", confirmed=edit.confirmed
    )
    revision.approved_by = approved_by
    session.flush()
    events.mentioned_in_edit(session, post, editor, before, mentions.mentioned_ids(mentioned))
    record_change(session, post)
    return revision


def edit_post(
    session: Session,
    editor: User,
    post: Post,
    *,
    body: str,
    title: str | None = None,
    topic_slugs: Iterable[str] | None = None,
    summary: str = "",
    confirmations: Confirmations = (),
) -> Revision:
    """Change a question or answer; every edit becomes a new revision."""
    ensure_active(editor)
    if post.type not in (PostType.QUESTION, PostType.ANSWER):
        raise NotFound("Dit bericht bestaat niet.")
    if not permissions.can_see_post(editor, post):
        raise NotFound("Dit bericht bestaat niet (meer) of is niet zichtbaar.")
    ensure_not_archived(post)
    if not permissions.may_edit_directly(editor, post):
        if post.question.locked:
            raise NotAllowed("Deze vraag is vergrendeld; alleen moderators kunnen nog bewerken.")
        permissions.require(editor, "edit_others", post)
    edit = prepare_edit(
        session,
        post,
        body=body,
        title=title,
        topic_slugs=topic_slugs,
        summary=summary,
        confirmations=confirmations,
    )
    return apply_edit(session, editor, post, edit)


def rollback(session: Session, actor: User, post: Post, number: int) -> Revision:
    """Restore an earlier revision as a new one (author and moderators)."""
    target = next((r for r in post.revisions if r.number == number), None)
    if target is None:
        raise NotFound("Deze versie bestaat niet.")
    if target.number == post.revision_count:
        raise ValidationFailed("Dit is al de huidige versie.", field="revision")
    return edit_post(
        session,
        actor,
        post,
        body=target.body_markdown,
        title=target.title if post.is_question else None,
        summary=f"Teruggezet naar versie {number}",
        confirmations=target.confirmed_findings,
    )
