"""The privacy guard in the posting flow: findings shown in place, nothing stored or logged."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import Comment, Post, PostType, Revision
from kenme.privacy import ALL_KINDS
from kenme.web.messages import FINDING_KINDS
from tests.factories import make_answer, make_question, make_topic, make_user

BSN = "111222333"
EMAIL = "klant.voorbeeld@example.nl"
SOFT_BODY = (
    "## Situatie\nMevrouw Jansen woont met haar zoon in een huurwoning.\n\n"
    "## Mijn vraag\nTelt de zoon mee voor de kostendelersnorm?"
)
NAME_AT = SOFT_BODY.index("Jansen")
NAME_KEY = f"body:name:{NAME_AT}:{NAME_AT + len('Jansen')}"


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def html_of(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def topic():
    return make_topic("kostendelersnorm", name="Kostendelersnorm")


def ask(client, body: str, title: str = "Telt de zoon mee voor de kostendelersnorm?", **extra):
    data = {"title": title, "body": body, "topics": ["kostendelersnorm"], **extra}
    return client.post_form("/vragen/stellen", data, page="/vragen/stellen")


def test_every_finding_kind_has_a_dutch_label():
    from kenme.privacy.messages import KIND_LABELS

    # The guard's short names (in messages that must not repeat the text) and the form's.
    assert set(ALL_KINDS) <= set(KIND_LABELS)
    assert set(ALL_KINDS) <= set(FINDING_KINDS)
    assert FINDING_KINDS["bsn"] == "BSN"
    assert FINDING_KINDS["organisation"] == "naam van werkgever, school of instelling"


def test_hard_finding_blocks_keeps_the_text_and_marks_it(client, member, topic, caplog):
    caplog.set_level(logging.DEBUG)
    body = f"## Situatie\nDe klant heeft BSN {BSN} en woont alleen.\n\n## Mijn vraag\nWat nu?"
    response = ask(client, body)
    html = html_of(response)
    assert response.status_code == 422
    assert "Haal de persoonsgegevens van de klant weg" in html
    assert "niets opgeslagen" in html
    # The author's text is kept in the form.
    assert f"BSN {BSN} en woont alleen." in html.split("<textarea", 1)[1]
    # A list of findings with a link to the spot, the kind in Dutch and the suggestion.
    assert re.search(rf'<a href="#pg-body-0">BSN in je casus: “{BSN}”</a>', html)
    assert "Laat het BSN weg" in html
    # The spot itself, marked in place with a hidden label; escaped text around it.
    assert re.search(
        rf'<mark id="pg-body-0" tabindex="-1" class="privacy-mark privacy-hard">'
        rf'<span class="visually-hidden">persoonsgegeven: </span>{BSN}</mark>',
        html,
    )
    # Hard findings cannot be confirmed away.
    assert 'name="privacy_confirm"' not in html
    assert count(Post) == 0
    assert count(Revision) == 0
    assert BSN not in caplog.text


def test_confirming_a_hard_finding_is_ignored(client, member, topic):
    body = f"## Situatie\nDe klant heeft BSN {BSN} en woont alleen.\n\n## Mijn vraag\nWat nu?"
    start = body.index(BSN)
    key = f"body:bsn:{start}:{start + len(BSN)}"
    response = ask(client, body, privacy_confirm=[key])
    assert response.status_code == 422
    assert count(Post) == 0


def test_soft_finding_needs_a_confirmation_which_is_stored(client, member, topic):
    first = ask(client, SOFT_BODY)
    html = html_of(first)
    assert first.status_code == 422
    assert "Controleer mogelijke persoonsgegevens" in html
    assert "Naam in je casus: “Jansen”" in html
    assert "mogelijk persoonsgegeven: </span>Jansen</mark>" in html
    keys = re.findall(r'name="privacy_confirm" value="([^"]+)"', html)
    assert keys == [NAME_KEY]
    assert "Dit is geen herleidbaar persoonsgegeven" in html
    assert count(Post) == 0

    second = ask(client, SOFT_BODY, privacy_confirm=keys)
    assert second.status_code == 302
    question = db.session.scalar(select(Post))
    assert question.revisions[0].confirmed_findings == [
        {"field": "body", "kind": "name", "text": "Jansen"}
    ]


def test_confirmation_does_not_carry_over_to_rewritten_text(client, member, topic):
    keys = [NAME_KEY]
    rewritten = SOFT_BODY.replace("Mevrouw Jansen", "Mevrouw De Vries")
    response = ask(client, rewritten, privacy_confirm=keys)
    assert response.status_code == 422
    assert "De Vries" in html_of(response)
    assert count(Post) == 0


def test_confirmed_soft_finding_stays_ticked_while_a_hard_one_remains(client, member, topic):
    body = SOFT_BODY + f"\n\nBereikbaar via {EMAIL}."
    response = ask(client, body, privacy_confirm=[NAME_KEY])
    html = html_of(response)
    assert response.status_code == 422
    assert f'value="{NAME_KEY}" id="privacy-confirm-1" checked' in html
    assert "E-mailadres in je casus" in html


def test_finding_in_the_title_points_to_the_title(client, member, topic):
    response = ask(
        client,
        SOFT_BODY.replace("Mevrouw Jansen", "De klant"),
        title=f"Vraag over BSN {BSN} en de norm",
    )
    html = html_of(response)
    assert response.status_code == 422
    assert f'<a href="#pg-title-0">BSN in titel van je vraag: “{BSN}”</a>' in html


def test_preview_shows_findings_without_blocking_or_storing(client, member, topic):
    response = ask(client, SOFT_BODY, preview="Voorbeeld bekijken")
    html = html_of(response)
    assert response.status_code == 200
    assert "Mogelijke persoonsgegevens in je concept" in html
    assert count(Post) == 0


def test_answer_with_an_email_address_is_refused_and_kept(client, member, caplog):
    caplog.set_level(logging.DEBUG)
    question = make_question()
    body = f"Mail de klant gewoon even op {EMAIL} over de regeling."
    response = client.post_form(f"/vragen/{question.id}/antwoorden", {"body": body})
    html = html_of(response)
    assert response.status_code == 422
    assert f"E-mailadres in je antwoord: “{EMAIL}”" in html
    assert f"\n{body}</textarea>" in html
    assert count(Post, Post.type == PostType.ANSWER) == 0
    assert EMAIL not in caplog.text


def test_comment_with_a_bsn_is_refused_and_kept(client, member, caplog):
    caplog.set_level(logging.DEBUG)
    answer = make_answer(make_question())
    body = f"Check BSN {BSN} even in Suwinet."
    response = client.post_form(f"/berichten/{answer.id}/reacties", {"body": body})
    html = html_of(response)
    assert response.status_code == 422
    assert f"BSN in reactie: “{BSN}”" in html
    assert f'id="reactie-veld-{answer.id}"' in html
    assert body in html
    assert count(Comment) == 0
    assert BSN not in caplog.text


def test_edit_with_personal_data_changes_nothing(client, member, caplog):
    caplog.set_level(logging.DEBUG)
    answer = make_answer(make_question(), member)
    body = answer.body_markdown + f" Haar e-mailadres is {EMAIL}."
    response = client.post_form(
        f"/berichten/{answer.id}/bewerken", {"body": body, "summary": "Aanvulling"}
    )
    assert response.status_code == 422
    assert EMAIL in html_of(response)
    db.session.refresh(answer)
    assert answer.revision_count == 1
    assert EMAIL not in answer.body_markdown
    assert count(Revision) == 2  # the question's and the answer's first revisions
    assert EMAIL not in caplog.text


def test_marks_escape_the_surrounding_text(client, member, topic):
    body = f"## Situatie\n<b>vet</b> en BSN {BSN} <script>x</script>\n\n## Mijn vraag\nWat nu?"
    html = html_of(ask(client, body))
    source = html.split('<div class="privacy-source">', 1)[1].split("</div>", 1)[0]
    assert "&lt;b&gt;vet&lt;/b&gt;" in source
    assert "&lt;script&gt;" in source
    assert "<b>" not in source


# --- the live check ---


def scan(client, payload, token=True):
    headers = {"X-CSRFToken": client.csrf_token()} if token else {}
    return client.post("/privacy/scan", json=payload, headers=headers)


def test_live_scan_returns_findings_with_dutch_labels(client, member):
    response = scan(client, {"fields": {"title": "Gewone titel", "body": f"BSN {BSN}"}})
    assert response.status_code == 200
    [finding] = response.get_json()["findings"]
    assert finding["field"] == "body"
    assert finding["kind"] == "bsn"
    assert finding["label"] == "BSN"
    assert finding["severity"] == "hard"
    assert finding["text"] == BSN
    assert finding["key"] == "body:bsn:4:13"
    assert finding["suggestion"]


def test_live_scan_accepts_a_single_text_and_clean_text(client, member):
    assert scan(client, {"text": "Niets bijzonders hier."}).get_json() == {"findings": []}


@pytest.mark.parametrize(
    "payload",
    [["geen", "object"], {"fields": "tekst"}, {"fields": {"body": 5}}, {"andere": "sleutel"}],
)
def test_live_scan_refuses_malformed_requests(client, member, payload):
    response = scan(client, payload)
    assert response.status_code == 400
    assert "error" in response.get_json()


def test_live_scan_refuses_huge_texts_clearly(client, member):
    response = scan(client, {"text": "a " * 30_000})
    assert response.status_code == 413
    assert "te lang" in response.get_json()["error"]["message"]


def test_live_scan_needs_csrf_and_a_login(client, auth):
    user = make_user()
    auth.login_as(user)
    assert scan(client, {"text": "x"}, token=False).status_code == 400
    auth.logout()
    response = client.post("/privacy/scan", json={"text": "x"})
    assert response.status_code in (302, 400)


def test_live_scan_logs_no_text(client, member, caplog):
    caplog.set_level(logging.DEBUG)
    scan(client, {"text": f"BSN {BSN} en {EMAIL}"})
    assert BSN not in caplog.text
    assert EMAIL not in caplog.text


def test_forms_opt_in_to_the_live_check(client, member, topic):
    html = html_of(client.get("/vragen/stellen"))
    assert 'data-privacy-field="title"' in html
    assert 'data-privacy-field="body"' in html
    assert 'data-privacy-url="/privacy/scan"' in html
    assert 'src="/static/js/privacy.js"' in html
    assert '<meta name="csrf-token"' in html
