"""Check that a benchmark JSON file has the agreed shape: python -m benchmarks.check FILE."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from benchmarks.scenarios import ENDPOINTS

TOP_KEYS = (
    "questions",
    "engine",
    "database",
    "in_process",
    "gunicorn",
    "rss_mb",
    "queries_per_page",
    "rebuild_s",
)
IN_PROCESS_KEYS = ("p50_ms", "p95_ms", "p99_ms")
GUNICORN_KEYS = ("rps", "p95_ms", "ratio_to_minimal")


def problems(report: dict) -> list[str]:
    """Everything missing or malformed; "n/a" stands in for an endpoint not built yet."""
    found = [f"missing key {key}" for key in TOP_KEYS if key not in report]
    if found:
        return found
    if report["database"] not in ("sqlite", "postgresql"):
        found.append(f"database is {report['database']!r}")
    sections = (
        ("in_process", ENDPOINTS, IN_PROCESS_KEYS),
        ("gunicorn", (*ENDPOINTS, "minimal"), GUNICORN_KEYS),
        ("queries_per_page", ENDPOINTS, ()),
    )
    for section, names, keys in sections:
        for name in names:
            value = report[section].get(name)
            if value is None:
                found.append(f"{section}.{name} missing")
            elif isinstance(value, dict):
                found += [f"{section}.{name}.{k} missing" for k in keys if k not in value]
            elif value != "n/a" and not (keys == () and isinstance(value, int)):
                found.append(f"{section}.{name} is {value!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    path = Path((argv or sys.argv[1:])[0])
    found = problems(json.loads(path.read_text()))
    for problem in found:
        print(f"benchmark JSON: {problem}", file=sys.stderr)
    if not found:
        print(f"{path}: every key present")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
