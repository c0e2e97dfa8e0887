"""The question lists (home and topic pages): right totals and pagers, and cheap plans.

The web lists count only a few pages ahead (kenme.pagination.paginate_ids, "ahead"), so their
cost does not grow with the number of questions. These tests compare every page with the
list worked out in Python, on each way a topic list can be read (see
question_lists._through_post_topics), after questions were hidden, deleted, closed or moved.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from kenme import pagination
from kenme.extensions import db
from kenme.models import Post, PostType, QuestionStatus, Role, Topic, Visibility
from kenme.models.types import utcnow
from kenme.pagination import Page
from kenme.services import moderation, posting, question_lists, threads
from tests.factories import QUESTION_BODY, make_question_row, make_topic, make_user
from tests.helpers import CapturedStatements

PER_PAGE = 2  # window of the "ahead" count: 2 * (1 + LOOKAHEAD_PAGES) + 1 = 7 rows


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"


# --- the Page a pager works from (no database) ------------------------------------------


def test_pager_numbers_show_first_last_and_two_either_side():
    page = Page(items=[], page=5, per_page=10, total=200)
    assert page.numbers == [1, 3, 4, 5, 6, 7, 20]
    assert (page.pages, page.has_prev, page.has_next, page.prev_number) == (20, True, True, 4)
    assert Page(items=[], page=1, per_page=10, total=0).numbers == [1]


def test_a_list_counted_ahead_never_names_a_last_page():
    page = Page(items=[], page=1, per_page=2, total=7, exact=False)
    assert page.pages == 4 and page.has_next
    assert page.numbers == [1, 2, 3]


def test_a_page_past_the_end_leads_back_to_the_last_page():
    page = Page(items=[], page=9, per_page=2, total=8)
    assert (page.has_prev, page.has_next, page.prev_number) == (True, False, 4)
    assert page.numbers == [1, 4]


# --- fixtures -------------------------------------------------------------------------------


SQLITE_ONLY = pytest.mark.sqlite_only


@pytest.fixture
def community(app):
    """Two topics; twelve questions a minute apart, then hidden, deleted, closed and moved."""
    bijstand = make_topic("bijstand", name="Bijstand")
    wmo = make_topic("wmo", name="Wmo")
    moderator = make_user(role=Role.MODERATOR)
    start = utcnow() - timedelta(days=1)
    questions = [
        make_question_row(
            title=f"Vraag {n:02d} over de bijstand voor een inwonende zoon",
            body=QUESTION_BODY,
            topics=[bijstand, wmo] if n % 3 == 0 else [bijstand],
            created_at=start + timedelta(minutes=n),
        )
        for n in range(12)
    ]
    moderation.hide(db.session, moderator, questions[1], "Persoonsgegevens in de vraag")
    moderation.delete(db.session, moderator, questions[2], "Dubbel geplaatst")
    moderation.close(db.session, moderator, questions[4], "off_topic")
    db.session.commit()
    # Moved from Bijstand to Wmo by its author.
    posting.edit_post(
        db.session,
        questions[5].author,
        questions[5],
        body=QUESTION_BODY + "\n\nHet gaat om de Wmo.",
        topic_slugs=["wmo"],
        summary="Onderwerp",
    )
    # A hidden question moved as well: that leaves topics.question_count wrong (posting
    # counts it as if it were visible), which the lists must not notice.
    posting.edit_post(
        db.session,
        questions[1].author,
        questions[1],
        body=QUESTION_BODY + "\n\nAangepast.",
        topic_slugs=["wmo"],
        summary="Onderwerp",
    )
    db.session.commit()
    return {"bijstand": bijstand, "wmo": wmo, "moderator": moderator, "questions": questions}


def expected_ids(topic: Topic | None = None, status: str | None = None) -> list[int]:
    """The list worked out in Python from every post: newest first."""
    db.session.expire_all()
    questions = [
        q
        for q in db.session.scalars(select(Post).where(Post.type == PostType.QUESTION))
        if q.visibility == Visibility.VISIBLE
        and (topic is None or topic.id in {t.id for t in q.topics})
        and (status is None or q.status == QuestionStatus(status))
    ]
    questions.sort(key=lambda q: (q.created_at, q.id), reverse=True)
    return [q.id for q in questions]


def assert_pages_match(expected: list[int], **filters) -> None:
    """Every page of the list, and one past its end, against the list worked out in Python."""
    size = PER_PAGE
    pages = max(1, -(-len(expected) // size))
    window = size * (1 + pagination.LOOKAHEAD_PAGES) + 1
    for number in range(1, pages + 2):
        page = question_lists.list_questions(
            db.session, None, page=number, per_page=size, exact_total=False, **filters
        )
        offset = (number - 1) * size
        where = f"page {number} of {filters}"
        assert [q.id for q in page.items] == expected[offset : offset + size], where
        assert page.has_next == (offset + size < len(expected)), where
        assert page.has_prev == (number > 1), where
        assert page.numbers and all(1 <= n <= pages for n in page.numbers), where
        if page.exact:
            assert page.total == len(expected), where
        else:
            assert len(expected) - offset >= window, where
            assert page.total == offset + window <= len(expected), where
        if number > pages:  # past the end: counted exactly, "Vorige" leads to the last page
            assert page.exact and page.prev_number == pages, where


# --- lists against the truth ------------------------------------------------------------------


def test_home_pages_match_the_visible_questions(community):
    expected = expected_ids()
    assert len(expected) == 10  # 12 asked, one hidden, one deleted
    assert_pages_match(expected)
    assert_pages_match(expected_ids(status="closed"), status="closed")


@pytest.mark.parametrize("status", [None, "open", "closed"])
def test_topic_pages_match_after_hiding_deleting_closing_and_moving(community, plan, status):
    for slug in ("bijstand", "wmo"):
        topic = community[slug]
        assert_pages_match(expected_ids(topic, status), topic=topic, status=status)


def test_topic_lists_do_not_depend_on_the_question_counter(community, plan):
    bijstand = community["bijstand"]
    expected = expected_ids(bijstand)
    # The counter is wrong already (see the fixture); make it absurd both ways.
    for wrong in (0, 10**7):
        bijstand.question_count = wrong
        db.session.commit()
        assert_pages_match(expected, topic=bijstand)
        page = question_lists.list_questions(db.session, None, topic=bijstand, exact_total=True)
        assert (page.total, page.exact) == (len(expected), True)


def test_exact_totals_for_the_api_and_profiles(community, plan):
    for topic in (None, community["bijstand"], community["wmo"]):
        page = question_lists.list_questions(db.session, None, topic=topic, per_page=PER_PAGE)
        assert page.exact and page.total == len(expected_ids(topic))


def test_a_hidden_question_leaves_the_topic_list_and_its_total_at_once(community, plan):
    bijstand = community["bijstand"]
    before = question_lists.list_questions(db.session, None, topic=bijstand, exact_total=False)
    newest = community["questions"][11]
    assert before.items[0].id == newest.id
    moderation.hide(db.session, community["moderator"], newest, "Persoonsgegevens")
    db.session.commit()
    after = question_lists.list_questions(db.session, None, topic=bijstand, exact_total=False)
    assert newest.id not in [q.id for q in after.items]
    assert after.total == before.total - 1 == len(expected_ids(bijstand))


# --- the pages and their pager ------------------------------------------------------------


class PagerParser(HTMLParser):
    """Collect the pager: its label, its links (text, href, rel, current) and its summary."""

    def __init__(self):
        super().__init__()
        self.label = None
        self.links: list[dict] = []
        self.gaps = 0
        self.summary = ""
        self._in_nav = self._in_summary = False
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav" and "pager" in (attrs.get("class") or ""):
            self._in_nav, self.label = True, attrs.get("aria-label")
        elif self._in_nav and tag == "a":
            self._link = {
                "text": "",
                "href": attrs["href"],
                "rel": attrs.get("rel"),
                "current": attrs.get("aria-current"),
            }
        elif self._in_nav and tag == "li" and "pager-gap" in (attrs.get("class") or ""):
            assert attrs.get("aria-hidden") == "true"
            self.gaps += 1
        elif self._in_nav and tag == "p":
            self._in_summary = True

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self._link["text"] = " ".join(self._link["text"].split())
            self.links.append(self._link)
            self._link = None
        elif tag == "p":
            self._in_summary = False
        elif tag == "nav":
            self._in_nav = False

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data
        elif self._in_summary:
            self.summary += data


def pager_of(html: str) -> PagerParser:
    parser = PagerParser()
    parser.feed(html)
    return parser


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(pagination, "DEFAULT_PER_PAGE", PER_PAGE)


@pytest.fixture
def eight_questions(app):
    topic = make_topic("bijstand", name="Bijstand")
    start = utcnow() - timedelta(hours=1)
    return [
        make_question_row(
            title=f"Vraag {n} over de bijstand voor een inwonende zoon",
            topics=[topic],
            created_at=start + timedelta(minutes=n),
        )
        for n in range(8)
    ]


def test_home_pager_without_a_total_links_only_pages_that_exist(
    client, member, two_per_page, eight_questions
):
    html = client.get("/").get_data(as_text=True)
    pager = pager_of(html)
    assert pager.label == "Paginering"
    assert [(link["text"], link["href"], link["rel"], link["current"]) for link in pager.links] == [
        ("Pagina 1", "/?page=1", None, "page"),
        ("Pagina 2", "/?page=2", None, None),
        ("Pagina 3", "/?page=3", None, None),
        ("Volgende pagina", "/?page=2", "next", None),
    ]
    assert pager.gaps == 1  # "…" before Volgende: more pages follow
    assert pager.summary.strip() == "Pagina 1 van 4 of meer"
    assert 'class="list-count"' not in html  # no total that was not counted
    assert "Vraag 7 over" in html and "Vraag 5 over" not in html


def test_home_pager_near_the_end_counts_exactly(client, member, two_per_page, eight_questions):
    html = client.get("/?page=3").get_data(as_text=True)
    pager = pager_of(html)
    assert [(link["text"], link["href"], link["current"]) for link in pager.links] == [
        ("Vorige pagina", "/?page=2", None),
        ("Pagina 1", "/?page=1", None),
        ("Pagina 2", "/?page=2", None),
        ("Pagina 3", "/?page=3", "page"),
        ("Pagina 4", "/?page=4", None),
        ("Volgende pagina", "/?page=4", None),
    ]
    assert pager.gaps == 0
    assert pager.summary.strip() == "Pagina 3 van 4 (8 in totaal)"
    assert '<p class="list-count">8 vragen</p>' in html
    last = pager_of(client.get("/?page=4").get_data(as_text=True))
    assert "Volgende pagina" not in [link["text"] for link in last.links]


def test_a_page_past_the_end_links_back_to_the_last_page(
    client, member, two_per_page, eight_questions
):
    response = client.get("/?page=9")
    assert response.status_code == 200
    pager = pager_of(response.get_data(as_text=True))
    assert ("Vorige pagina", "/?page=4") in [(link["text"], link["href"]) for link in pager.links]
    assert all(link["current"] is None for link in pager.links)
    assert all(int(link["href"].rsplit("=", 1)[1]) <= 4 for link in pager.links)


def test_topic_pager_keeps_sort_and_status(client, member, two_per_page, eight_questions):
    html = client.get("/onderwerpen/bijstand?sort=votes&status=open").get_data(as_text=True)
    pager = pager_of(html)
    assert ("Volgende pagina", "/onderwerpen/bijstand?sort=votes&status=open&page=2") in [
        (link["text"], link["href"]) for link in pager.links
    ]
    # Few questions are open (question_lists.STATUS_SHARES): the open list's index is walked, so
    # counted ahead only, on both databases.
    assert pager.summary.strip() == "Pagina 1 van 4 of meer"


def test_topic_page_shows_the_counted_total_and_no_hidden_questions(
    client, member, community, plan
):
    html = client.get("/onderwerpen/wmo").get_data(as_text=True)
    expected = expected_ids(community["wmo"])
    assert f'<p class="list-count">{len(expected)} vragen</p>' in html
    hidden = community["questions"][1]
    assert hidden.title not in html
    assert community["questions"][5].title in html  # moved here


# --- plans and statements that do not grow with the number of questions -------------------


class Statements(CapturedStatements):
    def plans(self) -> list[str]:
        """SQLite's query plan of each SELECT, one string per statement."""
        with db.engine.connect() as connection:
            return [
                " | ".join(
                    row[3]
                    for row in connection.exec_driver_sql(
                        "EXPLAIN QUERY PLAN " + statement, parameters
                    )
                )
                for statement, parameters in self.seen
                if statement.lstrip().upper().startswith("SELECT")
            ]


