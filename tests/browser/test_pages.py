"""Every main page for every role (tests/browser/pages.py, on the demo data) in real Chromium:

- axe (WCAG 2.1 A/AA and best practices): 0 violations at 390 and 1280 px, light and dark;
- reflow (WCAG 1.4.10): no horizontal scrolling at 320 px;
- the header and navigation take at most 20 % of a 390 × 844 first screen;
- no request leaves the app's own host.

One test per role walks its pages (each page loaded once per width; the colour scheme is
switched in place), so the suite stays at a few hundred axe runs, not thousands of loads.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import urlsplit

import pytest

from kenme import create_app
from kenme.extensions import db
from tests.browser.conftest import WCAG_TAGS, LiveServer
from tests.browser.pages import ROLES, log_in, pages
from tests.conftest import base_config, migrate_to_head

HEADER_SHARE = 0.20


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """One migrated SQLite file with the demo data per session; each test gets a copy."""
    from kenme.demo import seed_demo

    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite3"
    app = create_app(base_config(folder, f"sqlite:///{path}"))
    migrate_to_head(app)
    with app.app_context():
        seed_demo(db.session)
        db.session.commit()
        db.engine.dispose()
    return path


@pytest.fixture
def demo_server(demo_template, tmp_path):
    path = tmp_path / "demo.sqlite3"
    shutil.copy(demo_template, path)
    app = create_app(base_config(tmp_path, f"sqlite:///{path}"))
    with LiveServer(app) as server:
        with app.app_context():
            walk = pages(db.session)
        yield server, walk
    with app.app_context():
        db.engine.dispose()


# In dark mode only colours change: there axe checks the contrast rule alone (much faster).
# Every violation and each of its nodes is reported; of the passes and the rest axe reports
# one node per rule (``resultTypes``): without it, the AVG overview's ~7,000 elements made
# axe describe every passing node, 55 % of the member walk's time.
AXE_RUNS = {
    "light": {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]},
    "dark": {
        "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
        "resultTypes": ["violations"],
    },
}


def axe_violations(page, scheme: str) -> list[str]:
    """axe's violations on the page as it is now; axe-core is put into each document once (both
    colour schemes share it)."""
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.evaluate(Axe().axe_script)
    results = page.evaluate("options => axe.run(document, options)", AXE_RUNS[scheme])
    return [
        f"{v['id']} ({len(v['nodes'])}×: {v['nodes'][0]['target']})" for v in results["violations"]
    ]


def overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def header_height(page) -> float:
    return page.evaluate("() => document.querySelector('header').getBoundingClientRect().bottom")


@pytest.mark.parametrize("role", ROLES)
def test_every_page_is_accessible_reflows_and_stays_on_its_host(browser, demo_server, role):
    server, walk = demo_server
    context = browser.new_context(base_url=server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(30_000)
    host = urlsplit(server.url).netloc
    elsewhere: list[str] = []
    page.on(
        "request",
        lambda r: (
            urlsplit(r.url).scheme in ("http", "https")
            and urlsplit(r.url).netloc != host
            and elsewhere.append(r.url)
        ),
    )
    log_in(page, role)
    problems: list[str] = []
    try:
        for item in walk[role]:
            for width in (390, 1280):
                page.set_viewport_size({"width": width, "height": 844})
                page.goto(item.path)
                for scheme in ("light", "dark"):
                    page.emulate_media(color_scheme=scheme)
                    for violation in axe_violations(page, scheme):
                        problems.append(f"{item.path} {width}px {scheme}: axe {violation}")
                page.emulate_media(color_scheme="light")
                if width == 390:
                    share = header_height(page) / 844
                    if share > HEADER_SHARE:
                        problems.append(f"{item.path}: header takes {share:.0%} of 390×844")
            page.set_viewport_size({"width": 320, "height": 640})
            if (extra := overflow(page)) > 0:
                problems.append(f"{item.path}: {extra}px horizontal scrolling at 320px")
    finally:
        context.close()
    assert not elsewhere, f"requests to another host: {elsewhere}"
    assert not problems, "\n".join(problems)


PAGE_BUDGET = 150 * 1024


def test_question_page_weighs_at_most_150_kb_from_its_own_host(browser, demo_server):
    """HTML + CSS + JS of the question page, uncompressed, as a member gets them."""
    server, walk = demo_server
    context = browser.new_context(base_url=server.url, locale="nl-NL")
    page = context.new_page()
    try:
        log_in(page, "member")
        path = next(p.path for p in walk["member"] if p.name == "vraag")
        html = page.request.get(path).body()
        assets = re.findall(rb'<(?:link rel="stylesheet" href|script src)="([^"]+)"', html)
        assert len(assets) >= 4  # the theme, the components, and the scripts
        sizes = {"html": len(html)}
        for url in assets:
            assert url.startswith(b"/"), f"asset from elsewhere: {url!r}"
            response = page.request.get(url.decode())
            assert response.ok, url
            sizes[url.decode()] = len(response.body())
    finally:
        context.close()
    total = sum(sizes.values())
    print(f"question page weight: {total} bytes uncompressed: {sizes}")
    assert total <= PAGE_BUDGET, f"question page weighs {total} bytes: {sizes}"
