"""The lists' statements, run from their SQL per shape, read what SQLAlchemy reads.

kenme/statement_rows.py renders each statement once per length of its IN lists and runs the
text on the cursor (decision 0081). Every statement the start page, the topic pages and the
board run through it must give the rows ``Connection.execute`` gives, value for value and
type for type, on every database the tests run on.
"""

from __future__ import annotations

import importlib

import pytest

from kenme import statement_rows
from kenme.extensions import db
from kenme.models import Phase
from kenme.services import follows, kennisbank, question_lists, topics
from tests.factories import (
    make_aanplakker,
    make_answer,
    make_contribution,
    make_question,
    make_topic,
    make_user,
)

# The module (kenme.services.aanplakker exports its function of the same name).
board_rows = importlib.import_module("kenme.services.aanplakker.board_rows")


@pytest.fixture
def community(app):
    reader = make_user(display_name="Lezer Lotte")
    topic = make_topic("kostendelersnorm", synonyms=["kdn", "huisgenoten"])
    other = make_topic("bijstand")
    asker = make_user(display_name="Vrager: Vera")
    questions = [
        make_question(asker, title=f"Telt een huisgenoot mee in geval {i}?", topics=[topic])
        for i in range(3)
    ]
    questions.append(make_question(asker, title="Een vraag zonder dat onderwerp", topics=[other]))
    questions.append(
        make_question(asker, title="Een vraag zonder naam erbij", topics=[other], anonymous=True)
    )
    make_answer(questions[0], make_user())
    open_card = make_aanplakker(topic_slugs=["kostendelersnorm", "bijstand"])
    make_contribution(open_card)
    make_aanplakker(phase=Phase.GESLOTEN)
    follows.follow_topic(db.session, reader, topic)
    follows.ignore_topic(db.session, reader, other)
    db.session.commit()
    return reader, topic, other, asker, [q.id for q in questions]


def _same(connection, statement, parameters) -> list[tuple]:
    expected = [tuple(row) for row in connection.execute(statement, parameters)]
    for _ in range(2):  # rendered, then from the shape kept
        found = statement_rows.rows(connection, statement, parameters)
        assert found == expected
        assert [[type(v) for v in row] for row in found] == [
            [type(v) for v in row] for row in expected
        ]
    return expected


def _list_shapes(reader, topic, asker) -> None:
    """Fill question_lists._SHAPES with the shapes the web lists use."""
    for sort in ("newest", "active", "votes", "unanswered"):
        for on in (None, topic):
            question_lists.list_questions(
                db.session, reader, sort=sort, topic=on, rows=True, exact_total=False
            )
            question_lists.list_questions(
                db.session, reader, sort=sort, topic=on, rows=True, ignored={99}
            )
    question_lists.list_questions(db.session, None, author=asker, status="open")


def test_the_list_statements_read_what_sqlalchemy_reads(community, monkeypatch):
    reader, topic, other, asker, ids = community
    # Only this database's shapes: an earlier SQLite test in the same worker keeps shapes
    # (the "through" topic read, with SQLite's "+column") that PostgreSQL never builds.
    monkeypatch.setattr(question_lists, "_SHAPES", {})
    _list_shapes(reader, topic, asker)
    values = {"topic_id": topic.id, "hide": [other.id], "author_id": asker.id}
    with db.engine.connect() as connection:
        seen = 0
        for ids_queries in list(question_lists._SHAPES.values()):
            for statement in (ids_queries.every, ids_queries.count):
                seen += len(_same(connection, statement, values))
            window = {**values, "window_limit": 2, "window_offset": 1}
            seen += len(_same(connection, ids_queries.window, window))
        assert seen
        for page in ([], ids[:1], ids, [*ids, ids[0]]):
            rows = _same(connection, question_lists._ITEM_ROWS, {"ids": page})
            assert {row[0] for row in rows} == set(page)


def test_the_board_and_topic_statements_read_what_sqlalchemy_reads(community):
    reader, topic, other, *_ = community
    with db.engine.connect() as connection:
        card_ids = []
        for on_topic in (False, True):
            open_statement, closed = board_rows._statements(on_topic)
            values = {"topic_id": topic.id} if on_topic else {}
            card_ids += _same(connection, open_statement, values)
            assert _same(connection, closed.count, values)
            window = {**values, "window_limit": 5, "window_offset": 0}
            card_ids += _same(connection, closed.window, window)
        assert len({row[0] for row in card_ids}) == 2
        assert _same(connection, board_rows._CARD_ROWS, {"ids": [r[0] for r in card_ids]})
        by_member = {"user_id": reader.id, "topic_id": topic.id}
        assert _same(connection, follows._IGNORED, by_member) == [(other.id,)]
        assert sorted(_same(connection, follows._STANCE, by_member)) == [
            (topic.id, True),
            (other.id, False),
        ]
        assert _same(connection, topics._SYNONYM_TERMS, by_member) == [("huisgenoten",), ("kdn",)]
        assert _same(connection, kennisbank._CONTENT, by_member) == [(False, False)]
