"""Kept question pages shared by the workers of one server (decision 0039).

A page kept by one process is served by another, a write through one makes it stale for the
other, the store stays within its size, and a store that cannot be used leaves the page to be
rendered: never a failed view. The proofs of 0011/0012/0016/0030 (what a kept page may show,
sessions, the viewer's votes and follows, mount points) run again below with a front that
keeps nothing, so every hit they count comes out of the shared store.
"""

from __future__ import annotations

import json
import logging
import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kenme.extensions import db
from kenme.web.questions.page_cache import EXTENSION, Page
from kenme.web.questions.page_file import FILE_NAME, PageFile
from kenme.web.questions.page_front import WorkerPagesLRU
from kenme.web.questions.page_store import SharedPages
from tests.web.test_kept_threads import html_of, tokens_out
from tests.web.test_page_cache import (  # noqa: F401 (fixtures, and the proofs run again)
    member,
    pages,
    test_a_kept_page_carries_the_mount_point,
    test_a_kept_page_is_what_the_app_answers_without_caches,
    test_a_kept_page_is_what_the_app_would_answer,
    test_a_new_login_version_ends_the_session_not_serves_the_page,
    test_a_role_change_shows_the_moderators_controls_at_once,
    test_a_second_view_is_served_after_one_small_query,
    test_a_thread_kept_at_one_mount_point_is_not_served_at_another,
    test_a_vote_elsewhere_on_someone_shown_shows_their_new_reputation,
    test_any_committed_write_shows_at_once,
    test_members_share_a_page_with_their_own_name_link_and_token,
    test_moderation_of_the_thread_shows_at_once,
    test_refused_or_changed_members_never_get_a_kept_page,
    test_the_sidebar_follow_buttons_are_each_members_own,
    test_the_viewers_own_votes_pick_their_page_in_the_same_statement,
    test_viewers_with_other_votes_share_one_rendering,
)

# A front of 100 bytes keeps no page and no outline: every hit below is read from the store.
pytestmark = pytest.mark.app_config(PAGE_CACHE_MB=0.0001)

PROJECT_ROOT = Path(__file__).resolve().parents[2]

# The second worker: the same app on the same database and store, in a process of its own
# (so with other per-process placeholder and slot secrets). Each command is a JSON line with
# the session cookie and a path, and for a comment its form; each answer is a JSON line.
WORKER = """
import json, sys
from kenme import create_app
from kenme.web.questions.page_cache import EXTENSION

app = create_app(json.loads(sys.argv[1]))
pages = app.extensions[EXTENSION]
pages.open()
print(json.dumps({"ready": True}), flush=True)
for line in sys.stdin:
    command = json.loads(line)
    client = app.test_client()
    client.set_cookie("session", command["cookie"])
    if "form" in command:
        response = client.post(command["path"], data=command["form"])
    else:
        response = client.get(command["path"])
    print(json.dumps({
        "status": response.status_code,
        "body": response.get_data(as_text=True),
        "hits": pages.hits,
        "misses": pages.misses,
    }), flush=True)
"""


