"""The hot statements' plans on SQLite, with a big site's planner statistics and without any
(decision 0052). The plan, not the data size, decides the cost, so a small database with
the statistics of 100,000 questions (sqlite_stat1 as ANALYZE wrote it there) shows what
SQLite would do on that site."""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models import Phase, Topic, Visibility, statistics
from kenme.services import aanplakker, question_lists, threads
from tests.factories import (
    make_aanplakker,
    make_answer,
    make_contribution,
    make_question,
    make_topic_row,
    make_user,
)
from tests.helpers import CapturedStatements

pytestmark = pytest.mark.sqlite_only

# sqlite_stat1 of the generated 100,000-question community after a full ANALYZE
# (python -m benchmarks.generate --questions 100000; 401,834 posts).
SITE_STATISTICS = """
aanplakker_details|ix_aanplakker_details_board|500 167 1
comments|ix_comments_post|206602 2 1
follows|ix_follows_post|104872 1
follows|ix_follows_topic|104872 2690
follows|sqlite_autoindex_follows_1|104872 263 65 1
post_topics|ix_post_topics_topic|165660 4360 1
post_topics|sqlite_autoindex_post_topics_1|165660 2 1
posts|ix_posts_author|401834 1005 290
posts|ix_posts_list_active|401834 100459 50230 1 1
posts|ix_posts_list_newest|401834 100459 50230 1 1
posts|ix_posts_list_status_active|401834 100459 50230 23638 1 1
posts|ix_posts_list_status_newest|401834 100459 50230 23638 1 1
posts|ix_posts_list_status_votes|401834 100459 50230 23638 3687 1 1
posts|ix_posts_list_unanswered|401834 100459 50230 10575 1 1 1
posts|ix_posts_list_votes|401834 100459 50230 6811 1 1
posts|ix_posts_parent|401834 5 5
posts|ix_posts_sort_keys|401834 1 1 1 1 1 1 1 1
posts|sqlite_autoindex_posts_1|401834 66973
topics|sqlite_autoindex_topics_1|38 1
users|sqlite_autoindex_users_1|400 1
votes|ix_votes_post|679180 3
votes|sqlite_autoindex_votes_1|679180 1698 1
"""


@pytest.fixture(params=["without statistics", "with a big site's statistics"])
def planner(request, app):
    """The database without sqlite_stat1 rows, or with those of the big site. Every pooled
    connection is closed afterwards: SQLite reads the statistics when a connection opens."""
    with db.engine.begin() as connection:
        statistics.analyze(connection)  # creates sqlite_stat1
        connection.exec_driver_sql("DELETE FROM sqlite_stat1")
        if request.param.startswith("with"):
            for line in SITE_STATISTICS.strip().splitlines():
                connection.exec_driver_sql(
                    "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)",
                    tuple(line.split("|")),
                )
    db.session.close()
    db.engine.dispose()
    return request.param


def plans_of(captured: CapturedStatements, wanted: str) -> list[str]:
    """The plan of each captured SELECT holding ``wanted``, one string per statement."""
    with db.engine.connect() as connection:
        return [
            " | ".join(
                row[3]
                for row in connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, parameters)
            )
            for sql, parameters in captured.seen
            if wanted in sql and sql.lstrip().upper().startswith("SELECT")
        ]


def test_the_statistics_are_in_place(planner):
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT count(*) FROM sqlite_stat1").scalar_one()
    assert (rows > 0) == planner.startswith("with")


@pytest.mark.parametrize("answer_sort", list(threads.ANSWER_SORTS))
def test_a_threads_answers_are_read_through_the_parent_index(planner, answer_sort):
    asker, other = make_user(), make_user()
    question = make_question(asker)
    for n in range(3):
        make_answer(question, other, body=f"Antwoord {n} met genoeg tekst om geplaatst te worden.")
    with CapturedStatements() as captured:
        threads.question_view(db.session, other, question.id, answer_sort=answer_sort)
    plans = plans_of(captured, "posts.parent_id = ")
    assert plans
    for plan in plans:
        assert "ix_posts_parent" in plan and "ix_posts_list" not in plan, plan


LIST_INDEXES = {
    ("newest", None): "ix_posts_list_newest",
    ("active", None): "ix_posts_list_active",
    ("votes", None): "ix_posts_list_votes",
    ("unanswered", None): "ix_posts_list_unanswered",
    ("newest", "open"): "ix_posts_list_status_newest",
    ("active", "answered"): "ix_posts_list_status_active",
    ("votes", "closed"): "ix_posts_list_status_votes",
}


@pytest.mark.parametrize(("sort", "status"), list(LIST_INDEXES))
def test_the_start_page_walks_its_list_index(planner, sort, status):
    make_question(make_user())
    with CapturedStatements() as captured:
        question_lists.list_questions(
            db.session, None, sort=sort, status=status, exact_total=False, rows=True
        )
    plans = plans_of(captured, "ORDER BY")
    assert plans
    assert f"COVERING INDEX {LIST_INDEXES[sort, status]} " in plans[0], plans[0]
    assert "TEMP B-TREE" not in plans[0], plans[0]  # walked in order, no sort of every row
    for plan in plans[1:]:  # the page's rows by primary key
        assert "SCAN" not in plan and "ix_posts_list" not in plan, plan


