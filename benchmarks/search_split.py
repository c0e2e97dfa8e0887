"""Split the independent search evaluation set once, at random, into a tuning and a test half.

python -m benchmarks.search_split writes benchmarks/data/search_eval/split.json, stratified by
query kind, with a seed drawn from the operating system and recorded in the file. It refuses to
run again when the file exists: the halves are fixed for good, and no query ever moves.

The first set is every writer's files but the later blind sets' (A and B). A later blind set
(C, docs/decisions/0036; D, docs/decisions/0049; E, docs/decisions/0059; F, docs/decisions/0061;
G, docs/decisions/0071) has its own threads, queries and split: python -m benchmarks.search_split
C writes split_C.json the same way, with the seed drawn once by secrets.randbelow(10**8) and the
SHA-256 of queries_C.json recorded beside it (D, E, F and G likewise).
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "data" / "search_eval"
SPLIT = FOLDER / "split.json"
FIRST = "first"
# Blind sets written after the first, each evaluated on its own (never mixed into the first).
LATER_SETS = ("C", "D", "E", "F", "G")
SETS = (FIRST, *LATER_SETS)


def set_files(kind: str, name: str = FIRST) -> list[Path]:
    """The threads_*.json or queries_*.json files of one set: the first set is every writer
    but the later sets' letters; a later set is its own letter."""
    files = sorted(FOLDER.glob(f"{kind}_*.json"))
    letter = {path: path.stem.split("_", 1)[1] for path in files}
    if name == FIRST:
        return [path for path in files if letter[path] not in LATER_SETS]
    return [path for path in files if letter[path] == name]


def split_path(name: str = FIRST) -> Path:
    return SPLIT if name == FIRST else FOLDER / f"split_{name}.json"


def queries_hash(name: str) -> str:
    """SHA-256 of a later set's queries file, as recorded in its split."""
    (path,) = set_files("queries", name)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_queries(name: str = FIRST) -> list[dict]:
    """Every query of one set, in file order."""
    queries: list[dict] = []
    for path in set_files("queries", name):
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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    name = args[0] if args else FIRST
    if name not in SETS:
        print(f"unknown set {name!r}: one of {SETS}", file=sys.stderr)
        return 2
    path = split_path(name)
    if path.exists():
        print(f"{path} exists: the set was split once and stays split.", file=sys.stderr)
        return 1
    if name == FIRST:
        seed = secrets.randbits(32)
        record = {
            "about": "The one random split of queries_*.json (benchmarks/search_split.py). "
            "Tune on 'tuning'; report 'test'; never move a query.",
            "seed": seed,
        }
    else:
        seed = secrets.randbelow(10**8)
        record = {
            "about": f"The one random split of queries_{name}.json "
            "(python -m benchmarks.search_split " + name + "). Tune on 'tuning'; report "
            "'test'; never move a query. queries_sha256 is the hash of the queries file "
            "when it was split.",
            "seed": seed,
            "queries_sha256": queries_hash(name),
        }
    halves = split(load_queries(name), seed)
    path.write_text(json.dumps({**record, "halves": halves}, indent=2) + "\n", encoding="utf-8")
    counts = {h: sum(v == h for v in halves.values()) for h in ("tuning", "test")}
    print(f"seed {seed}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
