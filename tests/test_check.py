"""`flask --app kenme check [--repair] [--json]`: counters, search index and revisions.

Damage is done the way it happens in practice: straight in the database, behind the services'
back (a hand-run UPDATE, a restore of half a backup, the old lost-update bug). Every counter is
damaged by a generated amount; check must name each one, exit 1, and --repair must restore
exactly the recount.
"""

from __future__ import annotations

import json
import random

from sqlalchemy import text

from kenme.extensions import db
from kenme.models import ContributionKind, Phase, Post, Topic
from kenme.services import (
    aanplakker,
    comments,
    consistency,
    endorsements,
    follows,
    posting,
    voting,
)
from tests.factories import (
    earn_reputation,
    make_aanplakker,
    make_contribution,
    make_specialist,
    make_topic_row,
    make_user,
)

ANSWER = "Volgens mij telt hij mee zodra hij 27 is; kijk ook naar de uitzonderingen."
BODY = (
    "## Situatie\nDe klant woont samen met haar zoon van eind twintig. Hoe gaan jullie hiermee om?"
)

# (table, column, key column, which row: SQL selecting its key)
COUNTERS = [
    ("posts", "answer_count", "id", "SELECT id FROM posts WHERE type = 'question'"),
    ("posts", "answer_count", "id", "SELECT id FROM posts WHERE type = 'aanplakker'"),
    ("posts", "comment_count", "id", "SELECT id FROM posts WHERE type = 'question'"),
    ("posts", "score", "id", "SELECT id FROM posts WHERE type = 'answer'"),
    ("posts", "endorsement_count", "id", "SELECT id FROM posts WHERE type = 'answer'"),
    ("posts", "revision_count", "id", "SELECT id FROM posts WHERE type = 'question'"),
    ("topics", "question_count", "id", "SELECT id FROM topics WHERE slug = 'kostendelersnorm'"),
    ("topics", "follower_count", "id", "SELECT id FROM topics WHERE slug = 'kostendelersnorm'"),
    (
        "contribution_details",
        "herkenbaar_count",
        "post_id",
        "SELECT post_id FROM contribution_details",
    ),
    ("users", "reputation", "id", "SELECT author_id FROM posts WHERE type = 'answer'"),
]


def community():
    """One of everything that is counted, written through the services."""
    topic = make_topic_row("kostendelersnorm")
    asker, writer, voter = make_user(), make_user(), make_user()
    earn_reputation(voter, 10)  # may comment on others' posts; ledger rows, so it adds up
    question = posting.ask_question(
        db.session, asker, title="Telt een inwonende zoon mee?", body=BODY, topic_slugs=[topic.slug]
    )
    answer = posting.post_answer(db.session, writer, question, body=ANSWER)
    comments.add_comment(db.session, voter, question, "Goede vraag, dank je.")
    voting.vote(db.session, voter, answer, 1)
    follows.follow_topic(db.session, voter, topic)
    db.session.commit()
    endorsements.endorse(db.session, make_specialist(db.session.get(Topic, topic.id)), answer)
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    contribution = make_contribution(post, make_user(), kind=ContributionKind.ERVARING)
    aanplakker.mark_herkenbaar(db.session, voter, contribution)
    db.session.commit()
    return question


def check(runner, *args):
    result = runner.invoke(args=["check", "--json", *args])
    return result.exit_code, json.loads(result.output)


def test_a_community_written_through_the_services_checks_clean(app, runner):
    community()
    code, report = check(runner)
    assert (code, report["clean"], report["search_index"]["threads"]) == (0, True, 2)
    plain = runner.invoke(args=["check"])
    assert plain.exit_code == 0 and "Alles klopt" in plain.output


def test_every_damaged_counter_is_named_and_repaired_exactly(app, runner):
    community()
    offsets = [random.choice([-1, 1]) * random.randint(1, 50) for _ in COUNTERS]
    damaged = set()
    for (table, column, key, which), offset in zip(COUNTERS, offsets, strict=True):
        row = db.session.execute(text(which)).scalars().first()
        db.session.execute(
            text(f"UPDATE {table} SET {column} = {column} + :o WHERE {key} = :k"),  # noqa: S608
            {"o": offset, "k": row},
        )
        damaged.add((f"{table}.{column}", row))
    db.session.commit()
    code, report = check(runner)
    named = {(d["counter"].split(" ")[0], d["id"]) for d in report["counters"]}
    assert code == 1 and named == damaged
    assert all(d["stored"] - d["counted"] != 0 for d in report["counters"])
    code, report = check(runner, "--repair")
    assert code == 0 and report["repaired"]["counters"] == len(damaged)
    assert check(runner)[0] == 0


