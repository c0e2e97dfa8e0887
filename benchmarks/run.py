"""Measure KenMe on a generated database: python -m benchmarks.run --database-url URL.

In one run: the search rebuild, in-process latencies and SQL counts through the Flask test
client, then throughput through gunicorn (2 sync workers) next to a minimal Flask + Jinja
page, and the workers' memory afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

from sqlalchemy.exc import OperationalError

from benchmarks.common import dialect_of, make_app, server_environment
from benchmarks.generate import rebuild_search, stats_path
from benchmarks.inprocess import (
    USER_AGENT,
    EndpointFailed,
    QueryCounter,
    Session,
    measure,
    percentiles,
    queries_for,
    time_calls,
)
from benchmarks.loadgen import LoadResult, Server, raw_request, run_load
from benchmarks.report import NA, P95_TARGETS_MS, _fmt, print_table
from benchmarks.scenarios import (
    ENDPOINTS,
    SEARCH_MIX,
    Endpoint,
    endpoints,
    find_fixtures,
    list_variants,
)
from benchmarks.scenarios import privacy_text as make_privacy_text

ROUNDS, MINIMAL_BURST = 3, 400  # paired bursts per endpoint; minimal requests per burst


def available(app, endpoint: Endpoint) -> bool:
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    return endpoint.rule is None or endpoint.rule in rules


def in_process(app, eps: dict[str, Endpoint], args, notes: list[str], failures: list[str]):
    """Latency percentiles and SQL counts per endpoint through the test client."""

    timings: dict[str, object] = {}
    queries: dict[str, object] = {}
    cpu_ms: dict[str, float] = {}
    session = Session(app)
    counter = QueryCounter()
    try:
        for name, endpoint in eps.items():
            if not available(app, endpoint):
                timings[name] = queries[name] = NA
                notes.append(f"{name}: route {endpoint.rule} does not exist yet (n/a)")
                continue
            started, cpu = time.perf_counter(), time.process_time()
            try:
                samples, calls = _time_endpoint(session, counter, endpoint, args, queries, notes)
            except EndpointFailed as failure:
                timings[name] = queries[name] = NA
                notes.append(f"FAILED in-process {name}: {failure}")
                failures.append(name)
                continue
            timings[name] = percentiles(samples)
            cpu_ms[name] = (time.process_time() - cpu) / calls * 1000
            print(f"  in-process {name:<13} {time.perf_counter() - started:6.1f} s", flush=True)
    finally:
        counter.close()
    notes.append(
        "in-process CPU ms per request (wall time above includes waiting for a "
        "core): " + ", ".join(f"{n} {v:.1f}" for n, v in cpu_ms.items())
    )
    return session, timings, queries


def _time_endpoint(session, counter, endpoint: Endpoint, args, queries, notes):
    """Time one endpoint and count its SQL; return (samples, calls made)."""
    name = endpoint.name
    if endpoint.rule is None:  # the privacy scan: a function, no SQL
        queries[name] = 0
        samples = _privacy_scan(args)
        return samples, len(samples) + args.warmup
    samples = measure(session, endpoint, args.requests, args.warmup, args.seconds)
    if len(samples) < args.requests:
        notes.append(
            f"in-process {name}: stopped after {len(samples)} requests (--seconds {args.seconds:g})"
        )
    queries[name] = queries_for(session, counter, endpoint)
    calls = len(samples) + args.warmup + 2 * len(endpoint.paths[:8])
    if endpoint.baseline_path:
        light = queries_for(session, counter, replace(endpoint, paths=[endpoint.baseline_path]))
        notes.append(
            f"{name} SQL per request: {light} on {endpoint.baseline_path} (no answers, "
            f"no comments), up to {queries[name]} on the measured pages"
        )
        calls += 2
    if name == "search":
        notes += _search_categories(samples, offset=args.warmup)
    return samples, calls


def _time_list_variants(session, fixtures, args, notes: list[str], failures: list[str]) -> None:
    """p95 per kind of the other question lists (sorts, status filters, deep pages, small
    topics), in-process; a note, as the JSON's shape is fixed."""
    variants = list_variants(fixtures)
    endpoint = Endpoint("lists", "/onderwerpen/<slug>", paths=[path for _, path in variants])
    if not available(session.client.application, endpoint):
        return
    started = time.perf_counter()
    try:
        # Every path once first: a list's first view fills per-process caches.
        samples = measure(session, endpoint, args.requests, len(variants), args.seconds)
    except EndpointFailed as failure:
        notes.append(f"FAILED in-process list variants: {failure}")
        failures.append("lists")
        return
    p95_by_kind = _by_label(samples, [kind for kind, _ in variants], "p95_ms")
    p50_by_path = _by_label(samples, [path for _, path in variants], "p50_ms")
    slowest = max(p50_by_path, key=p50_by_path.__getitem__)
    verdict = "ok" if max(p95_by_kind.values()) <= P95_TARGETS_MS["topic"] else "MISSED"
    notes.append(
        f"other lists, p95 ms by kind (target <= {P95_TARGETS_MS['topic']} {verdict}): "
        + ", ".join(f"{kind} {p95:.1f}" for kind, p95 in p95_by_kind.items())
        + f"; slowest {slowest} (p50 {p50_by_path[slowest]:.1f})"
    )
    print(f"  in-process lists         {time.perf_counter() - started:6.1f} s", flush=True)


