"""Load test: N API users against gunicorn on loopback, then verify every acknowledged write.

    python -m benchmarks.load --users 50 --minutes 3 --write-share 0.2 --workers 2 \\
        --database-url sqlite:////tmp/kenme-load.sqlite3 [--kill 5] [--json-out FILE]

Each user has a token and loops: reads (question list, a question, search) or, with
probability --write-share, writes (ask a question, answer, up-vote). Every write carries a code
word, so the verification can tell each stored row apart. --kill K sends SIGKILL to the gunicorn
master and workers K times during the run and starts a new server; users back off while the
port refuses connections. Afterwards every acknowledged (2xx) write must be in the database,
nothing that was never sent may be, a write whose answer was lost may be either (see
benchmarks.load_client), every stored question must be findable by its code word, and `check`
must be clean. The database at --database-url is emptied first (scratch only).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import signal
import string
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter, defaultdict

from benchmarks.load_client import CLIENT_SIDE, Backoff, Writes, classify
from benchmarks.loadgen import Server

INSTANCE = os.path.join(tempfile.gettempdir(), "kenme-load")
CLIENT_TIMEOUT = 150  # longer than gunicorn's 120 s worker timeout: a slow server answers first

BODY = (
    "## Situatie\nDe klant woont samen met haar zoon van eind twintig. Hoe gaan jullie hiermee om?"
)
ANSWER = "Volgens mij telt hij mee zodra hij 27 is; kijk ook naar de uitzonderingen in de wet."
QUESTION_CODE = re.compile(r"casus ([a-z]{8})\?")
ANSWER_CODE = re.compile(r"kenmerk ([a-z]{8})\)")


def prepare(url: str, users: int) -> tuple[list[tuple[int, str]], int]:
    """Empty the database, add members and one question; return (user id, token) pairs."""
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
        else:  # a scratch SQLite file: start from nothing, or old rows count as unexpected
            db.session.remove()
            db.engine.dispose()
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(db.engine.url.database + suffix)
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
        plain = [(u.id, tokens.create_token(db.session, u, "last")[1]) for u in members[1:]]
        db.session.commit()
        return plain, question.id


class Run:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.statuses: Counter = Counter()
        self.question_ids: list[int] = []
        self.questions, self.answers, self.votes = Writes(), Writes(), Writes()
        self.port = 0

    def call(self, name, method, path, token, body=None):
        """One request; (status, JSON). The status is an HTTP code or a CLIENT_SIDE name."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/api/v1{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        started = time.perf_counter()
        payload = b""
        try:
            with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT) as response:  # noqa: S310 (loopback http)
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, http.client.HTTPException) as error:
            status = classify(error)
        with self.lock:
            if status not in CLIENT_SIDE:
                self.samples[name].append((time.perf_counter() - started) * 1000)
            self.statuses[(name, status)] += 1
        return status, json.loads(payload) if payload else None


def code_word(rnd: random.Random) -> str:
    return "".join(rnd.choices(string.ascii_lowercase, k=8))


def write(run: Run, rnd: random.Random, user_id: int, token: str, target: int):
    kind = rnd.choice(["ask", "answer", "vote"])
    if kind == "ask":
        code = code_word(rnd)
        question = {
            "title": f"Telt een inwonende zoon mee, casus {code}?",
            "body": BODY,
            "topics": ["kostendelersnorm"],
        }
        status, body = run.call("POST /questions", "POST", "/questions", token, question)
        with run.lock:
            run.questions.record(code, status)
            if status == 201:
                run.question_ids.append(body["id"])
    elif kind == "answer":
        code = code_word(rnd)
        answer = {"body": f"{ANSWER} (kenmerk {code})"}
        status, _ = run.call("POST /answers", "POST", f"/questions/{target}/answers", token, answer)
        with run.lock:
            run.answers.record(code, status)
    else:
        status, _ = run.call("POST /votes", "POST", f"/posts/{target}/votes", token, {"value": 1})
        with run.lock:
            run.votes.record((user_id, target), status)
    return status


def read(run: Run, rnd: random.Random, token: str, target: int):
    kind = rnd.choice(["list", "show", "search"])
    if kind == "list":
        return run.call("GET /questions", "GET", "/questions", token)[0]
    if kind == "show":
        return run.call("GET /questions/{id}", "GET", f"/questions/{target}", token)[0]
    return run.call("GET /search", "GET", "/search?q=kostendelersnorm+zoon", token)[0]


