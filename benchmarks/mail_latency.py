"""From an answer posted to the asker's mail in the SMTP server, with the worker in its loop.

    python -m benchmarks.mail_latency [--rounds 6] [--interval 10] [--database-url URL]

Issue #19's target: an answer posted → a direct mail in the SMTP server within one worker
cycle (default ≤ 30 s). This runs the real pieces: a fresh database (SQLite in a temporary
folder unless --database-url names an empty PostgreSQL database), a real SMTP server
(aiosmtpd, in this process) and ``flask --app kenme mail worker --interval N`` as a separate
process, as in production. Each round posts an answer through the web form (Flask's test
client: login, CSRF token, the whole request), at a random moment in the worker's cycle,
and waits until the server has the asker's mail (a first round, not counted, waits for
the worker to start). Prints every round and the median and
worst time; the worst can be no more than one interval plus the sending.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.common import BENCH_PASSWORD, BENCH_SECRET_KEY

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Arrivals:
    """An SMTP handler that notes when each mail arrived (monotonic clock)."""

    def __init__(self):
        self.times: list[float] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.times.append(time.monotonic())
            self.arrived.notify_all()
        return "250 OK"

    def wait_for(self, count: int, timeout: float) -> float | None:
        with self.arrived:
            if self.arrived.wait_for(lambda: len(self.times) >= count, timeout):
                return self.times[count - 1]
        return None


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    found = CSRF.search(html)
    if not found:
        raise SystemExit(f"no CSRF token on {path}")
    return found.group(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--interval", type=float, default=10.0, help="the worker's --interval")
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller
    from flask_migrate import upgrade

    from kenme import create_app
    from kenme.extensions import db
    from kenme.models import Role, User
    from kenme.models.types import utcnow
    from kenme.services import posting, topics
    from kenme.services.passwords import hash_password

    folder = Path(tempfile.mkdtemp(prefix="kenme-latency-"))
    url = args.database_url or f"sqlite:///{folder / 'latency.sqlite3'}"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    arrivals = Arrivals()
    smtp = Controller(arrivals, hostname="127.0.0.1", port=port)
    smtp.start()
    settings = {
        "SECRET_KEY": BENCH_SECRET_KEY,
        "SQLALCHEMY_DATABASE_URI": url,
        "SMTP_URL": f"smtp://127.0.0.1:{port}?tls=none",
        "BASE_URL": "https://kenme.example",
        "MEILISEARCH_URL": "",
        "RATELIMIT_ENABLED": False,
    }
    app = create_app({**settings, "INSTANCE_PATH": str(folder)})
    with app.app_context():
        upgrade(revision="heads")
        now = utcnow()
        people = {}
        for key, name in (("asker", "Vera Vrager"), ("answerer", "Anton Antwoord")):
            people[key] = User(
                email=f"{key}@gemeente-bench.nl",
                display_name=name,
                organisation="Gemeente Benchdam",
                function="Klantmanager",
                password_hash=hash_password(BENCH_PASSWORD),
                role=Role.MEMBER,
                email_verified_at=now,
                approved_at=now,
            )
            db.session.add(people[key])
        topics.save_topic(
            db.session,
            slug="kostendelersnorm",
            name="Kostendelersnorm",
            description="Vragen over de kostendelersnorm.",
            legal_basis="Pw art. 22a",
            synonyms=(),
        )
        question = posting.ask_question(
            db.session,
            people["asker"],
            title="Telt een inwonende zoon mee voor de kostendelersnorm?",
            body=(
                "## Situatie\nDe klant woont met haar zoon van eind twintig.\n\n"
                "## Vraag\nTelt hij mee voor de kostendelersnorm?"
            ),
            topic_slugs=["kostendelersnorm"],
        )
        db.session.commit()
        question_id = question.id

    worker_env = {
        **os.environ,
        "KENME_DATABASE_URL": url,
        "KENME_SECRET_KEY": BENCH_SECRET_KEY,
        "KENME_SMTP_URL": settings["SMTP_URL"],
        "KENME_BASE_URL": settings["BASE_URL"],
        "MEILISEARCH_URL": "",
    }
    command = [sys.executable, "-m", "flask", "--app", "kenme", "mail", "worker"]
    worker = subprocess.Popen(  # noqa: S603 (our own interpreter and fixed arguments)
        [*command, "--interval", str(args.interval)],
        env=worker_env,
        cwd=Path(__file__).resolve().parents[1],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = app.test_client()
        login = {"email": "answerer@gemeente-bench.nl", "password": BENCH_PASSWORD}
        login["csrf_token"] = csrf_token(client, "/inloggen")
        if client.post("/inloggen", data=login).status_code != 302:
            raise SystemExit("login failed")
        rng = random.Random(19)
        latencies = []
        # Round 0 waits for the worker to start (importing the app takes seconds on a busy
        # machine) and is not counted; after it the worker is in its loop.
        for number in range(args.rounds + 1):
            if number:
                time.sleep(rng.uniform(0, args.interval))  # a random moment in the cycle
            token = csrf_token(client, "/toegankelijkheid")
            body = f"Ronde {number}: sinds 2023 telt een inwonende dochter onder de 27 niet mee."
            posted = time.monotonic()
            response = client.post(
                f"/vragen/{question_id}/antwoorden", data={"body": body, "csrf_token": token}
            )
            if response.status_code != 302:
                raise SystemExit(f"answer refused: {response.status_code}")
            wait = args.interval * 3 + (120 if number == 0 else 30)
            arrived = arrivals.wait_for(number + 1, timeout=wait)
            if arrived is None:
                raise SystemExit(f"round {number}: no mail within {wait:.0f} s")
            if number == 0:
                print(f"worker started; first mail after {arrived - posted:.2f} s (not counted)")
                continue
            latencies.append(arrived - posted)
            print(f"round {number}: answer posted -> mail in the SMTP server {latencies[-1]:.2f} s")
    finally:
        worker.terminate()
        worker.wait(30)
        smtp.stop()
    print(
        f"{args.rounds} rounds, worker interval {args.interval:.0f} s "
        f"({'PostgreSQL' if url.startswith('postgres') else 'SQLite'}): "
        f"median {statistics.median(latencies):.2f} s, worst {max(latencies):.2f} s "
        "(target: one worker cycle, default <= 30 s)"
    )


if __name__ == "__main__":
    main()