def _privacy_scan(args) -> list[float]:
    from kenme.privacy import scan, warm_up

    warm_up()
    text = make_privacy_text()
    return time_calls(lambda: scan(text), args.requests, args.warmup, args.seconds)


def _search_categories(samples: list[float], offset: int) -> list[str]:
    """p95 per query kind (exact, typo, synonym, multi-word); the warm-up used `offset` paths."""
    p95 = _by_label(samples, [kind for kind, _ in SEARCH_MIX], "p95_ms", offset)
    return ["search p95 by kind (ms): " + ", ".join(f"{c} {v:.1f}" for c, v in p95.items())]


def _by_label(samples: list[float], labels: list[str], rank: str, offset: int = 0) -> dict:
    """One percentile per label, for samples taken cycling through paths labelled in order
    (the first sample at position ``offset``)."""
    grouped: dict[str, list[float]] = {}
    for index, sample in enumerate(samples):
        grouped.setdefault(labels[(index + offset) % len(labels)], []).append(sample)
    return {label: percentiles(group)[rank] for label, group in grouped.items()}


def through_gunicorn(
    url: str,
    eps: dict[str, Endpoint],
    session: Session,
    args,
    app,
    notes: list[str],
    failures: list[str],
):
    """Throughput and p95 per endpoint, each paired with the minimal page.

    Every endpoint runs in ``ROUNDS`` bursts, each after a burst of the minimal page, so both
    sides of a ratio see the same background load on a shared machine.
    """
    kenme = Server("wsgi:app", server_environment(url))
    minimal = Server("benchmarks.minimal_app:app", {})
    results: dict[str, object] = {}
    rss = NA
    cookie = session.cookie
    minimal_page = Endpoint("minimal", "/", paths=["/"])
    minimal_all = LoadResult()
    finished = False

    def burst(server: Server, endpoint: Endpoint, total: int, seconds: float, warmup: int):
        form = None
        if endpoint.method == "POST":
            form = {**endpoint.form, "csrf_token": session.csrf, "submit": "Antwoord plaatsen"}
        requests = [
            raw_request(
                endpoint.method, path, server.port, cookie=cookie, user_agent=USER_AGENT, form=form
            )
            for path in endpoint.paths
        ]
        return run_load(
            server.port,
            requests,
            endpoint.expect,
            total=total,
            max_seconds=seconds,
            min_seconds=args.burst_seconds,
            concurrency=args.concurrency,
            warmup=warmup,
        )

    # KenMe's lightest logged-in page (static text in the layout): what the framework, the
    # login and the layout cost before any page does work. It bounds every ratio.
    floor = Endpoint("floor", "/toegankelijkheid", paths=["/toegankelijkheid"])
    try:
        kenme.wait_ready()
        minimal.wait_ready()
        for name, endpoint in {**eps, "floor": floor}.items():
            if name == "privacy_scan":
                results[name] = NA
                notes.append("gunicorn privacy_scan: a function, timed in-process only (n/a)")
                continue
            if not available(app, endpoint):
                results[name] = NA
                continue
            mine, theirs = LoadResult(), LoadResult()
            for round_ in range(ROUNDS):
                warmup = args.warmup if round_ == 0 else 0
                theirs.add(
                    burst(
                        minimal, minimal_page, MINIMAL_BURST, max(1.0, args.burst_seconds), warmup
                    )
                )
                mine.add(
                    burst(
                        kenme,
                        endpoint,
                        max(1, args.requests // ROUNDS),
                        args.seconds / ROUNDS,
                        warmup,
                    )
                )
            minimal_all.add(theirs)
            if mine.errors:
                notes.append(f"FAILED gunicorn {name}: {mine.errors} errors ({mine.first_error})")
                failures.append(name)
                results[name] = NA
                continue
            results[name] = {
                "rps": mine.rps,
                "p95_ms": mine.p95_ms,
                "ratio_to_minimal": round(mine.rps / theirs.rps, 3) if theirs.rps else NA,
            }
            print(
                f"  gunicorn   {name:<13} {mine.rps:8.1f} req/s, minimal {theirs.rps:7.1f} "
                f"(client CPU {mine.client_cpu_s / mine.seconds:.0%})",
                flush=True,
            )
        rss = kenme.worker_rss_mb()
        finished = True
    finally:
        keep = not finished or bool(failures)  # the logs explain what went wrong
        kenme.stop(keep_log=keep)
        minimal.stop(keep_log=keep)
    results["minimal"] = {
        "rps": minimal_all.rps,
        "p95_ms": minimal_all.p95_ms,
        "ratio_to_minimal": 1.0,
    }
    return results, rss


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--requests", type=int, default=300, help="per endpoint and setting")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument(
        "--seconds", type=float, default=60, help="time cap per endpoint, in-process and gunicorn"
    )
    parser.add_argument("--concurrency", type=int, default=4, help="load generator threads")
    parser.add_argument(
        "--burst-seconds",
        type=float,
        default=1.0,
        help="gunicorn: each burst goes on at least this long, past --requests if need be",
    )
    parser.add_argument(
        "--skip-rebuild",
        action="store_true",
        help="report the rebuild time generate measured instead",
    )
    parser.add_argument("--skip-gunicorn", action="store_true")
    live_options(parser)
    args = parser.parse_args(argv)
    url = args.database_url
    load_before = os.getloadavg()[0]
    if args.live or args.writers:
        return live_or_writers(args, load_before)
    notes: list[str] = []
    failures: list[str] = []

    app = make_app(url)
    from kenme.extensions import db

    with app.app_context():
        from kenme.search import get_engine

        fixtures = find_fixtures(db.session)
        question_count = fixtures.questions
        configured_engine = get_engine().name
    eps = endpoints(fixtures)

    generated = json.loads(stats_path(url).read_text()) if stats_path(url).exists() else {}
    if args.skip_rebuild:
        # The generator's record, when the database came from it; else the engine in use.
        engine_name = generated.get("engine", configured_engine)
        rebuild_s = generated.get("rebuild_s")
    else:
        try:
            engine_name, rebuild_s = rebuild_search(app)
        except OperationalError as error:
            raise SystemExit(
                f"The search rebuild failed ({error.orig}); the database may predate a schema "
                "change: generate it again with --force."
            ) from error
        print(f"  search rebuild {_fmt(rebuild_s)} s ({engine_name})", flush=True)

    session, timings, queries = in_process(app, eps, args, notes, failures)
    _time_list_variants(session, fixtures, args, notes, failures)
    gunicorn: dict[str, object] = {name: NA for name in [*ENDPOINTS, "floor", "minimal"]}
    rss = NA
    if args.skip_gunicorn:
        notes.append("gunicorn run skipped (--skip-gunicorn)")
    else:
        gunicorn, rss = through_gunicorn(url, eps, session, args, app, notes, failures)

    report = {
        "questions": question_count,
        "engine": engine_name,
        "database": dialect_of(url),
        "in_process": timings,
        "gunicorn": gunicorn,
        "rss_mb": rss,
        "queries_per_page": queries,
        "rebuild_s": NA if rebuild_s is None else round(rebuild_s, 2),
    }
    print_table(report, notes, (load_before, os.getloadavg()[0]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.json}")
    if failures:
        print(f"FAILED endpoints: {', '.join(sorted(set(failures)))}", file=sys.stderr)
        return 1
    return 0


def live_options(parser: argparse.ArgumentParser) -> None:
    live = parser.add_argument_group("live mix (--live) and concurrent writers (--writers)")
    live.add_argument("--live", action="store_true", help="the live mix (benchmarks/live.py)")
    live.add_argument("--writers", action="store_true", help="writers (benchmarks/writers.py)")
    live.add_argument("--sessions", type=int, default=200, help="logged-in members")
    live.add_argument("--rates", type=lambda v: [float(r) for r in v.split(",")], default=[0, 1, 5])
    live.add_argument("--rounds", type=int, default=2, help="paired bursts per page type")
    live.add_argument("--minimal-seconds", type=float, default=2.0)
    live.add_argument("--seed", type=int, default=24)
    live.add_argument("--warm-seconds", type=float, default=30, help="mixed reads before")
    live.add_argument("--writer-count", type=int, default=20)


def live_or_writers(args, load_before: float) -> int:
    url, report = args.database_url, {}
    if args.live:
        from benchmarks.live import print_cache, print_live, run_live

        args.seconds = args.seconds if args.seconds != 60 else 6.0  # per burst
        report["live"] = run_live(url, make_app(url, RATELIMIT_ENABLED=False), args)
        report["live"]["database"] = dialect_of(url)
        print_live(report["live"], (load_before, os.getloadavg()[0]))
        print_cache(report["live"]["cache"])
    if args.writers:
        from benchmarks.writers import print_writers, run_writers

        started = os.getloadavg()[0]
        report["writers"] = run_writers(url, args.writer_count, args.seconds)
        print_writers(report["writers"], dialect_of(url), (started, os.getloadavg()[0]))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
