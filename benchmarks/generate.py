"""Fill a fresh database with a realistic community: python -m benchmarks.generate.

Bulk inserts with SQLAlchemy Core (executemany, in chunks, one transaction per block of
questions), HTML rendered by a verified fast path, counters computed while generating.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import time
import traceback
from collections import Counter
from inspect import signature
from pathlib import Path

from sqlalchemy import bindparam, create_engine, func, insert, inspect, select, text, update
from sqlalchemy.exc import OperationalError

from benchmarks.common import (
    BENCH_EMAIL,
    BENCH_PASSWORD,
    dialect_of,
    instance_path,
    make_app,
    sqlite_path,
)
from benchmarks.community import Community, now_utc
from benchmarks.consistency import broken_rules
from benchmarks.textgen import check_html

BLOCK = 10_000  # questions per transaction
CHUNK = 5_000  # rows per executemany
INSERT_ORDER = (
    "posts",
    "revisions",
    "post_topics",
    "comments",
    "votes",
    "reputation_events",
    "endorsements",
    "follows",
    "aanplakker_details",
    "contribution_details",
    "herkenbaar_marks",
)
KEY_TABLES = ("users", "topics", "posts")


def stats_path(url: str) -> Path:
    """Where generate leaves its figures for the runner (next to the database)."""
    if dialect_of(url) == "sqlite":
        path = sqlite_path(url)
        return path.with_name(path.name + ".generate.json")
    return instance_path(url) / "generate.json"


def _engine_url(url: str) -> str:
    from kenme.config import normalise_database_url

    return normalise_database_url(url)


def has_data(url: str) -> bool:
    """Whether the database holds anything beyond an empty KenMe schema."""
    if dialect_of(url) == "sqlite" and not sqlite_path(url).exists():
        return False
    engine = create_engine(_engine_url(url))
    try:
        try:
            names = set(inspect(engine).get_table_names())
        except OperationalError as error:
            raise SystemExit(
                f"Cannot open {url}: {error.orig}\nCreate the database first, for example "
                "psql -h 127.0.0.1 -U postgres -c 'create database kenme_bench'."
            ) from error
        if names and "alembic_version" not in names:
            return True  # somebody else's database
        with engine.connect() as conn:
            return any(
                conn.scalar(text(f"SELECT count(*) FROM {name}"))  # noqa: S608 (fixed names)
                for name in KEY_TABLES
                if name in names
            )
    finally:
        engine.dispose()


def wipe(url: str) -> None:
    """Remove everything (only with --force)."""
    if dialect_of(url) == "sqlite":
        path = sqlite_path(url)
        for suffix in ("", "-wal", "-shm", ".generate.json"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(_engine_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(revision="heads")


def _chunks(rows: list[dict], size: int = CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def write_rows(conn, tables, rows: dict[str, list[dict]], counts: Counter) -> None:
    """Insert one block; accepted answers are set afterwards (they reference later rows)."""
    accepted = []
    for post in rows.get("posts", ()):
        if post["accepted_answer_id"]:
            accepted.append({"b_id": post["id"], "b_answer": post["accepted_answer_id"]})
            post["accepted_answer_id"] = None
    unknown = set(rows) - set(INSERT_ORDER)
    if unknown:
        raise ValueError(f"no insert order for tables {sorted(unknown)}")
    for name in INSERT_ORDER:
        data = rows.get(name)
        if not data:
            continue
        for chunk in _chunks(data):
            conn.execute(insert(tables[name]), chunk)
        counts[name] += len(data)
    if accepted:
        posts = tables["posts"]
        conn.execute(
            update(posts)
            .where(posts.c.id == bindparam("b_id"))
            .values(accepted_answer_id=bindparam("b_answer")),
            accepted,
        )


def _fast_html_matches(rows: dict[str, list[dict]], samples: int = 40) -> None:
    """Compare stored HTML with the real renderer on a sample of generated posts."""
    from kenme.rendering import render_markdown

    posts = rows["posts"]
    for post in random.Random(0).sample(posts, min(samples, len(posts))):
        if render_markdown(post["body_markdown"]) != post["body_html"]:
            raise AssertionError(f"stored HTML of post {post['id']} differs from the renderer")


def _tune_for_loading(conn, dialect: str) -> None:
    if dialect == "sqlite":
        # Our own connection only: no other process uses the file while it is filled.
        for pragma in (
            "foreign_keys=OFF",
            "synchronous=OFF",
            "cache_size=-262144",
            "temp_store=MEMORY",
        ):
            conn.exec_driver_sql(f"PRAGMA {pragma}")
    else:
        conn.exec_driver_sql("SET synchronous_commit TO off")
    conn.commit()


def community_batches(questions: int, seed: int, aanplakkers: bool, password_hash: str):
    """Yield ("fixed", rows), then ("block", (last, rows)) per block, then ("counters", ...)."""
    community = Community(questions, seed, now_utc(), aanplakkers=aanplakkers)
    fixed = community.topic_rows()
    fixed.update(community.member_rows(password_hash))
    yield "fixed", fixed
    for first in range(0, questions, BLOCK):
        last = min(questions, first + BLOCK)
        yield "block", (last, community.block(first, last))
    yield "counters", community.counter_updates()


def _produce(queue, args) -> None:
    try:
        for item in community_batches(*args):
            queue.put(item)
    except BaseException:  # the parent must hear of it, or it waits forever
        queue.put(("error", traceback.format_exc()))


def in_child_process(*args):
    """Run community_batches in a forked process, so generating overlaps with inserting."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=2)
    child = context.Process(target=_produce, args=(queue, args), daemon=True)
    child.start()
    try:
        while True:
            kind, payload = queue.get(timeout=900)
            if kind == "error":
                raise RuntimeError(f"generator process failed:\n{payload}")
            yield kind, payload
            if kind == "counters":
                break
    finally:
        child.join(timeout=10)
        if child.is_alive():
            child.terminate()


