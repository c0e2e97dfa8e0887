"""Text taken out of a thread leaves every file of the kept-page store (decision 0045).

A purge is there to take client data out of every place it was stored. A kept page is never
served stale (the proofs in test_page_cache.py), but its bytes sat in the store's SQLite file
and write-ahead log until the size bound pushed them out. These tests keep a page, take a
word out of the thread the way moderators do, and then read every byte of every file under
the store's folder.
"""

from __future__ import annotations

import marshal
import sqlite3
import stat
from pathlib import Path

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.web.questions import page_rules
from kenme.web.questions.page_cache import EXTENSION, Latest, Page
from kenme.web.questions.page_file import FILE_NAME, PageFile
from kenme.web.questions.page_front import WorkerPagesLRU
from kenme.web.questions.page_store import SharedPages
from kenme.web.questions.thread_cache import Outline
from tests.factories import (
    ESTABLISHED,
    PASSWORD,
    make_answer_row,
    make_question,
    make_question_row,
    make_user,
)
from tests.helpers import purge_through_the_web
from tests.web.test_kept_threads import html_of, second_client, tokens_out, view

WORD = "Tjoelkerhuizen"  # stands for the client's name that slipped through
NAME = f"mevrouw {WORD}"


@pytest.fixture
def member(auth):
    user = make_user(display_name="Lezer Lotte", reputation=ESTABLISHED)
    auth.login_as(user)
    return user


def _store_folder(app) -> Path:
    return Path(app.extensions[EXTENSION].directory).parent


def _files_holding(app, word: str) -> list[str]:
    """Every file under the store's folder that holds ``word``, read byte for byte."""
    files = [path for path in _store_folder(app).rglob("*") if path.is_file()]
    assert any(path.name == FILE_NAME for path in files)
    return [path.name for path in files if word.encode() in path.read_bytes()]


def _kept(app, client, question) -> None:
    view(client, question)  # the login's flash message: not kept
    page = view(client, question)
    assert WORD in page
    # As SQLite does by itself every 1,000 pages: the page into the file, and still in the log.
    connection = sqlite3.connect(app.extensions[EXTENSION].directory / FILE_NAME)
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
    connection.close()
    assert sorted(_files_holding(app, WORD)) == [FILE_NAME, f"{FILE_NAME}-wal"]


def _purge(app, question) -> None:
    moderator_client = second_client(app, make_user(role=Role.MODERATOR))
    assert purge_through_the_web(moderator_client, question.id, NAME).status_code == 302


def _moderate(action: str):
    def act(app, post) -> None:
        from kenme.services.moderation import content

        getattr(content, action)(db.session, make_user(role=Role.MODERATOR), post, "Privé.")
        db.session.commit()

    return act


@pytest.mark.parametrize("action", ["purge", "hide", "delete"])
def test_text_taken_out_of_a_thread_leaves_every_file_of_the_store(app, client, member, action):
    question = make_question_row(body=f"## Situatie\nDe klant, {NAME}, woont met haar zoon.")
    make_answer_row(question)
    _kept(app, client, question)
    {"purge": _purge, "hide": _moderate("hide"), "delete": _moderate("delete")}[action](
        app, question
    )
    assert _files_holding(app, WORD) == []


@pytest.mark.parametrize("action", ["hide", "edit"])
def test_a_changed_answer_leaves_every_file_of_the_store(app, client, member, action):
    from kenme.services import posting

    question = make_question_row()
    answer = make_answer_row(question, body=f"Bel {NAME} zelf even, zij weet het antwoord.")
    _kept(app, client, question)
    if action == "hide":
        _moderate("hide")(app, answer)
    else:
        body = "Bel de klant zelf even, zij weet het antwoord vast wel."
        posting.edit_post(db.session, answer.author, answer, body=body)
        db.session.commit()
    assert _files_holding(app, WORD) == []