def test_home_list_reads_one_index_window_and_counts_nothing(app, eight_questions):
    with Statements() as statements:
        page = question_lists.list_questions(db.session, None, per_page=PER_PAGE, exact_total=False)
    assert len(page.items) == PER_PAGE and not page.exact
    assert not any("count(" in s.lower() for s, _ in statements.seen)
    assert len(statements.seen) == 3  # ids (with the look-ahead), rows, topics
    if is_sqlite():
        ids_plan = statements.plans()[0]
        assert "COVERING INDEX ix_posts_list_newest" in ids_plan
        assert "TEMP B-TREE" not in ids_plan


@SQLITE_ONLY
def test_topic_list_walks_the_newest_index_with_an_exists_probe(app, eight_questions):
    topic = db.session.scalar(select(Topic).where(Topic.slug == "bijstand"))
    topic.question_count = 10**6  # a big topic: walk the index
    with Statements() as statements:
        question_lists.list_questions(db.session, None, topic=topic, exact_total=False)
    ids_plan = next(p for p in statements.plans() if "post_topics" in p)
    assert "COVERING INDEX ix_posts_list_newest" in ids_plan
    assert "sqlite_autoindex_post_topics_1 (post_id=? AND topic_id=?)" in ids_plan
    assert "LIST SUBQUERY" not in ids_plan and "TEMP B-TREE" not in ids_plan


