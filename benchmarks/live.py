"""A live community through gunicorn: python -m benchmarks.run --live --database-url URL.

Many logged-in members (``--sessions``, 200 by default) read pages while answers, comments
and votes arrive through the HTML forms at each of ``--rates`` writes per second:

- question pages drawn from a Zipf distribution (s = 1) over every visible question, in a
  random popularity order fixed by the seed; writes go to the popular open questions too;
- the start page and the topic lists (the biggest topics, Zipf), the Aanplakker board,
  search (the runner's query mix) and suggest (its draft titles).

Per rate and per page type, a burst of the minimal Flask + Jinja page runs first and then a
burst of that page type, with the writer going on throughout; each ratio is the page type's
throughput over the minimal page's in the same round, so both see the same background load.
The statement count per page is one warm request in-process, as the same member.
"""

from __future__ import annotations

import bisect
import itertools
import os
import random
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import quote

from sqlalchemy import select

from benchmarks.common import BENCH_PASSWORD, server_environment
from benchmarks.inprocess import USER_AGENT, QueryCounter
from benchmarks.loadgen import LoadResult, Server, fetch, raw_request, run_load
from benchmarks.scenarios import COMMENT, SEARCH_MIX, SUGGEST_MIX, answer_text, csrf_token
from kenme.web import cache_stats

PAGE_TYPES = ("question", "home", "topic", "board", "search", "suggest")
WRITE_KINDS = ("answer", "comment", "vote")
ZIPF_S = 1.0


@dataclass
class Member:
    cookie: str
    csrf: str


@dataclass
class World:
    """What the mix draws from: members, popular questions, topics, posts to vote on."""

    members: list[Member]
    questions: list[int]  # in popularity order
    writable: list[int]  # open questions, in the same order
    topics: list[str]  # biggest first
    answers: dict[int, list[int]] = field(default_factory=dict)  # question -> answer ids

    def __post_init__(self):
        self._q = _zipf_weights(len(self.questions))
        self._w = _zipf_weights(len(self.writable))
        self._t = _zipf_weights(len(self.topics))

    def question(self, rng: random.Random) -> int:
        return self.questions[bisect.bisect(self._q, rng.random() * self._q[-1])]

    def target(self, rng: random.Random) -> int:
        return self.writable[bisect.bisect(self._w, rng.random() * self._w[-1])]

    def topic(self, rng: random.Random) -> str:
        return self.topics[bisect.bisect(self._t, rng.random() * self._t[-1])]

    def path(self, kind: str, rng: random.Random) -> str:
        if kind == "question":
            return f"/vragen/{self.question(rng)}"
        if kind == "home":
            return "/"
        if kind == "topic":
            return f"/onderwerpen/{self.topic(rng)}"
        if kind == "board":
            return "/aanplakker"
        if kind == "search":
            return f"/zoeken?q={quote(rng.choice(SEARCH_MIX)[1])}"
        return f"/vragen/vergelijkbaar?title={quote(rng.choice(SUGGEST_MIX))}"


def _zipf_weights(n: int) -> list[float]:
    return list(itertools.accumulate(1 / (rank**ZIPF_S) for rank in range(1, n + 1)))


def build_world(app, sessions: int, seed: int) -> World:
    """Log ``sessions`` plain members in through the form; find what the mix reads."""
    from kenme.extensions import db
    from kenme.models import Post, PostType, QuestionStatus, Role, Topic, User, Visibility

    rng = random.Random(seed)
    with app.app_context():
        emails = db.session.scalars(
            select(User.email)
            .where(User.role == Role.MEMBER, User.deleted_at.is_(None))
            .order_by(User.id)
            .limit(sessions)
        ).all()
        rows = db.session.execute(  # a question closed as a duplicate redirects (302) its readers
            select(Post.id, Post.status, Post.locked).where(
                Post.type == PostType.QUESTION,
                Post.visibility == Visibility.VISIBLE,
                Post.duplicate_of_id.is_(None) | (Post.status != QuestionStatus.CLOSED),
            )
        ).all()
        topics = db.session.scalars(
            select(Topic.slug).order_by(Topic.question_count.desc()).limit(20)
        ).all()
    rows.sort(key=lambda row: row.id)
    rng.shuffle(rows)
    open_ = (QuestionStatus.OPEN, QuestionStatus.ANSWERED)
    writable = [r.id for r in rows if r.status in open_ and not r.locked][:2000]
    with app.app_context():
        answers: dict[int, list[int]] = {}
        for answer_id, parent in db.session.execute(
            select(Post.id, Post.parent_id).where(
                Post.parent_id.in_(writable[:300]), Post.visibility == Visibility.VISIBLE
            )
        ):
            answers.setdefault(parent, []).append(answer_id)
    # More sessions than plain members: some members are logged in from several browsers.
    members = [_log_in(app, emails[i % len(emails)]) for i in range(sessions)]
    print(f"  live: {len(members)} members logged in; {len(rows):,} questions", flush=True)
    return World(members, [r.id for r in rows], writable, list(topics), answers)


