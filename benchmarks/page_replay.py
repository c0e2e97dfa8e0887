"""Kept-page hits of two workers, replayed in one process: python -m benchmarks.page_replay URL.

The live mix's question views (Zipf over every visible question, in its popularity order and
seed) sent alternately to two app instances on one database, as gunicorn's two workers would
get them, once with each worker keeping its own pages and once with the shared store
(decision 0039). The same members and views in both runs, no writes, no clock in the figures:
it isolates what sharing does to the hit rate, which the live mix under a loaded machine
measures only roughly. Prints hits per run, the hits read from the store, and the CPU of the
views.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import make_app
from benchmarks.inprocess import USER_AGENT
from benchmarks.live import build_world


def replay(url: str, shared: bool, world, views: list[tuple[int, str]]) -> dict:
    from kenme.web.questions.page_cache import EXTENSION

    store = Path(tempfile.mkdtemp(prefix="kenme-replay-"))
    size = 256 if shared else 0
    workers = [make_app(url, PAGE_STORE_MB=size, PAGE_STORE_DIR=str(store)) for _ in range(2)]
    for app in workers:
        app.extensions[EXTENSION].open()
    clients = []
    for app in workers:
        client = app.test_client()
        client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
        clients.append(client)
    cpu = time.process_time()
    for n, (member, path) in enumerate(views):
        client = clients[n % 2]
        client.set_cookie("session", world.members[member].cookie)
        status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
    cpu = time.process_time() - cpu
    pages = [app.extensions[EXTENSION] for app in workers]
    shutil.rmtree(store, ignore_errors=True)
    hits = sum(p.hits for p in pages)
    return {"hits": hits, "views": len(views), "cpu_ms": cpu * 1000 / len(views)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.page_replay")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--views", type=int, default=600)
    parser.add_argument("--seed", type=int, default=24)
    args = parser.parse_args(argv)
    views: list[tuple[int, str]] = []
    for shared in (False, True):
        # Logged in afresh for each run, so that no session is due its "last seen" write in
        # one run more than in the other (such a view is never served from a kept page).
        world = build_world(make_app(args.database_url), args.sessions, args.seed)
        rng = random.Random(args.seed)
        views = views or [
            (rng.randrange(len(world.members)), world.path("question", rng))
            for _ in range(args.views)
        ]
        figures = replay(args.database_url, shared, world, views)
        share = figures["hits"] / figures["views"]
        print(
            f"{'one store for both workers' if shared else 'each worker its own pages':<28}"
            f" hits {figures['hits']:>5} of {figures['views']} ({share:.1%}),"
            f" {figures['cpu_ms']:.1f} ms CPU per view",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
