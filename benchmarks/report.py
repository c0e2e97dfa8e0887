"""The runner's table: in-process latencies, statement counts and gunicorn throughput."""

from __future__ import annotations

from benchmarks.scenarios import ENDPOINTS

NA = "n/a"
P95_TARGETS_MS = {
    "home": 25,
    "topic": 25,
    "question": 25,
    "search": 50,
    "suggest": 30,
    "post_answer": 60,
}
RATIO_TARGET, RSS_TARGET_MB, QUESTION_QUERY_TARGET = 0.40, 300, 8


def _fmt(value, spec: str = ".1f") -> str:
    return NA if value in (None, NA) else format(value, spec)


def print_table(report: dict, notes: list[str], load: tuple) -> None:
    inp, gun, qpp = report["in_process"], report["gunicorn"], report["queries_per_page"]
    print()
    print(
        f"KenMe benchmark: {report['questions']:,} questions, {report['database']}, "
        f"search engine {report['engine']}; load average {load[0]:.2f} -> {load[1]:.2f}"
    )
    header = (
        f"{'endpoint':<13}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'queries':>9}"
        f"{'req/s':>9}{'g p95 ms':>10}{'ratio':>8}  target"
    )
    print(header)
    print("-" * len(header))
    for name in [*ENDPOINTS, "floor", "minimal"]:
        timing, served = inp.get(name, NA), gun.get(name, NA)
        t = timing if isinstance(timing, dict) else {}
        g = served if isinstance(served, dict) else {}
        target = ""
        if name in P95_TARGETS_MS and t:
            ok = t["p95_ms"] <= P95_TARGETS_MS[name]
            target = f"p95 <= {P95_TARGETS_MS[name]} {'ok' if ok else 'MISSED'}"
        if name == "question" and g:
            ok = isinstance(g["ratio_to_minimal"], float) and g["ratio_to_minimal"] >= 0.4
            target += f"; ratio >= {RATIO_TARGET} {'ok' if ok else 'MISSED'}"
        print(
            f"{name:<13}{_fmt(t.get('p50_ms')):>9}{_fmt(t.get('p95_ms')):>9}"
            f"{_fmt(t.get('p99_ms')):>9}{_fmt(qpp.get(name), 'd') if name in qpp else '':>9}"
            f"{_fmt(g.get('rps')):>9}{_fmt(g.get('p95_ms')):>10}"
            f"{_fmt(g.get('ratio_to_minimal'), '.2f'):>8}  {target}"
        )
    rss, rebuild = report["rss_mb"], report["rebuild_s"]
    rss_ok = "" if rss == NA else (" ok" if rss <= RSS_TARGET_MB else " MISSED")
    print(
        f"worker RSS {_fmt(rss)} MB (target <= {RSS_TARGET_MB}{rss_ok}); "
        f"search rebuild {_fmt(rebuild)} s"
    )
    question_queries = qpp.get("question")
    if isinstance(question_queries, int):
        verdict = "ok" if question_queries <= QUESTION_QUERY_TARGET else "MISSED"
        print(f"question page queries {question_queries} (target <= 8 {verdict})")
    if isinstance(gun.get("floor"), dict):
        print("floor: /toegankelijkheid as a logged-in member, KenMe's lightest page (gunicorn)")
    for note in notes:
        print(f"note: {note}")