def test_a_hidden_related_question_leaves_the_pages_that_showed_its_title(app, client, member):
    title = "Telt kostgeld van een inwonende zoon mee voor de kostendelersnorm?"
    question = make_question(make_user(), title=title)
    other = make_question(make_user(), title=title.replace("zoon", WORD))
    view(client, question)
    assert f"/vragen/{other.id}" in view(client, question)
    assert _files_holding(app, WORD)
    _moderate("hide")(app, other)
    assert _files_holding(app, WORD) == []


def test_a_vote_drops_the_questions_pages(app, client, member, thread):
    from kenme.services import voting

    question, answer = thread[0], thread[1]
    view(client, question)
    view(client, question)
    store = PageFile(app.extensions[EXTENSION].directory, 1 << 30, 1.0)
    assert any(key.startswith(f"kenme-page/1/({question.id},") for key in store.stored_keys())
    voting.vote(db.session, make_user(reputation=ESTABLISHED), answer, 1)
    db.session.commit()
    assert not any(f"({question.id}," in key for key in store.stored_keys())


def test_a_newer_version_kept_drops_the_older_ones(tmp_path):
    pages = SharedPages(WorkerPagesLRU(1 << 20), tmp_path, 1 << 20, "sqlite:///x")
    outline = Outline(writers=frozenset(), post_ids=(7,))
    page = Page(items=(b"<p>versie</p>",), depends=None, expires=2e9)
    day = "2026-12-07"
    for version in (1, 2):
        pages.put((7, "", "latest"), Latest((7, version, _date(day), ""), outline, (), ()))
        pages.put((7, version, _date(day), "", None), page)
        pages.put((8, version, _date(day), "", None), page)  # another question: stays
    store = PageFile(pages.directory, 1 << 20, 1.0)
    assert store.stored_keys() == [
        "kenme-page/1/(8, 1, '2026-12-07', '', None)",
        "kenme-page/1/(7, '', 'latest')",
        "kenme-page/1/(7, 2, '2026-12-07', '', None)",
        "kenme-page/1/(8, 2, '2026-12-07', '', None)",
    ]


