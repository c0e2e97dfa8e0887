"""Profile one endpoint in-process: python -m benchmarks.hotspots --endpoint question ...

Prints CPU time per request (steadier than wall time on a shared machine), the SQL
statements of one request, and where the time goes (pyinstrument when installed, else
cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time

from benchmarks.common import make_app
from benchmarks.inprocess import QueryCounter, Session
from benchmarks.scenarios import ENDPOINTS, Endpoint, comment_endpoint, endpoints, find_fixtures

# Pages the live mix reads that the runner's table does not time: the Aanplakker board, and
# the lightest logged-in page (what every page pays before doing its own work).
EXTRA = {
    "board": Endpoint("board", "/aanplakker", paths=["/aanplakker"]),
    "floor": Endpoint("floor", "/toegankelijkheid", paths=["/toegankelijkheid"]),
}


def explain(engine, statement: str, parameters) -> list[str]:
    """The plan of one captured statement: EXPLAIN QUERY PLAN (SQLite) or EXPLAIN ANALYZE."""
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
    with engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + statement, parameters).all()
    return [" | ".join(str(value) for value in row[-1:]) for row in rows]


def _forgetting(app, paths):
    """The paths, each question's kept pages forgotten before its view (as a write does)."""
    from kenme.web.questions.page_cache import EXTENSION

    pages = app.extensions[EXTENSION]
    for path in paths:
        pages.forget({int(path.rstrip("/").rsplit("/", 1)[1]): False})
        yield path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hotspots")
    parser.add_argument("--database-url", required=True)
    parser.add_argument(
        "--endpoint",
        choices=[e for e in ENDPOINTS if e != "privacy_scan"] + [*EXTRA, "post_comment"],
        required=True,
    )
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request")
    parser.add_argument(
        "--explain", action="store_true", help="print the query plan of each SELECT (with --sql)"
    )
    parser.add_argument(
        "--cold",
        action="store_true",
        help="keep no question pages (every question page rendered fresh)",
    )
    parser.add_argument(
        "--miss",
        action="store_true",
        help="render every question page to be kept (its kept pages forgotten before each view)",
    )
    parser.add_argument(
        "--sort", default="cumulative", help="cProfile's order (cumulative, tottime, ...)"
    )
    args = parser.parse_args(argv)

    app = make_app(args.database_url, **({"PAGE_CACHE_MB": 0} if args.cold else {}))
    from kenme.extensions import db

    with app.app_context():
        fixtures = find_fixtures(db.session)
        # Posting a comment too: a third of the live mix's writes.
        extra = {**EXTRA, "post_comment": comment_endpoint(fixtures)}
        endpoint = {**endpoints(fixtures), **extra}[args.endpoint]
        engine = db.engine
    session = Session(app)
    paths = endpoint.cycle()
    if args.miss:
        paths = _forgetting(app, paths)
    for _ in range(5):
        response = session.request(endpoint, next(paths))
        if response.status_code not in endpoint.expect:
            raise SystemExit(f"{endpoint.name} answered {response.status_code}; see the log above")

    statements: list[tuple[str, object]] = []
    counter = QueryCounter()
    if args.sql:
        from sqlalchemy import Engine, event

        def log(_conn, _cursor, statement, parameters, _context, _many):
            statements.append((statement, parameters))

        event.listen(Engine, "before_cursor_execute", log)
    counter.count = 0
    session.request(endpoint, next(paths))
    counter.close()
    if args.sql:
        event.remove(Engine, "before_cursor_execute", log)
    print(f"{endpoint.name}: {counter.count} SQL statements in one request")
    for statement, parameters in statements:
        print("  " + " ".join(f"{statement}  {parameters}".split())[:400])
        if args.explain and statement.lstrip().upper().startswith("SELECT"):
            for line in explain(engine, statement, parameters):
                print(f"      {line}")

    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(args.requests):
        session.request(endpoint, next(paths))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    print(
        f"{args.requests} requests: {cpu / args.requests * 1000:.1f} ms CPU and "
        f"{wall / args.requests * 1000:.1f} ms wall per request"
    )

    try:
        from pyinstrument import Profiler
    except ImportError:
        Profiler = None
    if Profiler is not None:
        profiler = Profiler()
        profiler.start()
        for _ in range(args.requests):
            session.request(endpoint, next(paths))
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False))
        return 0
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.requests):
        session.request(endpoint, next(paths))
    profile.disable()
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
