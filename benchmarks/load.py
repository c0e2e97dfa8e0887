"""Load test: N API users against gunicorn on loopback, then verify every acknowledged write.

    python -m benchmarks.load --users 50 --minutes 3 --write-share 0.2 \\
        --database-url sqlite:////tmp/kenme-load.sqlite3 [--kill 5] [--workers 2]

Each user has a token and loops: reads (question list, a question, search) or, with
probability --write-share, writes (ask a question, answer, up-vote). --kill K sends SIGKILL
to the gunicorn master and workers K times during the run and starts a new server. Afterwards
every acknowledged (2xx) write must be in the database, every asked question findable by its
code word, and `check` clean. The database at --database-url is emptied first (scratch only).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import string
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict

from benchmarks.loadgen import Server

INSTANCE = os.path.join(tempfile.gettempdir(), "kenme-load")

BODY = (
    "## Situatie\nDe klant woont samen met haar zoon van eind twintig. Hoe gaan jullie hiermee om?"
)
ANSWER = "Volgens mij telt hij mee zodra hij 27 is; kijk ook naar de uitzonderingen in de wet."


def prepare(url: str, users: int) -> tuple[list[str], int]:
    os.environ["KENME_DATABASE_URL"] = url
    from flask_migrate import upgrade
    from sqlalchemy import text

    from kenme import create_app
    from kenme.extensions import db
    from kenme.models import Role, Topic, User
    from kenme.services import posting, tokens
    from kenme.services.passwords import hash_password

    app = create_app()
    with app.app_context():
        if url.startswith("postgres"):
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        topic = Topic(slug="kostendelersnorm", name="Kostendelersnorm")
        db.session.add(topic)
        password = hash_password("lange-testzin-voor-kenme")
        members = []
        for n in range(users + 1):
            user = User(
                email=f"last{n}@gemeente.nl",
                display_name=f"Last {n}",
                role=Role.MEMBER,
                password_hash=password,
                organisation="Gemeente Last",
            )
            user.email_verified_at = user.approved_at = user.created_at
            db.session.add(user)
            members.append(user)
        db.session.flush()
        for user in members:
            user.email_verified_at = user.approved_at = user.created_at
        question = posting.ask_question(
            db.session,
            members[0],
            title="Telt een inwonende zoon mee?",
            body=BODY,
            topic_slugs=["kostendelersnorm"],
        )
        plain = [tokens.create_token(db.session, u, "last")[1] for u in members[1:]]
        db.session.commit()
        return plain, question.id


class Run:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.questions: dict[int, str] = {}
        self.answers: list[tuple[int, int]] = []
        self.votes: set[tuple[str, int]] = set()
        self.port = 0

    def call(self, name, method, path, token, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/v1{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback http)
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, b""
        except OSError:
            status, payload = "conn", b""  # the server was killed under this request
        with self.lock:
            self.samples[name].append((time.perf_counter() - started) * 1000)
            self.statuses[(name, status)] += 1
        return status, json.loads(payload) if payload else None


def user_loop(run: Run, token: str, qid: int, share: float, stop: threading.Event, seed: int):
    rnd = random.Random(seed)
    while not stop.is_set():
        known = list(run.questions) or [qid]
        target = rnd.choice([*known, qid])
        if rnd.random() < share:
            kind = rnd.choice(["ask", "answer", "vote"])
            if kind == "ask":
                code = "".join(rnd.choices(string.ascii_lowercase, k=8))
                status, body = run.call(
                    "POST /questions",
                    "POST",
                    "/questions",
                    token,
                    {
                        "title": f"Telt een inwonende zoon mee, casus {code}?",
                        "body": BODY,
                        "topics": ["kostendelersnorm"],
                    },
                )
                if status == 201:
                    with run.lock:
                        run.questions[body["id"]] = code
            elif kind == "answer":
                status, body = run.call(
                    "POST /answers", "POST", f"/questions/{target}/answers", token, {"body": ANSWER}
                )
                if status == 201:
                    with run.lock:
                        run.answers.append((target, body["id"]))
            else:
                status, _ = run.call(
                    "POST /votes", "POST", f"/posts/{target}/votes", token, {"value": 1}
                )
                if status == 200:
                    with run.lock:
                        run.votes.add((token, target))
        else:
            kind = rnd.choice(["list", "show", "search"])
            if kind == "list":
                run.call("GET /questions", "GET", "/questions", token)
            elif kind == "show":
                run.call("GET /questions/{id}", "GET", f"/questions/{target}", token)
            else:
                run.call("GET /search", "GET", "/search?q=kostendelersnorm+zoon", token)


def kill_all(server: Server) -> None:
    pids = server.worker_pids()
    os.kill(server.process.pid, signal.SIGKILL)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait()


def verify(url: str, run: Run) -> dict:
    from kenme import create_app
    from kenme.extensions import db
    from kenme.models import Post, Vote
    from kenme.search import get_engine
    from kenme.services.consistency import run_check

    app = create_app()
    with app.app_context():
        ids = {p for (p,) in db.session.query(Post.id)}
        lost_q = [q for q in run.questions if q not in ids]
        lost_a = [a for _q, a in run.answers if a not in ids]
        engine = get_engine()
        unfound = [
            q
            for q, code in run.questions.items()
            if q not in [h.id for h in engine.search(f"casus {code}").hits]
        ]
        votes = db.session.query(Vote).count()
        report = run_check(db.session, engine)
        return {
            "lost_questions": len(lost_q),
            "lost_answers": len(lost_a),
            "not_searchable": len(unfound),
            "votes_acknowledged": len(run.votes),
            "votes_stored": votes,
            "check_clean": report.clean,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--write-share", type=float, default=0.2)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill", type=int, default=0)
    args = parser.parse_args()
    tokens, qid = prepare(args.database_url, args.users)
    env = {
        "KENME_DATABASE_URL": args.database_url,
        "KENME_API_RATE_LIMIT_READ": "100000/minute",
        "KENME_API_RATE_LIMIT_WRITE": "100000/minute",
        "KENME_INSTANCE_PATH": INSTANCE,
    }
    os.makedirs(INSTANCE, exist_ok=True)
    run, stop = Run(), threading.Event()
    server = Server("wsgi:app", env, workers=args.workers)
    server.wait_ready()
    run.port = server.port
    seconds = args.minutes * 60
    threads = [
        threading.Thread(target=user_loop, args=(run, t, qid, args.write_share, stop, i))
        for i, t in enumerate(tokens)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for _ in range(args.kill):
        time.sleep(seconds / (args.kill + 1))
        kill_all(server)
        server = Server("wsgi:app", env, workers=args.workers)
        server.wait_ready()
        run.port = server.port
    time.sleep(max(0.0, seconds - (time.perf_counter() - started)))
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    server.stop()
    total = sum(len(v) for v in run.samples.values())
    print(
        f"{total} requests in {elapsed:.0f} s: {total / elapsed:.1f} req/s "
        f"({args.users} users, {args.workers} workers, kills {args.kill})"
    )
    print(f"{'endpoint':<22}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}  statuses")
    for name, values in sorted(run.samples.items()):
        ordered = sorted(values)
        p50, p95 = ordered[len(ordered) // 2], ordered[int(0.95 * (len(ordered) - 1))]
        statuses = {str(s): n for (e, s), n in run.statuses.items() if e == name}
        print(f"{name:<22}{len(values):>7}{p50:>9.1f}{p95:>9.1f}  {statuses}")
    print(json.dumps(verify(args.database_url, run)))


if __name__ == "__main__":
    main()
