"""Digest benchmark: N members with E unread notifications each, one daily digest run.

    python -m benchmarks.digest [--members 10000] [--events 50] [--database-url URL]

Builds a fresh database (SQLite in a temporary folder unless --database-url names an empty
PostgreSQL database), writes the members, threads and notifications with bulk inserts
(not timed), then times ``digest send --daily`` (render every digest into the outbox) and
the mail worker sending them all to a real SMTP server (aiosmtpd) on the loopback interface
in a child process. Prints the two times, mails/s and the peak resident memory of the process.
Targets (issue #19): 10,000 x 50 in <= 5 minutes, <= 300 MB.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import socket
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

KINDS = [
    ("antwoord", "mijn_berichten"),
    ("gevolgd_antwoord", "gevolgd"),
    ("reactie", "mijn_berichten"),
    ("onderwerp_vraag", "onderwerpen"),
    ("bekrachtigd", "waardering"),
]


class Counter:
    def __init__(self):
        self.count = 0
        self.bytes = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        self.bytes += len(envelope.content)
        return "250 OK"


def serve_smtp(port: int, ready, done, result) -> None:
    """A real SMTP server (aiosmtpd) in a child process: counts what it receives."""
    from aiosmtpd.controller import Controller

    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    done.wait()
    controller.stop()
    result.put((counter.count, counter.bytes))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(app, members: int, events: int, threads: int) -> None:
    from sqlalchemy import insert

    from kenme.extensions import db
    from kenme.models import MailPreference, Notification, Post, User
    from kenme.services import mail_preferences as prefs

    yesterday = datetime.now(UTC) - timedelta(days=1)
    now = datetime.now(UTC)
    with app.app_context():
        users = [
            {
                "email": f"lid{i}@gemeente-bench.nl",
                "display_name": f"Collega {i}",
                "name_key": f"collega {i}",
                "password_hash": "x",
                "role": "member",
                "reputation": 0,
                "session_version": 1,
                "feed_version": 1,
                "created_at": now,
                "email_verified_at": now,
                "approved_at": now,
                "organisation": "",
                "function": "",
                "about": "",
                "suspension_reason": "",
            }
            for i in range(1, members + 1)
        ]
        for start in range(0, members, 5000):
            db.session.execute(insert(User), users[start : start + 5000])
        posts = [
            {
                "type": "question",
                "author_id": 1 + (i % members),
                "anonymous": False,
                "title": f"Telt een inwonende zoon mee voor de kostendelersnorm, casus {i}?",
                "body_markdown": "Tekst",
                "body_html": "<p>Tekst</p>",
                "status": "open",
                "visibility": "visible",
                "hidden_reason": "",
                "locked": False,
                "featured": False,
                "score": 0,
                "answer_count": 0,
                "comment_count": 0,
                "endorsement_count": 0,
                "revision_count": 1,
                "created_at": now,
                "last_activity_at": now,
                "thread_version": 0,
            }
            for i in range(threads)
        ]
        db.session.execute(insert(Post), posts)
        db.session.commit()
        daily = [
            (kind, category)
            for kind, category in KINDS
            if prefs.CATEGORIES[category].default in (prefs.DAILY, prefs.DIRECT)
        ]
        # Everyone gets E notifications in the daily categories (mijn_berichten made daily).
        db.session.execute(
            insert(MailPreference),
            [
                {
                    "user_id": u,
                    "category": "mijn_berichten",
                    "frequency": prefs.DAILY,
                    "updated_at": now,
                }
                for u in range(1, members + 1)
            ],
        )
        batch = []
        for user_id in range(1, members + 1):
            for e in range(events):
                kind, category = daily[e % len(daily)]
                thread = 1 + (user_id * 7 + e // 3) % threads
                batch.append(
                    {
                        "user_id": user_id,
                        "kind": kind,
                        "category": category,
                        "message": f"Collega {e} beantwoordde je vraag “casus {thread}”.",
                        "url": f"/vragen/{thread}",
                        "post_id": thread,
                        "thread_id": thread,
                        "actor_id": None,
                        "created_at": yesterday - timedelta(seconds=e),
                        "read_at": None,
                    }
                )
            if len(batch) >= 50_000:
                db.session.execute(insert(Notification), batch)
                batch = []
        if batch:
            db.session.execute(insert(Notification), batch)
        db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2_000)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    from flask_migrate import upgrade

    from kenme import create_app
    from kenme.extensions import db
    from kenme.services import digest, outbox

    folder = Path(tempfile.mkdtemp(prefix="kenme-digest-"))
    url = args.database_url or f"sqlite:///{folder / 'digest.sqlite3'}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    ready, done, received = (
        multiprocessing.Event(),
        multiprocessing.Event(),
        multiprocessing.Queue(),
    )
    server = multiprocessing.Process(target=serve_smtp, args=(port, ready, done, received))
    server.start()
    ready.wait(30)
    app = create_app(
        {
            "SECRET_KEY": "benchmark-secret-key-that-is-long-enough-123",
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(folder),
            "MAIL_DIR": str(folder / "mail"),
            "SMTP_URL": f"smtp://127.0.0.1:{port}?tls=none",
            "BASE_URL": "https://kenme.example",
            "MEILISEARCH_URL": "",
            "RATELIMIT_ENABLED": False,
            "PAGE_CACHE_MB": 0,
        }
    )
    with app.app_context():
        upgrade(revision="heads")
    started = time.perf_counter()
    build(app, args.members, args.events, args.threads)
    built = time.perf_counter() - started
    print(
        f"setup: {args.members} members x {args.events} events in {built:.1f} s "
        f"({'PostgreSQL' if url.startswith('postgres') else 'SQLite'}); peak {peak_mb():.0f} MB"
    )
    with app.app_context():
        t0 = time.perf_counter()
        result = digest.send_digests(db.session, "dagelijks")
        db.session.commit()
        rendered = time.perf_counter() - t0
        t1 = time.perf_counter()
        sent = 0
        while True:
            outcome = outbox.send_due(db.session, limit=1000)
            sent += outcome.sent
            if outcome.handled == 0:
                break
        sending = time.perf_counter() - t1
    done.set()
    count, size = received.get(timeout=30)
    server.join(10)
    total = rendered + sending
    print(f"digests written: {result.written} (members with unread: {result.members})")
    print(f"render into outbox: {rendered:.1f} s")
    print(
        f"send via SMTP: {sent} mails in {sending:.1f} s ({sent / max(sending, 1e-9):.0f}/s); "
        f"server received {count} ({size / 1e6:.1f} MB)"
    )
    print(f"total: {total:.1f} s (target <= 300 s); peak RSS {peak_mb():.0f} MB (target <= 300)")


if __name__ == "__main__":
    main()
