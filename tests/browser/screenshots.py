"""`make screenshots`: PNGs of every main page at 390, 768 and 1280 px for each role.

Builds a throw-away SQLite database with the demo data, serves KenMe on a loopback port
and photographs the pages of tests/browser/pages.py with Chromium (as the tests do). Files
land in instance/screenshots/ unless --out (or SCREENSHOTS_DIR in make) says otherwise, named
<role>/<page>-<width>[-dark].png, with an index.txt (index-dark.txt) listing them.

    .venv/bin/python -m tests.browser.screenshots --out /tmp/shots --widths 390,1280 --dark

For files to keep in git (docs/screenshots/): ``--jpeg 70 --first-screen`` writes the first
screen (width × 844) as JPEG, a tenth of a full-page PNG.
"""

from __future__ import annotations

import argparse
import logging
import os
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import make_server

from kenme import create_app
from kenme.extensions import db
from tests.browser.pages import ROLES, log_in, pages

CHROMIUM = os.environ.get("KENME_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
WIDTHS = (390, 768, 1280)


def demo_app(folder: Path):
    """A KenMe app on a new SQLite file in folder, migrated and filled with the demo data."""
    from flask_migrate import upgrade

    from kenme.demo import seed_demo

    app = create_app(
        {
            "SECRET_KEY": "screenshots-only-secret-key-0123456789abcdef",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'demo.sqlite3'}",
            "INSTANCE_PATH": str(folder / "instance"),
            "MAIL_DIR": str(folder / "mail"),
            "RATELIMIT_ENABLED": False,
            "MEILISEARCH_URL": "",
        }
    )
    with app.app_context():
        upgrade(revision="heads")
        seed_demo(db.session)
        db.session.commit()
    return app


def photograph(
    base_url: str,
    app,
    out: Path,
    widths,
    roles,
    dark: bool,
    only=(),
    jpeg: int = 0,
    first_screen: bool = False,
) -> list[str]:
    from playwright.sync_api import sync_playwright

    with app.app_context():
        walk = pages(db.session)
    written: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for role in roles:
            context = browser.new_context(
                base_url=base_url,
                locale="nl-NL",
                color_scheme="dark" if dark else "light",
                viewport={"width": widths[0], "height": 844},
            )
            page = context.new_page()
            page.set_default_timeout(30_000)
            log_in(page, role)
            (out / role).mkdir(parents=True, exist_ok=True)
            for item in walk[role]:
                if only and item.name not in only:
                    continue
                for width in widths:
                    page.set_viewport_size({"width": width, "height": 844})
                    page.goto(item.path)
                    suffix = "-dark" if dark else ""
                    name = f"{role}/{item.name}-{width}{suffix}.{'jpg' if jpeg else 'png'}"
                    options = {"type": "jpeg", "quality": jpeg} if jpeg else {}
                    page.screenshot(path=str(out / name), full_page=not first_screen, **options)
                    written.append(f"{name}\t{item.path}")
            context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.environ.get("SCREENSHOTS_DIR", "instance/screenshots"))
    parser.add_argument("--widths", default=",".join(map(str, WIDTHS)))
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--dark", action="store_true", help="prefers-color-scheme: dark")
    parser.add_argument("--pages", default="", help="only these page names, e.g. vraag,vragen")
    parser.add_argument("--jpeg", type=int, default=0, help="JPEG of this quality, not PNG")
    parser.add_argument("--first-screen", action="store_true", help="the first screen only")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="kenme-shots-") as folder:
        app = demo_app(Path(folder))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            written = photograph(
                f"http://127.0.0.1:{server.server_port}",
                app,
                out,
                [int(w) for w in args.widths.split(",")],
                args.roles.split(","),
                args.dark,
                [name for name in args.pages.split(",") if name],
                args.jpeg,
                args.first_screen,
            )
        finally:
            server.shutdown()
            with app.app_context():
                db.engine.dispose()
    index = out / ("index-dark.txt" if args.dark else "index.txt")  # a dark run keeps the light
    index.write_text("\n".join(written) + "\n", encoding="utf-8")
    print(f"{len(written)} schermafdrukken in {out} ({time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
