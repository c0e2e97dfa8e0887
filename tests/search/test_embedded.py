"""The embedded engine: written in the changing transaction, so it can never drift."""

from __future__ import annotations

from sqlalchemy import select, text

from kenme.extensions import db
from kenme.models import Role, SearchTerm
from kenme.search import get_engine, health
from kenme.search.embedded import EmbeddedEngine
from kenme.search.fts import backend_for
from kenme.services import posting
from kenme.services.moderation.content import hide
from kenme.services.topics import save_topic
from tests.factories import make_answer, make_question, make_topic, make_user

BODY = "De klant woont met haar zoon in een huurwoning en vraagt naar de mantelzorg."


def indexed_ids() -> set[int]:
    column = "post_id" if db.engine.dialect.name == "postgresql" else "rowid"
    return set(db.session.scalars(text(f"SELECT {column} FROM fts_threads")))  # noqa: S608


def frequency(term: str) -> int:
    return db.session.scalar(select(SearchTerm.df).where(SearchTerm.term == term)) or 0


def vocabulary() -> dict[str, int]:
    return dict(db.session.execute(select(SearchTerm.term, SearchTerm.df)).all())


def test_the_embedded_engine_is_the_default(app):
    assert isinstance(get_engine(), EmbeddedEngine)
    assert health() == {"engine": "embedded", "status": "ok", "pending_outbox": 0}


def test_a_rolled_back_post_leaves_no_trace_in_the_index(app):
    topic = make_topic()
    before = vocabulary()
    posting.ask_question(
        db.session,
        make_user(),
        title="Wat doe ik met een zeldzaamheidstoeslag?",
        body=BODY,
        topic_slugs=[topic.slug],
    )
    assert frequency("zeldzaamheidstoeslag") == 1  # in the same transaction
    db.session.rollback()
    assert indexed_ids() == set()
    assert vocabulary() == before


def test_the_vocabulary_counts_documents_and_forgets_hidden_text(app):
    moderator = make_user(role=Role.MODERATOR)
    first = make_question(title="Mantelzorg door een inwonende zoon", body=BODY)
    make_question(title="Mantelzorg en de tegenprestatie", body=BODY + " Een walrusregeling.")
    assert frequency("mantelzorg") == 2
    assert frequency("walrusregel") == 1
    answer = make_answer(first, body="Kijk naar de pinguinregeling van de gemeente.")
    assert frequency("pinguinregel") == 1
    hide(db.session, moderator, answer, "Test")
    db.session.commit()
    assert frequency("pinguinregel") == 0
    assert frequency("mantelzorg") == 2
    assert db.session.scalar(select(SearchTerm.word).where(SearchTerm.term == "mantelzorg")) == (
        "mantelzorg"
    )


def test_rebuild_gives_the_index_that_incremental_writes_gave(app):
    first = make_question(title="Mantelzorg door een inwonende zoon", body=BODY)
    make_answer(first, body="Kijk naar art. 18 lid 1 Pw en de werkinstructie.")
    make_question(title="Kostendelersnorm en een inwonende student", body=BODY)
    incremental, ids = vocabulary(), indexed_ids()
    count = get_engine().rebuild(db.session)
    db.session.commit()
    assert count == 2
    assert vocabulary() == incremental
    assert indexed_ids() == ids


def test_a_vote_leaves_the_index_row_alone(app):
    from kenme.services import voting

    question = make_question(title="Mantelzorg door een inwonende zoon", body=BODY)
    stored = backend_for(db.session).read(db.session, [question.id])
    voting.vote(db.session, make_user(), question, 1)
    db.session.commit()
    assert backend_for(db.session).read(db.session, [question.id]) == stored


def test_did_you_mean_shows_a_word_as_members_wrote_it(app):
    make_question(title="Huishoudingen met een inwonende zoon", body=BODY)
    results = get_engine().search("huishoudnigen")
    assert len(results.hits) == 1
    assert results.did_you_mean == "huishoudingen"


def test_a_topic_word_finds_the_threads_on_the_topic_without_expanding_the_query(app):
    topic = make_topic("woonkosten", name="Woonkosten")
    tegenprestatie = make_topic("tegenprestatie", name="Tegenprestatie", synonyms=["mantelzorg"])
    question = make_question(title="Woonkosten bij een inwonende zoon", body=BODY, topics=[topic])
    other = make_question(
        title="Tegenprestatie van een klant",
        body="Zij werkt als vrijwilliger in de buurt en vraagt of dat telt.",
        topics=[tegenprestatie],
    )
    assert get_engine().search("huurlasten ").hits == []
    save_topic(
        db.session,
        slug="woonkosten",
        name="Woonkosten",
        description="Over wonen.",
        legal_basis="Pw",
        synonyms=["huurlasten"],
        topic=topic,
    )
    db.session.commit()
    assert [h.id for h in get_engine().search("huurlasten ").hits] == [question.id]
    found = [h.id for h in get_engine().search("mantelzorg ").hits]
    assert found == [question.id, other.id]  # in the text first, then through the topic
    assert [h.id for h in get_engine().search("vrijwilliger ").hits] == [other.id]


def test_the_rebuild_command_reports_what_it_did(app, runner):
    make_question(title="Mantelzorg door een inwonende zoon", body=BODY)
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "1 draden" in result.output
    status = runner.invoke(args=["search", "status"])
    assert '"status": "ok"' in status.output
    worker = runner.invoke(args=["search", "worker", "--once"])
    assert "geen outbox" in worker.output