def user_loop(run, user_id, token, qid, share, stop: threading.Event, seed: int):
    rnd = random.Random(seed)
    backoff = Backoff(rnd)
    while not stop.is_set():
        with run.lock:
            target = rnd.choice([*run.question_ids, qid])
        if rnd.random() < share:
            status = write(run, rnd, user_id, token, target)
        else:
            status = read(run, rnd, token, target)
        if status in CLIENT_SIDE:
            stop.wait(backoff.next_delay())
        else:
            backoff.reset()


def kill_all(server: Server) -> None:
    pids = server.worker_pids()
    os.kill(server.process.pid, signal.SIGKILL)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    server.process.wait()


def verify(run: Run, seed_question: int) -> dict:
    """Compare what the client was told with what the database holds, and run `check`."""
    from sqlalchemy import select

    from kenme import create_app
    from kenme.extensions import db
    from kenme.models import Post, PostType, Vote
    from kenme.search import get_engine
    from kenme.services.consistency import run_check

    app = create_app()
    with app.app_context():
        rows = db.session.execute(
            select(Post.id, Post.type, Post.title, Post.body_markdown).where(
                Post.id != seed_question
            )
        ).all()
        questions = {
            QUESTION_CODE.search(title).group(1): pid
            for pid, kind, title, _ in rows
            if kind == PostType.QUESTION
        }
        answers = {
            ANSWER_CODE.search(body).group(1)
            for _, kind, _, body in rows
            if kind == PostType.ANSWER
        }
        votes = set(db.session.execute(select(Vote.user_id, Vote.post_id).where(Vote.value == 1)))
        engine = get_engine()
        unsearchable = [
            pid
            for code, pid in questions.items()
            if pid not in [hit.id for hit in engine.search(f"casus {code}").hits]
        ]
        report = run_check(db.session, engine)
        db.session.rollback()
        return {
            "questions": run.questions.compare(set(questions)),
            "answers": run.answers.compare(answers),
            "votes": run.votes.compare(votes),
            "unsearchable": len(unsearchable),
            "check_clean": report.clean,
            "check": None if report.clean else report.to_dict(),
        }


def summary(run: Run, elapsed: float) -> dict:
    endpoints = {}
    for name in sorted({name for name, _ in run.statuses}):
        ordered = sorted(run.samples[name])
        statuses = {str(s): n for (e, s), n in sorted(run.statuses.items(), key=str) if e == name}
        endpoints[name] = {
            "answered": len(ordered),
            "p50_ms": round(ordered[len(ordered) // 2]) if ordered else None,
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))]) if ordered else None,
            "statuses": statuses,
        }
    answered = sum(len(v) for v in run.samples.values())
    return {
        "answered": answered,
        "seconds": round(elapsed),
        "req_per_s": round(answered / elapsed, 1),
        "server_5xx": sum(
            n for (_, s), n in run.statuses.items() if isinstance(s, int) and s >= 500
        ),
        "client_side": {
            kind: sum(n for (_, s), n in run.statuses.items() if s == kind) for kind in CLIENT_SIDE
        },
        "endpoints": endpoints,
    }


def print_summary(result: dict) -> None:
    print(
        f"{result['answered']} answered requests in {result['seconds']} s: "
        f"{result['req_per_s']} req/s; server 5xx {result['server_5xx']}; "
        f"client side {result['client_side']}; load average {result['load_average']}"
    )
    print(f"{'endpoint':<22}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}  statuses")
    for name, e in result["endpoints"].items():
        print(f"{name:<22}{e['answered']:>7}{e['p50_ms']!s:>9}{e['p95_ms']!s:>9}  {e['statuses']}")
    print(json.dumps(result["verify"]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--write-share", type=float, default=0.2)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--kill", type=int, default=0)
    parser.add_argument("--json-out", help="also write the result as JSON to this file")
    args = parser.parse_args()
    users, qid = prepare(args.database_url, args.users)
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
        threading.Thread(target=user_loop, args=(run, uid, t, qid, args.write_share, stop, i))
        for i, (uid, t) in enumerate(users)
    ]
    load_before = os.getloadavg()
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
    load_during = os.getloadavg()
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    server.stop(keep_log=True)
    result = {
        "command": {k: v for k, v in vars(args).items() if k != "json_out"},
        **summary(run, elapsed),
        "load_average": {"before": load_before, "end": load_during},
        "verify": verify(run, qid),
    }
    print_summary(result)
    if args.json_out:
        with open(args.json_out, "w") as out:
            json.dump(result, out, indent=1)


if __name__ == "__main__":
    main()
