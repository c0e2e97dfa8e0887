"""Ignoring a topic drops its questions out of the member's lists, not anyone else's.

The filter is part of the statement that finds a page's ids (question_lists.without_topics),
so pages stay full and totals right; the rendered items (kenme/web/fragments.py) are shared
between members and must not carry one member's choice to another.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Post, PostType, Visibility
from kenme.models.types import utcnow
from kenme.services import follows, question_lists
from kenme.web.fragments import EXTENSION as FRAGMENTS
from tests.factories import make_question_row, make_topic, make_user
from tests.web.test_kept_threads import second_client
from tests.web.test_lists import Statements, is_sqlite

PER_PAGE = 2
SORTS = ("newest", "active", "votes", "unanswered", "hot")


@pytest.fixture
def community(app):
    """Nine questions a minute apart: Wmo, Bijstand, and Bijstand with Schulden, in turn."""
    wmo = make_topic("wmo", name="Wmo")
    bijstand = make_topic("bijstand", name="Bijstand")
    schulden = make_topic("schulden", name="Schulden")
    start = utcnow() - timedelta(hours=1)
    kinds = ([wmo], [bijstand], [bijstand, schulden])
    questions = [
        make_question_row(
            title=f"Vraag {n:02d} over de inwonende zoon en de kostendelersnorm",
            topics=kinds[n % 3],
            created_at=start + timedelta(minutes=n),
        )
        for n in range(9)
    ]
    return {"wmo": wmo, "bijstand": bijstand, "schulden": schulden, "questions": questions}


def every_page(**filters) -> tuple[list[int], list[int]]:
    """The ids of every page of a list (two per page), and each page's count of items."""
    ids, sizes, number = [], [], 1
    while True:
        page = question_lists.list_questions(
            db.session, None, page=number, per_page=PER_PAGE, exact_total=False, **filters
        )
        ids += [q.id for q in page.items]
        sizes.append(len(page.items))
        if not page.has_next:
            return ids, sizes
        number += 1


def in_topics(topic_ids: set[int]) -> set[int]:
    return {
        q.id
        for q in db.session.scalars(select(Post).where(Post.type == PostType.QUESTION))
        if q.visibility == Visibility.VISIBLE and topic_ids & {t.id for t in q.topics}
    }


PLANS = {"auto": None, "through_post_topics": True, "walk_index": False}


def force_plan(monkeypatch, plan: str) -> None:
    """Read topic lists the way the cost model chooses, or force either way."""
    monkeypatch.undo()
    if PLANS[plan] is not None:
        forced = PLANS[plan]
        monkeypatch.setattr(question_lists, "_through_post_topics", lambda *args: forced)


def test_every_list_order_leaves_ignored_topics_out_with_full_pages(community, monkeypatch):
    wmo, schulden, bijstand = community["wmo"], community["schulden"], community["bijstand"]
    cases = ((None, {wmo.id}), (None, {schulden.id}), (bijstand, {schulden.id}))
    for plan in PLANS:
        force_plan(monkeypatch, plan)
        for sort in SORTS:
            for topic, ignored in cases:
                where = (plan, sort, topic, ignored)
                everything, _ = every_page(sort=sort, topic=topic)
                kept, sizes = every_page(sort=sort, topic=topic, ignored=ignored)
                dropped = in_topics(ignored)
                assert dropped & set(everything), where  # the test needs questions to drop
                assert kept == [i for i in everything if i not in dropped], where
                assert all(size == PER_PAGE for size in sizes[:-1]), (where, sizes)
                exact = question_lists.list_questions(
                    db.session, None, sort=sort, topic=topic, ignored=ignored
                )
                assert exact.total == len(kept), where


@pytest.mark.parametrize("plan", PLANS)
def test_the_topic_one_ignores_still_lists_its_own_questions(community, monkeypatch, plan):
    force_plan(monkeypatch, plan)
    bijstand, schulden = community["bijstand"], community["schulden"]
    own, _ = every_page(topic=bijstand)
    assert len(own) == 6 and every_page(topic=bijstand, ignored={bijstand.id})[0] == own
    # ...but not those that also carry another ignored topic.
    without = every_page(topic=bijstand, ignored={bijstand.id, schulden.id})[0]
    assert without == [i for i in own if i not in in_topics({schulden.id})]


