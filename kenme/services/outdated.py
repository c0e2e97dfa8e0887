"""Outdated advice where it is read: answers older than a wetswijziging on their topics.

The question page, search results and the API all show "mogelijk verouderd sinds …: …"
(``kennisbank.outdated_notice`` decides per answer); a thema-specialist of the thread's
topics, or a moderator, marks an answer "nog actueel na" the change to clear it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from kenme import permissions
from kenme.dutch import dutch_day
from kenme.errors import Conflict, NotFound
from kenme.models import LawChange, Post, PostType, User, Visibility, post_topics
from kenme.models.types import AMSTERDAM, dutch_today
from kenme.search.changes import bump_thread_version
from kenme.services.audit import record_action
from kenme.services.kennisbank import law_changes_for, outdated_notice


@dataclass(frozen=True)
class Outdated:
    """Why an answer (or a thread's answers) may be outdated."""

    change: LawChange

    @property
    def since(self) -> date:
        return self.change.effective_on

    @property
    def message(self) -> str:
        return f"Mogelijk verouderd sinds {dutch_day(self.since)}: {self.change.note}"

    def to_dict(self) -> dict:
        return {
            "since": self.since.isoformat(),
            "note": self.change.note,
            "message": self.message,
        }


def today() -> date:
    return dutch_today()


def for_answer(session: Session, answer: Post, changes: list[LawChange] | None = None):
    """The answer's Outdated, or None."""
    if changes is None:
        changes = law_changes_for(session, [t.id for t in answer.question.topics])
    change = outdated_notice(answer, changes, today())
    return Outdated(change) if change is not None else None


_P = Post.__table__.c
# Built once: a search page asks them on every view.
_ANSWER_DATES = select(_P.parent_id, _P.created_at, _P.current_as_of).where(
    _P.parent_id.in_(bindparam("ids", expanding=True)),
    _P.type == PostType.ANSWER,
    _P.visibility == Visibility.VISIBLE,
)
_TOPIC_IDS = select(post_topics.c.post_id, post_topics.c.topic_id).where(
    post_topics.c.post_id.in_(bindparam("ids", expanding=True))
)


def for_threads(session: Session, threads: Iterable[Post]) -> dict[int, Outdated]:
    """Per question: the newest change that marks at least one of its visible answers.

    At most three statements whatever the number of threads: their topics (none for search
    hits, which carry them), the law changes on those, and the dates of their visible answers
    (search results and lists show it next to the title).
    """
    questions = {t.id: t for t in threads if t.type == PostType.QUESTION and t.answer_count}
    if not questions:
        return {}
    topics = _topic_ids(session, questions.values())
    changes = law_changes_for(session, {t for ids in topics.values() for t in ids})
    if not changes:
        return {}
    now = today()
    # On the connection: law_changes_for has just flushed the session.
    answers = session.connection().execute(_ANSWER_DATES, {"ids": list(topics)}).all()
    found: dict[int, Outdated] = {}
    for parent_id, created_at, current_as_of in answers:
        written = created_at.astimezone(AMSTERDAM).date()
        cleared = current_as_of or date.min
        for change in changes:  # newest first
            if (
                change.topic_id in topics[parent_id]
                and written < change.effective_on <= now
                and change.effective_on > cleared
            ):
                best = found.get(parent_id)
                if best is None or (change.effective_on, change.id) > (best.since, best.change.id):
                    found[parent_id] = Outdated(change)
                break
    return found


def _topic_ids(session: Session, questions) -> dict[int, set[int]]:
    """Each question's topic ids, for those that have topics.

    Search hits are rows that carry their topics (``hydrate.HitThread``: one statement fewer
    a page); ORM posts are asked for theirs in one statement.
    """
    questions = list(questions)
    if not any(isinstance(q, Post) for q in questions):
        return {q.id: {chip.id for chip in q.topics} for q in questions if q.topics}
    topics: dict[int, set[int]] = {}
    for post_id, topic_id in session.execute(_TOPIC_IDS, {"ids": [q.id for q in questions]}):
        topics.setdefault(post_id, set()).add(topic_id)
    return topics


def confirm_current(session: Session, actor: User, answer: Post) -> date:
    """Mark an answer "nog actueel na" the change that now marks it; logged, cache-safe."""
    if answer is None or answer.type != PostType.ANSWER or not answer.is_visible:
        raise NotFound("Dit antwoord bestaat niet (meer) of is niet zichtbaar.")
    permissions.require(
        actor,
        "confirm_current",
        answer,
        message=(
            "Alleen thema-specialisten van een onderwerp van deze vraag en moderators kunnen "
            "een antwoord als nog actueel markeren."
        ),
    )
    outdated = for_answer(session, answer)
    if outdated is None:
        raise Conflict("Dit antwoord staat niet als mogelijk verouderd gemarkeerd.")
    answer.current_as_of = outdated.since
    answer.current_confirmed_by_id = actor.id
    bump_thread_version(answer)
    session.flush()
    record_action(
        session,
        actor,
        "confirm_current",
        post=answer,
        details={"law_change": outdated.change.id, "effective_on": outdated.since.isoformat()},
    )
    return outdated.since
