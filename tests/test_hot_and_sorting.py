"""The "populair" list (?sort=hot) with a clock the test passes in, and answer sorting on the
question page and in the API (issue 21)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Role, Vote
from kenme.models.types import utcnow
from kenme.services import hot, moderation, question_lists, voting
from tests.api.conftest import ApiClient, make_token
from tests.factories import ESTABLISHED, make_answer, make_question, make_topic, make_user

T = utcnow().replace(microsecond=0) - timedelta(days=1)  # the clock the tests pass in


@pytest.fixture
def topic(app):
    return make_topic(name="Kostendelersnorm")


def aged(post, when):
    post.created_at = post.last_activity_at = when
    db.session.commit()
    return post


def question_at(topic, when, title):
    return aged(make_question(topics=[topic], title=title), when)


def answer_at(question, when):
    return aged(make_answer(question), when)


@pytest.fixture
def two(topic):
    """Q1: three answers 9 days before T. Q2: one answer at T. Both asked long ago."""
    q1 = question_at(topic, T - timedelta(days=60), "Telt de zoon mee voor de kostendelersnorm?")
    q2 = question_at(topic, T - timedelta(days=60), "Geldt de norm ook bij een inwonende oma?")
    for _ in range(3):
        answer_at(q1, T - timedelta(days=9))
    answer_at(q2, T)
    return q1, q2


def test_scores_follow_the_formula_with_the_clock_passed_in(two):
    q1, q2 = two
    scores = hot.hot_scores(db.session, T)
    assert scores[q1.id] == pytest.approx(3 * 3.0 * 0.5**3)  # 9 days = 3 half-lives
    assert scores[q2.id] == pytest.approx(3.0)


def test_recent_activity_goes_first_and_the_order_moves_with_the_clock(two):
    q1, q2 = two
    assert [q.id for q in hot.list_hot(db.session, None, now=T).items] == [q2.id, q1.id]
    earlier = T - timedelta(days=8)  # Q2's answer is not written yet; Q1's are a day old
    assert [q.id for q in hot.list_hot(db.session, None, now=earlier).items] == [q1.id]
    much_later = T + hot.WINDOW + timedelta(days=1)  # everything has left the window
    assert hot.list_hot(db.session, None, now=much_later).items == []


def test_votes_count_up_and_down_and_hidden_answers_not_at_all(topic, two):
    q1, q2 = two
    answer = q2.children[0]
    voter = make_user(reputation=ESTABLISHED)
    voting.vote(db.session, voter, answer, -1)
    db.session.commit()
    db.session.scalar(select(Vote)).created_at = T
    db.session.commit()
    assert hot.hot_scores(db.session, T)[q2.id] == pytest.approx(3.0 - 1.0)
    moderation.hide(db.session, make_user(role=Role.MODERATOR), answer, "Onjuist advies")
    db.session.commit()
    assert q2.id not in hot.hot_scores(db.session, T)
    assert [q.id for q in hot.list_hot(db.session, None, now=T).items] == [q1.id]


def test_hidden_questions_and_other_topics_stay_out(topic, two):
    q1, q2 = two
    moderation.hide(db.session, make_user(role=Role.MODERATOR), q2, "Dubbel")
    db.session.commit()
    assert [q.id for q in hot.list_hot(db.session, None, now=T).items] == [q1.id]
    other = make_topic("bijstand", name="Bijstand")
    assert hot.list_hot(db.session, None, now=T, topic=other).items == []


def test_the_populair_tab_and_the_api_use_the_same_order(client, auth, topic):
    fresh = question_at(topic, utcnow() - timedelta(hours=2), "Geldt de norm ook bij een oma?")
    busy = question_at(topic, utcnow() - timedelta(days=40), "Telt de zoon mee voor de norm?")
    for _ in range(2):
        answer_at(busy, utcnow() - timedelta(hours=1))
    quiet = question_at(topic, utcnow() - timedelta(days=40), "Telt een kostganger mee?")
    auth.login_as(make_user())
    page = client.get("/?sort=hot").get_data(as_text=True)
    assert 'aria-current="page">Populair</a>' in page
    order = [int(i) for i in re.findall(r'href="/vragen/(\d+)"', page)]
    assert order.index(busy.id) < order.index(fresh.id) and quiet.id not in order
    api = ApiClient(client, make_token(make_user()))
    items = api.get("/questions", query_string={"sort": "hot"}).json["items"]
    assert [item["id"] for item in items] == [busy.id, fresh.id]
    assert question_lists.list_questions(db.session, None, sort="hot").total == 2


@pytest.fixture
def answered(topic):
    """Three answers: A accepted (oldest, 0 votes), B 2 votes, C newest (1 vote)."""
    asker = make_user()
    question = make_question(asker, topics=[topic])
    a, b, c = (answer_at(question, T - timedelta(days=d)) for d in (3, 2, 1))
    for answer, voters in ((b, 2), (c, 1)):
        for _ in range(voters):
            voting.vote(db.session, make_user(), answer, 1)
    voting.accept(db.session, asker, a)
    db.session.commit()
    return question, a, b, c


def shown_order(html: str, ids) -> list[int]:
    found = [int(i) for i in re.findall(r'id="bericht-(\d+)"', html)]
    return [i for i in found if i in ids]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (None, "abc"),  # accepted first, then votes
        ("votes", "bca"),
        ("newest", "cba"),
        ("oldest", "abc"),
        ("nonsense", "abc"),
    ],
)
def test_answers_sort_on_the_question_page_and_in_the_api(client, auth, answered, sort, expected):
    question, a, b, c = answered
    by_letter = {"a": a.id, "b": b.id, "c": c.id}
    want = [by_letter[letter] for letter in expected]
    auth.login_as(make_user())
    client.get(f"/vragen/{question.id}")  # the default page is kept first
    client.get(f"/vragen/{question.id}")
    url = f"/vragen/{question.id}" + (f"?answers={sort}" if sort else "")
    html = client.get(url).get_data(as_text=True)
    assert shown_order(html, set(want)) == want
    if sort in (None, "votes", "newest", "oldest"):
        api = ApiClient(client, make_token(make_user()))
        params = {"answers": sort} if sort else {}
        data = api.get(f"/questions/{question.id}", query_string=params).json
        assert [item["id"] for item in data["answers"]] == want


def test_the_api_refuses_an_unknown_answer_order(client, answered):
    api = ApiClient(client, make_token(make_user()))
    response = api.get(f"/questions/{answered[0].id}", query_string={"answers": "random"})
    assert response.status_code == 400