class Worker:
    """The app in a second process, driven line by line."""

    def __init__(self, config: dict):
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [sys.executable, "-c", WORKER, json.dumps(config)],
            cwd=PROJECT_ROOT,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self._answer() == {"ready": True}

    def ask(self, client, path: str, form: dict | None = None) -> dict:
        command = {"cookie": client.get_cookie("session").value, "path": path}
        if form is not None:
            command["form"] = form
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def _answer(self) -> dict:
        line = self.process.stdout.readline()
        assert line, "the second worker stopped"
        return json.loads(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.process.stdout.close()


def _worker_config(app) -> dict:
    keys = ("SECRET_KEY", "SQLALCHEMY_DATABASE_URI", "MAIL_DIR", "MEILISEARCH_URL")
    config = {key: app.config[key] for key in keys}
    return {
        **config,
        "TESTING": True,
        "RATELIMIT_ENABLED": False,
        "INSTANCE_PATH": app.instance_path,  # the same store
        "PAGE_CACHE_MB": app.config["PAGE_CACHE_MB"],
    }


COMMENT_TOKEN = r'class="stack comment-form".*?name="csrf_token" value="([^"]+)"'


@pytest.fixture
def reader(auth):
    from tests.factories import ESTABLISHED, make_user

    user = make_user(display_name="Lezer Lotte", reputation=ESTABLISHED)
    auth.login_as(user)
    return user


@pytest.mark.app_config(PAGE_CACHE_MB=32)
def test_a_page_kept_by_one_process_is_served_by_the_other_until_a_write(
    app, client, reader, thread
):
    import re

    shared = app.extensions[EXTENSION]
    question, answer = thread[0], thread[1]
    url = f"/vragen/{question.id}"
    shared.open()
    worker = Worker(_worker_config(app))
    try:
        client.get(url)  # the login's flash message: not kept
        kept = html_of(client.get(url))  # rendered here and kept in the store
        there = worker.ask(client, url)
        assert there["status"] == 200
        assert (there["hits"], there["misses"]) == (1, 0), "served from the store, not rendered"
        assert tokens_out(there["body"]) == tokens_out(kept)

        token = re.search(COMMENT_TOKEN, there["body"], re.S).group(1)
        body = "Bij ons rekent de consulent dit per maand, niet per week."
        form = {"csrf_token": token, "body": body}
        written = worker.ask(client, f"/berichten/{answer.id}/reacties", form)
        assert written["status"] == 302, "the token filled in by the other process is valid"
        hits, misses = shared.hits, shared.misses
        assert body in html_of(client.get(url)), "the write in the other process shows here"
        assert (shared.hits, shared.misses) == (hits, misses + 1)

        again = worker.ask(client, url)  # kept anew here, served there
        assert body in again["body"]
        assert (again["hits"], again["misses"]) == (2, 0)
    finally:
        worker.close()


def test_a_store_at_a_path_that_cannot_be_written_leaves_pages_to_each_worker(
    app, thread, tmp_path, caplog
):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    _check_pages_are_served(app, thread[0], str(blocked / "store"), caplog)


def test_a_corrupt_store_leaves_pages_to_each_worker(app, thread, tmp_path, caplog):
    def corrupt(directory: Path) -> None:
        directory.mkdir(parents=True)
        (directory / FILE_NAME).write_bytes(b"this is no SQLite database " * 100)

    _check_pages_are_served(app, thread[0], str(tmp_path / "corrupt"), caplog, corrupt)


def _check_pages_are_served(app, question, folder: str, caplog, spoil=None) -> None:
    from kenme import create_app
    from tests.conftest import AuthActions, KenMeClient
    from tests.factories import make_user

    config = {**_worker_config(app), "PAGE_STORE_DIR": folder, "PAGE_CACHE_MB": 32}
    broken = create_app(config)
    broken.test_client_class = KenMeClient
    client = broken.test_client()
    AuthActions(client).login_as(make_user())
    shared = broken.extensions[EXTENSION]
    if spoil is not None:
        spoil(shared.directory)  # before this worker opens the store
    url = f"/vragen/{question.id}"
    try:
        with caplog.at_level(logging.WARNING):
            client.get(url)
            first = html_of(client.get(url))
            hits = shared.hits
            assert tokens_out(html_of(client.get(url))) == tokens_out(first)
    finally:
        with broken.app_context():
            db.engine.dispose()
    assert shared.hits == hits + 1, "this worker still keeps its pages"
    assert "kept-page store" in caplog.text


def test_a_value_that_does_not_read_back_is_a_miss(app, client, reader, thread):
    shared = app.extensions[EXTENSION]
    url = f"/vragen/{thread[0].id}"
    client.get(url)
    first = html_of(client.get(url))
    store = PageFile(shared.directory, shared.max_bytes, 1.0)  # as another process would
    keys = [key for key in store.stored_keys() if not key.endswith("'latest')")]
    assert keys, "the page is in the store"
    for garbage in (b"garbage", marshal.dumps(("P", ("text", 5), None, 2e9))):
        for key in keys:
            store.set(key, garbage)
        misses = shared.misses
        assert tokens_out(html_of(client.get(url))) == tokens_out(first)
        assert shared.misses == misses + 1, "rendered again"


def _page(size: int, n: int) -> Page:
    return Page(items=(bytes([65 + n % 26]) * size,), depends=None, expires=2e9)


def test_the_store_stays_within_its_size_and_drops_the_oldest(tmp_path):
    limit = 512 * 1024
    shared = SharedPages(WorkerPagesLRU(0), tmp_path / "store", limit, "sqlite:///x")
    for n in range(60):
        shared.put((n, 1, "2026-12-07", "", None), _page(20_000, n))
    store = PageFile(shared.directory, limit, 1.0)
    assert 0 < store.volume() <= limit
    assert store.volume() == sum(len(store.get(key)) for key in store.stored_keys())
    assert shared.fresh((59, 1, "2026-12-07", "", None)) == _page(20_000, 59)
    assert shared.fresh((0, 1, "2026-12-07", "", None)) is None, "the oldest was dropped"
    shared.put((60, 1, "2026-12-07", "", None), _page(limit + 1, 60))
    assert shared.fresh((60, 1, "2026-12-07", "", None)) is None, "bigger than the store"
    assert (store.path.stat().st_size) < 2 * limit


def test_a_store_is_per_database(tmp_path):
    one = SharedPages(WorkerPagesLRU(0), tmp_path / "store", 1 << 20, "sqlite:///one")
    other = SharedPages(WorkerPagesLRU(0), tmp_path / "store", 1 << 20, "sqlite:///other")
    one.open()
    other.open()
    one.put((1, 1, "2026-12-07", "", None), _page(100, 1))
    assert one.fresh((1, 1, "2026-12-07", "", None)) == _page(100, 1)
    assert other.fresh((1, 1, "2026-12-07", "", None)) is None