@SQLITE_ONLY
def test_small_topic_list_starts_from_post_topics(app, eight_questions):
    topic = make_topic("nieuw-onderwerp", name="Nieuw onderwerp")
    with Statements() as statements:
        page = question_lists.list_questions(db.session, None, topic=topic, exact_total=False)
    assert page.items == [] and page.exact and page.total == 0
    ids_plan = next(p for p in statements.plans() if "post_topics" in p)
    assert "COVERING INDEX ix_posts_sort_keys (id=?)" in ids_plan  # by id, not walked
    assert "ix_posts_list" not in ids_plan


def test_related_questions_read_by_primary_key_and_drop_hidden_and_deleted(app):
    topic = make_topic()
    question = make_question_row(
        title="Telt de inwonende zoon mee voor de kostendelersnorm?", topics=[topic]
    )
    hidden = make_question_row(
        title="Inwonende zoon en de kostendelersnorm bij mantelzorg", topics=[topic]
    )
    deleted = make_question_row(
        title="Kostendelersnorm en een inwonende zoon met een eigen inkomen", topics=[topic]
    )
    first = [q.id for q in threads.related_questions(db.session, question)]
    assert {hidden.id, deleted.id} <= set(first)
    hidden_id, deleted_id = hidden.id, deleted.id
    moderator = make_user(role=Role.MODERATOR)
    moderation.hide(db.session, moderator, hidden, "Persoonsgegevens")
    moderation.delete(db.session, moderator, deleted, "Dubbel")
    db.session.commit()
    _ = question.title  # loaded before counting statements
    with Statements() as statements:
        again = threads.related_questions(db.session, question)  # ids from the cache
    assert [q.id for q in again] == [i for i in first if i not in (hidden_id, deleted_id)]
    [(statement, _)] = statements.seen
    assert re.search(r"WHERE posts\.id IN \(", statement)
    assert "posts.type =" not in statement and "posts.visibility =" not in statement
    if is_sqlite():
        assert "INTEGER PRIMARY KEY (rowid=?)" in statements.plans()[0]