def _log_in(app, email: str) -> Member:
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    token = csrf_token(client.get("/inloggen").get_data(as_text=True))
    response = client.post(
        "/inloggen", data={"email": email, "password": BENCH_PASSWORD, "csrf_token": token}
    )
    if response.status_code != 302 or "/inloggen" in response.headers.get("Location", ""):
        raise SystemExit(f"Logging in as {email} failed ({response.status_code}).")
    csrf = csrf_token(client.get("/").get_data(as_text=True))
    client.get("/toegankelijkheid")  # no flash message left in the cookie
    return Member(client.get_cookie("session").value, csrf)


class Writer(threading.Thread):
    """Answers, comments and votes through the HTML forms at a fixed rate, until stopped."""

    def __init__(self, port: int, world: World, rate: float, seed: int):
        super().__init__(daemon=True)
        self.port, self.world, self.rate = port, world, rate
        self.rng = random.Random(seed)
        self.stopping = threading.Event()
        self.done: dict[str, LoadResult] = {kind: LoadResult() for kind in WRITE_KINDS}
        self.answer = answer_text()
        self.lock = threading.Lock()
        self.refused = 0

    def run(self) -> None:
        """Each write on time in a thread of its own: a slow answer does not delay the next."""
        if self.rate <= 0:
            return
        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=32) as pool:
            for index in itertools.count():
                due = started + index / self.rate
                if self.stopping.wait(max(0.0, due - time.monotonic())):
                    break
                pool.submit(self._write, WRITE_KINDS[index % len(WRITE_KINDS)])
        for result in self.done.values():
            result.seconds = time.monotonic() - started

    def _write(self, kind: str) -> None:
        rng, world = random.Random(self.rng.random()), self.world
        member = rng.choice(world.members)
        question = world.target(rng)
        form = {"csrf_token": member.csrf}
        if kind == "answer":
            path, form = f"/vragen/{question}/antwoorden", {**form, "body": self.answer}
            form["submit"] = "Antwoord plaatsen"
        elif kind == "comment":
            path, form = f"/berichten/{question}/reacties", {**form, "body": COMMENT}
        else:
            post = rng.choice(world.answers.get(question) or [question])
            path, form = (
                f"/berichten/{post}/stem",
                {**form, "value": rng.choice(["1", "1", "-1", "0"])},
            )
        request = raw_request(
            "POST", path, self.port, cookie=member.cookie, user_agent=USER_AGENT, form=form
        )
        begun = time.perf_counter()
        try:
            status, _ = fetch(self.port, request)
        except OSError as error:
            status = 0
            self.done[kind].first_error = self.done[kind].first_error or repr(error)
        with self.lock:
            result = self.done[kind]
            result.latencies_ms.append((time.perf_counter() - begun) * 1000)
            result.requests += 1
            if status == 403 and kind == "vote":
                self.refused += 1  # a vote on one's own post: the form refuses it, rightly
            elif status not in (302, 303):
                result.errors += 1
                result.first_error = result.first_error or f"{path} answered {status}"

    def stop(self) -> None:
        self.stopping.set()
        self.join()


def page_requests(
    world: World, kind: str, port: int, count: int, seed: int, phase: str = ""
) -> list[bytes]:
    """``count`` requests of one page type; ``phase`` names them in the cache statistics."""
    rng = random.Random(seed)
    return [
        raw_request(
            "GET",
            world.path(kind, rng),
            port,
            cookie=rng.choice(world.members).cookie,
            user_agent=USER_AGENT,
            extra_headers=(f"X-Kenme-Phase: {phase or 'warm'} {kind}",),
        )
        for _ in range(count)
    ]


def statements_per_page(app, world: World, seed: int) -> dict[str, int]:
    """Statements of one warm request per page type, as one member (any engine)."""
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    client.set_cookie("session", world.members[0].cookie)
    counter, rng, out = QueryCounter(), random.Random(seed), {}
    try:
        for kind in PAGE_TYPES:
            path = world.path(kind, rng)
            client.get(path)
            client.get(path)
            counter.count = 0
            client.get(path)
            out[kind] = counter.count
    finally:
        counter.close()
    return out