def fill(app, url: str, questions: int, seed: int, *, parallel: bool = True) -> Counter:
    """Generate and insert the whole community; return rows written per table."""
    from kenme.extensions import db
    from kenme.services.passwords import hash_password

    dialect = dialect_of(url)
    tables = db.metadata.tables
    args = (questions, seed, "aanplakker_details" in tables, hash_password(BENCH_PASSWORD))
    batches = in_child_process(*args) if parallel else community_batches(*args)
    counts: Counter = Counter()
    started = time.perf_counter()
    with app.app_context(), db.engine.connect() as conn:
        _tune_for_loading(conn, dialect)
        for kind, payload in batches:
            with conn.begin():
                if kind == "fixed":
                    for name in ("topics", "topic_synonyms", "users", "specialist_topics"):
                        for chunk in _chunks(payload[name]):
                            conn.execute(insert(tables[name]), chunk)
                        counts[name] += len(payload[name])
                    write_rows(conn, tables, {"follows": payload["follows"]}, counts)
                elif kind == "block":
                    last, rows = payload
                    if last <= BLOCK:
                        _fast_html_matches(rows)
                    write_rows(conn, tables, rows, counts)
                    elapsed = time.perf_counter() - started
                    print(f"  {last:>9,} / {questions:,} questions   {elapsed:7.1f} s", flush=True)
                else:
                    _write_counters(conn, tables, payload)
                    if dialect == "postgresql":
                        _reset_sequences(conn)
        if dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    if dialect == "postgresql":
        # What autovacuum does soon after a bulk load: statistics, and the visibility map
        # that lets count(*) and list queries use index-only scans.
        with app.app_context(), db.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")
    return counts


def _reset_sequences(conn) -> None:
    """Rows were inserted with their ids; move the id sequences past them."""
    for name in KEY_TABLES:
        sequence = f"pg_get_serial_sequence('{name}', 'id')"
        statement = f"SELECT setval({sequence}, (SELECT max(id) FROM {name}))"  # noqa: S608
        conn.execute(text(statement))


def _write_counters(conn, tables, updates: dict[str, list[dict]]) -> None:
    users, topics = tables["users"], tables["topics"]
    conn.execute(
        update(users)
        .where(users.c.id == bindparam("b_id"))
        .values(reputation=bindparam("reputation")),
        updates["users"],
    )
    conn.execute(
        update(topics)
        .where(topics.c.id == bindparam("b_id"))
        .values(
            question_count=bindparam("question_count"), follower_count=bindparam("follower_count")
        ),
        updates["topics"],
    )


