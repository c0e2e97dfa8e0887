"""Fixtures shared by the web tests."""

from __future__ import annotations

import pytest

from kenme.services import question_lists
from tests.factories import (
    ESTABLISHED,
    make_answer,
    make_comment,
    make_question,
    make_topic,
    make_user,
)


@pytest.fixture
def member(auth):
    """An established member (every privilege), logged in (a test module may define its own)."""
    user = make_user(reputation=ESTABLISHED)
    auth.login_as(user)
    return user


@pytest.fixture(params=["auto", "through_post_topics", "walk_index"])
def plan(request, app, monkeypatch):
    """Read topic lists the way the cost model chooses, or force either way."""
    if request.param != "auto":
        forced = request.param == "through_post_topics"
        monkeypatch.setattr(question_lists, "_through_post_topics", lambda *args: forced)
    return request.param


@pytest.fixture
def thread():
    """A question with one answer and one comment: (question, answer, asker, answerer, topic)."""
    asker = make_user(display_name="Vrager Vera")
    topic = make_topic(name="Kostendelersnorm")
    question = make_question(asker, topics=[topic])
    answerer = make_user(display_name="Antwoorder Anton")
    answer = make_answer(question, answerer)
    make_comment(answer, make_user(display_name="Reageerder Rik", reputation=ESTABLISHED))
    return question, answer, asker, answerer, topic
