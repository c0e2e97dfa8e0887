"""Cached searches survive writes to other threads, and never show what a fresh search would not
(kenme/search/cache.py, decision 0023)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Role, SearchChange, SearchState
from kenme.search import cache, embedded, get_engine, synonyms
from kenme.services import moderation, posting, topics
from kenme.services.moderation.content import hide
from tests.factories import make_answer, make_question, make_topic, make_user

BODY = "De klant woont met haar zoon in een huurwoning en vraagt naar de mantelzorg."
OTHER = "Telt een inwonende broer mee voor de kostendelersnorm?"
ANSWER = "Kijk naar de huurtoeslag en vraag het na bij de afdeling Werk en Inkomen."


class Clock:
    """The cache's clock, moved on by the test (cache.clock)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(cache, "clock", clock)
    return clock


@pytest.fixture
def computed(app, monkeypatch, clock):
    """How often a page of results was worked out (not taken from the cache)."""
    calls = []
    for name in ("fts_page", "sampled_facets"):
        original = getattr(embedded, name)

        def counting(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(embedded, name, counting)
    cache.clear()
    yield calls
    cache.clear()


def ids(query: str, **options) -> list[int]:
    return [hit.id for hit in get_engine().search(query, **options).hits]


def logged(thread_id: int) -> int:
    return len(
        db.session.scalars(select(SearchChange).where(SearchChange.thread_id == thread_id)).all()
    )


def state() -> tuple:
    return tuple(db.session.execute(select(SearchState.epoch, SearchState.index_format)).one())


def test_a_write_to_another_thread_keeps_the_cached_results(computed):
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", body=BODY)
    other = make_question(title=OTHER, body=BODY)
    assert ids("walrusregeling") == [walrus.id]
    worked_out = len(computed)
    assert worked_out >= 1
    before, site = logged(other.id), state()
    make_answer(other, body=ANSWER)  # its text changes, it does not match
    assert logged(other.id) > before  # the index did change
    # ... and no row every writer updates was touched (issue #24: it queues writers).
    assert state() == site
    assert ids("walrusregeling") == [walrus.id]
    assert len(computed) == worked_out, "kept across a write to a thread that does not match"
    # The change is logged with how it changed: words came, none went, the title stayed
    # (PostgreSQL keeps the stored fields too since migration 0028, decision 0038).
    change = db.session.scalars(
        select(SearchChange).where(SearchChange.thread_id == other.id)
    ).all()[-1]
    assert not change.lost
    assert not change.title


def test_a_new_match_and_a_thread_that_gains_the_word_show_within_the_lag(computed, clock):
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", body=BODY)
    other = make_question(title=OTHER, body=BODY)
    assert get_engine().search("walrusregeling").total == 1
    newer = make_question(title="Nog een vraag over de walrusregeling", body=BODY)
    clock.now += cache.ADDITIONS_LAG
    results = get_engine().search("walrusregeling")
    assert results.total == 2
    assert {h.id for h in results.hits} == {walrus.id, newer.id}
    make_answer(other, body=ANSWER + " De walrusregeling geldt hier niet.")
    clock.now += cache.ADDITIONS_LAG
    assert set(ids("walrusregeling")) == {walrus.id, newer.id, other.id}
    assert get_engine().search("walrusregeling").total == 3


def test_an_addition_may_lag_a_removal_never(computed, clock):
    """Decision 0044: a kept result may miss a thread that joined it for ADDITIONS_LAG
    seconds after it was last known to hold; one that left it, never."""
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", body=BODY)
    assert get_engine().search("walrusregeling").total == 1
    worked_out = len(computed)
    newer = make_question(title="Nog een vraag over de walrusregeling", body=BODY)
    clock.now += cache.ADDITIONS_LAG - 0.5
    results = get_engine().search("walrusregeling")
    assert ([h.id for h in results.hits], results.total) == ([walrus.id], 1)
    assert len(computed) == worked_out, "served as kept while it lags"
    # The old stamp is kept: a removal after the addition shows at once, still inside the lag.
    hide(db.session, make_user(role=Role.MODERATOR), walrus, "Test: verbergen")
    db.session.commit()
    results = get_engine().search("walrusregeling")
    assert ([h.id for h in results.hits], results.total) == ([newer.id], 1)
    assert results.facets["type"] == {"question": 1}
    # Known to hold again from here; an addition and then a lost word, inside the lag.
    third = make_question(title="Een derde walrusregeling", body=BODY)
    clock.now += 1
    assert ids("walrusregeling") == [newer.id]
    posting.edit_post(db.session, newer.author, newer, title=OTHER, body=BODY)
    db.session.commit()
    assert ids("walrusregeling") == [third.id]


def test_a_first_answer_elsewhere_keeps_a_search_filtered_by_topic(computed, clock):
    """Status and flags move with every first answer: they are not logged as ``meta``, so a
    topic-filtered search outlives a first answer to a thread outside it (on both back ends:
    PostgreSQL keeps its stored filter tokens too since migration 0028)."""
    topic = make_topic(slug="walrusbeleid", name="Walrusbeleid")
    walrus = make_question(
        title="Walrusregeling voor een inwonende zoon", body=BODY, topics=[topic]
    )
    other = make_question(title="Walrusregeling zonder onderwerp", body=BODY)
    assert ids("walrusregeling onderwerp:walrusbeleid") == [walrus.id]
    worked_out = len(computed)
    make_answer(other, body=ANSWER)  # its status and flags change; no topic goes
    clock.now += cache.ADDITIONS_LAG  # past the lag: checked against the change exactly
    assert ids("walrusregeling onderwerp:walrusbeleid") == [walrus.id]
    assert len(computed) == worked_out
    change = db.session.scalars(
        select(SearchChange).where(SearchChange.thread_id == other.id)
    ).all()[-1]
    assert not change.meta
    # A thread taken off the topic leaves at once, inside the lag.
    second = make_question(title="Nog een walrusregeling", body=BODY, topics=[topic])
    clock.now += cache.ADDITIONS_LAG
    assert set(ids("walrusregeling onderwerp:walrusbeleid")) == {walrus.id, second.id}
    other_topic = make_topic(slug="ander-beleid", name="Ander beleid")
    posting.edit_post(
        db.session,
        walrus.author,
        walrus,
        title=walrus.title,
        body=BODY,
        topic_slugs=["ander-beleid"],
    )
    db.session.commit()
    assert other_topic.slug == "ander-beleid"
    results = get_engine().search("walrusregeling onderwerp:walrusbeleid")
    assert ([h.id for h in results.hits], results.total) == ([second.id], 1)


def test_a_thread_that_loses_the_word_or_is_hidden_leaves_at_once(computed):
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", body=BODY)
    second = make_question(title="Nog een vraag over de walrusregeling", body=BODY)
    assert set(ids("walrusregeling")) == {walrus.id, second.id}
    posting.edit_post(db.session, second.author, second, title=OTHER, body=BODY)
    db.session.commit()
    results = get_engine().search("walrusregeling")
    assert ([h.id for h in results.hits], results.total) == ([walrus.id], 1)
    hide(db.session, make_user(role=Role.MODERATOR), walrus, "Test: verbergen")
    db.session.commit()
    results = get_engine().search("walrusregeling")
    assert (results.hits, results.total, results.facets["type"]) == ([], 0, {})


def test_a_purged_word_is_neither_found_nor_offered_as_a_correction(computed):
    word = "Pinguinregeling"
    question = make_question(title="Een vraag over de huurtoeslag", body=f"{BODY} {word}.")
    assert ids(word) == [question.id]
    assert get_engine().search("pinguinregelnig").did_you_mean == "pinguinregeling"
    moderation.purge(db.session, make_user(role=Role.MODERATOR), question, word, "Test")
    db.session.commit()
    assert ids(word) == []
    assert get_engine().search("pinguinregelnig").did_you_mean is None


def test_a_thread_that_gains_an_excluded_word_leaves_at_once(computed):
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", body=BODY)
    assert ids("walrusregeling -broer") == [walrus.id]
    make_answer(walrus, body=ANSWER + " Bij een inwonende broer telt het anders.")
    assert get_engine().search("walrusregeling -broer").total == 0


def test_a_filtered_search_drops_a_thread_whose_status_changed(computed):
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", body=BODY)
    assert ids("walrusregeling is:onbeantwoord") == [walrus.id]
    make_answer(walrus, body=ANSWER)  # no word of the query: only the filter token goes
    results = get_engine().search("walrusregeling is:onbeantwoord")
    assert (results.hits, results.total) == ([], 0)
    assert ids("walrusregeling") == [walrus.id]


def test_suggestions_follow_a_changed_title_at_once(computed):
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", body=BODY)
    other = make_question(title=OTHER, body=BODY)

    def suggested(title: str) -> list[int]:
        return [post.id for post in get_engine().suggest(title, session=db.session)]

    assert suggested("walrusregeling zoon") == [walrus.id]
    make_answer(other, body=ANSWER)
    assert suggested("walrusregeling zoon") == [walrus.id]
    posting.edit_post(
        db.session, other.author, other, title="Walrusregeling en een inwonende broer", body=BODY
    )
    db.session.commit()
    assert set(suggested("walrusregeling zoon")) == {walrus.id, other.id}
    posting.edit_post(db.session, walrus.author, walrus, title=OTHER, body=BODY)
    db.session.commit()
    assert suggested("walrusregeling zoon") == [other.id]


def test_a_word_new_to_the_vocabulary_is_offered_at_once(computed):
    make_question(title="Een vraag over de huurtoeslag", body=BODY)
    results = get_engine().search("pinguinregelnig")
    assert (results.total, results.did_you_mean) == (0, None)
    question = make_question(title="Een vraag over de huurtoeslag", body=f"{BODY} Pinguinregeling.")
    results = get_engine().search("pinguinregelnig")
    assert results.did_you_mean == "pinguinregeling"
    assert [hit.id for hit in results.hits] == [question.id]


def test_the_whole_answer_and_the_suggestion_are_kept_plan_included(computed, monkeypatch):
    walrus = make_question(title="Walrusregeling voor een inwonende zoon", body=BODY)
    other = make_question(title=OTHER, body=BODY)
    plans = []
    original = embedded.build_plan

    def counting(*args, **kwargs):
        plans.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(embedded, "build_plan", counting)

    def both() -> tuple[list[int], list[int]]:
        suggested = [p.id for p in get_engine().suggest("walrusregeling zoon", session=db.session)]
        return ids("walrusregeling"), suggested

    assert both() == ([walrus.id], [walrus.id])
    planned = len(plans)
    make_answer(other, body=BODY)  # no new word: the vocabulary only counts up
    assert both() == ([walrus.id], [walrus.id])
    # Both back ends know the stored title (PostgreSQL since migration 0028): neither the
    # suggestion nor the search is planned again after a write elsewhere.
    assert len(plans) == planned, "not planned again after a write elsewhere"
    monkeypatch.setattr(embedded, "PLAN_SECONDS", 0.0)
    assert both() == ([walrus.id], [walrus.id])
    assert len(plans) == planned + 2, "planned again once kept too long"


def test_a_snapshot_says_which_changes_a_value_has_not_seen():
    """PostgreSQL's stamp: a transaction that ran while the value was computed, or began
    after, committed a change the value has not seen, whatever the order of their ids."""
    from kenme.search.stamps import Snapshot

    seen = Snapshot.parse("100:110:103,107")
    assert seen.saw(99) and seen.saw(100) and seen.saw(104)
    assert not seen.saw(103) and not seen.saw(107)  # in progress then
    assert not seen.saw(110) and not seen.saw(150)  # not begun then


def test_a_change_that_commits_after_a_later_one_is_still_seen(app):
    """Writers log side by side and commit in any order: a value stamped between the two
    commits misses neither change, and once both are in, nothing is left unseen."""
    from sqlalchemy.orm import Session

    from kenme.search import stamps

    cache.bump(db.session)  # an epoch row, as the first index change makes
    db.session.commit()
    flags = {"lost": False, "meta": False, "title": False, "words": False}
    start = stamps.current(db.session)[1]
    with Session(db.engine) as first, Session(db.engine) as second:
        stamps.log(first, [{"thread_id": 1, **flags}])  # begins, does not commit yet
        if db.engine.dialect.name == "sqlite":
            first.commit()  # SQLite: one writer at a time; the second waits for the first
        stamps.log(second, [{"thread_id": 2, **flags}])
        second.commit()
        db.session.commit()  # a fresh read
        between = stamps.current(db.session)[1]
        first.commit()
    db.session.commit()
    now = stamps.current(db.session)[1]
    assert sorted(row[0] for row in stamps.since(db.session, start, now)) == [1, 2]
    assert [row[0] for row in stamps.since(db.session, between, now)] == (
        [1] if db.engine.dialect.name == "postgresql" else []
    )
    assert stamps.since(db.session, now, now) == []


def test_a_purged_phrase_leaves_a_kept_phrase_search_at_once(computed, clock):
    """A purge that splits a phrase loses no term (both words stay elsewhere in the thread),
    yet the thread no longer matches: the kept result must not outlive it, neither within
    ADDITIONS_LAG nor after (review of decision 0044; the rule dates from 0023)."""
    q = make_question(
        title="Een vraag over de huurtoeslag",
        body=f"{BODY} De groene zeppelinhangar stond er. Groene stoel, zeppelinhangar elders.",
    )
    assert ids('"groene zeppelinhangar"') == [q.id]
    moderation.purge(db.session, make_user(role=Role.MODERATOR), q, "groene zeppelinhangar", "Test")
    db.session.commit()
    at_once = ids('"groene zeppelinhangar"')
    clock.now += 10
    later = ids('"groene zeppelinhangar"')
    assert (at_once, later) == ([], [])


def test_a_kept_search_for_a_name_outlives_other_writes_and_not_its_purge(computed, clock):
    """A thesaurus name of several words is asked for by its token, so a search for it is kept
    across writes to other threads (a typed phrase is not); a purge that splits the name,
    though both its words stay in the thread, takes the token out, logged as ``lost``: the
    kept result drops the thread at once, and after ADDITIONS_LAG too."""
    moderator = make_user(role=Role.MODERATOR)
    group = synonyms.parse_input("groene zeppelinhangar", "gzh", "S")
    synonyms.save_group(db.session, moderator, group)
    db.session.commit()
    q = make_question(
        title="Een vraag over de huurtoeslag",
        body=f"{BODY} De groene zeppelinhangar stond er. Groene stoel, zeppelinhangar elders.",
    )
    other = make_question(title=OTHER, body=BODY)
    assert ids("gzh") == [q.id]
    make_answer(other, body=ANSWER)
    clock.now += 10  # past the lag: the changed thread is probed, and does not match
    worked_out = len(computed)
    assert ids("gzh") == [q.id]
    assert len(computed) == worked_out  # kept, not computed again
    moderation.purge(db.session, moderator, q, "groene zeppelinhangar", "Test")
    db.session.commit()
    at_once = ids("gzh")
    clock.now += 10
    later = ids("gzh")
    assert (at_once, later) == ([], [])


def test_a_topic_synonym_added_after_a_search_finds_its_threads_at_once(computed):
    """The topics' names and synonyms are kept per search epoch; a change to them starts a
    new one, so the next search asks for the new word's topic token (decision 0051)."""
    topic = make_topic(slug="walrusbeleid", name="Walrusbeleid")
    q = make_question(title="Een vraag over de huurtoeslag", body=BODY, topics=[topic])
    assert ids("huurtoeslag") == [q.id]  # an epoch exists and the topics are kept under it
    assert ids("zeehondenregel") == []
    topics.save_topic(
        db.session,
        slug="walrusbeleid",
        name="Walrusbeleid",
        synonyms=["zeehondenregel"],
        topic=topic,
    )
    db.session.commit()
    assert ids("zeehondenregel") == [q.id]
    topics.save_topic(db.session, slug="walrusbeleid", name="Zeeleeuwbeleid", topic=topic)
    db.session.commit()
    assert (ids("zeeleeuwbeleid"), ids("zeehondenregel")) == ([q.id], [])
    # A new topic starts no epoch; its id is seen.
    assert ids("pinguinregel") == []
    newer = make_question(title=OTHER, body=BODY, topics=[make_topic(name="Pinguinregel")])
    assert ids("pinguinregel") == [newer.id]