def test_index_missing_extra_and_stale_threads_are_found_and_repaired(app, runner):
    question = community()
    other = posting.ask_question(
        db.session,
        make_user(),
        title="Tweede vraag over de kostendelersnorm",
        body=BODY,
        topic_slugs=["kostendelersnorm"],
    )
    db.session.commit()
    hidden, renamed, qid = other.id, question.id, question.id
    # Hidden behind the index's back: the index still lists it.
    db.session.execute(text("UPDATE posts SET visibility = 'hidden' WHERE id = :i"), {"i": hidden})
    # A new title without re-indexing, and in the revision too so revisions stay consistent.
    for table, key in (("posts", "id"), ("revisions", "post_id")):
        db.session.execute(
            text(f"UPDATE {table} SET title = 'Woonkosten bij onderhuur' WHERE {key} = :i"),  # noqa: S608
            {"i": renamed},
        )
    db.session.execute(  # the hidden question no longer counts
        text("UPDATE topics SET question_count = 1 WHERE slug = 'kostendelersnorm'")
    )
    db.session.commit()
    code, report = check(runner)
    index = report["search_index"]
    assert code == 1 and (index["extra"], index["stale"], index["missing"]) == (
        [hidden],
        [qid],
        [],
    )
    assert report["counters"] == [] and report["revisions"] == []
    code, report = check(runner, "--repair")
    assert code == 0 and report["repaired"]["search_index"] == 2
    from kenme.search import get_engine

    assert [r.id for r in get_engine().search("onderhuur").hits] == [qid]


def test_repair_rebuilds_the_history_from_the_post_and_leaves_the_post_as_readers_saw_it(
    app, runner
):
    question = community()
    qid, author_id = question.id, question.author_id
    for body in (BODY + " Tweede versie.", BODY + " Derde versie."):
        posting.edit_post(db.session, question.author, question, body=body)
    answer_id, answer_author = _answer_id(), db.session.get(Post, _answer_id()).author_id
    db.session.commit()
    silent = BODY + " Stilletjes gewijzigd, buiten de app om."
    db.session.execute(  # a gap (1, 3), and the post's text in no revision at all
        text("DELETE FROM revisions WHERE post_id = :i AND number = 2"), {"i": qid}
    )
    db.session.execute(
        text("UPDATE posts SET body_markdown = :b WHERE id = :i"), {"b": silent, "i": qid}
    )
    db.session.execute(text("DELETE FROM revisions WHERE post_id = :i"), {"i": answer_id})
    db.session.commit()
    code, report = check(runner)
    problems = {r["post_id"]: r["kind"] for r in report["revisions"]}
    assert code == 1 and problems == {qid: "numbering_gaps", answer_id: "no_revision"}

    code, report = check(runner, "--repair")
    assert (code, report["revisions"], report["repaired"]["revisions"]) == (0, [], 2)
    db.session.expire_all()
    post = db.session.get(Post, qid)
    assert post.body_markdown == silent  # what readers saw stays
    history = [(r.number, r.body_markdown, r.edit_summary) for r in post.revisions]
    assert [h[:2] for h in history] == [
        (1, BODY),
        (2, BODY + " Derde versie."),
        (3, silent),
    ]
    assert history[2][2] == consistency.REPAIR_SUMMARY and post.revision_count == 3
    assert post.revisions[2].author_id == author_id
    answer = db.session.get(Post, answer_id)
    assert [(r.number, r.body_markdown, r.author_id) for r in answer.revisions] == [
        (1, ANSWER, answer_author)
    ]
    assert answer.revision_count == 1 and check(runner)[0] == 0
    # The next edit numbers on from the repaired history (no duplicate number).
    posting.edit_post(db.session, post.author, post, body=BODY + " Na het herstel.")
    db.session.commit()
    assert [r.number for r in db.session.get(Post, qid).revisions] == [1, 2, 3, 4]


def test_an_aanplakker_whose_text_differs_stays_reported_for_a_person(app, runner):
    community()
    post_id = db.session.query(Post.id).filter(Post.type == "aanplakker").scalar()
    db.session.execute(
        text("UPDATE posts SET body_markdown = 'Stilletjes gewijzigd' WHERE id = :i"),
        {"i": post_id},
    )
    db.session.commit()
    code, report = check(runner, "--repair")
    assert code == 1 and report["repaired"]["revisions"] == 0
    assert [(r["post_id"], r["kind"]) for r in report["revisions"]] == [(post_id, "text_differs")]
    assert db.session.get(Post, post_id).body_markdown == "Stilletjes gewijzigd"


def _answer_id() -> int:
    return db.session.query(Post.id).filter(Post.type == "answer").scalar()
