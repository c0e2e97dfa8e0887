"""Split the independent search evaluation set once, at random, into a tuning and a test half.

python -m benchmarks.search_split writes benchmarks/data/search_eval/split.json, stratified by
query kind, with a seed drawn from the operating system and recorded in the file. It refuses to
run again when the file exists: the halves are fixed for good, and no query ever moves.
"""

from __future__ import annotations

import json
import random
import secrets
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "data" / "search_eval"
SPLIT = FOLDER / "split.json"


def load_queries() -> list[dict]:
    """Every writer's queries, in file order."""
    queries: list[dict] = []
    for path in sorted(FOLDER.glob("queries_*.json")):
        queries.extend(json.loads(path.read_text(encoding="utf-8"))["queries"])
    return queries


def split(queries: list[dict], seed: int) -> dict[str, str]:
    """Shuffle each kind's queries with the seed and deal them out alternately."""
    rng = random.Random(seed)
    halves: dict[str, str] = {}
    for kind in sorted({q["kind"] for q in queries}):
        ids = sorted(q["id"] for q in queries if q["kind"] == kind)
        rng.shuffle(ids)
        first = rng.choice(("tuning", "test"))
        second = "test" if first == "tuning" else "tuning"
        for index, query_id in enumerate(ids):
            halves[query_id] = first if index % 2 == 0 else second
    return dict(sorted(halves.items()))


def main() -> int:
    if SPLIT.exists():
        print(f"{SPLIT} exists: the set was split once and stays split.", file=sys.stderr)
        return 1
    seed = secrets.randbits(32)
    halves = split(load_queries(), seed)
    SPLIT.write_text(
        json.dumps(
            {
                "about": "The one random split of queries_*.json (benchmarks/search_split.py). "
                "Tune on 'tuning'; report 'test'; never move a query.",
                "seed": seed,
                "halves": halves,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    counts = {h: sum(v == h for v in halves.values()) for h in ("tuning", "test")}
    print(f"seed {seed}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