def verify(app) -> bool:
    """Print whether every counter and ledger invariant holds."""
    from kenme.extensions import db

    started = time.perf_counter()
    with app.app_context(), db.engine.connect() as conn:
        broken = broken_rules(conn, "aanplakker_details" in db.metadata.tables)
    for rule, count in broken.items():
        print(f"INCONSISTENT: {rule}: {count} rows", file=sys.stderr)
    if not broken:
        print(f"Consistency checks passed ({time.perf_counter() - started:.1f} s)")
    return not broken


def search_engine(app):
    """The configured search engine, or None while kenme.search does not offer one yet."""
    try:
        import kenme.search as search
    except ImportError:
        return None
    factory = getattr(search, "get_engine", None)
    if factory is None:
        return None
    with app.app_context():
        return factory()


def rebuild_search(app) -> tuple[str, float | None]:
    """Index every thread with the configured engine's bulk rebuild; return (name, seconds)."""
    from kenme.extensions import db

    engine = search_engine(app)
    # SEARCH CALL SITE: kenme.search.get_engine().rebuild() builds the whole index.
    if engine is None or not hasattr(engine, "rebuild"):
        print("NOTE: kenme.search offers no get_engine().rebuild() yet; index not built.")
        return "none", None
    name = getattr(engine, "name", type(engine).__name__)
    started = time.perf_counter()
    reported = [0]

    def progress(done: int) -> None:
        if done - reported[0] >= 20_000:
            reported[0] = done
            print(
                f"  indexed {done:>9,} threads   {time.perf_counter() - started:7.1f} s", flush=True
            )

    keywords = {"progress": progress} if "progress" in signature(engine.rebuild).parameters else {}
    with app.app_context():
        started = time.perf_counter()
        engine.rebuild(**keywords)
        db.session.commit()
        return name, time.perf_counter() - started


def table_counts(app) -> dict[str, int]:
    from kenme.extensions import db

    with app.app_context():
        names = sorted(set(inspect(db.engine).get_table_names()) - {"alembic_version"})
        return {
            name: db.session.scalar(select(func.count()).select_from(text(name)))
            for name in names
            if not name.startswith("fts_")
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.generate", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--questions", type=int, required=True)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--force", action="store_true", help="wipe a non-empty database first")
    parser.add_argument("--no-index", action="store_true", help="skip the search rebuild")
    parser.add_argument(
        "--verify", action="store_true", help="check the counters and ledger after filling"
    )
    args = parser.parse_args(argv)
    url = args.database_url
    if args.questions < 1:
        parser.error("--questions must be at least 1")
    if has_data(url):
        if not args.force:
            print(
                f"Refusing to touch {url}: it is not empty (use --force to wipe it).",
                file=sys.stderr,
            )
            return 2
        wipe(url)
    check_html()
    started = time.perf_counter()
    app = make_app(url)
    migrate(app)
    migrated = time.perf_counter()
    print(f"Migrated in {migrated - started:.1f} s; generating {args.questions:,} questions")
    counts = fill(app, url, args.questions, args.seed, parallel=(os.cpu_count() or 1) > 1)
    filled = time.perf_counter() - migrated
    print(f"Generated in {filled:.1f} s ({args.questions / filled:,.0f} questions/s)")
    if args.verify and not verify(app):
        return 1
    engine_name, rebuild_s = ("skipped", None) if args.no_index else rebuild_search(app)
    if rebuild_s is not None:
        print(f"Search rebuild ({engine_name}): {rebuild_s:.1f} s")
    from kenme.extensions import db
    from kenme.models import statistics

    analyzed = time.perf_counter()
    with app.app_context(), db.engine.begin() as conn:
        statistics.analyze(conn)  # what an operator runs after a load (decision 0052)
    if url.startswith("sqlite"):
        print(f"Statistics (ANALYZE): {time.perf_counter() - analyzed:.1f} s")
    rows = table_counts(app)
    width = max(map(len, rows))
    for name, count in rows.items():
        print(f"  {name:<{width}}  {count:>10,}")
    total = time.perf_counter() - started
    print(f"Total {total:.1f} s; log in as {BENCH_EMAIL} / {BENCH_PASSWORD}")
    stats = {
        "questions": args.questions,
        "seed": args.seed,
        "generate_s": round(filled, 2),
        "rebuild_s": None if rebuild_s is None else round(rebuild_s, 2),
        "engine": engine_name,
        "rows": rows,
        "inserted": dict(counts),
    }
    stats_path(url).parent.mkdir(parents=True, exist_ok=True)
    stats_path(url).write_text(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
