"""Atom feeds: a per-member secret in the URL, only what may be seen, titles and excerpts."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.models.types import utcnow
from kenme.services import feeds, follows
from kenme.services.moderation import content as moderation
from tests.factories import (
    make_aanplakker,
    make_answer,
    make_contribution,
    make_question,
    make_topic,
    make_user,
)

ATOM = "{http://www.w3.org/2005/Atom}"


def entries(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ElementTree.fromstring(response.get_data())  # noqa: S314 (our own output)
    return [
        {
            "title": e.findtext(f"{ATOM}title"),
            "summary": e.findtext(f"{ATOM}summary") or "",
            "author": e.findtext(f"{ATOM}author/{ATOM}name"),
            "link": e.find(f"{ATOM}link").get("href"),
        }
        for e in root.iter(f"{ATOM}entry")
    ]


@pytest.fixture
def reader(app):
    return make_user(display_name="Lezer Lisa")


def url(user, rest: str = "laatste.atom") -> str:
    return f"/feeds/{feeds.feed_token(user)}/{rest}"


def test_the_latest_feed_shows_visible_threads_without_login(client, reader):
    shown = make_question(make_user(display_name="Zichtbaar Zeger"))
    anonymous = make_question(make_user(display_name="Geheim Gerrit"), anonymous=True)
    hidden = make_question(make_user())
    moderation.hide(db.session, make_user(role=Role.MODERATOR), hidden, "Controle")
    db.session.commit()
    found = entries(client.get(url(reader)))
    titles = [e["title"] for e in found]
    assert shown.title in titles and anonymous.title in titles
    assert hidden.title not in titles
    by_title = {e["title"]: e for e in found}
    assert by_title[anonymous.title]["author"] == "Anoniem lid"
    assert "Geheim Gerrit" not in client.get(url(reader)).get_data(as_text=True)
    summary = by_title[shown.title]["summary"]
    assert 0 < len(summary) <= feeds.EXCERPT
    assert "##" not in summary and summary.startswith("Situatie De klant")
    long = feeds.excerpt("**Situatie** " + "woord " * 100)
    assert len(long) == feeds.EXCERPT and long.endswith("…") and "*" not in long
    assert by_title[shown.title]["link"].endswith(f"/vragen/{shown.id}")


def test_a_question_feed_carries_its_answers_and_a_topic_feed_its_threads(client, reader):
    topic = make_topic("schulden", name="Schulden")
    question = make_question(make_user(), topics=[topic])
    make_answer(question, make_user(display_name="Antwoorder Anton"))
    found = entries(client.get(url(reader, f"vragen/{question.id}.atom")))
    assert found[0]["author"] == "Antwoorder Anton"
    assert found[-1]["title"] == question.title
    assert [e["title"] for e in entries(client.get(url(reader, "onderwerpen/schulden.atom")))] == [
        question.title
    ]
    assert client.get(url(reader, "onderwerpen/bestaat-niet.atom")).status_code == 404
    assert client.get(url(reader, f"aanplakker/{question.id}.atom")).status_code == 404


def test_an_aanplakker_feed_carries_its_contributions(client, reader):
    post = make_aanplakker()
    make_contribution(post, make_user(display_name="Meedenker Mia"))
    found = entries(client.get(url(reader, f"aanplakker/{post.id}.atom")))
    assert found[0]["author"] == "Meedenker Mia"
    assert found[-1]["title"] == post.title


def test_ignored_topics_drop_out_of_the_latest_feed(client, reader):
    noisy = make_topic("ruis", name="Ruis")
    ignored = make_question(make_user(), topics=[noisy])
    follows.ignore_topic(db.session, reader, noisy)
    db.session.commit()
    assert ignored.title not in [e["title"] for e in entries(client.get(url(reader)))]


def test_wrong_renewed_suspended_or_deleted_feeds_answer_404(client, reader):
    other = make_user()
    good = url(reader)
    assert client.get(good).status_code == 200
    token = feeds.feed_token(reader)
    secret = token.split("-", 1)[1]
    for bad in (
        f"/feeds/{reader.id}-{'0' * 32}/laatste.atom",
        f"/feeds/{other.id}-{secret}/laatste.atom",
        f"/feeds/{reader.id}/laatste.atom",
        f"/feeds/x-{secret}/laatste.atom",
        f"/feeds/99999999999999999999-{secret}/laatste.atom",
    ):
        assert client.get(bad).status_code == 404, bad
    feeds.rotate(db.session, reader)
    db.session.commit()
    assert client.get(good).status_code == 404
    assert client.get(url(reader)).status_code == 200
    reader.suspended_until = utcnow() + timedelta(days=2)
    db.session.commit()
    assert client.get(url(reader)).status_code == 404
    reader.suspended_until = None
    reader.deleted_at = utcnow()
    db.session.commit()
    assert client.get(url(reader)).status_code == 404


def test_renew_from_the_feeds_page(client, auth, reader):
    auth.login_as(reader)
    old = url(reader)
    page = client.get("/meldingen/feeds").get_data(as_text=True)
    assert old in page
    client.post_form("/meldingen/feeds/vernieuwen", {}, page="/meldingen/feeds")
    db.session.refresh(reader)
    assert client.get(old).status_code == 404
    assert url(reader) in client.get("/meldingen/feeds").get_data(as_text=True)