def run_live(url: str, app, args) -> dict:
    """The live mix at every rate: {rate: {page type: figures}}, writes and statements."""
    world = build_world(app, args.sessions, args.seed)
    statements = statements_per_page(app, world, args.seed)
    stats_dir = tempfile.mkdtemp(prefix="kenme-cache-stats-")
    kenme = Server("wsgi:app", {**server_environment(url), "KENME_CACHE_STATS_DIR": stats_dir})
    minimal = Server("benchmarks.minimal_app:app", {})
    report: dict = {"sessions": len(world.members), "questions": len(world.questions)}
    report["statements"] = statements
    minimal_request = [raw_request("GET", "/", minimal.port)]
    ok = False
    try:
        kenme.wait_ready()
        minimal.wait_ready()
        warm = [r for kind in PAGE_TYPES for r in page_requests(world, kind, kenme.port, 500, 1)]
        random.Random(args.seed).shuffle(warm)
        _burst(kenme.port, warm, args.warm_seconds, args)  # caches as steady traffic has them
        for rate in args.rates:
            writer = Writer(kenme.port, world, rate, args.seed + int(rate * 10))
            writer.start()
            figures: dict = {}
            for kind in PAGE_TYPES:
                seed = args.seed + len(kind)
                requests = page_requests(world, kind, kenme.port, 4000, seed, f"{rate:g} w/s")
                mine, theirs = LoadResult(), LoadResult()
                cpu = 0.0  # the workers' CPU during this page type's bursts (writes included)
                for _ in range(args.rounds):
                    theirs.add(_burst(minimal.port, minimal_request, args.minimal_seconds, args))
                    cpu -= kenme.worker_cpu_s()
                    mine.add(_burst(kenme.port, requests, args.seconds, args))
                    cpu += kenme.worker_cpu_s()
                figures[kind] = {
                    "rps": mine.rps,
                    "cpu_ms": round(cpu * 1000 / mine.requests, 2) if mine.requests else None,
                    "p95_ms": mine.p95_ms,
                    "ratio": round(mine.rps / theirs.rps, 3) if theirs.rps else None,
                    "minimal_rps": theirs.rps,
                    "errors": mine.errors,
                    "first_error": mine.first_error,
                }
                print(
                    f"  live {rate:>3} w/s {kind:<9} {mine.rps:7.1f} req/s p95 "
                    f"{mine.p95_ms:7.1f} ms, minimal {theirs.rps:7.1f}, errors {mine.errors}",
                    flush=True,
                )
            writer.stop()
            figures["writes"] = {
                kind: {
                    "done": r.requests,
                    "per_s": round(r.requests / r.seconds, 2) if r.seconds else 0.0,
                    "p95_ms": r.p95_ms,
                    "errors": r.errors,
                    "first_error": r.first_error,
                }
                for kind, r in writer.done.items()
            }
            figures["writes"]["vote"]["refused_own"] = writer.refused
            report[str(rate)] = figures
        report["rss_mb"] = kenme.worker_rss_mb()
        ok = True
    finally:
        kenme.stop(keep_log=not ok)
        minimal.stop(keep_log=not ok)
    report["cache"] = [[*key, n] for key, n in sorted(cache_stats.read(stats_dir).items())]
    shutil.rmtree(stats_dir, ignore_errors=True)
    return report


def _burst(port: int, requests: list[bytes], seconds: float, args) -> LoadResult:
    return run_load(
        port,
        requests,
        (200,),
        total=10**9,
        max_seconds=seconds,
        min_seconds=seconds,
        concurrency=args.concurrency,
        warmup=0,
    )


def print_live(report: dict, load: tuple[float, float]) -> None:
    print()
    print(
        f"Live mix: {report['questions']:,} visible questions, {report['database']}, "
        f"{report['sessions']} members; load average {load[0]:.2f} -> {load[1]:.2f}; "
        f"worker RSS {report.get('rss_mb')} MB"
    )
    statements = report["statements"]
    for rate in (key for key in report if key.replace(".", "").isdigit()):
        figures = report[rate]
        header = (
            f"{'w/s ' + rate:<10}{'req/s':>9}{'p95 ms':>9}{'ratio':>8}{'stmts':>7}{'errors':>8}"
            f"{'CPU ms':>8}"
        )
        print(header)
        print("-" * len(header))
        for kind in PAGE_TYPES:
            f = figures[kind]
            ratio = "n/a" if f["ratio"] is None else f"{f['ratio']:.2f}"
            print(
                f"{kind:<10}{f['rps']:>9.1f}{f['p95_ms']:>9.1f}{ratio:>8}"
                f"{statements.get(kind, 0):>7}{f['errors']:>8}{f.get('cpu_ms') or 0:>8.1f}"
            )
        minimal = sum(figures[k]["minimal_rps"] for k in PAGE_TYPES) / len(PAGE_TYPES)
        print(f"{'minimal':<10}{minimal:>9.1f}")
        for kind, w in figures["writes"].items():
            print(
                f"  writes {kind:<8} {w['done']:>5} ({w['per_s']:.2f}/s) p95 {w['p95_ms']:.0f} ms, "
                f"errors {w['errors']} {w['first_error']}"
            )


def print_cache(rows: list) -> None:
    """Per phase and cache: the share of hits and what the misses were."""
    table: dict = {}
    for phase, cache, outcome, count in rows:
        table.setdefault((phase, cache), {})[outcome] = count
    if table:
        print("Kept pages and fragments (all workers), by phase:")
    for (phase, cache), outcomes in sorted(table.items()):
        total = sum(outcomes.values())
        rest = ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()) if k != "hit")
        share = outcomes.get("hit", 0) / total
        print(f"  {phase:<18} {cache:<15} {share:6.1%} of {total:>6}; {rest}")


def load_average() -> float:
    return os.getloadavg()[0]
