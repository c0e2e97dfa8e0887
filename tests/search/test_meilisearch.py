"""The Meilisearch engine without a Meilisearch server: pure building blocks and the outbox.

Settings, documents, filters and queries are pure functions. The outbox is tested against a
closed loopback port (server down) and a tiny fake server that answers every task with
"failed"; either way every change must stay in the outbox for a later retry.
"""

from __future__ import annotations

import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import SearchOutbox
from kenme.models.types import utcnow
from kenme.search import get_engine, health
from kenme.search.documents import ThreadDocument
from kenme.search.engine import Filters
from kenme.search.meili import (
    FILTERABLE,
    SEARCHABLE,
    SORTABLE,
    MeilisearchEngine,
    backoff,
    meili_document,
    meili_filter,
    meili_query,
    meili_settings,
    search_params,
)
from kenme.search.outbox import drain_once, pending_count
from kenme.search.query import parse
from kenme.search.thesaurus import Thesaurus, reference_thesaurus
from kenme.services import posting, threads
from tests.factories import make_question, make_topic, make_user


def closed_port() -> int:
    """Return a loopback port nothing listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CLOSED_URL = f"http://127.0.0.1:{closed_port()}"


# --- pure: settings --------------------------------------------------------------------------


def test_searchable_attributes_follow_the_field_priority():
    settings = meili_settings(reference_thesaurus())
    assert settings["searchableAttributes"] == SEARCHABLE
    assert SEARCHABLE[:5] == ["title", "oogst", "body", "answers", "comments"]
    assert "topic_names" in SEARCHABLE


def test_filterable_and_sortable_attributes_cover_every_filter_and_sort():
    settings = meili_settings(reference_thesaurus())
    for name in ("type", "topics", "status", "accepted", "endorsed", "year", "visibility"):
        assert name in settings["filterableAttributes"]
    assert settings["filterableAttributes"] == FILTERABLE
    assert settings["sortableAttributes"] == SORTABLE == ["created_at", "score", "last_activity_at"]


def test_settings_carry_the_thesaurus_stop_words_and_typo_rules():
    settings = meili_settings(reference_thesaurus())
    assert "kostendelersnorm" in settings["synonyms"]["kdn"]
    assert "kdn" in settings["synonyms"]["kostendelersnorm"]
    assert "participatiewet" in settings["synonyms"]["wwb"]
    # Texts and queries arrive analysed, their stop words gone but those written in capitals
    # ("de WIJ" keeps "wij"), which Meilisearch must not drop again (SEMANTICS.md §1.3).
    assert settings["stopWords"] == []
    assert settings["typoTolerance"]["minWordSizeForTypos"] == {"oneTypo": 5, "twoTypos": 9}
    assert settings["typoTolerance"]["disableOnNumbers"] is True
    assert settings["rankingRules"][-1] == "created_at:desc"


# --- pure: documents, filters, queries --------------------------------------------------------


def test_a_document_holds_analysed_text_and_filter_fields():
    created = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    document = ThreadDocument(
        id=7,
        type="question",
        title="Terugvorderingen bij samenwonende klanten",
        body="De <b>uitkeringen</b> werden te laat gestopt.",
        status="accepted",
        created_at=created,
        last_activity_at=created + timedelta(days=2),
        score=4,
        answer_count=2,
        accepted=True,
        endorsed=False,
        answers=["Vorder bruto terug."],
        comments=["Dank je!"],
        topic_slugs=["terugvordering-verhaal"],
        topic_names=["Terugvordering en verhaal"],
    )
    built = meili_document(document)
    assert built["id"] == 7
    assert built["title"] == "terugvorder samenwon klant"
    assert "uitker" in built["body"].split()
    assert built["answers"] == "vorder bruto terug"
    assert built["topics"] == ["terugvordering-verhaal"]
    assert built["topic_names"] == "terugvorder verhal"
    assert (built["status"], built["accepted"], built["endorsed"]) == ("accepted", True, False)
    assert (built["answered"], built["year"], built["score"]) == (True, 2024, 4)
    assert built["created_at"] == int(created.timestamp())
    assert built["visibility"] == "visible"


def test_a_document_carries_the_parts_of_its_compounds():
    # Meilisearch has no vocabulary of ours: simplemma's Dutch lexicon splits (SEMANTICS §3.9).
    created = datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    document = ThreadDocument(
        id=8,
        type="question",
        title="Huisbezoek na een woningverkoop",
        body="De kostendelersnorm bij een terugvordering.",
        status="open",
        created_at=created,
        last_activity_at=created,
        score=0,
        answer_count=0,
        accepted=False,
        endorsed=False,
    )
    parts = meili_document(document)["compound_parts"].split()
    assert {"huis", "bezoek", "woning", "verkop", "kost", "deler", "norm"} <= set(parts)
    assert "terug" not in parts  # a particle, not a part: terug-vordering is no compound
    assert SEARCHABLE[-1] == "compound_parts"  # weighs least


def test_a_compound_query_word_is_sent_as_its_parts():
    thesaurus = reference_thesaurus()

    def sent(text: str) -> str:
        query = parse(text)
        return meili_query(query, query.terms, thesaurus)

    assert sent("woningverkoop") == "woning verkop "  # meets "verkoop van de woning" too
    assert sent("huis bezoek") == "huis bezoek "  # meets huisbezoek's parts
    assert sent("kostendelersnorm") == "kostendelersnorm "  # a thesaurus name keeps synonyms
    assert sent("huisbezoek") == "huisbezoek "  # a word the lexicon knows whole stays whole
    assert sent("terugvordering") == "terugvorder "
    assert sent("kostendelersnrom") == "kostendelersnrom"  # a typo: Meilisearch's own rules


def test_typos_on_indexed_rare_words_rank_exact_matches_first():
    # Meilisearch applies typos to every word within its budget, also to a word that occurs
    # (the rare indexed typo then also finds the common word, SEMANTICS §3.3), and its "typo"
    # rule puts exact matches first: nothing may switch that off for words or fields.
    settings = meili_settings(reference_thesaurus())
    tolerance = settings["typoTolerance"]
    assert tolerance["enabled"] is True
    assert not tolerance.get("disableOnWords") and not tolerance.get("disableOnAttributes")
    rules = settings["rankingRules"]
    assert rules.index("words") < rules.index("typo") < rules.index("exactness")
    query = parse("jongre zoektermijn verlagign")
    assert meili_query(query, query.terms, reference_thesaurus()) == "jongr zoektermijn verlagign"


def test_the_word_typed_ranks_before_its_synonyms_after_words_and_typos():
    # Decision 0060: Meilisearch's "exactness" rule (a synonym is no exact match) comes right
    # after "words" and "typo", before proximity, attribute and a sort, as the embedded
    # engine's levels put a thread holding the typed name before one holding only a synonym.
    rules = meili_settings(reference_thesaurus())["rankingRules"]
    assert rules[:3] == ["words", "typo", "exactness"]
    assert rules.index("exactness") < rules.index("proximity") < rules.index("sort")


def test_filters_translate_exactly():
    clauses = meili_filter(
        Filters(
            topics=("kostendelersnorm", "woonsituatie-leefvorm"),
            type="question",
            status="answered",
            year=2024,
            flags=frozenset({"unanswered", "accepted", "endorsed"}),
        )
    )
    assert clauses == [
        "visibility = visible",
        'type = "question"',
        'status = "answered"',
        "year = 2024",
        'topics = "kostendelersnorm"',
        'topics = "woonsituatie-leefvorm"',
        "answered = false",
        "accepted = true",
        "endorsed = true",
    ]
    assert meili_filter(Filters()) == [
        "visibility = visible",
        'type IN ["question", "aanplakker"]',
    ]


def test_unknown_filter_values_never_reach_the_engine():
    clauses = meili_filter(Filters(type="x OR 1=1", status="drop", year=99999, flags={"foo"}))
    assert clauses == ["visibility = visible", 'type IN ["question", "aanplakker"]']
    assert meili_filter(Filters(topics=('a" OR "b',)))[-1] == 'topics = "a\\" OR \\"b"'


def test_the_query_is_analysed_with_phrases_and_exclusions():
    query = parse('Terugvorderingen "gezamenlijke huishouding" -samenwonende -"hoge boete" de')
    assert meili_query(query, query.terms) == (
        '"gezamen huishoud" -samenwon -"hog boet" terugvorder '
    )
    assert meili_query(query, query.terms[:0]) == '"gezamen huishoud" -samenwon -"hog boet" '


def test_a_last_word_typed_in_full_is_sent_as_a_whole_word_unless_a_star_follows():
    # Meilisearch searches the last word of the text it gets as a prefix unless a separator
    # follows it. A word typed in full (the lexicon knows it, or splits it into known parts; a
    # thesaurus name) is that word, as in the embedded engine (SEMANTICS.md §3.4): the text
    # ends in a space. "*" after it, or a word still being typed, keeps the prefix, also
    # after an exclusion typed before it (exclusions go before the words).
    thesaurus = reference_thesaurus()

    def sent(text: str) -> str:
        query = parse(text)
        return meili_query(query, query.terms, thesaurus)

    assert sent("verhuizing huur") == "verhuiz hur "
    assert sent("werk") == "werk "
    assert sent("kdn") == "kdn "  # a thesaurus name
    assert sent("beslagvrije voet") == "beslagvrij voet "  # a name of two words, typed in full
    assert sent("huur*") == "hur"
    assert sent("verhuizing huurtoesl") == "verhuiz huurtoesl"  # still being typed
    assert sent("-boete huurtoesl") == "-boet huurtoesl"
    assert sent("huurtoesl -boete") == "-boet huurtoesl "  # an exclusion typed after it
    assert sent("participat ") == "participat "  # a space: finished, as typed
    assert sent("huur de") == "hur "  # a stop word last: no prefix


def test_a_stop_word_in_capitals_reaches_meilisearch_as_a_word():
    # "WIJ" (Wet investeren in jongeren) is the stop word "wij" in capitals: the document and
    # the query keep it, and the settings drop no stop word, with or without a thesaurus name
    # for it (SEMANTICS.md §1.3).
    empty = Thesaurus([])
    query = parse("WIJ jongeren")
    assert meili_query(query, query.terms, empty) == "wij jong "
    assert "wij" not in meili_settings(empty)["stopWords"]
    created = datetime(2024, 3, 5, tzinfo=UTC)
    document = ThreadDocument(
        id=1,
        type="question",
        title="De WIJ gold voor jongeren",
        body="",
        status="open",
        created_at=created,
        last_activity_at=created,
    )
    assert meili_document(document)["title"].split()[0] == "wij"


def test_search_parameters_rank_by_frequency_and_map_sorts():
    params = search_params(Filters(), "votes", 20, 20)
    assert params["matchingStrategy"] == "frequency"
    assert params["sort"] == ["score:desc", "created_at:desc"]
    assert params["facets"] == ["topics", "type", "status", "year"]
    assert (params["offset"], params["limit"]) == (20, 20)
    assert "sort" not in search_params(Filters(), "relevance", 0, 20)


def test_retries_back_off_and_are_capped():
    waits = [backoff(n).total_seconds() for n in range(1, 12)]
    assert waits[:3] == [2, 4, 8]
    assert waits == sorted(waits)
    assert max(waits) == 300


# --- the outbox, with the server down ---------------------------------------------------------

pytestmark_outbox = pytest.mark.app_config(MEILISEARCH_URL=CLOSED_URL, MEILISEARCH_TIMEOUT=1)


@pytestmark_outbox
def test_the_meilisearch_engine_is_chosen_when_configured(app):
    assert isinstance(get_engine(), MeilisearchEngine)


@pytestmark_outbox
def test_every_change_writes_an_outbox_row_in_its_own_transaction(app):
    question = make_question(title="Kostendelersnorm bij een inwonende student")
    rows = db.session.scalars(select(SearchOutbox)).all()
    assert [(r.kind, r.post_id) for r in rows] == [("thread", question.id)]
    posting.post_answer(
        db.session, make_user(), question, body="Ja, hij telt mee vanaf zijn 27e verjaardag."
    )
    db.session.rollback()  # the answer is not saved, so neither is its outbox row
    assert pending_count(db.session) == 1


@pytestmark_outbox
def test_posting_never_waits_for_the_server(app):
    started = datetime.now(UTC)
    make_question(title="Kostendelersnorm bij een inwonende student")
    assert datetime.now(UTC) - started < timedelta(seconds=1)


@pytestmark_outbox
def test_an_unreachable_server_keeps_every_change_for_a_retry(app):
    first = make_question(title="Kostendelersnorm bij een inwonende student")
    second = make_question(title="Kostendelersnorm bij een inwonende broer")
    report = drain_once(db.session, get_engine())
    assert report.failed and report.rows == 2
    rows = db.session.scalars(select(SearchOutbox).order_by(SearchOutbox.id)).all()
    assert [r.post_id for r in rows] == [first.id, second.id]
    assert all(r.attempts == 1 and r.last_error for r in rows)
    assert all(r.available_at > utcnow() for r in rows)
    assert drain_once(db.session, get_engine()).rows == 0  # not due yet: back-off
    assert pending_count(db.session) == 2


@pytestmark_outbox
def test_health_reports_degraded_with_the_backlog(app):
    make_question(title="Kostendelersnorm bij een inwonende student")
    assert health() == {"engine": "meilisearch", "status": "degraded", "pending_outbox": 1}


@pytestmark_outbox
def test_suggestions_stay_quiet_when_the_server_is_down(app):
    make_question(title="Kostendelersnorm bij een inwonende student")
    assert threads.similar_titles(db.session, "kostendelersnorm student") == []


@pytestmark_outbox
def test_the_worker_once_exits_with_failure_and_keeps_the_rows(app, runner):
    make_question(title="Kostendelersnorm bij een inwonende student")
    result = runner.invoke(args=["search", "worker", "--once"])
    assert result.exit_code == 1
    assert "mislukt" in result.output
    assert pending_count(db.session) == 1


@pytestmark_outbox
def test_the_worker_coalesces_and_sends_whole_current_threads(app, monkeypatch):
    engine = get_engine()
    question = make_question(title="Kostendelersnorm bij een inwonende student")
    posting.post_answer(
        db.session, make_user(), question, body="Ja, hij telt mee vanaf zijn 27e verjaardag."
    )
    db.session.commit()
    assert pending_count(db.session) == 2
    sent: list[set[int]] = []
    monkeypatch.setattr(engine, "send", lambda session, ids: sent.append(set(ids)) or 1)
    report = drain_once(db.session, engine)
    assert sent == [{question.id}]  # two changes, one thread, one document
    assert (report.rows, report.threads, report.failed) == (2, 1, False)
    assert pending_count(db.session) == 0


# --- the outbox, with a server whose tasks fail ------------------------------------------------


class FailingMeilisearch(BaseHTTPRequestHandler):
    """Accepts every request and reports every task as failed (test double, failure path)."""

    log: list[tuple[str, str]] = []

    def log_message(self, *args) -> None:  # keep test output clean
        return None

    def _answer(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _task(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.log.append((self.command, self.path))
        self._answer(
            202,
            {
                "taskUid": len(self.log),
                "indexUid": "kenme_threads",
                "status": "enqueued",
                "type": "documentAdditionOrUpdate",
                "enqueuedAt": "2026-01-01T00:00:00.000000Z",
            },
        )

    def do_GET(self) -> None:
        self.log.append((self.command, self.path))
        if self.path.startswith("/tasks/"):
            uid = int(self.path.rsplit("/", 1)[1])
            self._answer(
                200,
                {
                    "uid": uid,
                    "indexUid": "kenme_threads",
                    "status": "failed",
                    "type": "documentAdditionOrUpdate",
                    "error": {"message": "disk full", "code": "internal", "type": "internal"},
                    "enqueuedAt": "2026-01-01T00:00:00.000000Z",
                },
            )
        elif self.path.startswith("/indexes/"):
            stamp = "2026-01-01T00:00:00.000000Z"
            self._answer(
                200,
                {
                    "uid": "kenme_threads",
                    "primaryKey": "id",
                    "createdAt": stamp,
                    "updatedAt": stamp,
                },
            )
        else:
            self._answer(200, {"status": "available"})

    do_POST = do_PATCH = do_PUT = do_DELETE = _task


@pytest.fixture
def failing_server():
    FailingMeilisearch.log = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FailingMeilisearch)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_failed_task_keeps_every_change_for_a_retry(app, failing_server):
    engine = MeilisearchEngine(failing_server, timeout=2)
    question = make_question(title="Kostendelersnorm bij een inwonende student")
    db.session.add(SearchOutbox(kind="thread", post_id=question.id))
    db.session.add(SearchOutbox(kind="settings"))
    db.session.commit()
    report = drain_once(db.session, engine)
    assert report.failed and "disk full" in report.error
    assert pending_count(db.session) == 2
    rows = db.session.scalars(select(SearchOutbox)).all()
    assert all(r.attempts == 1 and "disk full" in r.last_error for r in rows)
    writes = [(method, path) for method, path in FailingMeilisearch.log if method != "GET"]
    assert writes[0] == ("PATCH", "/indexes/kenme_threads/settings")  # settings come first


def test_a_thesaurus_edit_queues_new_settings(app, failing_server):
    from kenme.models import Role
    from kenme.search import EXTENSION, synonyms

    app.extensions[EXTENSION] = MeilisearchEngine(failing_server, timeout=2)
    make_topic("kostendelersnorm")
    moderator = make_user(role=Role.MODERATOR)
    synonyms.save_group(db.session, moderator, synonyms.parse_input("schuldenrust", "rust", "S"))
    db.session.commit()
    assert [r.kind for r in db.session.scalars(select(SearchOutbox))] == ["settings"]
