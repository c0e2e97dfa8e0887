"""The Aanplakker through the test client, with CSRF on: board, start, thread and each step."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kenme.extensions import db
from kenme.models import (
    ContributionKind,
    Follow,
    Herkenbaar,
    Notification,
    Phase,
    Post,
    PostType,
    Role,
)
from kenme.services import aanplakker
from tests.factories import (
    AANPLAKKER_TEXT,
    make_aanplakker,
    make_contribution,
    make_topic_row,
    make_user,
)

OOGST = "Ik neem mee dat ik mijn rol vooraf uitleg, aan de klant en aan handhaving."


@pytest.fixture
def topic(app):
    return make_topic_row("vakmanschap-intervisie")


def form_data(**overrides) -> dict:
    data = {
        **AANPLAKKER_TEXT,
        "topics": ["vakmanschap-intervisie"],
        "ends_on": (aanplakker.local_today() + timedelta(days=10)).isoformat(),
    }
    data.update(overrides)
    return data


def contributions() -> int:
    return db.session.query(Post).filter_by(type=PostType.CONTRIBUTION).count()


def test_board_shows_open_cards_with_few_contributors_and_closed_with_oogst(client, auth, topic):
    open_one = make_aanplakker(phase=Phase.MEEDENKEN)
    closed = make_aanplakker(phase=Phase.GESLOTEN, title="Een gesloten dilemma over de taaleis")
    auth.login_as(make_user())
    html = client.get("/aanplakker").get_data(as_text=True)
    assert open_one.title in html
    assert "Nog weinig meedenkers" in html
    assert "Fase: Meedenken" in html
    assert closed.title in html
    assert "Ik neem mee dat ik mijn rol vooraf uitleg" in html
    assert html.index("Open om mee te denken") < html.index(open_one.title)
    assert html.index("Gesloten, met oogst") < html.index(closed.title)


def test_board_filters_by_topic_and_refuses_unknown_topics(client, auth, topic):
    make_topic_row("kostendelersnorm")
    on_topic = make_aanplakker(
        topic_slugs=["kostendelersnorm"], title="Kostendelersnorm bij een inwonende mantelzorger"
    )
    other = make_aanplakker()
    auth.login_as(make_user())
    html = client.get("/aanplakker?onderwerp=kostendelersnorm").get_data(as_text=True)
    assert on_topic.title in html and other.title not in html
    assert client.get("/aanplakker?onderwerp=bestaat-niet").status_code == 404


def test_start_an_aanplakker_through_the_form(client, auth, topic):
    auth.login_as(make_user())
    form = client.get("/aanplakker/nieuw").get_data(as_text=True)
    default = (aanplakker.local_today() + timedelta(days=14)).isoformat()
    assert f'value="{default}"' in form
    response = client.post_form("/aanplakker/nieuw", form_data())
    assert response.status_code == 302
    post = db.session.query(Post).filter_by(type=PostType.AANPLAKKER).one()
    assert response.headers["Location"].endswith(f"/aanplakker/{post.id}")
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Je Aanplakker hangt op het bord" in html
    assert AANPLAKKER_TEXT["dilemma"] in html
    assert "Naar de fase Meedenken" in html


@pytest.mark.parametrize(
    ("days", "message"),
    [(-2, "verleden"), (1, "minimaal 3 dagen"), (45, "binnen 30 dagen")],
)
def test_start_refuses_end_dates_out_of_range(client, auth, topic, days, message):
    auth.login_as(make_user())
    ends_on = (aanplakker.local_today() + timedelta(days=days)).isoformat()
    response = client.post_form("/aanplakker/nieuw", form_data(ends_on=ends_on))
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.query(Post).count() == 0


def test_start_with_personal_data_comes_back_422_with_the_text_kept(client, auth, topic):
    auth.login_as(make_user())
    situatie = AANPLAKKER_TEXT["situatie"] + " Haar BSN is 111222333."
    response = client.post_form("/aanplakker/nieuw", form_data(situatie=situatie))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "111222333" in html and "<mark" in html
    assert AANPLAKKER_TEXT["dilemma"] in html  # the other fields are kept too
    assert db.session.query(Post).count() == 0


def test_soft_findings_can_be_confirmed_in_the_form(client, auth, topic):
    auth.login_as(make_user())
    dilemma = "Mijn dilemma: de zoon is 34 jaar en woont nog thuis bij zijn moeder."
    first = client.post_form("/aanplakker/nieuw", form_data(dilemma=dilemma))
    assert first.status_code == 422
    html = first.get_data(as_text=True)
    assert 'name="privacy_confirm"' in html
    import re

    keys = re.findall(r'name="privacy_confirm" value="([^"]+)"', html)
    response = client.post_form(
        "/aanplakker/nieuw", {**form_data(dilemma=dilemma), "privacy_confirm": keys}
    )
    assert response.status_code == 302
    post = db.session.query(Post).filter_by(type=PostType.AANPLAKKER).one()
    assert post.revisions[0].confirmed_findings


def test_form_without_csrf_token_is_refused(client, auth, topic):
    auth.login_as(make_user())
    response = client.post("/aanplakker/nieuw", data={**form_data(), "csrf_token": "x"})
    assert response.status_code == 400
    assert db.session.query(Post).count() == 0


def test_wrong_kind_for_the_phase_is_409_with_a_dutch_reason_and_nothing_stored(
    client, auth, topic
):
    post = make_aanplakker()
    auth.login_as(make_user())
    url = f"/aanplakker/{post.id}"
    body = "Ik zou het huisbezoek weigeren en dat uitleggen aan handhaving."
    response = client.post_form(f"{url}/bijdragen", {"kind": "advies", "body": body}, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "In de fase Verhelderen kun je alleen een verhelderende vraag stellen" in html
    assert body in html  # the text is kept
    assert contributions() == 0


def test_composer_offers_only_what_the_phase_allows(client, auth, topic):
    post = make_aanplakker()
    auth.login_as(make_user())
    url = f"/aanplakker/{post.id}"
    html = client.get(url).get_data(as_text=True)
    assert "Stel een verhelderende vraag" in html
    assert 'name="kind" value="vraag"' in html
    assert 'value="perspectief"' not in html
    aanplakker.advance_phase(db.session, post.author, post, Phase.MEEDENKEN)
    html = client.get(url).get_data(as_text=True)
    assert "Denk mee" in html
    assert 'value="perspectief"' in html and 'value="vraag"' not in html
    assert "Juridische bril" in html
    aanplakker.advance_phase(db.session, post.author, post, Phase.OOGST)
    html = client.get(url).get_data(as_text=True)
    assert "bijdragen kan niet meer" in html
    assert 'name="body"' not in html


def test_the_author_gets_no_composer_and_cannot_post_a_contribution(client, auth, topic):
    post = make_aanplakker()
    auth.login_as(post.author)
    url = f"/aanplakker/{post.id}"
    assert "Stel een verhelderende vraag" not in client.get(url).get_data(as_text=True)
    response = client.post_form(
        f"{url}/bijdragen", {"kind": "vraag", "body": "Mag ik mezelf iets vragen?"}, page=url
    )
    assert response.status_code == 403
    assert contributions() == 0


def test_clarify_reply_think_along_and_harvest_through_the_client(client, auth, topic):
    post = make_aanplakker()
    author, colleague = post.author, make_user()
    url = f"/aanplakker/{post.id}"

    auth.login_as(colleague)
    response = client.post_form(
        f"{url}/bijdragen", {"kind": "vraag", "body": "Weet de klant van het onderzoek?"}, page=url
    )
    assert response.status_code == 302
    question = db.session.query(Post).filter_by(type=PostType.CONTRIBUTION).one()
    auth.logout()

    auth.login_as(author)
    response = client.post_form(
        f"/aanplakker/bijdrage/{question.id}/antwoord",
        {f"antwoord-{question.id}-reply": "Nee, dat weet ze nog niet."},
        page=url,
    )
    assert response.status_code == 302
    response = client.post_form(f"{url}/fase", {"phase": "meedenken"}, page=url)
    assert response.status_code == 302
    auth.logout()

    auth.login_as(colleague)
    response = client.post_form(
        f"{url}/bijdragen",
        {"kind": "perspectief", "lens": "ethisch", "body": "Je rol als coach is vertrouwen."},
        page=url,
    )
    assert response.status_code == 302
    perspective = (
        db.session.query(Post)
        .filter_by(type=PostType.CONTRIBUTION)
        .order_by(Post.id.desc())
        .first()
    )
    assert perspective.contribution_details.lens.value == "ethisch"
    auth.logout()

    auth.login_as(author)
    client.post_form(f"{url}/fase", {"phase": "oogst"}, page=url)
    response = client.post_form(
        f"{url}/oogst", {"helpful": [str(perspective.id)], "oogst": OOGST}, page=url
    )
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "Nee, dat weet ze nog niet." in html
    assert html.index(OOGST) < html.index("De casus") < html.index("Je rol als coach")
    assert "Hielp de schrijver" in html
    assert post.aanplakker_details.phase == Phase.GESLOTEN
    assert perspective.contribution_details.helpful

    response = client.post_form(
        f"{url}/vervolg",
        {"followup": "Het gesprek ging goed; de begeleiding loopt door."},
        page=url,
    )
    assert response.status_code == 302
    assert "Hoe is het afgelopen?" in client.get(url).get_data(as_text=True)


def test_oogst_by_someone_else_is_forbidden_and_not_stored(client, auth, topic):
    post = make_aanplakker(phase=Phase.OOGST)
    auth.login_as(make_user())
    url = f"/aanplakker/{post.id}"
    response = client.post_form(f"{url}/oogst", {"oogst": OOGST}, page=url)
    assert response.status_code == 403
    assert post.aanplakker_details.oogst_markdown == ""


def test_oogst_with_helpful_ids_of_another_thread_is_refused(client, auth, topic):
    post = make_aanplakker(phase=Phase.OOGST)
    other = make_aanplakker(phase=Phase.MEEDENKEN)
    stranger = make_contribution(other, kind=ContributionKind.ERVARING)
    auth.login_as(post.author)
    url = f"/aanplakker/{post.id}"
    response = client.post_form(
        f"{url}/oogst", {"helpful": [str(stranger.id)], "oogst": OOGST}, page=url
    )
    assert response.status_code == 400
    assert "alleen bijdragen uit deze Aanplakker" in response.get_data(as_text=True)
    assert post.aanplakker_details.phase == Phase.OOGST


def test_moving_the_phase_back_is_refused_with_a_reason(client, auth, topic):
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    auth.login_as(post.author)
    url = f"/aanplakker/{post.id}"
    response = client.post_form(f"{url}/fase", {"phase": "verhelderen"}, page=url)
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "Een fase terugzetten kan niet" in html
    assert post.aanplakker_details.phase == Phase.MEEDENKEN


def test_only_the_author_or_a_moderator_moves_the_phase(client, auth, topic):
    post = make_aanplakker()
    url = f"/aanplakker/{post.id}"
    auth.login_as(make_user())
    assert "Naar de fase Meedenken" not in client.get(url).get_data(as_text=True)
    response = client.post_form(f"{url}/fase", {"phase": "meedenken"}, page=url)
    assert response.status_code == 403
    auth.logout()
    auth.login_as(make_user(role=Role.MODERATOR))
    assert client.post_form(f"{url}/fase", {"phase": "meedenken"}, page=url).status_code == 302
    assert post.aanplakker_details.phase == Phase.MEEDENKEN


def test_herkenbaar_is_a_one_click_toggle(client, auth, topic):
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    contribution = make_contribution(post, kind=ContributionKind.ERVARING)
    auth.login_as(make_user())
    url = f"/aanplakker/{post.id}"
    action = f"/aanplakker/bijdrage/{contribution.id}/herkenbaar"
    assert client.post_form(action, {}, page=url).status_code == 302
    assert db.session.query(Herkenbaar).count() == 1
    html = client.get(url).get_data(as_text=True)
    assert "1 collega vindt dit herkenbaar" in html
    assert 'aria-pressed="true"' in html
    client.post_form(action, {"actie": "intrekken"}, page=url)
    assert db.session.query(Herkenbaar).count() == 0


def test_own_contribution_has_no_herkenbaar_button(client, auth, topic):
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    writer = make_user()
    contribution = make_contribution(post, writer, kind=ContributionKind.ERVARING)
    auth.login_as(writer)
    url = f"/aanplakker/{post.id}"
    assert f"/bijdrage/{contribution.id}/herkenbaar" not in client.get(url).get_data(as_text=True)
    action = f"/aanplakker/bijdrage/{contribution.id}/herkenbaar"
    assert client.post_form(action, {}, page=url).status_code == 403


def test_moderator_closes_an_abandoned_aanplakker(client, auth, topic):
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    auth.login_as(make_user(role=Role.MODERATOR))
    url = f"/aanplakker/{post.id}"
    assert "Sluiten zonder oogst" in client.get(url).get_data(as_text=True)
    response = client.post_form(f"{url}/sluiten", {"note": "De schrijver is vertrokken."}, page=url)
    assert response.status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "Gesloten door een moderator" in html and "De schrijver is vertrokken." in html


def test_members_can_flag_and_moderators_hide_a_contribution_on_the_thread(client, auth, topic):
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    contribution = make_contribution(post, kind=ContributionKind.ERVARING, body=OOGST)
    url = f"/aanplakker/{post.id}"
    auth.login_as(make_user())
    html = client.get(url).get_data(as_text=True)
    assert f"/berichten/{contribution.id}/melden" in html and f"/berichten/{post.id}/melden" in html
    assert 'name="action" value="hide"' not in html
    auth.logout()
    auth.login_as(make_user(role=Role.MODERATOR))
    response = client.post_form(
        "/moderatie/acties",
        {"post_id": contribution.id, "action": "hide", "reason": "Te herleidbaar.", "next": url},
        page=url,
    )
    assert response.status_code == 302
    assert "Verborgen voor leden door een moderator" in client.get(url).get_data(as_text=True)
    auth.logout()
    auth.login_as(make_user())
    assert OOGST not in client.get(url).get_data(as_text=True)


def test_follow_a_topic_and_see_the_notification_of_a_new_aanplakker(client, auth, topic):
    follower = make_user()
    auth.login_as(follower)
    response = client.post_form("/onderwerpen/vakmanschap-intervisie/volgen", {})
    assert response.status_code == 302
    assert db.session.query(Follow).filter_by(user_id=follower.id, topic_id=topic.id).count()
    post = make_aanplakker()
    html = client.get("/meldingen").get_data(as_text=True)
    assert "Nieuwe Aanplakker in Vakmanschap" in html
    note = db.session.query(Notification).filter_by(user_id=follower.id).one()
    assert f'href="/meldingen/{note.id}"' in html
    assert client.get(f"/meldingen/{note.id}").headers["Location"] == f"/aanplakker/{post.id}"
    client.post_form("/meldingen/gelezen", {}, page="/meldingen")
    assert db.session.query(Notification).filter_by(read_at=None).count() == 0
    client.post_form("/onderwerpen/vakmanschap-intervisie/volgen", {"actie": "ontvolgen"})
    assert not db.session.query(Follow).filter_by(user_id=follower.id, topic_id=topic.id).count()


def test_questions_are_not_aanplakkers(client, auth, topic):
    from kenme.services import posting

    question = posting.ask_question(
        db.session,
        make_user(),
        title="Geldt de kostendelersnorm bij een inwonende zoon?",
        body="De klant woont met haar zoon (eind twintig) in een huurwoning.",
        topic_slugs=["vakmanschap-intervisie"],
    )
    db.session.commit()
    auth.login_as(make_user())
    assert client.get(f"/aanplakker/{question.id}").status_code == 404
    assert client.get("/aanplakker/999999").status_code == 404


def test_pages_need_a_login(client, topic):
    post = make_aanplakker()
    for path in ("/aanplakker", "/aanplakker/nieuw", f"/aanplakker/{post.id}", "/meldingen"):
        response = client.get(path)
        assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_reminder_command_reminds_overdue_authors(runner, topic):
    post = make_aanplakker(phase=Phase.OOGST)
    post.aanplakker_details.ends_on = aanplakker.local_today() - timedelta(days=1)
    db.session.commit()
    result = runner.invoke(args=["aanplakker", "remind-overdue"])
    assert result.exit_code == 0, result.output
    assert "1 Aanplakker" in result.output
    assert db.session.query(Notification).filter_by(kind="aanplakker_herinnering").count() == 1


def test_contribution_with_personal_data_comes_back_422_on_the_thread(client, auth, topic):
    post = make_aanplakker()
    auth.login_as(make_user())
    url = f"/aanplakker/{post.id}"
    body = "Kun je haar mailen op a.jansen@voorbeeld.nl om het te vragen?"
    response = client.post_form(f"{url}/bijdragen", {"kind": "vraag", "body": body}, page=url)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "privacy-review" in html and "je bijdrage" in html.lower()
    assert "<mark" in html and f"{body}</textarea>" in html
    assert contributions() == 0


def test_oogst_with_personal_data_keeps_the_text_and_ticked_helpful_boxes(client, auth, topic):
    post = make_aanplakker(phase=Phase.MEEDENKEN)
    helpful = make_contribution(post, kind=ContributionKind.ADVIES)
    aanplakker.advance_phase(db.session, post.author, post, Phase.OOGST)
    auth.login_as(post.author)
    url = f"/aanplakker/{post.id}"
    text = OOGST + " Ik bel haar op 06-12345678."
    response = client.post_form(
        f"{url}/oogst", {"helpful": [str(helpful.id)], "oogst": text}, page=url
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Je oogst" in html and "06-12345678" in html
    assert f'id="nuttig-{helpful.id}" checked' in html
    assert post.aanplakker_details.phase == Phase.OOGST
