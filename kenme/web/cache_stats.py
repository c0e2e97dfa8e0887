"""What the kept-page and kept-fragment caches did, for the benchmark (decision 0030).

Off unless ``KENME_CACHE_STATS_DIR`` names a folder: then each worker counts, per outcome,
what happened to the requests a cache was asked about, and writes the counts to
``<folder>/<pid>.json`` when it exits. ``python -m benchmarks.run --live`` sets the folder and
prints the hit rate per page type and write rate. The load generator names its phase in an
``X-Kenme-Phase`` header; without the folder set the header is never read, so a client
cannot make the counts grow.
"""

from __future__ import annotations

import atexit
import json
import os
import threading
from collections import Counter
from pathlib import Path

PHASE_HEADER = "HTTP_X_KENME_PHASE"


class CacheStats:
    """Outcome counts of one worker, by (phase, cache, outcome)."""

    def __init__(self, folder: str):
        self.folder = Path(folder)
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self._lock = threading.Lock()

    def count(self, environ: dict, cache: str, outcome: str) -> None:
        phase = str(environ.get(PHASE_HEADER, ""))[:40]
        with self._lock:
            self.counts[(phase, cache, outcome)] += 1

    def write(self) -> None:
        rows = [[*key, value] for key, value in sorted(self.counts.items())]
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{os.getpid()}.json").write_text(json.dumps(rows))


_STATS: CacheStats | None = None


def stats(config) -> CacheStats | None:
    """This process's counter, when the configuration asks for one."""
    global _STATS
    folder = config.get("CACHE_STATS_DIR")
    if folder and _STATS is None:
        _STATS = CacheStats(folder)
        atexit.register(_STATS.write)
    return _STATS if folder else None


def count_here(cache: str, outcome: str) -> None:
    """Count an outcome for the request being handled (inside Flask)."""
    from flask import current_app, request

    counter = stats(current_app.config)
    if counter is not None:
        counter.count(request.environ, cache, outcome)


def read(folder: str | Path) -> Counter[tuple[str, str, str]]:
    """The counts every worker wrote to ``folder``, summed."""
    out: Counter[tuple[str, str, str]] = Counter()
    for path in Path(folder).glob("*.json"):
        for phase, cache, outcome, value in json.loads(path.read_text()):
            out[(phase, cache, outcome)] += value
    return out