def test_ignoring_adds_one_probe_to_the_ids_statement_only(community):
    ignored = {community["wmo"].id}  # read before counting statements
    with Statements() as statements:
        page = question_lists.list_questions(
            db.session, None, per_page=PER_PAGE, exact_total=False, ignored=ignored
        )
    assert len(page.items) == PER_PAGE
    assert len(statements.seen) == 3  # ids, rows, topics: as without ignored topics
    ids_statement = statements.seen[0][0]
    assert "NOT (EXISTS" in ids_statement and "post_topics" in ids_statement
    assert "post_topics" not in statements.seen[1][0]  # the rows are everyone's rows
    if is_sqlite():
        plan = statements.plans()[0]
        assert "COVERING INDEX ix_posts_list_newest" in plan and "TEMP B-TREE" not in plan
        assert "sqlite_autoindex_post_topics_1 (post_id=? AND topic_id=?)" in plan


ITEM_TITLE = re.compile(r"Vraag (\d\d) over de inwonende zoon")


def shown(client, url: str) -> set[int]:
    return {int(n) for n in ITEM_TITLE.findall(client.get(url).get_data(as_text=True))}


def test_only_the_member_who_ignores_misses_the_questions(app, client, auth, community):
    ignorer, other = make_user(), make_user()
    follows.ignore_topic(db.session, ignorer, community["schulden"])
    db.session.commit()
    auth.login_as(ignorer)
    others = second_client(app, other)
    cache = app.extensions[FRAGMENTS]
    everything, with_schulden = set(range(9)), {2, 5, 8}
    for url in ("/", "/?sort=active", "/onderwerpen/bijstand", "/onderwerpen/bijstand?sort=votes"):
        expected_other = shown(others, url)  # renders and keeps every item first
        assert expected_other & with_schulden, url
        assert shown(client, url) == expected_other - with_schulden, url
        assert shown(others, url) == expected_other, url  # the kept items are everyone's
    assert shown(others, "/") == everything
    assert cache.hits > 0  # the items were shared, not rendered per member
    home = client.get("/").get_data(as_text=True)
    assert "Vragen over het onderwerp dat je negeert staan niet in deze lijst" in home
    assert "negeert" not in others.get("/").get_data(as_text=True)
    # Opening the ignored topic itself lists its questions; the profile lists stay whole.
    assert shown(client, "/onderwerpen/schulden") == with_schulden
    author = community["questions"][2].author
    assert 2 in shown(client, f"/leden/{author.id}")
    follows.unignore_topic(db.session, ignorer, community["schulden"])
    db.session.commit()
    assert shown(client, "/") == everything


def test_the_topic_pages_follow_state_is_the_viewers_own(app, client, auth, community):
    """Whether a member follows or ignores the topic is read per request for that member: the
    page another member sees after them does not carry it (decision 0081)."""
    follower, other = make_user(), make_user()
    follows.follow_topic(db.session, follower, community["bijstand"])
    follows.ignore_topic(db.session, follower, community["wmo"])
    db.session.commit()
    auth.login_as(follower)
    others = second_client(app, other)
    for _ in range(2):  # each page twice, one member after the other
        mine = client.get("/onderwerpen/bijstand").get_data(as_text=True)
        theirs = others.get("/onderwerpen/bijstand").get_data(as_text=True)
        assert "Niet meer volgen" in mine and "Onderwerp volgen" not in mine
        assert "Onderwerp volgen" in theirs and "Niet meer volgen" not in theirs
        mine = client.get("/onderwerpen/wmo").get_data(as_text=True)
        theirs = others.get("/onderwerpen/wmo").get_data(as_text=True)
        assert "Niet meer negeren" in mine and "Niet meer negeren" not in theirs
    follows.unfollow_topic(db.session, follower, community["bijstand"])
    db.session.commit()
    assert "Onderwerp volgen" in client.get("/onderwerpen/bijstand").get_data(as_text=True)
