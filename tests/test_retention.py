"""Retention: closed threads past N months are proposed, archived (case text gone everywhere)
or kept (not proposed again for N months); decision 0029."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kenme.errors import Conflict, NotAllowed, NotFound
from kenme.extensions import db
from kenme.models import (
    ModerationAction,
    Phase,
    RetentionReview,
    RetentionStatus,
    Role,
    SuggestedEdit,
    SuggestionStatus,
)
from kenme.search import get_engine
from kenme.services import moderation, posting, retention, suggested_edits
from tests.factories import (
    AANPLAKKER_TEXT,
    ESTABLISHED,
    make_aanplakker,
    make_answer,
    make_question,
    make_user,
)
from tests.helpers import rows_containing

CLOSED = datetime(2025, 8, 31, 12, 0, tzinfo=UTC)
# Six calendar months after CLOSED: February has no 31st, so the last day of February.
DUE = datetime(2026, 2, 28, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)
WORD = "Pinguinregeling"  # only in the case text
REVISED = "Walrusuitkering"  # only in the first revision
BODY = (
    "## Situatie\nDe klant woont met haar zoon in een huurwoning en vraagt naar de "
    f"{WORD}.\n\n## Mijn vraag\nTelt hij mee voor de kostendelersnorm?"
)


def ids(query: str) -> list[int]:
    return [hit.id for hit in get_engine().search(query).hits]


@pytest.fixture
def moderator(app):
    return make_user(role=Role.MODERATOR)


def closed_question(moderator, closed_at=CLOSED, **kwargs):
    """A question with two revisions and an answer, closed by a moderator at ``closed_at``."""
    author = make_user(reputation=ESTABLISHED)
    question = make_question(author, body=BODY.replace(WORD, REVISED), **kwargs)
    posting.edit_post(db.session, author, question, body=BODY, summary="Aangevuld")
    make_answer(question)
    moderation.close(db.session, moderator, question, "off_topic")
    db.session.commit()
    set_close_time(question, closed_at)
    return question


def set_close_time(question, moment) -> None:
    action = db.session.scalar(
        select(ModerationAction)
        .where(ModerationAction.post_id == question.id, ModerationAction.action == "close")
        .order_by(ModerationAction.id.desc())
        .limit(1)
    )
    action.created_at = moment
    db.session.commit()


def queued() -> list[int]:
    return [review.post_id for review in retention.pending(db.session)]


def test_retention_is_off_by_default(app, runner, moderator):
    question = closed_question(moderator, CLOSED - timedelta(days=3650))
    assert app.config["RETENTION_MONTHS"] == 0
    result = runner.invoke(args=["retention", "propose"])
    assert result.exit_code == 0 and "staat uit" in result.output
    assert retention.propose(db.session, 0, DUE) == 0
    assert db.session.scalar(select(RetentionReview)) is None
    assert retention.propose(db.session, 6, DUE) == 1
    assert queued() == [question.id]


@pytest.mark.app_config(RETENTION_MONTHS=6)
def test_the_command_proposes_with_the_configured_months(runner, moderator):
    question = closed_question(moderator)
    result = runner.invoke(args=["retention", "propose", "--date", "2026-02-28"])
    assert result.exit_code == 0, result.output
    assert "0 draden voorgesteld" in result.output  # 00:00 is before 12:00
    result = runner.invoke(args=["retention", "propose", "--date", "2026-03-01"])
    assert "1 draad voorgesteld; 1 wacht op een moderator" in result.output
    assert queued() == [question.id]


def test_a_question_is_proposed_exactly_n_months_after_closing(moderator):
    question = closed_question(moderator)
    assert retention.propose(db.session, 6, DUE - SECOND) == 0
    assert queued() == []
    assert retention.propose(db.session, 6, DUE) == 1
    assert retention.propose(db.session, 6, DUE + timedelta(days=1)) == 0  # waiting already
    review = db.session.scalar(select(RetentionReview))
    assert (review.post_id, review.status, review.closed_at) == (
        question.id,
        RetentionStatus.PROPOSED,
        CLOSED,
    )


def test_the_last_close_counts_and_open_questions_never(moderator):
    question = closed_question(moderator)
    moderation.reopen(db.session, moderator, question, "Toch relevant")
    make_question(body=BODY)  # open: never proposed
    db.session.commit()
    assert retention.propose(db.session, 6, DUE) == 0
    moderation.close(db.session, moderator, question, "off_topic")
    db.session.commit()
    set_close_time(question, CLOSED + timedelta(days=30))
    assert retention.propose(db.session, 6, DUE) == 0
    assert retention.propose(db.session, 6, DUE + timedelta(days=31)) == 1


def test_a_thread_reopened_after_proposal_leaves_the_queue(moderator):
    question = closed_question(moderator)
    retention.propose(db.session, 6, DUE)
    assert retention.pending_count(db.session) == 1
    moderation.reopen(db.session, moderator, question, "Toch relevant")
    db.session.commit()
    assert queued() == [] and retention.pending_count(db.session) == 0
    with pytest.raises(Conflict):
        retention.archive(db.session, moderator, question.id)
    # Closed again a month later: not waiting until six months after that close.
    moderation.close(db.session, moderator, question, "off_topic")
    db.session.commit()
    set_close_time(question, CLOSED + timedelta(days=30))
    assert retention.propose(db.session, 6, DUE + timedelta(days=1)) == 0
    assert queued() == []
    assert retention.propose(db.session, 6, DUE + timedelta(days=31)) == 1


def test_an_aanplakker_counts_from_the_moment_it_closed(moderator):
    closed = make_aanplakker(phase=Phase.GESLOTEN)
    make_aanplakker(phase=Phase.OOGST)  # not closed
    closed.aanplakker_details.phase_changed_at = CLOSED
    db.session.commit()
    assert retention.propose(db.session, 6, DUE - SECOND) == 0
    assert retention.propose(db.session, 6, DUE) == 1
    assert queued() == [closed.id]


def test_archiving_clears_the_case_text_everywhere(moderator):
    question = closed_question(moderator)
    answer = question.children[0]
    assert ids(WORD) == [question.id] and ids(REVISED) == []
    retention.propose(db.session, 6, DUE)
    cleared = retention.archive(db.session, moderator, question.id)
    db.session.commit()
    assert cleared.revisions == 2
    assert (question.body_markdown, question.body_html) == ("", "")
    assert all(r.body_markdown == r.body_html == "" for r in question.revisions)
    for word in (WORD, REVISED):  # the index holds lower case (SQLite's FTS5 segments too)
        assert rows_containing(word) == [] and rows_containing(word.lower()) == []
    assert ids(WORD) == []  # the search cache was filled by the search before
    assert ids("huurwoning") == []
    # Title, answer and status stay; the thread is marked and never proposed again.
    assert ids(question.title.split(",")[0]) == [question.id]
    assert (
        answer.body_markdown
        == "Ja, sinds 1 januari 2023 tellen huisgenoten onder de 27 niet mee (art. 22a Pw)."
    )
    assert question.case_archived_at is not None
    assert retention.propose(db.session, 6, DUE + timedelta(days=400)) == 0
    row = db.session.scalar(
        select(ModerationAction).where(ModerationAction.action == "retention_archive")
    )
    assert (row.actor_id, row.post_id) == (moderator.id, question.id)
    assert row.details == {"target": "question", "revisions": 2, "suggestions": 0}


def test_archiving_an_aanplakker_keeps_the_oogst(moderator):
    word = "pinguinkwestie"
    closed = make_aanplakker(
        phase=Phase.GESLOTEN,
        situatie=f"{AANPLAKKER_TEXT['situatie']} Het draait om een {word}.",
    )
    closed.aanplakker_details.phase_changed_at = CLOSED
    db.session.commit()
    oogst = closed.aanplakker_details.oogst_markdown
    assert ids(word) == [closed.id]
    retention.propose(db.session, 6, DUE)
    retention.archive(db.session, moderator, closed.id)
    db.session.commit()
    details = closed.aanplakker_details
    assert (details.situatie_markdown, details.dilemma_html, details.meedenkvraag_markdown) == (
        "",
        "",
        "",
    )
    assert rows_containing(word) == [] and ids(word) == []
    assert details.oogst_markdown == oogst and ids("rol vooraf uitleg") == [closed.id]
    assert all(set(r.fields or {}) <= {"oogst", "followup"} for r in closed.revisions)
    assert closed.revisions[-1].fields == {"oogst": oogst}


def test_an_archived_question_cannot_be_edited_or_given_a_suggestion(moderator):
    question = closed_question(moderator)
    suggester = make_user(reputation=10)
    retention.propose(db.session, 6, DUE)
    retention.archive(db.session, moderator, question.id)
    db.session.commit()
    with pytest.raises(Conflict):
        posting.edit_post(db.session, question.author, question, body=BODY)
    with pytest.raises(Conflict):
        suggested_edits.suggest_edit(db.session, suggester, question, body=BODY)


def test_archiving_rejects_a_waiting_suggestion_and_clears_its_text(moderator):
    question = closed_question(moderator)
    suggester = make_user(reputation=10)
    suggested_edits.suggest_edit(
        db.session, suggester, question, body=BODY + " Met een extra zin.", summary="Extra"
    )
    db.session.commit()
    retention.propose(db.session, 6, DUE)
    cleared = retention.archive(db.session, moderator, question.id)
    db.session.commit()
    suggestion = db.session.scalar(select(SuggestedEdit))
    assert cleared.suggestions == 1
    assert (suggestion.status, suggestion.body_markdown) == (SuggestionStatus.REJECTED, "")
    assert rows_containing(WORD) == []


def test_keeping_postpones_the_next_proposal_by_n_months(moderator):
    question = closed_question(moderator)
    retention.propose(db.session, 6, DUE)
    decided = datetime(2026, 3, 31, 9, 0, tzinfo=UTC)
    retention.keep(db.session, moderator, question.id, "Lopende bezwaarzaak", 6, decided)
    db.session.commit()
    assert queued() == []
    again = datetime(2026, 9, 30, 9, 0, tzinfo=UTC)  # 31 September does not exist
    assert retention.propose(db.session, 6, again - SECOND) == 0
    assert retention.propose(db.session, 6, again) == 1
    assert queued() == [question.id]
    assert question.body_markdown == BODY
    row = db.session.scalar(
        select(ModerationAction).where(ModerationAction.action == "retention_keep")
    )
    assert (row.actor_id, row.reason) == (moderator.id, "Lopende bezwaarzaak")
    assert row.details == {"target": "question", "months": 6}
    assert db.session.scalar(select(RetentionReview)).review_after == again
    assert WORD not in str(row.details) + row.reason


def test_keeping_needs_a_reason_without_personal_data(moderator):
    question = closed_question(moderator)
    retention.propose(db.session, 6, DUE)
    for reason in ("", "Bel 0612345678 eerst"):
        with pytest.raises(Exception, match=r"reden|persoonsgegevens"):
            retention.keep(db.session, moderator, question.id, reason, 6)
    assert queued() == [question.id]


def test_only_moderators_decide_and_only_on_waiting_threads(moderator):
    question = closed_question(moderator)
    member = make_user(reputation=ESTABLISHED)
    with pytest.raises(NotFound):
        retention.archive(db.session, moderator, question.id)  # not proposed yet
    retention.propose(db.session, 6, DUE)
    with pytest.raises(NotAllowed):
        retention.archive(db.session, member, question.id)
    with pytest.raises(NotAllowed):
        retention.keep(db.session, member, question.id, "Ik wil het houden", 6)
    assert question.body_markdown == BODY and queued() == [question.id]


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2025, 8, 31, tzinfo=UTC), 6, datetime(2026, 2, 28, tzinfo=UTC)),
        (datetime(2024, 3, 31, tzinfo=UTC), -1, datetime(2024, 2, 29, tzinfo=UTC)),
        (datetime(2026, 12, 15, tzinfo=UTC), 1, datetime(2027, 1, 15, tzinfo=UTC)),
        (datetime(2026, 1, 15, tzinfo=UTC), -13, datetime(2024, 12, 15, tzinfo=UTC)),
    ],
)
def test_months_are_calendar_months(moment, months, expected):
    assert retention.add_months(moment, months) == expected


def test_flask_check_finds_archived_threads_consistent(moderator):
    from kenme.services.consistency import run_check

    question = closed_question(moderator)
    closed = make_aanplakker(phase=Phase.GESLOTEN)
    closed.aanplakker_details.phase_changed_at = CLOSED
    db.session.commit()
    assert retention.propose(db.session, 6, DUE) == 2
    for post in (question, closed):
        retention.archive(db.session, moderator, post.id)
    db.session.commit()
    report = run_check(db.session, get_engine())
    index = report.index
    # (The counters differ only because the factory hands out reputation without a ledger.)
    assert (index.missing, index.extra, index.stale, report.revisions) == ([], [], [], [])


@pytest.mark.app_config(MEILISEARCH_URL="http://127.0.0.1:9", MEILISEARCH_TIMEOUT=1)
def test_with_meilisearch_archiving_queues_the_thread_and_its_document_is_empty(moderator):
    from kenme.models import SearchOutbox
    from kenme.search.documents import load_documents

    question = closed_question(moderator)
    retention.propose(db.session, 6, DUE)
    db.session.commit()
    db.session.execute(SearchOutbox.__table__.delete())
    retention.archive(db.session, moderator, question.id)
    db.session.commit()
    rows = db.session.scalars(select(SearchOutbox)).all()
    assert [(row.kind, row.post_id) for row in rows] == [("thread", question.id)]
    document = load_documents(db.session, [question.id])[question.id]  # what the worker sends
    assert document.body == "" and WORD not in str(vars(document))
