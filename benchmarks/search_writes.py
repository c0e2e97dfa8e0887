"""What writes do to search, in-process: python -m benchmarks.search_writes --database-url ...

Searches (the benchmark's SEARCH_MIX) and suggestions (SUGGEST_MIX) through the Flask test
client, with answers, comments and votes posted through the HTML forms between them, as the
live mix does (``--rates``: writes per search; ``--per-second``: searches per simulated
second, the clock of the cache's time rules). Prints the p50/p95 of each, per write rate, and what
the search cache did with every value asked for (kenme/search/cache.py ``outcomes``): kept
as is (``same``), kept after checking the changes (``kept``), computed again because too old
(``aged``), too far behind (``behind``), or because a change may alter it (``changed``, with
the rule that said so: ``lost``, ``excludes``, ``matching``, ``words``).
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from urllib.parse import quote

from benchmarks.common import make_app
from benchmarks.inprocess import USER_AGENT, percentiles
from benchmarks.live import COMMENT, WRITE_KINDS, build_world
from benchmarks.scenarios import SEARCH_MIX, SUGGEST_MIX, answer_text


def _client(app, member):
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    client.set_cookie("session", member.cookie)
    return client


class Clock:
    """Simulated seconds: each search and suggestion pair moves it on by 1 / ``per_second``,
    so the cache's time rules (ADDITIONS_LAG, PLAN_SECONDS) see the site's pace, not this
    single-threaded loop's."""

    def __init__(self, per_second: float):
        self.now, self.step = 1000.0, 1 / per_second

    def __call__(self) -> float:
        return self.now


def run(app, rates: list[float], searches: int, seed: int, per_second: float) -> None:
    from kenme.search import cache

    clock = Clock(per_second)
    if hasattr(cache, "clock"):
        cache.clock = clock
    outcomes = getattr(cache, "outcomes", {})
    world = build_world(app, sessions=4, seed=seed)
    reader, writer = _client(app, world.members[0]), world.members[1:]
    rng = random.Random(seed)
    answer = answer_text()
    search_paths = [f"/zoeken?q={quote(q)}" for _, q in SEARCH_MIX]
    suggest_paths = [f"/vragen/vergelijkbaar?title={quote(t)}" for t in SUGGEST_MIX]
    for path in search_paths + suggest_paths:  # warm: every value computed once
        reader.get(path)
    kinds = itertools.cycle(WRITE_KINDS)
    for rate in rates:
        outcomes.clear()
        timings: dict[str, list[float]] = {"search": [], "suggest": []}
        owed = 0.0
        for index in range(searches):
            owed += rate
            while owed >= 1:
                owed -= 1
                _write(app, writer, next(kinds), world, rng, answer)
            clock.now += clock.step
            for name, paths in (("search", search_paths), ("suggest", suggest_paths)):
                path = paths[index % len(paths)]
                begun = time.perf_counter()
                response = reader.get(path)
                timings[name].append((time.perf_counter() - begun) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{path} answered {response.status_code}")
        print(f"\n{rate:g} writes per search, {searches} searches and suggestions:")
        for name, samples in timings.items():
            p = percentiles(samples)
            print(f"  {name:8s} p50 {p['p50_ms']:7.1f} ms   p95 {p['p95_ms']:7.1f} ms")
        print("  cache outcomes (kind, outcome: count):")
        for (kind, outcome), count in sorted(outcomes.items()):
            print(f"    {kind:12s} {outcome:10s} {count:6d}")


def _write(app, members, kind: str, world, rng: random.Random, answer: str) -> None:
    member = rng.choice(members)
    client = _client(app, member)
    question = world.target(rng)
    form = {"csrf_token": member.csrf}
    if kind == "answer":
        path, form = f"/vragen/{question}/antwoorden", {**form, "body": answer}
        form["submit"] = "Antwoord plaatsen"
    elif kind == "comment":
        path, form = f"/berichten/{question}/reacties", {**form, "body": COMMENT}
    else:
        post = rng.choice(world.answers.get(question) or [question])
        value = rng.choice(["1", "1", "-1", "0"])
        path, form = f"/berichten/{post}/stem", {**form, "value": value}
    status = client.post(path, data=form).status_code
    if status not in (302, 303, 403):  # 403: a vote on one's own post, rightly refused
        raise SystemExit(f"{kind} {path} answered {status}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_writes")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--rates", default="0,1", help="writes per search, comma-separated")
    parser.add_argument("--searches", type=int, default=160)
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument(
        "--per-second", type=float, default=5.0, help="searches per simulated second"
    )
    args = parser.parse_args(argv)
    app = make_app(args.database_url)
    run(app, [float(r) for r in args.rates.split(",")], args.searches, args.seed, args.per_second)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
