"""The question page's parts written in Python (kenme/web/questions/post_parts.py): bylines,
comments and vote forms keep every rule the macros had, in a kept page and without one."""

from __future__ import annotations

import re

import pytest

from kenme.extensions import db
from kenme.models.types import utcnow
from kenme.services import voting
from tests.factories import ESTABLISHED, make_answer, make_comment, make_question, make_user

KEPT, FRESH = "", "?answers=default"  # a page rendered to be kept (slots), and one without


def page(client, question, how: str) -> str:
    response = client.get(f"/vragen/{question.id}{how}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.fixture
def reader(auth):
    user = make_user(display_name="Lezer Lotte", reputation=ESTABLISHED)
    auth.login_as(user)
    return user


@pytest.mark.parametrize("how", [KEPT, FRESH])
def test_names_and_organisations_are_escaped(client, reader, how):
    odd = make_user(display_name="Bo <b>&</b>", organisation='Gemeente "<x>"')
    question = make_question(odd)
    make_comment(make_answer(question, odd), odd)
    html = page(client, question, how)
    assert "<b>&</b>" not in html and '"<x>"' not in html
    name, organisation = "Bo &lt;b&gt;&amp;&lt;/b&gt;", "Gemeente &#34;&lt;x&gt;&#34;"
    assert html.count(f'<a href="/leden/{odd.id}">{name}</a>') == 3  # two bylines, a comment
    assert html.count(f'<span class="byline-org">{organisation}</span>') == 2


@pytest.mark.parametrize("how", [KEPT, FRESH])
def test_an_anonymous_asker_stays_anonymous_to_others_and_not_to_themselves(
    client, auth, reader, how
):
    asker = make_user(display_name="Vrager Vera")
    question = make_question(asker, anonymous=True)
    comment = make_comment(question, asker)
    html = page(client, question, how)
    assert "Vrager Vera" not in html
    assert '<p class="byline-author">Anoniem lid</p>' in html
    assert re.search(rf'id="reactie-{comment.id}".*?— Anoniem lid,', html, re.S)
    auth.logout()
    auth.login_as(asker)
    own = page(client, question, how)
    assert f'<a href="/leden/{asker.id}">Vrager Vera</a>' in own
    assert "Anoniem geplaatst: andere leden zien ‘Anoniem lid’" in own


@pytest.mark.parametrize("how", [KEPT, FRESH])
def test_a_deleted_author_is_a_deleted_member(client, reader, how):
    gone = make_user(display_name="Weg Wim")
    question = make_question()
    make_comment(make_answer(question, gone), gone)
    gone.deleted_at = utcnow()
    db.session.commit()
    html = page(client, question, how)
    assert "Weg Wim" not in html and f"/leden/{gone.id}" not in html
    assert '<p class="byline-author">verwijderd lid</p>' in html
    assert "— verwijderd lid," in html


@pytest.mark.parametrize("how", [KEPT, FRESH])
def test_each_viewer_sees_their_own_vote_and_a_flag_link_per_comment(client, reader, how):
    question = make_question()
    answer = make_answer(question)
    comment = make_comment(answer)
    voting.vote(db.session, reader, answer, 1)
    db.session.commit()
    html = page(client, question, how)
    forms = re.findall(r'<form method="post" action="/berichten/(\d+)/stem".*?</form>', html, re.S)
    assert len(forms) == 2  # the viewer's own form of each post, whatever the kept page holds
    pressed = re.findall(
        r'action="/berichten/(\d+)/stem".*?name="value" value="(-?\d)" '
        r'class="vote-button vote-up" aria-pressed="(\w+)"',
        html,
        re.S,
    )
    assert sorted(pressed) == sorted(
        [(str(question.id), "1", "false"), (str(answer.id), "0", "true")]
    )
    db.session.refresh(answer)
    assert f"<span data-score>{answer.score}</span>" in html
    assert f'<a class="flag-link" href="/reacties/{comment.id}/melden">Melden' in html


@pytest.mark.parametrize("how", [KEPT, FRESH])
def test_an_edited_post_says_when(client, reader, how):
    question = make_question()
    question.edited_at = utcnow()
    db.session.commit()
    html = page(client, question, how)
    assert html.count("<br>bewerkt op <time datetime=") == 1


@pytest.mark.parametrize("how", [KEPT, FRESH])
def test_every_post_has_its_own_empty_comment_form(client, reader, how):
    question = make_question()
    answer = make_answer(question)
    html = page(client, question, how)
    for post, on in ((question, "de vraag"), (answer, "dit antwoord")):
        assert f'<span class="visually-hidden"> op {on}</span></summary>' in html
        assert f'<form method="post" action="/berichten/{post.id}/reacties"' in html
        assert html.count(f'id="reactie-veld-{post.id}"') == 1
        assert html.count(f'id="reactie-anoniem-{post.id}"') == 1
