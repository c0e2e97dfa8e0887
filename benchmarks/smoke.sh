#!/usr/bin/env bash
# Benchmark smoke run for CI: generate a small community on SQLite and run every measurement
# briefly. Asserts only that both steps complete and that the JSON has every key, never time.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-.venv/bin/python}
work=$(mktemp -d "${TMPDIR:-/tmp}/kenme-bench-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
url="sqlite:///$work/bench.sqlite3"

"$python" -m benchmarks.generate --questions "${SMOKE_QUESTIONS:-2000}" --database-url "$url" --verify
"$python" -m benchmarks.run --database-url "$url" --requests "${SMOKE_REQUESTS:-20}" \
    --warmup 2 --seconds 10 --burst-seconds 0 --json "$work/result.json"
"$python" -m benchmarks.check "$work/result.json"
