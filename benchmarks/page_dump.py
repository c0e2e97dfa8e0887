"""Dump question pages as several viewers see them, to prove a render change kept them identical.

python -m benchmarks.page_dump --database-url URL --out DIR

On a database made by benchmarks.generate: ~60 questions chosen for what a render must get
right (the heaviest threads, closed, locked, edited, hidden or deleted answers and comments,
anonymous questions and answers, endorsed answers, threads the writing viewers wrote in) and
for seven viewers (a plain member, the moderator, the admin, a thema-specialist, three members
who wrote in some of them), each page five ways: the render a kept-page miss makes (its kept
pages forgotten first), the kept hit after it, ``?answers=default`` and ``?answers=votes``
(rendered without slots) and ``?toon=1``. One file per page: the status, then the HTML with
the CSRF tokens' values taken out (they carry the second they were made). Run it with the old
code and the new on copies of the same data and compare the folders (``diff -r``). Nothing
is written to the database but the page store; no timing (decision 0076).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from benchmarks.common import BENCH_PASSWORD, make_app
from benchmarks.scenarios import csrf_token

VIEWERS = ("lid0001", "lid0002", "lid0003", "lid0007", "lid0010", "lid0020", "lid0031")
WRITERS = VIEWERS[4:]
MODES = (("miss", ""), ("hit", ""), ("plain", "?answers=default"), ("votes", "?answers=votes"))
MODES += (("toon", "?toon=1"),)
TOKEN_TAG = re.compile(r'<(?:input|meta)\b[^>]*\bname="csrf[_-]token"[^>]*>')
TOKEN_VALUE = re.compile(r'\b(?:value|content)="[^"]*"')

CHOSEN = (
    "select id from posts where type='question' order by answer_count desc, id limit 8",
    "select p.id from posts p where type='question' order by (select count(*) from comments c"
    " join posts a on a.id = c.post_id where a.parent_id = p.id) desc, p.id limit 4",
    "select id from posts where type='question' and status='closed' order by id limit 6",
    "select distinct parent_id from posts where type='answer' and visibility!='visible'"
    " order by parent_id limit 6",
    "select distinct coalesce(p.parent_id, p.id) from comments c join posts p on p.id = c.post_id"
    " where c.visibility!='visible' order by 1 limit 6",
    "select id from posts where type='question' and anonymous order by id limit 3",
    "select distinct parent_id from posts where type='answer' and anonymous order by 1 limit 3",
    "select distinct parent_id from posts where type='answer' and endorsement_count>0"
    " order by 1 limit 3",
    "select id from posts where type='question' and locked order by id limit 2",
    "select id from posts where type='question' and edited_at is not null order by id limit 2",
    "select distinct parent_id from posts where type='answer' and current_as_of is not null"
    " order by 1 limit 2",
    "select id from posts where type='question' order by id limit 12 offset 100",
)
BY_WRITER = (
    "select id from posts where type='question' and author_id=:u and visibility='visible'"
    " order by id limit 2",
    "select parent_id from posts where type='answer' and author_id=:u order by id limit 2",
    "select coalesce(p.parent_id, p.id) from comments c join posts p on p.id = c.post_id"
    " where c.author_id=:u and p.type in ('question', 'answer') order by c.id limit 2",
)


def tokens_out(html: str) -> str:
    """The page without its CSRF tokens' values."""
    return TOKEN_TAG.sub(lambda tag: TOKEN_VALUE.sub("", tag.group(0)), html)


def questions(session) -> list[int]:
    from sqlalchemy import text

    found: list[int] = []
    for sql in CHOSEN:
        found += session.scalars(text(sql)).all()
    for name in WRITERS:
        email = f"{name}@bench.kenme.nl"
        user_id = session.scalar(text("select id from users where email = :e"), {"e": email})
        for sql in BY_WRITER:
            found += session.scalars(text(sql), {"u": user_id}).all()
    return list(dict.fromkeys(i for i in found if i))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.page_dump")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args(argv)
    app = make_app(args.database_url)
    from kenme.extensions import db
    from kenme.web.questions.page_cache import EXTENSION

    with app.app_context():
        ids = questions(db.session)
    pages = app.extensions[EXTENSION]
    args.out.mkdir(parents=True, exist_ok=True)
    for name in VIEWERS:
        client = app.test_client()
        token = csrf_token(client.get("/inloggen").get_data(as_text=True))
        form = {"email": f"{name}@bench.kenme.nl", "password": BENCH_PASSWORD, "csrf_token": token}
        if client.post("/inloggen", data=form).status_code != 302:
            raise SystemExit(f"Logging in as {name} failed.")
        client.get("/toegankelijkheid")  # no flash message left for the pages
        for question_id in ids:
            for mode, query in MODES:
                if mode == "miss" and pages is not None:
                    pages.forget({question_id: False})
                response = client.get(f"/vragen/{question_id}{query}")
                body = tokens_out(response.get_data(as_text=True))
                path = args.out / f"{name}_{question_id}_{mode}.html"
                path.write_text(f"{response.status_code}\n{body}")
    print(f"{len(ids)} questions, {len(VIEWERS)} viewers, {len(MODES)} ways: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
