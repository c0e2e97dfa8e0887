"""Fields without a confirmation step refuse hard identifiers: form and API, nothing stored."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import ApiToken, Revision, User
from tests.api.conftest import QUESTION_BODY

# A BSN written as entities and an IBAN with dots: the normal form sees both.
BSN_ENTITIES = "&#49;&#49;&#49;&#50;&#50;&#50;&#51;&#51;&#51;"
IBAN_DOTS = "NL91.ABNA.0417.1643.00"

FORM = {
    "display_name": "Petra K",
    "email": "petra@gemeente-testdam.nl",
    "organisation": "Gemeente Testdam",
    "function": "Inkomensconsulent",
    "password": "zomer-bij-de-sociale-dienst",
    "password_confirm": "zomer-bij-de-sociale-dienst",
}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", f"Petra {BSN_ENTITIES}"),
        ("organisation", f"Gemeente Testdam {IBAN_DOTS}"),
        ("function", "consulent, bel 06\n12345678"),
    ],
)
def test_registration_refuses_identifiers_in_profile_fields(client, field, value):
    response = client.post_form("/registreren", {**FORM, field: value}, page="/registreren")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "persoonsgegevens van een klant" in html
    assert 'value="zomer' not in html
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_token_name_with_an_identifier_is_refused_in_the_form(client, auth, member):
    auth.login_as(member)
    response = client.post_form("/profiel/tokens", {"name": f"sleutel {IBAN_DOTS}"})
    assert "persoonsgegevens van een klant" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(ApiToken)) == 0


def test_edit_summary_with_an_identifier_is_refused_by_the_api(api_as, member, ask, caplog):
    caplog.set_level(logging.DEBUG)
    question = ask(member)
    response = api_as(member).patch(
        f"/questions/{question.id}",
        {"body": QUESTION_BODY + "\n\nAangevuld.", "edit_summary": f"BSN {BSN_ENTITIES} weg"},
    )
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "personal_data"
    findings = error["details"]["findings"]
    assert [(f["kind"], f["field"]) for f in findings] == [("bsn", "edit_summary")]
    assert "text" not in findings[0]
    assert "edit_summary" in error["details"]["fields"]
    assert "111222333" not in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Revision)) == 1
    assert [f["start"] for f in findings] == [4]  # the span in the author's own text
    assert findings[0]["suggestion"]
    assert not [
        r for r in caplog.records if "111222333" in r.getMessage() or "&#49;" in r.getMessage()
    ]


@pytest.mark.parametrize("query", [f"BSN {BSN_ENTITIES}", "klant 111 222\n333", IBAN_DOTS])
def test_a_search_for_an_identifier_is_not_run_and_says_why(client, auth, member, query):
    auth.login_as(member)
    response = client.get("/zoeken", query_string={"q": query})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "We hebben niet gezocht" in html
    assert "111222333" not in html and "0417" not in html and "&amp;#49;" not in html


def test_the_api_refuses_search_and_suggest_for_an_identifier(api_as, member):
    api = api_as(member)
    searched = api.get("/search", query_string={"q": "bsn 111222333"})
    assert searched.status_code == 422
    assert searched.json["error"]["code"] == "personal_data"
    assert "We hebben niet gezocht" in searched.json["error"]["message"]
    suggested = api.get("/search/suggest", query_string={"title": "klant 06-12345678 belt"})
    assert suggested.status_code == 422
    assert [f["field"] for f in suggested.json["error"]["details"]["findings"]] == ["title"]
    assert "12345678" not in suggested.get_data(as_text=True)
    assert api.get("/search", query_string={"q": "kostendelersnorm"}).status_code == 200


def test_similar_questions_are_not_looked_up_for_a_title_with_an_identifier(client, auth, member):
    auth.login_as(member)
    token = client.csrf_token("/vragen/stellen")
    response = client.post(
        "/vragen/vergelijkbaar",
        json={"title": f"Klant met BSN {BSN_ENTITIES}"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    assert response.json["questions"] == []
    assert "We hebben niet gezocht" in response.json["notice"]
