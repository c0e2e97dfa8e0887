"""Rendered list items: kept per worker, keyed by what they show, never someone else's.

Each test shows a list, changes something an item shows (through services, or straight in
the database), and shows the list again: the change must be there at once. The cache's
counters prove the unchanged items came from it, so the tests cannot pass by never keeping.
"""

from __future__ import annotations

import re

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.services import posting, voting
from kenme.services.moderation import content
from kenme.web.fragments import EXTENSION
from tests.factories import make_question, make_user
from tests.web.test_kept_threads import html_of, second_client

ITEM = re.compile(r'<li class="question-item">.*?</div>\s*</li>', re.S)
# A CSRF token holds the second it was made: two pages a second apart differ in it alone.
TOKEN = re.compile(r'(name="csrf-token" content="|name="csrf_token" value=")[^"]*')


def page_of(response) -> str:
    return TOKEN.sub(r"\1", html_of(response))


@pytest.fixture
def items(app):
    return app.extensions[EXTENSION]


@pytest.fixture
def reader(auth):
    user = make_user(display_name="Lezer Lotte")
    auth.login_as(user)
    return user


def item_of(client, question, path="/") -> str:
    for item in ITEM.findall(html_of(client.get(path))):
        if f'href="/vragen/{question.id}"' in item:
            return item
    raise AssertionError(f"question {question.id} is not listed on {path}")


def test_an_unchanged_list_comes_from_kept_items(client, reader, items):
    for n in range(3):
        make_question(make_user(), title=f"Kostgeld van een inwonende zoon, casus {n}?")
    client.get("/")  # the login's flash message
    first = page_of(client.get("/"))
    hits = items.hits
    assert page_of(client.get("/")) == first
    assert items.hits == hits + 3


def _vote(question):
    voting.vote(db.session, make_user(), question, 1)


def _answer(question):
    posting.post_answer(db.session, make_user(), question, body="Zie artikel 22a lid 3 Pw.")


def _rename_author(question):
    question.author.display_name = "Hernoemde Henk"


def _plain_sql_title(question):
    db.session.execute(
        db.text("UPDATE posts SET title = 'Nieuwe titel via SQL' WHERE id = :id"),
        {"id": question.id},
    )


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (_vote, "<strong>1</strong> stem"),
        (_answer, "<strong>1</strong> antwoord"),
        (_rename_author, "Hernoemde Henk"),
        (_plain_sql_title, "Nieuwe titel via SQL"),
    ],
    ids=["vote", "answer", "author", "plain-sql"],
)
def test_what_an_item_shows_changes_at_once(client, reader, items, change, shown):
    question = make_question(make_user(display_name="Vrager Vera"))
    client.get("/")
    assert shown not in item_of(client, question)
    change(question)
    db.session.commit()
    misses = items.misses
    assert shown in item_of(client, question)
    assert items.misses == misses + 1


def test_a_hidden_question_leaves_the_list_at_once(client, reader, items):
    question = make_question(make_user())
    client.get("/")
    item_of(client, question)
    content.hide(db.session, make_user(role=Role.MODERATOR), question, "Persoonsgegevens.")
    db.session.commit()
    assert f'href="/vragen/{question.id}"' not in html_of(client.get("/"))


def test_an_anonymous_askers_name_is_kept_for_the_asker_only(app, client, reader, items):
    asker = make_user(display_name="Geheime Gerda")
    question = make_question(asker, anonymous=True)
    client.get("/")
    assert "Anoniem lid" in item_of(client, question)
    assert "Anoniem lid" in item_of(client, question)  # kept
    own = second_client(app, asker)
    own.get("/")
    assert "Geheime Gerda" in item_of(own, question)
    moderator = second_client(app, make_user(role=Role.MODERATOR))
    moderator.get("/")
    assert "Geheime Gerda" in item_of(moderator, question)
    assert "Geheime Gerda" not in item_of(client, question)


def test_topic_pages_and_profiles_use_the_same_items(client, reader, items, thread):
    question, topic = thread[0], thread[4]
    client.get("/")
    assert "Vrager Vera" in item_of(client, question, f"/onderwerpen/{topic.slug}")
    hits = items.hits
    item_of(client, question, f"/leden/{question.author_id}")
    assert items.hits > hits


@pytest.mark.app_config(FRAGMENT_CACHE_MB=0)
def test_items_can_be_rendered_every_time(app, client, reader):
    question = make_question(make_user(display_name="Vrager Vera"))
    client.get("/")
    assert app.extensions[EXTENSION] is None
    assert "Vrager Vera" in item_of(client, question)
