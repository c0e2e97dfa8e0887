"""The kept page's statement, run from its SQL per shape, reads what SQLAlchemy reads.

page_read renders page_rules' statement once per length of its IN lists and runs the text on
the cursor (decision 0066); every column of its row must equal the row ``Connection.execute``
returns, with the same types, on every database the tests run on.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import LoginSession
from kenme.models.types import utcnow
from kenme.services import follows, voting
from kenme.web.questions import page_read, page_rules
from tests.factories import (
    ESTABLISHED,
    make_answer,
    make_comment,
    make_law_change,
    make_question,
    make_topic,
    make_user,
)


@pytest.fixture
def reader(auth):
    user = make_user(display_name="Lezer Lotte", reputation=ESTABLISHED)
    auth.login_as(user)
    return user


def _parameters(reader, question, post_ids, people, related) -> dict:
    key_hash = db.session.scalar(
        select(LoginSession.key_hash).where(LoginSession.user_id == reader.id)
    )
    return {
        "user_id": reader.id,
        "key_hash": key_hash,
        "now": utcnow(),
        "question_id": question.id,
        "post_ids": post_ids,
        "people": people,
        "related": related,
    }


@pytest.mark.parametrize("lengths", [(2, 3, 1), (1, 1, 0), (2, 0, 2), (0, 2, 0)])
def test_the_statement_run_from_its_text_reads_what_sqlalchemy_reads(app, reader, lengths):
    topic = make_topic(name="Kostendelersnorm")
    make_law_change(topic, date(2026, 1, 1), note="Nieuwe regels; 12:30 uur")
    asker = make_user(display_name="Vrager: Vera", organisation="Gemeente Oost")
    question = make_question(asker, topics=[topic])
    answer = make_answer(question, make_user(display_name="Antwoorder Anton"))
    make_comment(answer, make_user(display_name="Reageerder Rik", reputation=ESTABLISHED))
    other = make_question(make_user(), title="Een andere vraag over de kostendelersnorm hier")
    voting.vote(db.session, reader, answer, 1)
    follows.follow_post(db.session, reader, question.id)
    follows.follow_topic(db.session, reader, topic)
    db.session.commit()
    posts, people, related = lengths
    parameters = _parameters(
        reader,
        question,
        [question.id, answer.id][:posts],
        [asker.id, answer.author_id, reader.id][:people],
        [other.id, question.id][:related],
    )
    with db.engine.connect() as connection:
        for statement in (page_rules.MEMBER, page_rules.MEMBER_AND_PAGE):
            expected = connection.execute(statement, parameters).first()
            for _ in range(2):  # rendered, then from the shapes kept
                row = page_read.first_row(connection, statement, parameters)
                assert tuple(row) == tuple(expected)
                assert [type(value) for value in row] == [type(value) for value in expected]
            assert row.login_id is not None and row.unread == expected.unread
    assert row.my_votes == f"{answer.id}:1" if posts == 2 else row.my_votes is None
    assert "Vrager: Vera" in (row.people or "") if people else row.people is None


def test_a_member_not_found_reads_no_row(app, reader):
    parameters = {"user_id": reader.id + 1000, "key_hash": "x", "now": utcnow()}
    with db.engine.connect() as connection:
        assert page_read.first_row(connection, page_rules.MEMBER, parameters) is None
