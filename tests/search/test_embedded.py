"""The embedded engine: written in the changing transaction, so it can never drift."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import inspect, select, text

from kenme.extensions import db
from kenme.models import Role, SearchTerm
from kenme.search import cache, get_engine, health
from kenme.search.analysis import index_terms
from kenme.search.embedded import EmbeddedEngine
from kenme.search.fts import backend_for
from kenme.services import posting
from kenme.services.moderation.content import hide
from kenme.services.topics import save_topic
from tests.factories import make_aanplakker, make_answer, make_question, make_topic, make_user
from tests.helpers import CapturedStatements

BODY = "De klant woont met haar zoon in een huurwoning en vraagt naar de mantelzorg."


def indexed_ids() -> set[int]:
    column = "post_id" if db.engine.dialect.name == "postgresql" else "rowid"
    return set(db.session.scalars(text(f"SELECT {column} FROM fts_threads")))  # noqa: S608


def title_rows(exact: bool = False) -> dict[int, object]:
    """Return the titles-only index (suggestions): {question id: its title terms}.

    exact gives the stored value as text (PostgreSQL: with positions and weights).
    """
    if db.engine.dialect.name == "postgresql":
        column = "title::text" if exact else "tsvector_to_array(title)"
        rows = db.session.execute(text(f"SELECT post_id, {column} FROM fts_titles"))  # noqa: S608
    else:
        rows = db.session.execute(text("SELECT rowid, title FROM fts_titles"))
        rows = [(i, title if exact else title.split()) for i, title in rows]
    return {post_id: value if exact else set(value) for post_id, value in rows}


def stems(title: str) -> set[str]:
    return set(index_terms(title).split())


def suggested(title: str) -> list[int]:
    return [post.id for post in get_engine().suggest(title, session=db.session)]


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
    voter = make_user()
    with CapturedStatements() as statements:
        voting.vote(db.session, voter, question, 1)
        db.session.commit()
    assert backend_for(db.session).read(db.session, [question.id]) == stored
    # Not even read: a vote used to re-analyse the whole thread to find that nothing changed
    # (two thirds of a vote's CPU at 20,000 questions).
    touched = [s for s, _ in statements.seen if re.search(r"\b(fts_\w+|search_\w+)", s)]
    assert touched == []


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


# --- the titles-only index (suggestions) ------------------------------------------------------

WALRUS = "Walrusregeling bij een inwonende zoon"


def test_the_titles_index_holds_visible_question_titles_written_with_the_thread(app):
    moderator = make_user(role=Role.MODERATOR)
    question = make_question(title=WALRUS, body=BODY)
    hidden = make_question(title="Pinguinregeling voor een inwonende dochter", body=BODY)
    make_aanplakker(title="Een walrusregeling in de intervisie bespreken")  # not a question
    db.session.commit()
    assert title_rows() == {question.id: stems(WALRUS), hidden.id: stems(hidden.title)}

    renamed = "Zeehondenregeling bij een inwonende zoon"
    posting.edit_post(db.session, question.author, question, body=BODY, title=renamed)
    assert title_rows()[question.id] == stems(renamed)  # in the renaming transaction
    db.session.rollback()
    assert title_rows()[question.id] == stems(WALRUS)  # and gone with its rollback

    posting.edit_post(db.session, question.author, question, body=BODY, title=renamed)
    hide(db.session, moderator, hidden, "Test: verbergen")
    db.session.commit()
    assert title_rows() == {question.id: stems(renamed)}
    assert suggested("zeehondenregeling") == [question.id]
    assert suggested("walrusregeling") == []
    assert suggested("pinguinregeling") == []

    incremental = title_rows(exact=True)
    get_engine().rebuild(db.session)
    db.session.commit()
    assert title_rows(exact=True) == incremental


def test_suggestions_come_from_the_titles_index_alone(app):
    question = make_question(title=WALRUS, body=BODY)
    in_body = make_question(
        title="Telt een inwonende broer mee?", body=BODY + " Ken je de walrusregeling?"
    )
    db.session.commit()
    assert [h.id for h in get_engine().search("walrusregeling").hits] == [question.id, in_body.id]
    assert suggested("walrusregeling") == [question.id]  # a word in the body is no title
    assert set(suggested("inwonende broer walrusregeling")) == {in_body.id, question.id}
    assert suggested(WALRUS) == [question.id, in_body.id]  # more of the words first
    db.session.execute(text("DELETE FROM fts_titles"))
    cache.clear()
    assert suggested(WALRUS) == []  # the thread rows are not read
    db.session.rollback()


def _migration_0005():
    path = Path(__file__).parents[2] / "migrations" / "versions" / "0005_pg_title_search.py"
    spec = importlib.util.spec_from_file_location("migration_0005", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_migration_0005_fills_the_titles_index_as_the_engine_writes_it(app):
    moderator = make_user(role=Role.MODERATOR)
    make_question(title=WALRUS, body=BODY)
    make_question(title="Kostendelersnorm: telt een inwonende zoon mee?", body=BODY)
    hidden = make_question(title="Pinguinregeling voor een inwonende dochter", body=BODY)
    make_aanplakker()
    hide(db.session, moderator, hidden, "Test: verbergen")
    db.session.commit()
    written = title_rows(exact=True)
    assert len(written) == 2
    db.session.commit()  # no lock of ours in the way of the migration's DDL
    migration = _migration_0005()
    postgresql = db.engine.dialect.name == "postgresql"
    with db.engine.begin() as connection:
        context = MigrationContext.configure(connection)
        with Operations.context(context):
            migration.downgrade()
            # SQLite keeps its FTS5 titles table of 0004; PostgreSQL goes back to none.
            assert inspect(connection).has_table("fts_titles") is not postgresql
            migration.upgrade()
    assert title_rows(exact=True) == written


def test_suggestions_put_titles_with_more_and_rarer_words_first(app):
    common = [
        make_question(title=f"Een student met een bijbaan, casus {n}", body=BODY) for n in range(7)
    ]
    rare = make_question(title="Studiefinanciering en de toeslag", body=BODY)
    both = make_question(title="Een student met studiefinanciering", body=BODY)
    db.session.commit()
    found = suggested("student studiefinanciering ")
    assert found[:2] == [both.id, rare.id]
    # Then titles with the common word alone, newest first when they tie.
    assert found[2:] == [q.id for q in reversed(common)][:3]


# --- large matching sets (thresholds lowered so a few threads exercise those paths) ----------


def test_large_matching_sets_put_title_matches_first_and_estimate_facets(app, monkeypatch):
    from kenme.search import pages

    monkeypatch.setattr(pages, "TIERS_FROM", 3)
    monkeypatch.setattr(pages, "FACETS_EXACT", 2)
    in_title = [make_question(title=f"{WALRUS}, casus {n}", body=BODY) for n in range(2)]
    in_body = [
        make_question(
            title=f"Telt een inwonende broer mee, casus {n}?", body=f"{BODY} Walrusregeling."
        )
        for n in range(3)
    ]
    db.session.commit()
    results = get_engine().search("walrusregeling")
    assert results.total == 5
    ids = [hit.id for hit in results.hits]
    assert set(ids[:2]) == {q.id for q in in_title}
    assert set(ids[2:]) == {q.id for q in in_body}
    assert results.facets_estimated  # counted on a sample of about two, scaled up
    assert sum(results.facets["type"].values()) >= 2

    page = get_engine().search("walrusregeling", page=2, per_page=2)
    assert [hit.id for hit in page.hits] == ids[2:4]
    newest = get_engine().search("walrusregeling", sort="newest")
    assert [hit.id for hit in newest.hits] == [q.id for q in reversed(in_title + in_body)]

    # A tier larger than RANK_LIMIT is listed newest first, without ranking; the threads
    # without a title match follow it (newest first), so every page of the total exists.
    monkeypatch.setattr(pages, "RANK_LIMIT", 2)
    cache.clear()
    results = get_engine().search("walrusregeling")
    expected = [q.id for q in reversed(in_title)] + [q.id for q in reversed(in_body)]
    assert [hit.id for hit in results.hits] == expected
    assert [hit.id for hit in get_engine().search("walrusregeling", page=3, per_page=2).hits] == [
        expected[4]
    ]
    # Filters and exclusions hold in every tier.
    assert get_engine().search("walrusregeling -casus").total == 0
    assert get_engine().search("walrusregeling is:onbeantwoord").total == 5
    assert get_engine().search("walrusregeling is:geaccepteerd").total == 0


def test_the_title_tier_holds_only_threads_matching_the_whole_query(app, monkeypatch):
    from kenme.search import pages

    monkeypatch.setattr(pages, "TIERS_FROM", 3)
    monkeypatch.setattr(pages, "RANK_LIMIT", 3)
    pinguin = f"{BODY} Ook de pinguinregeling telt."
    one_word = make_question(title=f"{WALRUS}, zonder het andere woord", body=BODY)
    in_title = [make_question(title=f"{WALRUS}, casus {n}", body=pinguin) for n in range(2)]
    in_body = [
        make_question(title=f"Telt een broer mee, casus {n}?", body=f"{pinguin} Walrusregeling.")
        for n in range(3)
    ]
    db.session.commit()
    results = get_engine().search("walrusregeling pinguinregeling")
    assert results.total == 6
    ids = [hit.id for hit in results.hits]
    # Two title matches (fewer than RANK_LIMIT), so the other three follow on the same page,
    # and then the thread with one of the two words (the next level).
    assert set(ids[:2]) == {q.id for q in in_title}
    assert set(ids[2:5]) == {q.id for q in in_body}
    assert ids[5:] == [one_word.id]


def test_an_index_written_before_name_tokens_is_read_by_phrase_until_rebuilt(app):
    from kenme.models import SearchState
    from kenme.search.documents import NameTokens, load_documents
    from kenme.search.indexing import _analyse
    from kenme.search.synonyms import clear_cache, seed_reference

    seed_reference(db.session)  # the names of several words come from the thesaurus
    db.session.commit()
    clear_cache()
    question = make_question(title="Inlichtingenplicht volgens de wet werk en bijstand", body=BODY)
    db.session.commit()
    assert [hit.id for hit in get_engine().search("WWB ").hits] == [question.id]
    # Write the row as before format 2 (no name tokens), as an upgraded database has it.
    backend = backend_for(db.session)
    old = _analyse(load_documents(db.session, [question.id])[question.id], {}, NameTokens([]))
    backend.delete(db.session, [question.id])
    backend.insert(db.session, {question.id: old})
    state = db.session.get(SearchState, 1)
    state.index_format = 2
    db.session.commit()
    cache.clear()
    assert get_engine().search("WWB ").hits == []  # a token query misses the old row
    state.index_format = 1
    db.session.commit()
    assert [hit.id for hit in get_engine().search("WWB ").hits] == [question.id]
    get_engine().rebuild(db.session)
    db.session.commit()
    assert db.session.get(SearchState, 1).index_format == 2
    assert [hit.id for hit in get_engine().search("WWB ").hits] == [question.id]


def test_a_prefix_with_few_indexed_terms_is_asked_for_as_those_terms(app, monkeypatch):
    from kenme.search import plan
    from kenme.search.plan import build_plan
    from kenme.search.query import parse
    from kenme.search.thesaurus import Thesaurus
    from kenme.search.vocabulary import TermStore

    make_question(title="Walrusregeling en walrusregels voor een inwonende zoon", body=BODY)
    make_question(title="Hoe werkt de walrustoeslag bij een inwonende dochter?", body=BODY)
    db.session.commit()
    query = parse("walrus")

    def planned():
        store = TermStore(db.session)
        return build_plan(query, query.terms, Thesaurus([]), store, True).slots[0]

    slot = planned()
    assert slot.prefixes == ()
    assert set(slot.completions) == {t for t in vocabulary() if t.startswith("walrus")}
    assert len(slot.completions) == 2  # walrusregel, walrustoeslag
    assert len(get_engine().search("walrus").hits) == 2
    monkeypatch.setattr(plan, "MAX_COMPLETIONS", 1)  # more terms than that: the prefix stays
    slot = planned()
    assert (slot.prefixes, slot.completions) == (("walrus",), ())
    cache.clear()
    assert len(get_engine().search("walrus").hits) == 2


def test_large_matching_sets_sort_by_date_and_votes_by_walking_the_list_indexes(app, monkeypatch):
    from datetime import timedelta

    from kenme.models.types import utcnow
    from kenme.search import pages
    from kenme.search.engine import Filters

    now = utcnow()
    matching = []
    for n, (days, score) in enumerate([(5, 3), (1, 0), (3, 3), (9, 7), (2, -1)]):
        question = make_question(title=f"{WALRUS}, casus {n}", body=BODY)
        question.created_at = now - timedelta(days=days)  # not the order of the ids
        question.score = score
        matching.append(question)
    make_question(title="Een inwonende zoon en de kostendelersnorm", body=BODY)  # no match
    make_aanplakker(title=f"{WALRUS} als dilemma")
    db.session.commit()
    aanplakker_id = get_engine().search("walrusregeling", Filters(type="aanplakker")).hits[0].id

    def order(sort):
        cache.clear()
        return [hit.id for hit in get_engine().search("walrusregeling", sort=sort).hits]

    unwalked = {sort: order(sort) for sort in ("newest", "votes")}
    assert aanplakker_id in unwalked["newest"]
    by_age = sorted(matching, key=lambda q: q.created_at, reverse=True)
    assert [i for i in unwalked["newest"] if i != aanplakker_id] == [q.id for q in by_age]
    by_votes = sorted(matching, key=lambda q: (q.score, q.created_at), reverse=True)
    assert [i for i in unwalked["votes"] if i != aanplakker_id] == [q.id for q in by_votes]
    monkeypatch.setattr(pages, "WALK_FROM", 2)
    for sort in ("newest", "votes"):
        assert order(sort) == unwalked[sort]
    page = get_engine().search("walrusregeling", sort="votes", page=2, per_page=2)
    assert [hit.id for hit in page.hits] == unwalked["votes"][2:4]
    monkeypatch.setattr(pages, "WALK_LIMIT", 3)  # too far to walk: sorted as before
    assert order("votes") == unwalked["votes"]


def test_a_list_by_filters_alone_comes_from_the_full_text_table(app, monkeypatch):
    from datetime import timedelta

    from kenme.models.types import utcnow
    from kenme.search import pages
    from kenme.search.engine import Filters

    monkeypatch.setattr(pages, "FACETS_EXACT", 2)
    monkeypatch.setattr(pages, "WALK_FROM", 2)
    kdn = make_topic("kostendelersnorm", name="Kostendelersnorm")
    other = make_topic("huurtoeslag", name="Huurtoeslag")
    now = utcnow()
    on_topic = []
    for days in (4, 1, 7, 2):
        question = make_question(body=BODY, topics=[kdn])
        question.created_at = now - timedelta(days=days)
        on_topic.append(question)
    make_question(body=BODY, topics=[other])
    answered = on_topic[0]
    make_answer(answered, body="Kijk naar art. 19a Pw en de werkinstructie van de gemeente.")
    db.session.commit()
    newest = [q.id for q in sorted(on_topic, key=lambda q: q.created_at, reverse=True)]

    results = get_engine().search("", Filters(topics=("kostendelersnorm",)))
    assert results.total == 4
    assert [hit.id for hit in results.hits] == newest
    assert results.facets_estimated  # four threads, counted on a sample of about two
    page = get_engine().search("", Filters(topics=("kostendelersnorm",)), page=2, per_page=3)
    assert [hit.id for hit in page.hits] == newest[3:]
    unanswered = get_engine().search("", Filters(flags=frozenset({"unanswered"})))
    assert answered.id not in {hit.id for hit in unanswered.hits}
    assert unanswered.total == 4  # three on the topic, one on the other


def test_a_thesaurus_change_touching_many_threads_reads_names_as_phrases_until_rebuilt(
    app, monkeypatch
):
    from kenme.models import SearchState
    from kenme.search import embedded, synonyms

    monkeypatch.setattr(embedded, "REINDEX_AT_ONCE", 1)
    synonyms.seed_reference(db.session)
    db.session.commit()
    synonyms.clear_cache()
    moderator = make_user(role=Role.MODERATOR)
    found = [
        make_question(title=f"Wanneer start de vrijwillige terugkeer, casus {n}?", body=BODY)
        for n in range(2)
    ]
    assert db.session.get(SearchState, 1).index_format == 2
    data = synonyms.parse_input("vrijwillige terugkeer", "vtk", "A")
    synonyms.save_group(db.session, moderator, data)
    db.session.commit()
    assert db.session.get(SearchState, 1).index_format == 1  # two threads: more than one
    ids = {q.id for q in found}
    assert {hit.id for hit in get_engine().search("vtk ").hits} == ids
    get_engine().rebuild(db.session)
    db.session.commit()
    assert db.session.get(SearchState, 1).index_format == 2
    assert {hit.id for hit in get_engine().search("vtk ").hits} == ids
