"""Browser fixtures: a live KenMe server and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from werkzeug.serving import make_server

from kenme import create_app
from kenme.extensions import db
from tests.conftest import base_config

CHROMIUM = os.environ.get("KENME_CHROMIUM", "/usr/bin/chromium")
REQUIRE_BROWSER = os.environ.get("KENME_REQUIRE_BROWSER") == "1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    """Launch Chromium once per test session."""
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM}: browser tests not run"
        if REQUIRE_BROWSER:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


def _closed_bodies(app):
    """Wrap a WSGI app so every response body is read and closed before it is sent.

    werkzeug's development server closes a body (a static file, say) only after draining the
    socket, and a browser that drops the connection first makes that read raise: the file is
    then left open, and its ResourceWarning (an error under -W error) lands on whichever test
    runs next. Pages and assets here are small, so reading them whole costs nothing.
    """

    def closed(environ, start_response):
        body = app(environ, start_response)
        try:
            return [b"".join(body)]
        finally:
            if hasattr(body, "close"):
                body.close()

    return closed


class LiveServer:
    """A KenMe app served on a free loopback port in a background thread."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, _closed_bodies(app), threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(timeout=5)


@pytest.fixture
def live_app(sqlite_template, tmp_path):
    """An app on its own migrated SQLite copy (the embedded default)."""
    path = tmp_path / "browser.sqlite3"
    shutil.copy(sqlite_template, path)
    app = create_app(base_config(tmp_path, f"sqlite:///{path}"))
    from kenme.services import threads

    threads._related_ids.clear()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_server(live_app):
    """Serve the app for the browser."""
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context and page for each test."""
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    # Generous: a loaded 2-core CI machine can take seconds for a first page render.
    page.set_default_timeout(30_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Run axe-core (WCAG 2.1 A/AA and best practices) and fail on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    results = Axe().run(page, options=options)  # every violation; one node of each pass
    violations = results.response["violations"]
    assert violations == [], f"axe violations on {page.url}:\n{results.generate_report()}"


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching selector has focus (keyboard-only use)."""
    target = page.locator(selector).first
    target.wait_for(state="attached")
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def log_in_with_keyboard(page, email: str) -> None:
    """Log in as a member (factory password) with the keyboard only."""
    from tests.factories import PASSWORD

    page.goto("/inloggen")
    tab_to(page, "#email")
    page.keyboard.type(email)
    tab_to(page, "#password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_text("Welkom terug").wait_for()
