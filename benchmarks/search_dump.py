"""Dump what search shows for fixed queries, to prove a speed change kept results identical.

python -m benchmarks.search_dump --database-url URL --out FILE [--limit N]

For the latency mix (benchmarks/search.py) and every query of the tuning halves of the
evaluation sets that are not held out (never a test half, never a held-out set): by relevance
pages 1 and 2 and by newest page 1, the ids, total, whether it was capped, the facets and
whether they are estimates, the dropped words and "Bedoelde je"; and the suggestions for the
suggest mix and for every query read as a draft title. Each search runs cold (the result cache
cleared first). Run it with the old code and the new on the same data and compare the files
byte for byte (``cmp``); --pages adds each search page's HTML (tokens blanked). No timing,
nothing written to the database.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlencode

PAGES = (("relevance", 1), ("relevance", 2), ("newest", 1))


def queries(limit: int | None) -> list[str]:
    """The latency mix, then each open set's tuning half (deduplicated, in file order)."""
    from benchmarks import search_eval
    from benchmarks.search import HELD_OUT, LATENCY_MIX
    from benchmarks.search_split import SETS

    texts = list(LATENCY_MIX)
    for name in SETS:
        if name in HELD_OUT:
            continue
        found = [q["q"] for q in search_eval.load_queries("tuning", name)]
        texts += found[:limit] if limit else found
    return list(dict.fromkeys(texts))


# What differs between two renderings of one page: the form's token and the CSP nonce.
VOLATILE = re.compile(r'(name="csrf_token"[^>]*value="|name="csrf-token" content="|nonce=")[^"]*"')


def pages(app, texts: list[str]) -> list[str]:
    """The HTML of /zoeken for each query, sort and page, as the benchmark's member sees it."""
    from benchmarks.inprocess import Session
    from kenme.search import cache

    member = Session(app)
    found = []
    for text in texts:
        for sort, page in PAGES:
            cache.clear()
            query = urlencode({"q": text, "sort": sort, "pagina": page})
            html = member.client.get(f"/zoeken?{query}").get_data(as_text=True)
            found.append(json.dumps({"page": query, "html": VOLATILE.sub(r"\1", html)}))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_dump")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--limit", type=int, help="at most this many queries of each set")
    parser.add_argument(
        "--pages", action="store_true", help="also the search pages' HTML, as a member sees it"
    )
    args = parser.parse_args(argv)

    from benchmarks.common import make_app
    from benchmarks.search import SUGGEST_MIX
    from kenme.extensions import db
    from kenme.search import cache, get_engine

    app = make_app(args.database_url)
    texts = queries(args.limit)
    lines: list[str] = []
    capped = 0
    with app.test_request_context():
        session, engine = db.session, get_engine()
        for text in texts:
            for sort, page in PAGES:
                cache.clear()
                found = engine.search(text, sort=sort, page=page, session=session)
                capped += found.total_capped
                entry = {
                    "q": text,
                    "sort": sort,
                    "page": page,
                    "ids": [hit.id for hit in found.hits],
                    "total": found.total,
                    "capped": found.total_capped,
                    "facets": found.facets,
                    "estimated": found.facets_estimated,
                    "dropped": found.dropped,
                    "did_you_mean": found.did_you_mean,
                }
                lines.append(json.dumps(entry, ensure_ascii=False, sort_keys=True))
                session.rollback()
        for title in (*SUGGEST_MIX, *texts):
            cache.clear()
            ids = [post.id for post in engine.suggest(title, session=session)]
            lines.append(json.dumps({"suggest": title, "ids": ids}, ensure_ascii=False))
            session.rollback()
    if args.pages:
        lines += pages(app, texts)
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(texts)} queries, {len(lines)} entries ({capped} capped) -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
