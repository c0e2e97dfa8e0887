"""Every sort and status filter of the question lists: the right questions in the right order,
on each way a topic list can be read, and each read from its own list index.

The lists take their ids from one index per order and filter (migration 0008); a topic list
either walks that index and probes post_topics, or reads the topic's questions through
post_topics and sorts them (question_lists._through_post_topics decides, on both databases).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Post, PostType, QuestionStatus, Topic, Visibility
from kenme.models.types import utcnow
from kenme.services import question_lists
from tests.factories import make_question_row, make_topic, make_user
from tests.helpers import CapturedStatements

PER_PAGE = 3
SORTS = ["newest", "active", "unanswered", "votes"]
STATUSES = [None, "open", "answered", "accepted", "closed"]

# (status, answers, score, minutes of activity after asking, hidden or deleted); asked a
# minute apart, except the last two, asked at the same moment as the one before them.
QUESTIONS = [
    ("open", 0, 0, 0, None),
    ("answered", 1, 2, 50, None),
    ("accepted", 2, 2, 5, None),
    ("closed", 0, -1, 0, None),
    ("open", 0, 5, 1, None),
    ("answered", 3, 2, 40, Visibility.HIDDEN),
    ("open", 1, 0, 30, None),
    ("accepted", 1, 7, 2, Visibility.DELETED),
    ("answered", 1, 2, 0, None),
    ("closed", 1, 0, 60, None),
    ("open", 0, 2, 0, None),
    ("accepted", 4, 1, 20, None),
    ("open", 0, 2, 3, None),  # same moment as the one before
    ("answered", 0, 2, 3, None),  # same moment again: only the id tells them apart
]


@pytest.fixture
def community(app):
    """Two overlapping topics of questions with every status, tied scores and times."""
    bijstand = make_topic("bijstand", name="Bijstand")
    wmo = make_topic("wmo", name="Wmo")
    author = make_user()
    start = utcnow() - timedelta(days=2)
    asked = start
    for n, (status, answers, score, active, visibility) in enumerate(QUESTIONS):
        if n < 12:
            asked = start + timedelta(minutes=n)
        question = make_question_row(
            author,
            title=f"Vraag {n:02d} over de bijstand voor een inwonende zoon",
            topics=[bijstand, wmo] if n % 3 == 0 else [bijstand] if n % 3 == 1 else [wmo],
            created_at=asked,
        )
        question.status = QuestionStatus(status)
        question.answer_count = answers
        question.score = score
        question.last_activity_at = asked + timedelta(minutes=active)
        question.visibility = visibility or Visibility.VISIBLE
    db.session.commit()
    return {"bijstand": bijstand, "wmo": wmo}


def expected_ids(sort: str, status: str | None, topic: Topic | None) -> list[int]:
    """The list worked out in Python from every post."""
    db.session.expire_all()
    shown = [
        q
        for q in db.session.scalars(select(Post).where(Post.type == PostType.QUESTION))
        if q.visibility == Visibility.VISIBLE and (topic is None or topic in q.topics)
    ]
    if sort == "unanswered" or status == "unanswered":
        shown = [q for q in shown if q.answer_count == 0 and q.status != QuestionStatus.CLOSED]
    elif status:
        shown = [q for q in shown if q.status == QuestionStatus(status)]
    key = {
        "active": lambda q: (q.last_activity_at, q.id),
        "votes": lambda q: (q.score, q.created_at, q.id),
    }.get(sort, lambda q: (q.created_at, q.id))
    return [q.id for q in sorted(shown, key=key, reverse=True)]


def listed_ids(sort: str, status: str | None, topic: Topic | None) -> list[int]:
    """Every page of the web list (counted ahead), one after the other."""
    found: list[int] = []
    for number in range(1, len(QUESTIONS) + 2):
        page = question_lists.list_questions(
            db.session,
            None,
            sort=sort,
            status=status,
            topic=topic,
            page=number,
            per_page=PER_PAGE,
            exact_total=False,
        )
        found += [q.id for q in page.items]
        if not page.has_next:
            return found
    raise AssertionError("the pager never ended")


def test_the_fixture_has_ties_and_every_status(community):
    every = expected_ids("newest", None, None)
    assert len(every) == len(QUESTIONS) - 2  # one hidden, one deleted
    for status in STATUSES[1:]:
        assert expected_ids("newest", status, None), status
    votes = expected_ids("votes", None, None)
    scores = [db.session.get(Post, i).score for i in votes]
    assert scores.count(2) >= 4  # ties on score, ordered by time and then id


@pytest.mark.parametrize("sort", SORTS)
def test_home_list_in_every_order(community, sort):
    assert listed_ids(sort, None, None) == expected_ids(sort, None, None)


def test_topic_lists_in_every_order_and_status(community, plan):
    """Every sort and status of both topics, on one community: building it is most of the
    time, and reading the lists changes nothing. Every mismatch is named, not only the first."""
    wrong = []
    for sort in SORTS:
        for status in STATUSES:
            for slug in ("bijstand", "wmo"):
                topic = community[slug]
                expected = expected_ids(sort, status, topic)
                listed = listed_ids(sort, status, topic)
                if listed != expected:
                    wrong.append((slug, sort, status, listed, expected))
    assert wrong == []


def test_status_filters_for_the_api_count_exactly(community, plan):
    """Every status filter, exactly counted, on one community (see the test above)."""
    wrong = []
    for status in STATUSES[1:]:
        for topic in (None, community["bijstand"]):
            page = question_lists.list_questions(
                db.session, None, sort="votes", status=status, topic=topic, per_page=PER_PAGE
            )
            expected = expected_ids("votes", status, topic)
            got = (page.exact, page.total, [q.id for q in page.items])
            if got != (True, len(expected), expected[:PER_PAGE]):
                wrong.append((status, topic and topic.slug, got, expected))
    assert wrong == []


def test_topic_page_filters_and_sorts(client, auth, community):
    auth.login_as(make_user())
    html = client.get("/onderwerpen/bijstand?sort=votes&status=answered").get_data(as_text=True)
    expected = expected_ids("votes", "answered", community["bijstand"])
    titles = [db.session.get(Post, i).title for i in expected]
    assert len(titles) >= 2
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)
    others = set(expected_ids("newest", None, None)) - set(expected)
    assert not any(db.session.get(Post, i).title in html for i in others)


# --- each list from its own index ----------------------------------------------------------


class IdQueries(CapturedStatements):
    """Capture the statements that select list ids."""

    def wanted(self, statement: str) -> bool:
        return statement.lstrip().startswith("SELECT posts.id \n")

    def plan(self) -> str:
        """The plan of the one ids statement: SQLite's steps or PostgreSQL's EXPLAIN."""
        [(statement, parameters)] = self.seen
        with db.engine.connect() as connection:
            if db.engine.dialect.name == "sqlite":
                rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
                return " | ".join(row[3] for row in rows)
            rows = connection.exec_driver_sql("EXPLAIN " + statement, parameters)
            return " | ".join(row[0] for row in rows)


LIST_INDEXES = [
    ("newest", None, "ix_posts_list_newest"),
    ("active", None, "ix_posts_list_active"),
    ("votes", None, "ix_posts_list_votes"),
    ("unanswered", None, "ix_posts_list_unanswered"),
    ("unanswered", "closed", "ix_posts_list_unanswered"),
    ("newest", "open", "ix_posts_list_status_newest"),
    ("active", "answered", "ix_posts_list_status_active"),
    ("votes", "accepted", "ix_posts_list_status_votes"),
    ("newest", "closed", "ix_posts_list_status_newest"),
]


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("sort", "status", "index"), LIST_INDEXES)
def test_home_list_reads_only_its_own_index(community, sort, status, index):
    with IdQueries() as queries:
        question_lists.list_questions(db.session, None, sort=sort, status=status, exact_total=False)
    plan = queries.plan()
    assert f"COVERING INDEX {index} " in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.sqlite_only
@pytest.mark.parametrize(("sort", "status", "index"), LIST_INDEXES)
def test_walked_topic_list_reads_its_own_index_and_probes_post_topics(
    community, monkeypatch, sort, status, index
):
    monkeypatch.setattr(question_lists, "_through_post_topics", lambda *args: False)
    with IdQueries() as queries:
        question_lists.list_questions(
            db.session, None, sort=sort, status=status, topic=community["wmo"], exact_total=False
        )
    plan = queries.plan()
    assert f"COVERING INDEX {index} " in plan
    assert "sqlite_autoindex_post_topics_1 (post_id=? AND topic_id=?)" in plan
    assert "TEMP B-TREE" not in plan and "LIST SUBQUERY" not in plan


@pytest.mark.sqlite_only
def test_topic_read_through_post_topics_takes_its_ids_from_the_index(community, monkeypatch):
    monkeypatch.setattr(question_lists, "_through_post_topics", lambda *args: True)
    with IdQueries() as queries:
        question_lists.list_questions(db.session, None, topic=community["wmo"], exact_total=False)
    plan = queries.plan()
    assert "COVERING INDEX ix_post_topics_topic (topic_id=?)" in plan
    # Each question by id from an index entry with its sort keys, not from its row (0010).
    assert "COVERING INDEX ix_posts_sort_keys (id=?)" in plan
    assert "rowid=?" not in plan and "ix_posts_list" not in plan


@pytest.mark.fresh_tables
def test_walked_topic_list_probes_post_topics_for_each_entry(community, monkeypatch):
    """PostgreSQL turns a plain EXISTS into a join it plans from a guess of the topic's size;
    the walk must stay a walk (a probe per index entry) on both databases."""
    monkeypatch.setattr(question_lists, "_through_post_topics", lambda *args: False)
    with IdQueries() as queries:
        question_lists.list_questions(
            db.session, None, sort="votes", status="answered", topic=community["wmo"]
        )
    plan = queries.plan()
    if db.engine.dialect.name == "sqlite":
        assert "CORRELATED SCALAR SUBQUERY" in plan
    else:
        assert "SubPlan" in plan and "Join" not in plan
        assert "ix_posts_list_status_votes" in plan
