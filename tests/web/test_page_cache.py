"""The whole-page cache: one small query per view, never stale, never someone else's page.

Every test fills the cache with a view, changes something (through services, or straight in
the database), and views again: the change must show at once. The cache's hit counter proves
the unchanged views were served from it, so these tests cannot pass by never caching.
"""

from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest
from flask import request, request_finished
from flask.testing import FlaskClient

from kenme.extensions import db, limiter, login_manager
from kenme.models import Role, Topic
from kenme.models.types import utcnow
from kenme.services import posting, voting
from kenme.web.questions.page_cache import EXTENSION, NAME_PLACEHOLDER, PROFILE_PLACEHOLDER
from kenme.web.questions.page_server import session_identifier
from kenme.web.questions.thread_cache import CSRF_PLACEHOLDER
from kenme.web.templating import AMSTERDAM
from tests.helpers import CapturedStatements, comment_with_the_pages_token
from tests.web.test_kept_threads import html_of, second_client, tokens_out, view

SEEN_BY = re.compile(
    r'<a class="who" href="([^"]+)"[^>]*><span class="visually-hidden">'
    r"Mijn profiel: </span>([^<]+)</a>"
)


@pytest.fixture
def pages(app):
    return app.extensions[EXTENSION]


@pytest.fixture
def member(auth):
    from tests.factories import ESTABLISHED, make_user

    user = make_user(display_name="Lezer <Lotte>", reputation=ESTABLISHED)
    auth.login_as(user)
    return user


def test_a_second_view_is_served_after_one_small_query(client, member, thread, pages):
    url = f"/vragen/{thread[0].id}"
    client.get(url)  # shows the login's flash message once: not kept
    first = html_of(client.get(url))
    hits = pages.hits
    with CapturedStatements() as statements:
        second = html_of(client.get(url))
    assert pages.hits == hits + 1
    # The member, the thread's version, the member's votes and the values shown: one statement.
    assert len(statements.seen) == 1
    assert tokens_out(first) == tokens_out(second)
    assert SEEN_BY.search(second).groups() == (f"/leden/{member.id}", "Lezer &lt;Lotte&gt;")
    for placeholder in (CSRF_PLACEHOLDER, NAME_PLACEHOLDER, PROFILE_PLACEHOLDER):
        assert placeholder not in first + second


