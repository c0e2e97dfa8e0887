"""Search quality and speed: python -m benchmarks.search.

Without options: recall@10 and MRR@10 on the independent evaluation sets (benchmarks/data/
search_eval, see benchmarks/search_eval.py: the first set, A and B, then the later blind sets C
and D, each on its own database) for the tuning and the test half, per query kind, beside the
baseline (plain FTS5, OR, bm25); a held-out set (HELD_OUT: sets E, F and G) only when named
with --set.
--demo: the labelled demo queries (tests/search/queries.json, a smoke test) on a fresh demo
database, with latency; --latency --database-url: search/suggest p50/p95/p99 on that database.
Each evaluation set is loaded into a fresh SQLite database, or into the database at
--database-url (first set) / --database-url-c (set C) / --database-url-d (set D) /
--database-url-e (set E) / --database-url-f (set F) / --database-url-g (set G), e.g. an empty
PostgreSQL database, filled on first use.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func, select, text

from benchmarks.search_split import LATER_SETS, SETS

# Sets held out for one reading (docs/decisions/0049, 0059, 0061, 0071): scored only when named
# with --set, and their misses never printed, so routine runs and tuning never see them. Set D
# was read once (0049) and its tuning half is open for tuning since (0055); its test half stays
# figures only. Set E (0059) takes D's place: held out until it scores the tuning done on D.
# Sets F (0061) and G (0071) are held out behind E, both halves, each for one later reading.
HELD_OUT: tuple[str, ...] = ("E", "F", "G")
# Held-out sets whose tuning half is open for tuning (decision 0060): `--set E --half tuning
# --misses` lists its tuning misses. Its test half stays figures only: --misses never lists a
# test half, and with --misses a held-out set is scored on its tuning half alone, so a tuning
# run never prints the test half's figures either. Set F's tuning half is open since decision
# 0069 (after its test half was read once, 0061); its test half stays figures only, as E's.
OPEN_TUNING: tuple[str, ...] = ("E", "F")
QUERIES_PATH = Path(__file__).resolve().parent.parent / "tests" / "search" / "queries.json"
K = 10
# Latency mix for any database (the labelled set needs the demo data): the runner's fixed
# mix (benchmarks/scenarios.py) of exact, typo, synonym and multi-word queries.
LATENCY_MIX = (
    "kostendelersnorm",
    "terugvordering inkomsten",
    "huurtoeslag",
    "beslagvrije voet",
    "kostendelrsnorm",
    "teruvordering",
    "inlichtingeplicht",
    "schuldhulpverlenning",
    "kdn",
    "WWB",
    "LKS",
    "SHV schulden",
    "bijstand zelfstandige inkomsten verrekenen",
    "woonsituatie gezamenlijke huishouding partner",
    "terugvordering dringende redenen schulden",
    "mag ik kostgeld van een inwonende zoon als inkomsten zien",
)
SUGGEST_MIX = (
    "Kostendelersnorm bij inwonende zoon",
    "terugvordering na fraude met inkomsten",
    "kdn student met studiefinanciering",
    "Hoe gaan jullie om met de taaleis",
    "beslagvrije voet bij schuldhulpverlening",
    "Bbz zelfstandige levensvatbaarheid",
)


def load_queries(path: Path = QUERIES_PATH) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["queries"]


def evaluate(session, engine, queries: list[dict]):
    """Score the demo queries as search_eval scores its set: every expected thread counts as
    an answer (grade 2); recall@10 and MRR@10, per kind, with the misses (search_eval.Scores).
    """
    from benchmarks import search_eval

    labelled = [
        {
            "id": f"demo{i}",
            "kind": q["kind"],
            "q": q["q"],
            "relevant": dict.fromkeys(q["expect"], 2),
        }
        for i, q in enumerate(queries)
    ]
    rankings = search_eval.engine_rankings(session, engine, labelled, source="demo:")
    return search_eval.score(labelled, rankings)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99)}


def timings(session, engine, queries: list[str], titles: list[str], rounds: int) -> dict:
    """Time search (with hydration and snippets) and suggest.

    "cold" clears the per-process result cache before every search (the first time a query
    is asked after a change); "warm" asks each query again with the cache in place;
    "cold_cpu" is the cold searches' CPU time in this process.
    """
    from kenme.search import cache

    cold_ms, cold_cpu, warm_ms, suggest_cold, suggest_warm = [], [], [], [], []
    for query in queries:  # warm up the process: analysis tables, thesaurus, statements
        engine.search(query, session=session)
    for _ in range(rounds):
        for query in queries:
            cache.clear()
            started, cpu = time.perf_counter(), time.process_time()
            engine.search(query, session=session)
            cold_ms.append((time.perf_counter() - started) * 1000)
            cold_cpu.append((time.process_time() - cpu) * 1000)
            started = time.perf_counter()
            engine.search(query, session=session)
            warm_ms.append((time.perf_counter() - started) * 1000)
            session.rollback()
        for title in titles:
            cache.clear()
            started = time.perf_counter()
            engine.suggest(title, session=session)
            suggest_cold.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            engine.suggest(title, session=session)
            suggest_warm.append((time.perf_counter() - started) * 1000)
            session.rollback()
    return {
        "search_cold": percentiles(cold_ms),
        # This process's CPU time (SQLite works in-process; PostgreSQL's server does not count):
        # what a search costs on a shared machine whose load stretches the wall-clock figures.
        "search_cold_cpu": percentiles(cold_cpu),
        "search_warm": percentiles(warm_ms),
        "suggest_cold": percentiles(suggest_cold),
        "suggest_warm": percentiles(suggest_warm),
    }


def index_size(session) -> dict[str, int] | None:
    """Return the bytes of the search index and of the text it indexes (SQLite with dbstat)."""
    from kenme.models import Comment, Post

    text_bytes = (
        session.scalar(select(func.sum(func.length(Post.title) + func.length(Post.body_markdown))))
        or 0
    ) + (session.scalar(select(func.sum(func.length(Comment.body)))) or 0)
    dialect = session.get_bind().dialect.name
    try:
        if dialect == "sqlite":
            index_bytes = session.scalar(
                text(
                    "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'fts_threads%' "
                    "OR name LIKE 'fts_titles%' "
                    "OR name IN ('search_terms', 'ix_search_terms_bucket', "
                    "'ix_search_terms_tail', 'sqlite_autoindex_search_terms_1')"
                )
            )
        else:
            index_bytes = session.scalar(
                text(
                    "SELECT pg_total_relation_size('fts_threads') "
                    "+ pg_total_relation_size('fts_titles') "
                    "+ pg_total_relation_size('search_terms')"
                )
            )
    except Exception:
        session.rollback()
        return None
    return {"index_bytes": int(index_bytes or 0), "text_bytes": int(text_bytes)}


def demo_database(folder: Path) -> str:
    """Create a SQLite database with the demo data; return its URL."""
    from benchmarks.search_eval import fresh_database
    from kenme.demo import seed_demo

    return fresh_database(folder / "demo.sqlite3", seed_demo)


def shows_misses(args, name: str, half: str) -> bool:
    """--misses lists the tuning half's misses; never the test half's, nor a held-out set's
    unless its tuning half is open (OPEN_TUNING)."""
    opened = name not in HELD_OUT or name in OPEN_TUNING
    return bool(args.misses) and half == "tuning" and opened


def halves_scored(args, name: str) -> tuple[str, ...]:
    """Return the halves a run scores: those asked for (default both); a held-out set with
    --misses its tuning half alone (its test half's figures are read once, on their own)."""
    from benchmarks import search_eval

    halves = tuple(args.half or search_eval.HALVES)
    if args.misses and name in HELD_OUT:
        return tuple(half for half in halves if half == "tuning")
    return halves


def score_set(url: str, folder: str, name: str, args) -> dict:
    """Score one evaluation set on the database at url: both halves per kind, and the baseline.
    Misses are listed for the tuning half only (--misses): the test half is reported, not read;
    a held-out set's never.
    """
    from benchmarks import search_eval
    from kenme import create_app
    from kenme.extensions import db
    from kenme.search import get_engine

    label = "" if name == search_eval.FIRST else f"set {name}, "
    report: dict = {}
    app = create_app(
        {
            "SECRET_KEY": "benchmark-only-" + "x" * 32,
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": folder,
        }
    )
    with app.test_request_context():
        session, engine = db.session, get_engine()
        report["engine"] = engine.name
        report["database"] = session.get_bind().dialect.name
        print(f"Engine {engine.name} on {report['database']}")
        for half in halves_scored(args, name):
            queries = search_eval.load_queries(half, name)
            scores = search_eval.score(
                queries, search_eval.engine_rankings(session, engine, queries)
            )
            base = search_eval.score(queries, search_eval.baseline_rankings(queries, name))
            search_eval.print_table(f"{label}{half} half, engine", scores)
            search_eval.print_table(f"{label}{half} half, baseline (FTS5 OR + bm25)", base)
            report[half] = {
                "engine": search_eval.as_dict(scores),
                "baseline": search_eval.as_dict(base),
            }
            if shows_misses(args, name, half):
                for miss in scores.misses:
                    print(f"  miss: {miss}")
    return report


def run_eval(args) -> dict:
    """Score the independent evaluation sets: the first (A and B) and the later blind sets (C;
    D only when named), each on its own database, both halves per kind, beside the baseline."""
    from benchmarks import search_eval

    sets = args.set or [name for name in SETS if name not in HELD_OUT]
    report: dict = {}
    with tempfile.TemporaryDirectory() as folder:
        if "first" in sets:
            if args.database_url:
                url = search_eval.eval_database_at(args.database_url, Path(folder))
            elif args.eval_db and Path(args.eval_db).exists():
                url = f"sqlite:///{Path(args.eval_db).resolve()}"
            else:
                print("Building the evaluation database …", flush=True)
                target = Path(args.eval_db).resolve().parent if args.eval_db else Path(folder)
                target.mkdir(parents=True, exist_ok=True)
                url = search_eval.eval_database(target)
                if args.eval_db:
                    (target / "eval.sqlite3").rename(Path(args.eval_db).resolve())
                    url = f"sqlite:///{Path(args.eval_db).resolve()}"
            report.update(score_set(url, folder, search_eval.FIRST, args))
        for name in LATER_SETS:
            if name not in sets:
                continue
            given = getattr(args, f"database_url_{name.lower()}")
            if given:
                url = search_eval.eval_database_at(given, Path(folder), name)
            else:
                print(f"\nBuilding the evaluation database of set {name} …", flush=True)
                url = search_eval.eval_database(Path(folder), name)
            report[f"set_{name}"] = score_set(url, folder, name, args)
    return report


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument(
        "--database-url",
        help="--latency: the database to time; evaluation: the first set's database (an "
        "empty one, e.g. PostgreSQL, is filled on first use); default a fresh SQLite database",
    )
    parser.add_argument("--demo", action="store_true", help="demo queries on a fresh demo database")
    parser.add_argument("--latency", action="store_true", help="time queries on --database-url")
    parser.add_argument("--eval-db", help="keep (or reuse) the evaluation SQLite database here")
    parser.add_argument("--misses", action="store_true", help="list the tuning halves' misses")
    parser.add_argument(
        "--set",
        action="append",
        choices=SETS,
        help="only this evaluation set (repeatable); default all but the held-out sets "
        f"({', '.join(HELD_OUT)}). --database-url and --eval-db apply to the first set, "
        "--database-url-<x> to a later set <X> (default: a fresh SQLite database each)",
    )
    for name in LATER_SETS:
        parser.add_argument(
            f"--database-url-{name.lower()}",
            help=f"set {name}'s database (e.g. an empty PostgreSQL database: filled on first use)",
        )
    parser.add_argument(
        "--half",
        action="append",
        choices=("tuning", "test"),
        help="only this half (repeatable); default both. Tune with --half tuning",
    )
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds per query")
    parser.add_argument("--json", dest="json_out", help="write the figures to this file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.demo and not args.latency:
        report = run_eval(args)
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(report, indent=2))
        return 0
    return run_demo(args)


def run_demo(args) -> int:
    """The demo queries (--demo) and latency on a database (--latency)."""
    from benchmarks import search_eval
    from kenme import create_app
    from kenme.extensions import db
    from kenme.search import get_engine

    with tempfile.TemporaryDirectory() as folder:
        config: dict = {"SECRET_KEY": "benchmark-only-" + "x" * 32}
        if args.demo:
            print("Building a demo database …", flush=True)
            config["SQLALCHEMY_DATABASE_URI"] = demo_database(Path(folder))
            config["INSTANCE_PATH"] = folder
        elif args.database_url:
            config["SQLALCHEMY_DATABASE_URI"] = args.database_url
        app = create_app(config)
        report: dict = {}
        with app.test_request_context():
            session, engine = db.session, get_engine()
            report["engine"] = engine.name
            report["database"] = session.get_bind().dialect.name
            report["threads"] = session.scalar(
                text("SELECT count(*) FROM posts WHERE type IN ('question', 'aanplakker')")
            )
            print(f"Engine {engine.name} on {report['database']}, {report['threads']} threads")
            queries = load_queries()
            has_demo = session.scalar(
                select(func.count())
                .select_from(text("posts"))
                .where(text("source_id LIKE 'demo:%'"))
            )
            if has_demo:
                relevance = evaluate(session, engine, queries)
                report["relevance"] = {
                    "queries": relevance.count,
                    "recall_at_10": round(relevance.recall, 3),
                    "mrr_at_10": round(relevance.mrr, 3),
                    "by_kind": search_eval.as_dict(relevance)["by_kind"],
                }
                print(f"\nLabelled set: {relevance.count} queries over the demo data")
                print(f"  recall@10 {relevance.recall:.3f}   (target >= 0.9)")
                print(f"  MRR@10    {relevance.mrr:.3f}   (target >= 0.7)")
                for kind, (recall, mrr, _) in relevance.by_kind.items():
                    print(f"    {kind:<13} recall {recall:.2f}  MRR {mrr:.2f}")
                for miss in relevance.misses:
                    print(f"  miss: {miss}")
            else:
                print("\nNo demo data here: relevance not measured (use --demo).")
            mix = [q["q"] for q in queries] if has_demo else list(LATENCY_MIX)
            titles = list(SUGGEST_MIX)
            figures = timings(session, engine, mix, titles, args.rounds)
            report["latency_ms"] = figures
            print(
                f"\nLatency in-process ({args.rounds} rounds, {len(mix)} queries, "
                f"{len(titles)} titles):"
            )
            for name, values in figures.items():
                cells = "  ".join(f"{k} {v:6.1f} ms" for k, v in values.items())
                print(f"  {name:<12} {cells}")
            size = index_size(session)
            if size:
                report["size"] = size
                ratio = size["index_bytes"] / max(1, size["text_bytes"])
                print(
                    f"\nIndex {size['index_bytes'] / 1e6:.1f} MB for "
                    f"{size['text_bytes'] / 1e6:.1f} MB of text: {ratio:.2f}x (target <= 1.5x)"
                )
        if args.json_out:
            Path(args.json_out).write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
