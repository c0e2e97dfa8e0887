"""The inbox (/meldingen), the unread count in the header, following and ignoring."""

from __future__ import annotations

import re

from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Follow, MemberFollow, Notification, Role, TopicIgnore
from kenme.services.moderation import content as moderation
from kenme.web.questions.page_cache import EXTENSION, UNREAD_PLACEHOLDER
from tests.factories import make_answer, make_question, make_topic, make_user
from tests.web.test_kept_threads import second_client, view

COUNT = re.compile(r'href="/meldingen"[^>]*>Meldingen(?: <span class="nav-count">\((\d+)<span)?')


def header_count(html: str) -> int:
    found = COUNT.search(html)
    assert found, "no Meldingen link in the header"
    return int(found.group(1) or 0)


def test_an_answer_shows_in_the_askers_header_and_inbox(client, auth):
    asker = make_user()
    question = make_question(asker)
    auth.login_as(asker)
    client.get("/")  # the login's flash message
    assert header_count(client.get("/").get_data(as_text=True)) == 0
    make_answer(question, make_user(display_name="Anton Antwoord"))
    make_answer(question, make_user())
    make_answer(question, make_user())
    html = client.get("/").get_data(as_text=True)
    assert header_count(html) == 3
    inbox = client.get("/meldingen").get_data(as_text=True)
    assert "3 nieuwe antwoorden op je vraag" in inbox
    assert question.title[:30] in inbox
    group = db.session.scalar(
        select(Notification.id)
        .where(Notification.user_id == asker.id)
        .order_by(Notification.id.desc())
    )
    response = client.get(f"/meldingen/{group}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"/vragen/{question.id}#bericht-")
    assert header_count(client.get("/").get_data(as_text=True)) == 0


def test_mark_one_group_or_everything_read(client, auth):
    asker = make_user()
    first, second = make_question(asker), make_question(asker)
    make_answer(first, make_user())
    make_answer(second, make_user())
    auth.login_as(asker)
    ids = db.session.scalars(
        select(Notification.id).where(Notification.user_id == asker.id).order_by(Notification.id)
    ).all()
    client.post_form(f"/meldingen/{ids[0]}/gelezen", {}, page="/meldingen")
    assert header_count(client.get("/meldingen").get_data(as_text=True)) == 1
    client.post_form("/meldingen/gelezen", {}, page="/meldingen")
    assert header_count(client.get("/meldingen").get_data(as_text=True)) == 0


def test_someone_elses_notification_is_not_found(client, auth):
    asker = make_user()
    make_answer(make_question(asker), make_user())
    note = db.session.scalar(select(Notification.id).where(Notification.user_id == asker.id))
    auth.login_as(make_user())
    assert client.get(f"/meldingen/{note}").status_code == 404
    assert client.post_form(f"/meldingen/{note}/gelezen", {}, page="/meldingen").status_code == 404
    assert db.session.get(Notification, note).read_at is None


def test_a_thread_hidden_later_drops_out_of_the_inbox(client, auth):
    asker = make_user()
    question = make_question(asker)
    make_answer(question, make_user())
    kept = make_question(asker)
    make_answer(kept, make_user())
    moderation.hide(db.session, make_user(role=Role.MODERATOR), question, "Controle")
    db.session.commit()
    auth.login_as(asker)
    inbox = client.get("/meldingen").get_data(as_text=True)
    assert f"“{question.title}”" not in inbox
    assert f"“{kept.title}”" in inbox
    assert "Een moderator heeft je bericht verborgen" in inbox  # the notice itself stays
    # The header counts what the inbox shows: the notice and the kept thread's answer.
    assert header_count(inbox) == 2


def test_inbox_pages(client, auth):
    asker = make_user()
    for _ in range(23):
        make_answer(make_question(asker), make_user())
    auth.login_as(asker)
    first = client.get("/meldingen").get_data(as_text=True)
    second = client.get("/meldingen?pagina=2").get_data(as_text=True)
    assert first.count('class="inbox-unread"') == 20
    assert second.count('class="inbox-unread"') == 3
    assert client.get("/meldingen?pagina=x").status_code == 200


def test_a_kept_question_page_shows_each_viewer_their_own_count(app, client, auth, thread):
    question = thread[0]
    reader = make_user(display_name="Lezer Met Meldingen")
    make_answer(make_question(reader), make_user())  # elsewhere: one unread notification
    make_answer(make_question(reader), make_user())
    auth.login_as(reader)
    other = make_user(display_name="Lezer Zonder Meldingen")
    other_client = second_client(app, other)
    other_client.get("/")
    client.get("/")
    view(client, question)
    view(client, question)
    pages = app.extensions[EXTENSION]
    hits = pages.hits
    mine = view(client, question)
    theirs = view(other_client, question)
    assert pages.hits == hits + 2  # both served from the one kept page
    assert header_count(mine) == 2
    assert header_count(theirs) == 0
    assert UNREAD_PLACEHOLDER not in mine + theirs
    make_answer(make_question(other), make_user())  # a write: the next view renders afresh
    view(other_client, question)
    assert header_count(view(other_client, question)) == 1
    assert header_count(view(client, question)) == 2


def test_follow_and_unfollow_a_question_without_javascript(client, auth):
    question = make_question(make_user())
    member = make_user()
    auth.login_as(member)
    page = client.get(f"/vragen/{question.id}/volgen").get_data(as_text=True)
    assert "Je volgt deze vraag niet." in page
    client.post_form(f"/vragen/{question.id}/volgen", {}, page=f"/vragen/{question.id}/volgen")
    assert db.session.scalar(select(Follow.id).where(Follow.user_id == member.id))
    page = client.get(f"/vragen/{question.id}/volgen").get_data(as_text=True)
    assert "Niet meer volgen" in page
    client.post_form(
        f"/vragen/{question.id}/volgen",
        {"actie": "ontvolgen"},
        page=f"/vragen/{question.id}/volgen",
    )
    assert db.session.scalar(select(Follow.id).where(Follow.user_id == member.id)) is None
    answer = make_answer(question, make_user())
    assert client.get(f"/vragen/{answer.id}/volgen").status_code == 404


def test_follow_a_member_and_ignore_a_topic(client, auth):
    colleague = make_user(display_name="Collega Carla")
    topic = make_topic("schulden", name="Schulden")
    member = make_user()
    auth.login_as(member)
    profile = client.get(f"/leden/{colleague.id}").get_data(as_text=True)
    assert "Collega Carla volgen" in profile
    client.post_form(f"/leden/{colleague.id}/volgen", {}, page=f"/leden/{colleague.id}")
    assert db.session.scalar(select(MemberFollow.id).where(MemberFollow.user_id == member.id))
    assert "Collega Carla niet meer volgen" in client.get(f"/leden/{colleague.id}").get_data(
        as_text=True
    )
    client.post_form("/onderwerpen/schulden/negeren", {}, page="/onderwerpen/schulden")
    assert db.session.scalar(select(TopicIgnore.id).where(TopicIgnore.topic_id == topic.id))
    listing = client.get("/meldingen/volgen").get_data(as_text=True)
    assert "Collega Carla" in listing and "Schulden" in listing
    own = client.post_form(f"/leden/{member.id}/volgen", {}, page=f"/leden/{colleague.id}")
    assert own.status_code == 302  # refused with a Dutch message, nothing written
    assert "Jezelf volgen kan niet." in client.get("/").get_data(as_text=True)