def test_members_share_a_page_with_their_own_name_link_and_token(
    app, client, member, thread, pages
):
    from tests.factories import ESTABLISHED, make_user

    question = thread[0]
    tom = make_user(display_name="Tweede Tom", reputation=ESTABLISHED)
    other = second_client(app, tom)  # a login writes: before the page is kept
    other.get("/")  # the login's flash
    view(client, question)
    view(client, question)
    hits = pages.hits
    page = view(other, question)
    assert pages.hits == hits + 1
    assert SEEN_BY.search(page).groups() == (f"/leden/{tom.id}", "Tweede Tom")
    assert "Lotte" not in page
    response = comment_with_the_pages_token(
        other, page, question.id, "Ik herken dit uit mijn eigen praktijk."
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


def test_writes_elsewhere_leave_the_page_kept(client, member, thread, pages):
    """A live community writes all day: only writes to what a page shows make it stale."""
    from tests.factories import ESTABLISHED, make_answer, make_comment, make_question, make_user

    question = thread[0]
    elsewhere = make_question(make_user(), title="Hoe reken ik vakantiegeld bij inkomsten?")
    view(client, question)
    view(client, question)
    stranger = make_user(display_name="Onbekende Olga")
    answer = make_answer(elsewhere, stranger)
    make_comment(answer, make_user(reputation=ESTABLISHED))
    voting.vote(db.session, make_user(), answer, 1)  # Olga's reputation: she is not shown
    db.session.commit()
    member.about = "Klantmanager in Zwolle."  # the viewer's own row (name is a placeholder)
    db.session.commit()
    hits = pages.hits
    assert "Antwoorder Anton" in view(client, question)
    assert pages.hits == hits + 1


def test_a_vote_elsewhere_on_someone_shown_shows_their_new_reputation(
    client, member, thread, pages
):
    """Reputation is a slot filled in from the hit's statement: the page stays kept."""
    from tests.factories import make_answer, make_question, make_user

    question, answerer = thread[0], thread[3]
    elsewhere = make_answer(make_question(make_user()), answerer)
    view(client, question)
    before = view(client, question)
    assert f"reputatie {answerer.reputation}" in before
    voting.vote(db.session, make_user(), elsewhere, 1)
    db.session.commit()
    hits = pages.hits
    after = view(client, question)
    assert pages.hits == hits + 1
    db.session.refresh(answerer)
    assert f"reputatie {answerer.reputation}" in after
    assert after != before


def test_a_new_law_change_on_the_topic_shows_at_once(client, member, thread, pages):
    from tests.factories import make_law_change

    question, answer, topic = thread[0], thread[1], thread[4]
    answer.created_at = utcnow() - timedelta(days=60)  # written before the change
    db.session.commit()
    view(client, question)
    view(client, question)
    today = utcnow().astimezone(AMSTERDAM).date()
    make_law_change(topic, today, note="Kostendelersnorm geldt ook voor kamerhuur.")
    misses = pages.misses
    assert "Kostendelersnorm geldt ook voor kamerhuur." in view(client, question)
    assert pages.misses == misses + 1


@pytest.mark.parametrize("action", ["hide", "delete", "lock"])
def test_moderation_of_the_thread_shows_at_once(client, member, thread, pages, action):
    from kenme.services.moderation import content
    from tests.factories import make_user

    question, answer = thread[0], thread[1]
    view(client, question)
    assert "Antwoorder Anton" in view(client, question)
    moderator = make_user(role=Role.MODERATOR)
    if action == "lock":
        content.lock(db.session, moderator, question, "Afgerond.")
        db.session.commit()
        assert "Deze vraag is vergrendeld" in view(client, question)
        return
    getattr(content, action)(db.session, moderator, answer, "Bevat persoonsgegevens.")
    db.session.commit()
    page = view(client, question)
    assert answer.body_markdown[:40] not in page


def test_a_hidden_related_question_leaves_the_page_at_once(client, member, pages):
    from kenme.services.moderation import content
    from tests.factories import make_question, make_user

    title = "Telt kostgeld van een inwonende zoon mee voor de kostendelersnorm?"
    question = make_question(make_user(), title=title)
    other = make_question(make_user(), title=title.replace("zoon", "dochter"))
    view(client, question)
    assert f"/vragen/{other.id}" in view(client, question)
    content.hide(db.session, make_user(role=Role.MODERATOR), other, "Dubbel.")
    db.session.commit()
    assert f"/vragen/{other.id}" not in view(client, question)


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


def kept(client, question, pages, **kwargs):
    """View a page the cache holds: (response, whether the cache answered it)."""
    url = f"/vragen/{question.id}"
    client.get(url, **kwargs)  # the login's flash message, or the first view
    client.get(url, **kwargs)  # kept
    hits = pages.hits
    response = client.get(url, **kwargs)
    return response, pages.hits == hits + 1


def test_a_kept_page_is_what_the_app_would_answer(client, member, thread, pages):
    hit, served = kept(client, thread[0], pages)
    assert served
    pages.clear()
    misses = pages.misses
    fresh = client.get(f"/vragen/{thread[0].id}")
    assert pages.misses == misses + 1
    assert tokens_out(html_of(hit)) == tokens_out(html_of(fresh))
    assert hit.status == fresh.status
    assert sorted(hit.headers.items()) == sorted(fresh.headers.items())
    assert "Set-Cookie" not in hit.headers


def test_a_kept_page_needs_no_app_context(app, client, member, thread, pages):
    """In production nothing around the WSGI app has pushed a context: a thread has none."""
    kept(client, thread[0], pages)
    plain = FlaskClient(app)
    plain.set_cookie("session", client.get_cookie("session").value)
    found, url, member_id = {}, f"/vragen/{thread[0].id}", member.id
    worker = threading.Thread(target=lambda: found.update(r=plain.get(url)))
    hits = pages.hits
    worker.start()
    worker.join()
    assert pages.hits == hits + 1
    assert SEEN_BY.search(html_of(found["r"])).groups()[0] == f"/leden/{member_id}"


def test_a_kept_page_carries_the_mount_point(client, member, thread, pages):
    response, served = kept(client, thread[0], pages, base_url="http://localhost/kenme/")
    assert served
    page = html_of(response)
    assert SEEN_BY.search(page).groups()[0] == f"/kenme/leden/{member.id}"
    assert 'href="/vragen/' not in page
    assert f'href="/leden/{member.id}"' in view(client, thread[0])


@pytest.mark.parametrize(
    ("headers", "remote_addr"),
    [
        ({}, "127.0.0.1"),
        ({"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}, "10.0.0.7"),
        ({"User-Agent": "curl/8.5", "X-Forwarded-For": "203.0.113.9, 10.0.0.1"}, "10.0.0.1"),
        ({"User-Agent": "Browser \u00fc"}, None),
    ],
    ids=["bare", "browser", "proxied", "no-address"],
)
def test_the_client_identifier_is_flask_logins(app, headers, remote_addr):
    with app.test_request_context(
        "/vragen/1", headers=headers, environ_base={"REMOTE_ADDR": remote_addr}
    ):
        assert session_identifier(request) == login_manager._session_identifier_generator()


@pytest.mark.app_config(PAGE_CACHE_MB=0, RATELIMIT_ENABLED=True)
def test_the_question_page_has_no_rate_limit_for_the_cache_to_skip(app, client, member, thread):
    """Kept pages are served before Flask-Limiter's hook: it must have nothing to check."""
    applied = {}

    def note(sender, response, **extra):
        applied[(request.method, request.endpoint)] = list(limiter.current_limits)

    with request_finished.connected_to(note, app):
        view(client, thread[0])
        client.post_form("/inloggen", {"email": "niemand@gemeente.nl", "password": "fout"})
    assert applied[("POST", "auth.login")], "the probe sees a limited endpoint's limits"
    assert applied[("GET", "questions.show")] == []


@pytest.mark.app_config(SESSION_REFRESH_AFTER=timedelta(0))
def test_a_session_due_for_re_signing_is_answered_by_the_app(client, member, thread, pages):
    response, served = kept(client, thread[0], pages)
    assert not served
    assert html_of(response)
    assert "session=" in response.headers["Set-Cookie"]


def test_another_browser_on_the_same_session_is_answered_by_the_app(client, member, thread, pages):
    kept(client, thread[0], pages)
    hits = pages.hits
    response = client.get(f"/vragen/{thread[0].id}", headers={"User-Agent": "Ander/1.0"})
    assert pages.hits == hits
    assert "Vrager Vera" in html_of(response)  # basic protection: the login holds, not fresh
    assert "session=" in response.headers["Set-Cookie"]


def test_a_session_without_a_csrf_secret_gets_one_from_the_app(client, member, thread, pages):
    kept(client, thread[0], pages)
    with client.session_transaction() as session:
        del session["csrf_token"]
    hits = pages.hits
    response = client.get(f"/vragen/{thread[0].id}")
    assert pages.hits == hits
    assert "session=" in response.headers["Set-Cookie"]
    with client.session_transaction() as session:
        assert session["csrf_token"]


def test_a_tampered_session_cookie_gets_no_page(client, member, thread, pages):
    kept(client, thread[0], pages)
    value = client.get_cookie("session").value
    client.set_cookie("session", value[:-2] + ("AA" if value[-2:] != "AA" else "BB"))
    response = client.get(f"/vragen/{thread[0].id}")
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


@pytest.mark.app_config(REMEMBER_COOKIE_REFRESH_EACH_REQUEST=True)
def test_a_remember_cookie_to_refresh_is_left_to_the_app(client, member, thread, pages):
    response, served = kept(client, thread[0], pages)
    assert not served
    assert "remember_token=" in response.headers["Set-Cookie"]


PRESSED_UP = 'class="vote-button vote-up" aria-pressed="true"'


def test_the_viewers_own_votes_pick_their_page_in_the_same_statement(
    app, client, member, thread, pages
):
    from tests.factories import make_user

    question = thread[0]
    voting.vote(db.session, member, thread[1], 1)
    db.session.commit()
    other = second_client(app, make_user(display_name="Tweede Tom"))
    kept(client, question, pages)
    kept(other, question, pages)
    url, hits = f"/vragen/{question.id}", pages.hits
    with CapturedStatements() as statements:
        mine, theirs = html_of(client.get(url)), html_of(other.get(url))
    assert pages.hits == hits + 2
    assert len(statements.seen) == 2  # one per view
    assert mine.count(PRESSED_UP) == 1
    assert PRESSED_UP not in theirs


def test_pages_kept_at_two_mount_points_are_both_served_in_one_statement(
    client, member, thread, pages
):
    question = thread[0]
    voting.vote(db.session, member, thread[1], 1)
    db.session.commit()
    kept(client, question, pages)
    kept(client, question, pages, base_url="http://localhost/kenme/")  # kept last, elsewhere
    url, hits = f"/vragen/{question.id}", pages.hits
    with CapturedStatements() as statements:
        page = html_of(client.get(url))
    assert pages.hits == hits + 1
    assert len(statements.seen) == 1
    assert page.count(PRESSED_UP) == 1


@pytest.mark.postgresql
def test_a_dropped_connection_lets_the_app_answer(client, member, thread, pages):
    """The cache reads without a ping: a dead connection costs one view a fall-through."""
    question = thread[0]
    kept(client, question, pages)
    db.session.execute(
        db.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    )
    hits = pages.hits
    assert "Antwoorder Anton" in view(client, question)  # answered by the app
    assert pages.hits == hits
    assert "Antwoorder Anton" in view(client, question)  # and kept ones again
    assert pages.hits == hits + 1


FOLLOWS_QUESTION = "Je volgt deze vraag"
OFFERS_QUESTION = ">Volg deze vraag</button>"


def _follows_topic(page: str, name: str) -> bool:
    return f'<span class="follow-state">Je volgt {name}</span>' in page


def test_the_sidebar_follow_buttons_are_each_members_own(app, client, member, thread, pages):
    """Members who follow differently share one kept page, each with their own buttons."""
    from kenme.services import follows
    from tests.factories import ESTABLISHED, make_user

    question, topic = thread[0], thread[4]
    tom = make_user(display_name="Tweede Tom", reputation=ESTABLISHED)
    follows.follow_thread(db.session, tom, question)
    follows.follow_topic(db.session, tom, topic)
    db.session.commit()
    other = second_client(app, tom)
    other.get("/")  # the login's flash
    view(client, question)
    mine = view(client, question)  # kept for Lotte, who follows nothing
    assert OFFERS_QUESTION in mine and not _follows_topic(mine, "Kostendelersnorm")
    hits = pages.hits
    his = view(other, question)
    his_again = view(other, question)
    assert pages.hits == hits + 2  # the page Lotte's view kept, with his follows
    for page in (his, his_again):
        assert FOLLOWS_QUESTION in page and _follows_topic(page, "Kostendelersnorm")
        assert OFFERS_QUESTION not in page
    mine = view(client, question)
    assert OFFERS_QUESTION in mine and FOLLOWS_QUESTION not in mine

    # Lotte follows the question through the sidebar's form: her next view shows it.
    back = client.post_form(
        f"/vragen/{question.id}/volgen",
        {"next": f"/vragen/{question.id}"},
        page=f"/vragen/{question.id}",
    )
    assert back.status_code == 302 and back.location.endswith(f"/vragen/{question.id}")
    client.get(f"/vragen/{question.id}")  # the flash message
    mine = view(client, question)
    assert FOLLOWS_QUESTION in mine and not _follows_topic(mine, "Kostendelersnorm")
    # And stops following the topic she never followed? Following it turns it on.
    client.post_form(
        f"/onderwerpen/{topic.slug}/volgen",
        {"next": f"/vragen/{question.id}"},
        page=f"/vragen/{question.id}",
    )
    client.get(f"/vragen/{question.id}")
    assert _follows_topic(view(client, question), "Kostendelersnorm")


def test_viewers_with_other_votes_share_one_rendering(app, client, member, thread, pages):
    """Votes are slots: a member who voted and one who did not are served one kept page."""
    from tests.factories import make_user

    question = thread[0]
    voting.vote(db.session, member, thread[1], -1)
    db.session.commit()
    other = second_client(app, make_user(display_name="Tweede Tom"))
    other.get("/")  # the login's flash
    view(client, question)
    misses = pages.misses
    view(client, question)  # rendered and kept
    hits = pages.hits
    theirs = view(other, question)
    mine = view(client, question)
    assert (pages.misses, pages.hits) == (misses + 1, hits + 2)
    assert 'class="vote-button vote-down" aria-pressed="true"' in mine
    assert 'aria-pressed="true"' not in theirs


def test_a_kept_page_is_what_the_app_answers_without_caches(app, client, member, thread, pages):
    """Every slot filled in: the viewer's votes and follows, and a reputation changed since the
    page was kept, against the page the app renders with no cache and no slots at all."""
    from kenme.services import follows
    from tests.factories import make_answer, make_question, make_user

    question, answer, answerer, topic = thread[0], thread[1], thread[3], thread[4]
    voting.vote(db.session, member, answer, 1)
    voting.vote(db.session, member, question, -1)
    follows.follow_topic(db.session, member, topic)
    db.session.commit()
    kept(client, question, pages)
    voting.vote(db.session, make_user(), make_answer(make_question(make_user()), answerer), 1)
    db.session.commit()
    hits = pages.hits
    hit = client.get(f"/vragen/{question.id}")
    assert pages.hits == hits + 1
    pages.clear()
    # A query string: neither served nor kept, rendered as if no cache existed (no slots).
    fresh = client.get(f"/vragen/{question.id}?answers=default")
    assert pages.hits == hits + 1 and len(pages) == 0
    db.session.refresh(answerer)
    page = html_of(hit)
    assert f"reputatie {answerer.reputation}" in page and _follows_topic(page, topic.name)
    assert page.count('aria-pressed="true"') == 2
    assert tokens_out(page) == tokens_out(html_of(fresh))


def test_a_thread_kept_at_one_mount_point_is_not_served_at_another(client, member, thread, pages):
    """The rendered thread holds the mount point in every link and form action: a page kept
    under /kenme/ must not carry the thread rendered for the root (nor the other way)."""
    question = thread[0]
    kept(client, question, pages)  # thread and page kept at the root
    response, served = kept(client, question, pages, base_url="http://localhost/kenme/")
    assert served
    page = html_of(response)
    assert f'action="/kenme/berichten/{question.id}/' in page
    assert 'action="/berichten/' not in page and 'href="/leden/' not in page