@pytest.mark.parametrize("size", ["small", "big"])
@pytest.mark.parametrize("sort", ["newest", "active", "votes"])
def test_a_topics_list_reads_through_post_topics_or_walks_its_list_index(planner, size, sort):
    """A small topic is read through post_topics by primary key and sorted; a big one walks
    the list index and probes post_topics' primary key per entry (question_lists)."""
    topic = make_topic_row("kostendelersnorm")
    make_question(make_user(), topics=["kostendelersnorm"])
    other = make_topic_row("huurtoeslag")
    db.session.get(Topic, topic.id).question_count = 30_000 if size == "big" else 40
    other.question_count = 70_000
    db.session.commit()
    question_lists._SUMS.clear()
    with CapturedStatements() as captured:
        question_lists.list_questions(
            db.session, None, sort=sort, topic=topic, exact_total=False, rows=True
        )
    plan = plans_of(captured, "post_topics.topic_id = ")[0]
    if size == "big":
        assert "COVERING INDEX ix_posts_list_" in plan and "TEMP B-TREE" not in plan, plan
        assert "SEARCH post_topics USING COVERING INDEX sqlite_autoindex_post_topics_1" in plan
    else:
        assert "ix_post_topics_topic (topic_id=?)" in plan, plan
        assert "ix_posts_sort_keys" in plan and "ix_posts_list" not in plan, plan


def test_the_board_reads_index_entries_only(planner):
    """Without statistics SQLite walked ix_posts_list_votes over every Aanplakker and read
    each row, and sorted the closed ones by reading every one's details row (and counted the
    colleagues of each): 21 ms CPU per board at 100,000 questions before. The closed ones
    come in order from their own index (migration 0030): no sort, no details row read."""
    topic = make_topic_row("vakmanschap-intervisie")
    make_contribution(make_aanplakker(phase=Phase.MEEDENKEN))
    closed = make_aanplakker(phase=Phase.GESLOTEN)
    make_aanplakker(phase=Phase.GESLOTEN).visibility = Visibility.HIDDEN
    db.session.commit()
    for topic_filter in (None, db.session.get(Topic, topic.id)):
        with CapturedStatements() as captured:
            view = aanplakker.board_rows(db.session, topic=topic_filter)
        assert view.open and [card.post.id for card in view.closed.items] == [closed.id]
        assert view.closed.total == 1  # not the hidden one
        plans = plans_of(captured, "aanplakker_details")
        for plan in plans:
            assert "SCAN" not in plan, plan
        for plan in [plans[0], plans[3]]:
            assert "ix_posts_list" not in plan, plan
        assert len(plans) == 4, plans
        # the open cards' ids
        assert "COVERING INDEX ix_aanplakker_details_board (phase=?)" in plans[0], plans[0]
        assert "COVERING INDEX ix_posts_sort_keys (id=? AND type=? AND visibility=?)" in plans[0]
        # the closed ones (counted, then a page of them) in order, less the few out of view
        # read through their list index
        for plan in plans[1:3]:
            assert "COVERING INDEX ix_aanplakker_details_closed (phase=?)" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
            assert "ix_posts_sort_keys" not in plan, plan
            assert "COVERING INDEX ix_posts_list_newest (type=? AND visibility=?)" in plan
        # the cards shown
        assert "SEARCH aanplakker_details USING INTEGER PRIMARY KEY" in plans[3], plans[3]


def test_statistics_are_refreshed_for_tables_that_grew_or_got_an_index(app):
    """``flask db upgrade``, the imports and ``flask analyze`` analyze only what changed."""
    with db.engine.begin() as connection:
        run = connection.exec_driver_sql
        run("CREATE TABLE scratch (a INTEGER)")
        run("CREATE INDEX ix_scratch_a ON scratch (a)")
        run(
            "WITH RECURSIVE n(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM n WHERE a < 999)"
            " INSERT INTO scratch (a) SELECT a FROM n"
        )
        assert statistics.refresh(connection) == []  # small: every plan is cheap
        run("INSERT INTO scratch (a) VALUES (1000)")
        assert statistics.refresh(connection) == ["scratch"]  # never analyzed
        assert statistics.refresh(connection) == []
        run("INSERT INTO scratch (a) SELECT a + 1000 FROM scratch WHERE a <= 999")
        assert statistics.refresh(connection) == []  # 1,999 rows: not twice 1,000
        run("INSERT INTO scratch (a) VALUES (2000)")
        assert statistics.refresh(connection) == ["scratch"]
        run("CREATE INDEX ix_scratch_b ON scratch (a DESC)")
        assert statistics.refresh(connection) == ["scratch"]  # an index without statistics
        stat = run("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_scratch_b'").scalar_one()
        assert stat.split()[0] == "2000"


def test_a_partial_index_without_entries_counts_as_analyzed(app):
    """ANALYZE writes no sqlite_stat1 row for an index with no entries, so a table with an
    empty partial index looked never analyzed and was analyzed again on every refresh."""
    with db.engine.begin() as connection:
        run = connection.exec_driver_sql
        run("CREATE TABLE scratch (a INTEGER, b INTEGER)")
        run("CREATE INDEX ix_scratch_a ON scratch (a)")
        run("CREATE INDEX ix_scratch_b ON scratch (a) WHERE b = 1")
        run(
            "WITH RECURSIVE n(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM n WHERE a < 1500)"
            " INSERT INTO scratch (a, b) SELECT a, 0 FROM n"
        )
        assert statistics.refresh(connection) == ["scratch"]  # never analyzed
        assert statistics.refresh(connection) == []  # the partial index is empty: done
        run("UPDATE scratch SET b = 1 WHERE a <= 10")
        assert statistics.refresh(connection) == ["scratch"]  # now it has entries
        assert statistics.refresh(connection) == []
        stat = run("SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_scratch_b'").scalar_one()
        assert stat.split()[0] == "10"
