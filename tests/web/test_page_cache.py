"""The whole-page cache: one small query per view, never stale, never someone else's page.

Every test fills the cache with a view, changes something (through services, or straight in
the database), and views again: the change must show at once. The cache's hit counter proves
the unchanged views were served from it, so these tests cannot pass by never caching.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kenme.extensions import db
from kenme.models import Role, SiteState, Topic
from kenme.models.types import utcnow
from kenme.services import posting, voting
from kenme.web.questions.page_cache import EXTENSION, NAME_PLACEHOLDER, PROFILE_PLACEHOLDER
from kenme.web.questions.thread_cache import CSRF_PLACEHOLDER
from tests.helpers import CapturedStatements
from tests.web.test_thread_cache import html_of, second_client, tokens_out, view

SEEN_BY = re.compile(
    r'<a class="who" href="([^"]+)"[^>]*><span class="visually-hidden">'
    r"Mijn profiel: </span>([^<]+)</a>"
)


@pytest.fixture
def pages(app):
    return app.extensions[EXTENSION]


@pytest.fixture
def member(auth):
    from tests.factories import make_user

    user = make_user(display_name="Lezer <Lotte>")
    auth.login_as(user)
    return user


def test_a_second_view_is_served_after_two_small_queries(client, member, thread, pages):
    url = f"/vragen/{thread[0].id}"
    client.get(url)  # shows the login's flash message once: not kept
    first = html_of(client.get(url))
    hits = pages.hits
    with CapturedStatements() as statements:
        second = html_of(client.get(url))
    assert pages.hits == hits + 1
    # The member with the generation, and the member's votes in the thread.
    assert len(statements.seen) == 2
    assert tokens_out(first) == tokens_out(second)
    assert SEEN_BY.search(second).groups() == (f"/leden/{member.id}", "Lezer &lt;Lotte&gt;")
    for placeholder in (CSRF_PLACEHOLDER, NAME_PLACEHOLDER, PROFILE_PLACEHOLDER):
        assert placeholder not in first + second


def test_members_share_a_page_with_their_own_name_link_and_token(
    app, client, member, thread, pages
):
    from tests.factories import make_user

    question = thread[0]
    tom = make_user(display_name="Tweede Tom")
    other = second_client(app, tom)  # a login writes: before the page is kept
    other.get("/")  # the login's flash
    view(client, question)
    view(client, question)
    hits = pages.hits
    page = view(other, question)
    assert pages.hits == hits + 1
    assert SEEN_BY.search(page).groups() == (f"/leden/{tom.id}", "Tweede Tom")
    assert "Lotte" not in page
    token = re.search(r'class="stack comment-form".*?name="csrf_token" value="([^"]+)"', page, re.S)
    response = other.post(
        f"/berichten/{question.id}/reacties",
        data={"csrf_token": token.group(1), "body": "Ik herken dit uit mijn eigen praktijk."},
    )
    assert response.status_code == 302
    assert "Ik herken dit uit mijn eigen praktijk." in view(client, question)


def _rename_answerer(thread):
    thread[3].display_name = "Anton de Vries"


def _rename_topic(thread):
    db.session.get(Topic, thread[4].id).name = "Kostendelersnorm (Pw art. 22a)"


def _answer_elsewhere(thread):
    from tests.factories import make_user

    posting.post_answer(db.session, make_user(), thread[0], body="Zie artikel 22a lid 3 Pw.")


def _vote(thread):
    from tests.factories import make_user

    voting.vote(db.session, make_user(), thread[1], 1)


def _sql_update(thread):
    db.session.execute(
        db.text("UPDATE users SET organisation = 'Gemeente Zwolle' WHERE id = :id"),
        {"id": thread[3].id},
    )


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (_rename_answerer, "Anton de Vries"),
        (_rename_topic, "Kostendelersnorm (Pw art. 22a)"),
        (_answer_elsewhere, "Zie artikel 22a lid 3 Pw."),
        (_vote, "<span data-score>1</span>"),
        (_sql_update, "Gemeente Zwolle"),
    ],
    ids=["profile", "topic", "answer", "vote", "plain-sql"],
)
def test_any_committed_write_shows_at_once(client, member, thread, pages, change, shown):
    question = thread[0]
    view(client, question)
    assert shown not in view(client, question)
    change(thread)
    db.session.commit()
    misses = pages.misses
    assert shown in view(client, question)
    assert pages.misses == misses + 1


def test_writes_bump_the_generation_and_reads_and_rollbacks_do_not(client, member, thread):
    question, answer = thread[0], thread[1]

    def now():
        return tuple(db.session.execute(select(SiteState.epoch, SiteState.generation)).one())

    before = now()
    view(client, question)
    view(client, question)
    assert now() == before
    answer.body_markdown = "Iets anders."
    db.session.rollback()
    assert now() == before
    voting.vote(db.session, member, answer, 1)
    db.session.commit()
    assert now()[0] == before[0] and now()[1] > before[1]


def test_refused_or_changed_members_never_get_a_kept_page(app, client, member, thread, pages):
    question = thread[0]
    view(client, question)
    view(client, question)
    member.suspended_until = utcnow().replace(year=utcnow().year + 1)
    db.session.commit()
    response = client.get(f"/vragen/{question.id}")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_a_role_change_shows_the_moderators_controls_at_once(client, member, thread, pages):
    question = thread[0]
    view(client, question)
    view(client, question)
    member.role = Role.MODERATOR
    db.session.commit()
    hits = pages.hits
    assert 'name="action" value="hide"' in view(client, question)
    assert 'name="action" value="hide"' in view(client, question)
    assert pages.hits == hits


def test_a_new_login_version_ends_the_session_not_serves_the_page(client, member, thread):
    question = thread[0]
    view(client, question)
    view(client, question)
    member.session_version += 1
    db.session.commit()
    response = client.get(f"/vragen/{question.id}")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_flash_messages_are_shown_and_never_kept(client, member, thread):
    question = thread[0]
    view(client, question)
    response = client.post_form(
        f"/vragen/{question.id}/antwoorden",
        {"body": "Volgens mij telt de kostgeld niet als inkomen, zie de handreiking."},
        page=f"/vragen/{question.id}",
    )
    assert response.status_code == 302
    flashed = view(client, question)
    assert 'class="flash flash-success"' in flashed
    assert 'class="flash flash-success"' not in view(client, question)


@pytest.mark.app_config(PAGE_CACHE_MB=0)
def test_the_page_cache_can_be_turned_off(app, client, member, thread):
    assert app.extensions[EXTENSION] is None
    assert "Antwoorder Anton" in view(client, question := thread[0])
    assert "Antwoorder Anton" in view(client, question)
