"""Casusvragen through the browser's eyes: lists, asking, answering, comments, votes, revisions."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import Comment, Post, PostType, QuestionStatus, Revision, Role, Vote
from kenme.services import endorsements, voting
from kenme.web.questions.page_cache import EXTENSION as PAGE_CACHE
from tests.factories import (
    ESTABLISHED,
    make_answer,
    make_comment,
    make_law_change,
    make_question,
    make_specialist,
    make_topic,
    make_user,
)
from tests.helpers import CapturedStatements

LONG_ENOUGH_BODY = (
    "## Situatie\nDe klant woont samen met een volwassen dochter.\n\n"
    "## Mijn vraag\nGeldt hier de kostendelersnorm?"
)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def html_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def member(auth):
    user = make_user(display_name="Petra", reputation=ESTABLISHED)
    auth.login_as(user)
    return user


@pytest.fixture
def topics():
    return [make_topic("kostendelersnorm", name="Kostendelersnorm"), make_topic("wmo", name="Wmo")]


def ask_data(**overrides) -> dict:
    data = {
        "title": "Telt een inwonende dochter mee voor de kostendelersnorm?",
        "body": LONG_ENOUGH_BODY,
        "topics": ["kostendelersnorm"],
        "submit": "Vraag plaatsen",
    }
    data.update(overrides)
    return data


# --- lists ---


def test_home_lists_newest_questions_with_tabs(client, member):
    older = make_question(title="Eerste vraag over de kostendelersnorm bij inwonende kinderen")
    newer = make_question(title="Tweede vraag over bijzondere bijstand voor een wasmachine")
    html = html_of(client.get("/"))
    assert html.index(newer.title) < html.index(older.title)
    assert '<nav class="tabs" aria-label="Vragen sorteren">' in html
    assert re.search(r'href="/"\s+aria-current="page">Nieuwste', html)
    for label in ("Actief", "Onbeantwoord", "Meeste stemmen"):
        assert label in html


def test_unanswered_tab_leaves_out_answered_questions(client, member):
    answered = make_question(title="Een vraag die al een antwoord heeft gekregen")
    make_answer(answered)
    open_question = make_question(title="Een vraag waar nog niemand op heeft gereageerd")
    html = html_of(client.get("/?sort=unanswered"))
    assert open_question.title in html
    assert answered.title not in html
    assert 'aria-current="page">Onbeantwoord' in html


def test_votes_tab_sorts_by_score(client, member):
    low = make_question(title="Vraag met weinig stemmen over de Wmo")
    high = make_question(title="Vraag met veel stemmen over de Wmo")
    voting.vote(db.session, make_user(), high, 1)
    db.session.commit()
    html = html_of(client.get("/?sort=votes"))
    assert html.index(high.title) < html.index(low.title)


def test_home_paginates_with_one_pager(client, member):
    topic = make_topic()
    for n in range(22):
        make_question(title=f"Vraag nummer {n:02d} over de kostendelersnorm", topics=[topic])
    first = html_of(client.get("/"))
    assert "Vraag nummer 21" in first
    assert "Vraag nummer 01" not in first
    assert 'aria-label="Paginering"' in first
    assert 'href="/?page=2" rel="next"' in first
    second = html_of(client.get("/?page=2"))
    assert "Vraag nummer 01" in second
    assert "Pagina 2 van 2" in second
    assert html_of(client.get("/?page=abc")).count("Vraag nummer") == 20


# --- asking ---


def test_ask_form_offers_the_casus_template_and_topics(client, member, topics):
    html = html_of(client.get("/vragen/stellen"))
    for heading in (
        "## Situatie",
        "## Mijn vraag",
        "## Wat heb ik al uitgezocht",
        "## Wettelijk kader",
    ):
        assert heading in html
    assert 'name="topics" value="kostendelersnorm"' in html
    assert "<legend>Onderwerpen" in html
    assert "Plaats anoniem voor andere leden" in html
    assert 'value="Voorbeeld bekijken"' in html


def test_member_asks_a_question(client, member, topics):
    response = client.post_form("/vragen/stellen", ask_data(topics=["kostendelersnorm", "wmo"]))
    assert response.status_code == 302
    question = db.session.scalar(select(Post).where(Post.type == PostType.QUESTION))
    assert response.headers["Location"] == f"/vragen/{question.id}"
    assert {t.slug for t in question.topics} == {"kostendelersnorm", "wmo"}
    assert question.author_id == member.id
    page = html_of(client.get(response.headers["Location"]))
    assert "Je vraag is geplaatst" in page
    assert "<h2>Situatie</h2>" in page


BAD_QUESTIONS = [
    ({"title": ""}, "Dit veld is verplicht."),
    ({"title": "Te kort?"}, "Gebruik 15 tot 150 tekens"),
    ({"title": "Lang " * 40}, "Gebruik 15 tot 150 tekens"),
    ({"body": ""}, "Dit veld is verplicht."),
    ({"body": "Kort."}, "minimaal 30 tekens"),
    ({"body": "x" * 50_001}, "hooguit 50.000 tekens"),
    ({"topics": []}, "Kies minimaal één onderwerp."),
    ({"topics": ["bestaat-niet"]}, "Onbekend onderwerp: bestaat-niet."),
    ({"topics": ["a", "b", "c", "d", "e", "f"]}, "Kies hooguit 5 onderwerpen."),
]


@pytest.mark.parametrize(("overrides", "message"), BAD_QUESTIONS)
def test_bad_question_is_refused_in_dutch_and_kept(client, member, topics, overrides, message):
    data = ask_data(**overrides)
    response = client.post_form("/vragen/stellen", data)
    html = html_of(response)
    assert response.status_code == 400
    assert message in html
    assert count(Post) == 0
    assert count(Revision) == 0
    if data["title"]:
        assert f'value="{data["title"].strip()}"' in html or data["title"] in html
    if data["body"] and len(data["body"]) < 1000:
        assert data["body"].split("\n")[0] in html


def test_unchanged_template_is_refused(client, member, topics):
    from kenme.web.questions.forms import CASUS_TEMPLATE

    response = client.post_form("/vragen/stellen", ask_data(body=CASUS_TEMPLATE))
    assert response.status_code == 400
    assert "nog gelijk aan het sjabloon" in html_of(response)
    assert count(Post) == 0


def test_template_hints_left_in_place_are_dropped(client, member, topics):
    from kenme.web.questions.forms import CASUS_TEMPLATE

    body = CASUS_TEMPLATE.replace(
        "## Mijn vraag\n", "## Mijn vraag\nTelt de inwonende dochter mee voor de norm?\n"
    )
    response = client.post_form("/vragen/stellen", ask_data(body=body.replace("\n", "\r\n")))
    assert response.status_code == 302
    question = db.session.scalar(select(Post))
    assert "_Wat wil je" not in question.body_markdown
    assert question.body_markdown.startswith("## Situatie\n\n## Mijn vraag\nTelt de")


def test_preview_renders_markdown_and_similar_questions_without_storing(client, member, topics):
    existing = make_question(title="Telt een inwonende zoon mee voor de kostendelersnorm?")
    data = ask_data(body=LONG_ENOUGH_BODY + "\n\n**Belangrijk**", preview="Voorbeeld bekijken")
    del data["submit"]
    response = client.post_form("/vragen/stellen", data)
    html = html_of(response)
    assert response.status_code == 200
    assert "Voorbeeld van je vraag" in html
    assert "<strong>Belangrijk</strong>" in html
    assert "Vergelijkbare vragen" in html
    assert existing.title in html
    assert count(Post) == 1  # only the existing question
    assert "**Belangrijk**" in html  # the draft stays in the textarea


def test_anonymous_question_shows_anoniem_lid_to_members_but_not_moderators(client, auth, topics):
    asker = make_user(display_name="Geheime Gerda")
    question = make_question(asker, anonymous=True)
    make_comment(question, asker, body="Aanvulling van de vraagsteller zelf.")
    auth.login_as(make_user())
    html = html_of(client.get(f"/vragen/{question.id}"))
    assert "Anoniem lid" in html
    assert "Geheime Gerda" not in html
    assert f"/leden/{asker.id}" not in html
    assert "Geheime Gerda" not in html_of(client.get("/"))

    auth.logout()
    auth.login_as(make_user(role=Role.MODERATOR))
    html = html_of(client.get(f"/vragen/{question.id}"))
    assert "Geheime Gerda" in html
    assert "Anoniem geplaatst" in html


# --- the question page ---


def test_question_page_orders_answers_accepted_first_then_score(client, auth, topics):
    asker = make_user()
    question = make_question(asker)
    make_answer(question, body="Eerste antwoord: kijk naar de leeftijd van de huisgenoot.")
    popular = make_answer(question, body="Populair antwoord: de norm geldt vanaf 27 jaar.")
    accepted = make_answer(question, body="Geaccepteerd antwoord: lees art. 22a Pw goed.")
    voting.vote(db.session, make_user(), popular, 1)
    voting.accept(db.session, asker, accepted)
    db.session.commit()
    auth.login_as(make_user())
    html = html_of(client.get(f"/vragen/{question.id}"))
    positions = [html.index(text) for text in ("Geaccepteerd antwoord:", "Populair", "Eerste")]
    assert positions == sorted(positions)
    assert "Geaccepteerd antwoord</p>" in html
    assert question.topics[0].name in html
    assert "reputatie" in html
    assert f'href="/onderwerpen/{question.topics[0].slug}"' in html


def test_question_page_shows_related_questions(client, member, topics):
    question = make_question(title="Kostendelersnorm bij een inwonende broer van dertig")
    related = make_question(title="Kostendelersnorm bij inwonende ouders boven de zestig")
    html = html_of(client.get(f"/vragen/{question.id}"))
    assert "Gerelateerde vragen" in html
    assert related.title in html


def test_unknown_or_hidden_question_is_404(client, member):
    from kenme.models import Visibility

    assert client.get("/vragen/999").status_code == 404
    question = make_question()
    question.visibility = Visibility.DELETED
    db.session.commit()
    response = client.get(f"/vragen/{question.id}")
    assert response.status_code == 404
    assert "bestaat niet" in html_of(response)


# --- answers and comments ---


def test_member_answers_a_question(client, member):
    question = make_question()
    body = "Sinds 2023 telt een inwonende dochter onder de 27 niet mee."
    response = client.post_form(f"/vragen/{question.id}/antwoorden", {"body": body, "submit": "x"})
    answer = db.session.scalar(select(Post).where(Post.type == PostType.ANSWER))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/vragen/{question.id}#bericht-{answer.id}"
    assert answer.body_markdown == body
    db.session.refresh(question)
    assert question.status == QuestionStatus.ANSWERED


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "Dit veld is verplicht."), ("Te kort.", "minimaal 20 tekens")],
)
def test_bad_answer_comes_back_with_text_kept(client, member, body, message):
    question = make_question()
    response = client.post_form(f"/vragen/{question.id}/antwoorden", {"body": body})
    assert response.status_code == 400
    html = html_of(response)
    assert message in html
    assert f"\n{body}</textarea>" in html
    assert count(Post, Post.type == PostType.ANSWER) == 0


def test_answer_preview_shows_rendered_markdown(client, member):
    question = make_question()
    response = client.post_form(
        f"/vragen/{question.id}/antwoorden",
        {"body": "Kijk naar *art. 22a Pw* en de uitzonderingen.", "preview": "Voorbeeld"},
    )
    assert response.status_code == 200
    assert "<em>art. 22a Pw</em>" in html_of(response)
    assert count(Post, Post.type == PostType.ANSWER) == 0


def test_member_comments_on_an_answer(client, member):
    answer = make_answer(make_question())
    response = client.post_form(
        f"/berichten/{answer.id}/reacties", {"body": "Zie ook https://example.org/regeling"}
    )
    comment = db.session.scalar(select(Comment))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#reactie-{comment.id}")
    html = html_of(client.get(response.headers["Location"]))
    assert 'href="https://example.org/regeling"' in html


def test_too_long_comment_is_refused_and_kept(client, member):
    question = make_question()
    body = "woord " * 110
    response = client.post_form(f"/berichten/{question.id}/reacties", {"body": body})
    html = html_of(response)
    assert response.status_code == 400
    assert "Een reactie is hooguit 600 tekens" in html
    assert body.strip() in html
    assert f'id="reactie-veld-{question.id}"' in html
    assert '<details class="comment-add" open>' in html
    assert count(Comment) == 0


def test_the_plain_comment_form_is_what_the_form_object_renders(app):
    """Empty comment forms are plain HTML (no CommentForm per post on every page view); they
    must stay exactly what the form object renders, field ids and hints included."""
    from flask import render_template_string

    from kenme.web.questions.forms import CommentForm

    question = make_question()
    page = (
        '{% from "questions/_post.html" import comments with context %}'
        "{{ comments(post, [], form) }}"
    )
    with app.test_request_context("/"):
        plain = render_template_string(page, post=question, form=None)
        with_object = render_template_string(
            page, post=question, form=CommentForm(formdata=None, post_id=question.id)
        )
    assert f'id="reactie-veld-{question.id}"' in plain
    assert plain == with_object


# --- votes and accept ---


def test_member_votes_without_javascript(client, member):
    answer = make_answer(make_question())
    response = client.post_form(f"/berichten/{answer.id}/stem", {"value": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#bericht-{answer.id}")
    db.session.refresh(answer)
    assert answer.score == 1
    html = html_of(client.get(response.headers["Location"]))
    assert "Je stem is opgeslagen." in html
    assert 'value="0" class="vote-button vote-up" aria-pressed="true"' in html


def test_vote_answers_json_for_the_script_and_can_be_withdrawn(client, member):
    answer = make_answer(make_question())
    token = client.csrf_token()
    headers = {"Accept": "application/json"}
    up = client.post(
        f"/berichten/{answer.id}/stem", data={"value": "1", "csrf_token": token}, headers=headers
    )
    assert up.get_json() == {"score": 1, "my_vote": 1}
    down = client.post(
        f"/berichten/{answer.id}/stem", data={"value": "-1", "csrf_token": token}, headers=headers
    )
    assert down.get_json() == {"score": -1, "my_vote": -1}
    back = client.post(
        f"/berichten/{answer.id}/stem", data={"value": "0", "csrf_token": token}, headers=headers
    )
    assert back.get_json() == {"score": 0, "my_vote": 0}
    assert count(Vote) == 0


def test_member_cannot_vote_on_own_post(client, member):
    question = make_question(member)
    response = client.post_form(f"/berichten/{question.id}/stem", {"value": "1"})
    assert response.status_code == 403
    assert "Je kunt niet op je eigen bericht stemmen." in html_of(response)
    assert count(Vote) == 0
    page = html_of(client.get(f"/vragen/{question.id}"))
    assert f'action="/berichten/{question.id}/stem"' not in page


def test_vote_needs_csrf_and_a_valid_value(client, member):
    answer = make_answer(make_question())
    assert client.post(f"/berichten/{answer.id}/stem", data={"value": "1"}).status_code == 400
    response = client.post_form(f"/berichten/{answer.id}/stem", {"value": "5"})
    assert response.status_code == 302
    assert "Het formulier was verlopen of onvolledig" in html_of(
        client.get(response.headers["Location"])
    )
    assert count(Vote) == 0
    assert client.post_form("/berichten/999/stem", {"value": "1"}).status_code == 404


def test_asker_accepts_and_withdraws_an_answer(client, auth):
    asker = make_user()
    question = make_question(asker)
    answer = make_answer(question)
    auth.login_as(asker)
    response = client.post_form(f"/antwoorden/{answer.id}/accepteren", {"accepted": "1"})
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.accepted_answer_id == answer.id
    assert question.status == QuestionStatus.ACCEPTED
    html = html_of(client.get(response.headers["Location"]))
    assert "Je hebt dit antwoord geaccepteerd." in html
    assert "Acceptatie intrekken" in html
    client.post_form(f"/antwoorden/{answer.id}/accepteren", {"accepted": "0"})
    db.session.refresh(question)
    assert question.accepted_answer_id is None


def test_member_cannot_accept_on_someone_elses_question(client, member):
    question = make_question()
    answer = make_answer(question)
    page = html_of(client.get(f"/vragen/{question.id}"))
    assert "Accepteer dit antwoord" not in page
    response = client.post_form(f"/antwoorden/{answer.id}/accepteren", {"accepted": "1"})
    assert response.status_code == 403
    assert "Alleen wie de vraag stelde" in html_of(response)
    db.session.refresh(question)
    assert question.accepted_answer_id is None


# --- editing, history and rollback ---


def test_author_edits_a_question_with_a_summary(client, member, topics):
    question = make_question(member, topics=[topics[0]])
    form = html_of(client.get(f"/berichten/{question.id}/bewerken"))
    assert question.title in form
    assert 'value="kostendelersnorm" id="onderwerp-kostendelersnorm" checked' in form
    response = client.post_form(
        f"/berichten/{question.id}/bewerken",
        {
            "title": question.title,
            "body": question.body_markdown + "\n\n## Wettelijk kader\nArt. 22a Pw.",
            "topics": ["kostendelersnorm", "wmo"],
            "summary": "Wettelijk kader toegevoegd",
        },
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.revision_count == 2
    assert question.revisions[-1].edit_summary == "Wettelijk kader toegevoegd"
    assert {t.slug for t in question.topics} == {"kostendelersnorm", "wmo"}


def test_edit_without_changes_says_so(client, member):
    answer = make_answer(make_question(), member)
    response = client.post_form(
        f"/berichten/{answer.id}/bewerken", {"body": answer.body_markdown, "summary": ""}
    )
    assert response.status_code == 400
    assert "Er is niets gewijzigd." in html_of(response)


def test_a_newcomers_edit_of_someone_elses_post_becomes_a_suggestion(client, auth):
    auth.login_as(make_user())  # no reputation: editing others' posts directly is a privilege
    answer = make_answer(make_question())
    form = client.get(f"/berichten/{answer.id}/bewerken")
    assert form.status_code == 200
    assert "Bewerking voorstellen" in form.get_data(as_text=True)
    assert "vanaf 200 reputatie" in form.get_data(as_text=True)
    response = client.post_form(
        f"/berichten/{answer.id}/bewerken",
        {"body": "Een heel ander antwoord dan de schrijver gaf."},
        page="/",
    )
    assert response.status_code == 302 and "/bewerkingen/" in response.location
    db.session.refresh(answer)
    assert answer.revision_count == 1  # unchanged until a reviewer approves (decision 0022)


def test_moderator_may_edit_any_post(client, auth):
    answer = make_answer(make_question())
    auth.login_as(make_user(role=Role.MODERATOR))
    response = client.post_form(
        f"/berichten/{answer.id}/bewerken",
        {"body": answer.body_markdown + " Aangevuld door de moderator.", "summary": "Aanvulling"},
    )
    assert response.status_code == 302
    db.session.refresh(answer)
    assert answer.revision_count == 2


def edit_answer(client, answer, body, summary="Aangepast"):
    response = client.post_form(
        f"/berichten/{answer.id}/bewerken", {"body": body, "summary": summary}
    )
    assert response.status_code == 302


def test_history_shows_a_readable_diff_between_chosen_revisions(client, member):
    answer = make_answer(make_question(), member, body="De norm geldt vanaf 21 jaar voor iedereen.")
    edit_answer(client, answer, "De norm geldt vanaf 27 jaar voor iedereen.")
    edit_answer(client, answer, "De norm geldt vanaf 27 jaar, met uitzonderingen.")
    html = html_of(client.get(f"/berichten/{answer.id}/geschiedenis"))
    assert "Van versie 2 naar versie 3" in html
    assert '<th scope="row">3 <span class="badge">huidig</span></th>' in html
    one_to_two = html_of(client.get(f"/berichten/{answer.id}/geschiedenis?old=1&new=2"))
    assert "Van versie 1 naar versie 2" in one_to_two
    assert re.search(r"<del><span class=\"visually-hidden\">\[verwijderd: </span>21", one_to_two)
    assert re.search(r"<ins><span class=\"visually-hidden\">\[toegevoegd: </span>27", one_to_two)
    assert client.get(f"/berichten/{answer.id}/geschiedenis?old=x&new=99").status_code == 200


def test_author_rolls_back_to_an_earlier_revision(client, member):
    answer = make_answer(make_question(), member, body="De oorspronkelijke tekst van het antwoord.")
    edit_answer(client, answer, "Een nieuwe tekst die toch niet klopte, helaas.")
    response = client.post_form(f"/berichten/{answer.id}/terugzetten", {"revision": "1"})
    assert response.status_code == 302
    db.session.refresh(answer)
    assert answer.body_markdown == "De oorspronkelijke tekst van het antwoord."
    assert answer.revision_count == 3
    assert "teruggezet naar versie 1" in html_of(client.get(response.headers["Location"]))


def test_others_cannot_roll_back(client, auth):
    author = make_user()
    answer = make_answer(make_question(), author, body="De oorspronkelijke tekst van het antwoord.")
    auth.login_as(author)
    edit_answer(client, answer, "Een tweede versie van de tekst van het antwoord.")
    auth.logout()
    auth.login_as(make_user())
    html = html_of(client.get(f"/berichten/{answer.id}/geschiedenis"))
    assert "Terugzetten" not in html
    response = client.post_form(f"/berichten/{answer.id}/terugzetten", {"revision": "1"})
    assert response.status_code == 403
    db.session.refresh(answer)
    assert answer.revision_count == 2


def test_rollback_to_current_revision_is_a_flash_not_a_change(client, member):
    answer = make_answer(make_question(), member)
    response = client.post_form(f"/berichten/{answer.id}/terugzetten", {"revision": "1"})
    assert response.status_code == 302
    assert "Dit is al de huidige versie." in html_of(client.get(response.headers["Location"]))


# --- escaping ---


def test_script_in_title_body_and_comment_is_escaped(client, member, topics):
    title = "<script>alert('titel')</script> telt de zoon mee?"
    body = (
        "## Situatie\n<img src=x onerror=alert(1)> en <b>vet</b>\n\n"
        "[klik](javascript:alert(2)) en nog wat tekst."
    )
    response = client.post_form("/vragen/stellen", ask_data(title=title, body=body))
    assert response.status_code == 302
    location = response.headers["Location"]
    question_id = int(location.rsplit("/", 1)[1])
    client.post_form(f"/berichten/{question_id}/reacties", {"body": "<i onmouseover=x>hoi</i>"})
    pages = [
        html_of(client.get(location)),
        html_of(client.get("/")),
        html_of(client.get(f"/leden/{member.id}")),
    ]
    for html in pages:
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#39;titel&#39;)&lt;/script&gt;" in html
    question_page = pages[0]
    assert "<img" not in question_page
    assert "onerror" not in question_page or "&lt;img src=x onerror" in question_page
    assert 'href="javascript:' not in question_page
    assert "<i onmouseover" not in question_page
    assert "&lt;i onmouseover=x&gt;hoi&lt;/i&gt;" in question_page


def test_diff_escapes_revision_text(client, member):
    answer = make_answer(make_question(), member, body="Een antwoord zonder opmaak, gewoon tekst.")
    edit_answer(client, answer, "Een antwoord met <script>alert(1)</script> erin, gewoon tekst.")
    html = html_of(client.get(f"/berichten/{answer.id}/geschiedenis"))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


# --- suggestions and live preview ---


def test_similar_titles_as_json(client, member):
    match = make_question(title="Kostendelersnorm bij een inwonende student")
    make_question(title="Bijzondere bijstand voor een nieuwe koelkast")
    data = client.get("/vragen/vergelijkbaar?title=kostendelersnorm student").get_json()
    assert [q["id"] for q in data["questions"]] == [match.id]
    assert data["questions"][0]["url"] == f"/vragen/{match.id}"
    posted = client.post(
        "/vragen/vergelijkbaar",
        json={"title": "inwonende student"},
        headers={"X-CSRFToken": client.csrf_token()},
    ).get_json()
    assert [q["id"] for q in posted["questions"]] == [match.id]


def test_live_preview_renders_through_the_sanitiser(client, member):
    response = client.post(
        "/vragen/voorbeeld",
        json={"text": "**vet** <script>x</script>"},
        headers={"X-CSRFToken": client.csrf_token()},
    )
    html = response.get_json()["html"]
    assert "<strong>vet</strong>" in html
    assert "<script>" not in html


def test_json_endpoints_need_the_csrf_header(client, member):
    assert client.post("/vragen/voorbeeld", json={"text": "x"}).status_code == 400


# --- no N+1 on the question page ---


def question_with(answers: int, comments: int, endorsed: int = 0):
    topics = [make_topic(), make_topic()]
    question = make_question(topics=topics)
    made = [make_answer(question) for _ in range(answers)]
    posts = [question, *made]
    for n in range(comments):
        make_comment(posts[n % len(posts)])
    for answer in made[:2]:
        voting.vote(db.session, make_user(), answer, 1)
    for answer in made[:endorsed]:
        endorsements.endorse(db.session, make_specialist(*topics), answer)
    make_law_change(topics[0], date(2015, 1, 1))
    db.session.commit()
    return question


def queries_for(client, question) -> int:
    url = f"/vragen/{question.id}"
    client.get(url)  # warm up templates, the session and the related-question ids
    client.application.extensions[PAGE_CACHE].clear()  # these count a page rendered afresh
    with CapturedStatements() as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements.seen)


def test_question_page_queries_do_not_grow_with_answers_and_comments(client, member):
    small = question_with(answers=2, comments=4, endorsed=1)
    large = question_with(answers=10, comments=30, endorsed=3)
    few, many = queries_for(client, small), queries_for(client, large)
    print(f"question page queries: {few} (2 answers) / {many} (10 answers, 30 comments)")
    assert many == few
    # 1 member + 2 question (the question; its topics with their law changes) + 4 thread
    # (answers, comments, my votes, endorsements) + 1 for the related questions (their ids
    # are cached briefly) + the header's unread count (one cheap count, #19) + what the member
    # follows of it, for the sidebar's buttons (#22: one look-up in their unique index).
    assert many <= 10


def test_thread_itself_loads_in_five_queries_whatever_its_size(app):
    from kenme.services import threads

    for answers, comments in ((2, 4), (10, 30)):
        question = question_with(answers=answers, comments=comments)
        viewer, question_id = make_user(), question.id
        db.session.expire_all()
        db.session.get(type(viewer), viewer.id)
        with CapturedStatements() as statements:
            view = threads.question_view(db.session, viewer, question_id)
            for item in view.answers:
                _ = [c.author.display_name for c in item.comments], item.answer.author.reputation
            _ = [t.name for t in view.question.topics], view.question.author.organisation
        assert len(statements.seen) == 5


def test_related_questions_drop_hidden_ones_at_once_despite_the_cache(client, member):
    from kenme.models import Visibility
    from kenme.services import threads

    topic = make_topic()
    question = make_question(
        title="Telt de inwonende zoon mee voor de kostendelersnorm?", topics=[topic]
    )
    similar = make_question(
        title="Inwonende zoon en de kostendelersnorm bij mantelzorg", topics=[topic]
    )
    assert similar in threads.related_questions(db.session, question)
    similar.visibility = Visibility.HIDDEN
    db.session.commit()
    assert similar not in threads.related_questions(db.session, question)