def _date(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_the_store_is_the_owners_only(app, client, member, thread, tmp_path):
    view(client, thread[0])
    view(client, thread[0])
    folder = app.extensions[EXTENSION].directory
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = sorted(path.name for path in folder.iterdir())
    assert names == [FILE_NAME, f"{FILE_NAME}-shm", f"{FILE_NAME}-wal"]
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name

    older = tmp_path / "older"  # a store made by an older version, readable by all
    older.mkdir(mode=0o755)
    sqlite3.connect(older / FILE_NAME).close()
    (older / FILE_NAME).chmod(0o644)
    PageFile(older, 1 << 20, 1.0)
    assert stat.S_IMODE(older.stat().st_mode) == 0o700
    assert stat.S_IMODE((older / FILE_NAME).stat().st_mode) == 0o600


@pytest.mark.app_config(PAGE_CACHE_MB=0.0001)  # no front: every hit is read from the store
def test_a_stored_page_that_cannot_be_filled_in_is_rendered_anew(app, client, member, thread):
    pages = app.extensions[EXTENSION]
    question = thread[0]
    view(client, question)
    first = view(client, question)
    store = PageFile(pages.directory, pages.max_bytes, 1.0)
    keys = [key for key in store.stored_keys() if not key.endswith("'latest')")]
    assert keys
    for key in keys:  # reads back as a page with the right values, but names no placeholder
        kind, items, held, expires = marshal.loads(store.get(key))  # noqa: S302
        store.set(key, marshal.dumps((kind, (*items, ("p", 99)), held, expires)))
    misses = pages.misses
    response = client.get(f"/vragen/{question.id}")
    assert tokens_out(html_of(response)) == tokens_out(first)  # rendered, not an error page
    assert pages.misses == misses + 1
    hits = pages.hits
    view(client, question)
    assert pages.hits == hits + 1, "kept anew in place of the damaged value"


def test_a_failed_commit_leaves_no_transaction_open(tmp_path):
    store = PageFile(tmp_path, 1 << 20, 1.0)
    connection = store._connection()
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    connection.execute(
        "CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"
    )
    with pytest.raises(sqlite3.IntegrityError), store._write() as writing:
        writing.execute("INSERT INTO child VALUES (1)")  # fails only at COMMIT
    assert not connection.in_transaction
    store.set("key", b"value")
    assert store.get("key") == b"value"


def test_a_worker_that_starts_empties_the_store_and_its_files(app, client, member):
    question = make_question_row(body=f"## Situatie\nDe klant, {NAME}, woont met haar zoon.")
    _kept(app, client, question)
    pages = app.extensions[EXTENSION]
    PageFile(pages.directory, pages.max_bytes, 1.0, empty=True)  # as a worker that starts
    assert _files_holding(app, WORD) == []
    assert (pages.directory / FILE_NAME).stat().st_size < 64 * 1024, "cut off, not zeroed"


def _deleted_by_themselves(app, writer) -> None:
    response = second_client(app, writer).post_form(
        "/profiel/verwijderen", {"password": PASSWORD, "confirm": "y"}, page="/profiel/verwijderen"
    )
    assert response.status_code == 302


def _deleted_on_request(app, writer) -> None:
    page = f"/moderatie/leden/{writer.id}/avg"
    response = second_client(app, make_user(role=Role.MODERATOR)).post_form(
        f"{page}/verwijderen",
        {"verwijderen-reference": "verzoek 12", "verwijderen-confirm": "y"},
        page=page,
    )
    assert response.status_code == 302


@pytest.mark.parametrize("how", ["themselves", "on request"])
def test_a_deleted_members_name_leaves_the_kept_pages_and_every_file(app, client, member, how):
    """A member who deletes their account (or has it deleted on an AVG request) leaves no
    page in the store that shows their name or organisation, in the file or its log."""
    writer = make_user(display_name=f"Jurist {WORD}", organisation="Wetswinkel Oost")
    question = make_question_row()
    make_answer_row(question, author=writer)
    other = make_question_row()  # a page that does not show them stays kept
    view(client, other)
    view(client, other)
    _kept(app, client, question)
    assert "Wetswinkel Oost" in view(client, question)
    {"themselves": _deleted_by_themselves, "on request": _deleted_on_request}[how](app, writer)
    assert _files_holding(app, WORD) == [] and _files_holding(app, "Wetswinkel Oost") == []
    store = PageFile(app.extensions[EXTENSION].directory, 1 << 30, 1.0)
    assert not any(f"({question.id}," in key for key in store.stored_keys())
    assert any(f"({other.id}," in key for key in store.stored_keys())
    page = view(client, question)
    assert WORD not in page and "Wetswinkel Oost" not in page and "verwijderd lid" in page


def _renamed(app, writer) -> None:
    writer.display_name = "Jurist Jansen"
    writer.organisation = "Juridisch Loket"
    db.session.commit()


@pytest.mark.parametrize("how", ["themselves", "on request", "renamed"])
def test_a_deleted_or_renamed_members_name_leaves_what_the_worker_read_back(
    app, client, member, how
):
    """A kept page's hit reads the names of the people it shows, and the worker keeps them
    read back for the next hit (page_rules.decoded_texts); a member who is deleted or renamed
    leaves nothing there either, as they leave nothing in the store (decision 0066)."""
    writer = make_user(display_name=f"Jurist {WORD}", organisation="Wetswinkel Oost")
    question = make_question_row()
    make_answer_row(question, author=writer)
    view(client, question)  # the login's flash message: not kept
    view(client, question)  # rendered and kept
    pages = app.extensions[EXTENSION]
    hits = pages.hits
    assert WORD in view(client, question)
    assert pages.hits == hits + 1
    assert any(WORD in text for text in page_rules.decoded_texts())
    {"themselves": _deleted_by_themselves, "on request": _deleted_on_request, "renamed": _renamed}[
        how
    ](app, writer)
    assert not any(WORD in text or "Wetswinkel Oost" in text for text in page_rules.decoded_texts())
    page = view(client, question)
    assert WORD not in page and "Wetswinkel Oost" not in page
