"""A kept question page's thread: shared where it is the same, never stale, never leaking.

Every test views a page to keep it, changes something, and views again: the change must show
at once. The kept pages' hit counter proves a view was a hit where nothing changed (so these
tests cannot pass by never keeping). Threads were once also kept on their own (decision 0007);
decision 0050 removed that layer, and these proofs now hold the whole kept page to them.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from kenme.extensions import db
from kenme.models import Role
from kenme.models.types import utcnow
from kenme.services import posting, voting
from kenme.services.moderation import content as moderation
from kenme.web.questions.page_cache import EXTENSION
from kenme.web.questions.thread_cache import CSRF_PLACEHOLDER
from tests.conftest import AuthActions, KenMeClient
from tests.factories import (
    ESTABLISHED,
    make_comment,
    make_law_change,
    make_user,
)
from tests.helpers import comment_with_the_pages_token


def html_of(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def cache(app):
    return app.extensions[EXTENSION]


@pytest.fixture
def member(auth):
    user = make_user(display_name="Lezer Lotte")
    auth.login_as(user)
    return user


TOKEN_TAG = re.compile(r'<(?:input|meta)\b[^>]*\bname="csrf[_-]token"[^>]*>')
TOKEN_VALUE = re.compile(r'\b(?:value|content)="[^"]*"')


def tokens_out(html: str) -> str:
    """A page without its CSRF tokens, whose signatures carry the second they were made.

    Every tag named csrf_token (forms) or csrf-token (the meta tag) loses its value, whatever
    the order of its attributes: WTForms writes ``type`` between ``name`` and ``value``.
    """
    return TOKEN_TAG.sub(lambda tag: TOKEN_VALUE.sub("", tag.group(0)), html)


def second_client(app, user):
    app.test_client_class = KenMeClient
    other = app.test_client()
    AuthActions(other).login_as(user)
    return other


def view(client, question) -> str:
    return html_of(client.get(f"/vragen/{question.id}"))


def test_an_unchanged_thread_comes_from_the_kept_page(client, member, thread, cache):
    question = thread[0]
    view(client, question)  # shows the login's flash message once
    cache.clear()
    first = view(client, question)
    hits = cache.hits
    second = view(client, question)
    assert cache.hits == hits + 1
    assert "Antwoorder Anton" in second and "Reageerder Rik" in second
    assert CSRF_PLACEHOLDER not in first + second
    assert tokens_out(first) == tokens_out(second)


def test_changes_through_any_write_path_show_at_once(client, member, thread, cache):
    question, answer, asker, _answerer, _ = thread
    view(client, question)
    posting.post_answer(
        db.session, make_user(), question, body="Nieuw antwoord: kijk naar artikel 22a lid 3."
    )
    db.session.commit()
    assert "kijk naar artikel 22a lid 3" in view(client, question)

    make_comment(question, make_user(display_name="Nieuwe Nina", reputation=ESTABLISHED))
    assert "Nieuwe Nina" in view(client, question)

    voting.vote(db.session, make_user(), answer, 1)
    voting.vote(db.session, make_user(), answer, 1)
    db.session.commit()
    assert "<span data-score>2</span>" in view(client, question)

    voting.accept(db.session, asker, answer)
    db.session.commit()
    assert "Geaccepteerd antwoord" in view(client, question)

    moderation.hide(db.session, make_user(role=Role.MODERATOR), answer, "Hoort hier niet.")
    db.session.commit()
    assert "Antwoorder Anton" not in view(client, question)


def test_every_thread_change_bumps_the_thread_version(app, thread):
    question, answer, asker, *_ = thread
    versions = [question.thread_version]
    for change in (
        lambda: make_comment(answer),
        lambda: voting.vote(db.session, make_user(reputation=ESTABLISHED), answer, -1),
        lambda: posting.edit_post(
            db.session,
            asker,
            question,
            title=question.title,
            body=question.body_markdown + "\n\nAanvulling: de zoon studeert.",
            summary="aanvulling",
        ),
    ):
        change()
        db.session.commit()
        db.session.refresh(question)
        versions.append(question.thread_version)
    assert versions == sorted(set(versions)), versions


def test_members_share_a_thread_but_each_gets_their_own_csrf_token(
    app, client, member, thread, cache
):
    question = thread[0]
    view(client, question)  # the login's flash message
    view(client, question)  # kept
    other = second_client(app, make_user(display_name="Tweede Tom", reputation=ESTABLISHED))
    view(other, question)  # their login's flash message
    hits = cache.hits
    page = view(other, question)
    assert cache.hits == hits + 1
    response = comment_with_the_pages_token(
        other, page, question.id, "Ik herken dit uit mijn eigen praktijk."
    )
    assert response.status_code == 302
    assert "Ik herken dit uit mijn eigen praktijk." in view(client, question)


def test_writers_see_their_own_controls_and_others_never_do(app, client, member, thread):
    question, answer, asker, answerer, _ = thread
    as_member = view(client, question)  # fills the shared entry first
    as_asker = view(second_client(app, asker), question)
    as_answerer = view(second_client(app, answerer), question)
    assert "Accepteer dit antwoord" in as_asker
    assert "Accepteer dit antwoord" not in as_member + as_answerer
    edit = f'href="/berichten/{answer.id}/bewerken">Bewerken<'
    suggest = f'href="/berichten/{answer.id}/bewerken">Bewerking voorstellen<'
    assert edit in as_answerer and suggest not in as_answerer
    assert edit not in as_member + as_asker  # others may only suggest (decision 0022)
    assert suggest in as_member and suggest in as_asker
    assert "Accepteer dit antwoord" not in view(client, question)


def test_own_votes_show_pressed_only_for_the_voter(app, client, member, thread):
    question, answer, *_ = thread
    view(client, question)
    voter = make_user()
    voting.vote(db.session, voter, answer, 1)
    db.session.commit()
    pressed = 'class="vote-button vote-up" aria-pressed="true"'
    assert pressed in view(second_client(app, voter), question)
    assert pressed not in view(client, question)


def test_author_names_and_reputation_are_never_stale(client, member, thread, cache):
    question, _answer, _asker, answerer, _ = thread
    view(client, question)
    answerer.display_name = "Anton de Vries"
    answerer.reputation = 1234
    db.session.commit()  # no record_change: profiles are not thread changes
    page = view(client, question)
    assert "Anton de Vries" in page and "reputatie 1234" in page
    answerer.deleted_at = utcnow()
    db.session.commit()
    assert "verwijderd lid" in view(client, question)


def test_topic_names_and_law_changes_are_never_stale(client, member, thread):
    question, answer, _asker, _answerer, topic = thread
    view(client, question)
    topic.name = "Kostendelersnorm (Pw art. 22a)"
    db.session.commit()
    assert "Kostendelersnorm (Pw art. 22a)" in view(client, question)
    answer.created_at = utcnow() - timedelta(days=400)
    db.session.commit()
    make_law_change(topic, (utcnow() - timedelta(days=30)).date(), note="Nieuwe leeftijdsgrens.")
    assert "mogelijk verouderd sinds" in view(client, question)


def test_moderators_pages_are_always_rendered_fresh(client, auth, thread, cache):
    question = thread[0]
    auth.login_as(make_user(role=Role.MODERATOR))
    view(client, question)
    page = view(client, question)
    assert cache.hits == 0 and len(cache) == 0
    assert 'name="action" value="hide"' in page


def test_a_comment_with_errors_comes_back_in_its_form_not_from_the_cache(client, member, thread):
    question = thread[0]
    view(client, question)
    response = client.post_form(
        f"/berichten/{question.id}/reacties", {"body": "x" * 601}, page=f"/vragen/{question.id}"
    )
    assert response.status_code == 400
    assert "x" * 601 in response.get_data(as_text=True)
    assert "x" * 601 not in view(client, question)


def test_a_lock_takes_the_authors_edit_link_away_at_once(app, client, thread):
    question, answer, _asker, answerer, _ = thread
    own = second_client(app, answerer)
    assert f"/berichten/{answer.id}/bewerken" in view(own, question)
    moderation.lock(db.session, make_user(role=Role.MODERATOR), question, "Afgerond.")
    db.session.commit()
    assert f"/berichten/{answer.id}/bewerken" not in view(own, question)
