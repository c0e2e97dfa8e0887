"""Fields without a confirmation step (profile at registration, token name, edit summary):
a hard identifier is refused at the field, the form keeps the author's text and marks the
span with a Dutch message, nothing is stored, and no log line holds the identifier."""

from __future__ import annotations

import html as html_lib
import logging
import re

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import ApiToken, Revision, User
from tests.factories import make_answer, make_question

# A BSN as HTML entities, an IBAN with dots, a phone number over a line break: the normal
# form sees each; the form must give back exactly what the author typed.
BSN_ENTITIES = "&#49;&#49;&#49;&#50;&#50;&#50;&#51;&#51;&#51;"
IBAN_DOTS = "NL91.ABNA.0417.1643.00"
PHONE_SPLIT = "06\n12345678"
SECRETS = ("111222333", "0417164300", "0417.1643", "12345678", BSN_ENTITIES, IBAN_DOTS)
MESSAGE = "Dit veld bevat persoonsgegevens van een klant"

REGISTRATION = {
    "display_name": "Petra K",
    "email": "petra@gemeente-testdam.nl",
    "organisation": "Gemeente Testdam",
    "function": "Inkomensconsulent",
    "password": "zomer-bij-de-sociale-dienst",
    "password_confirm": "zomer-bij-de-sociale-dienst",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def marks(page: str) -> list[str]:
    """The text inside each privacy highlight, hidden label removed, entities decoded once."""
    found = re.findall(
        r'<mark id="pg-[^"]+"[^>]*class="privacy-mark privacy-hard">(.*?)</mark>', page, re.S
    )
    return [
        html_lib.unescape(re.sub(r'<span class="visually-hidden">.*?</span>', "", m)) for m in found
    ]


def assert_no_log_holds_an_identifier(caplog) -> None:
    for record in caplog.records:
        line = record.getMessage()
        assert not any(secret in line for secret in SECRETS), line


@pytest.mark.parametrize(
    ("field", "value", "identifier"),
    [
        ("display_name", f"Petra {BSN_ENTITIES}", BSN_ENTITIES),
        ("organisation", f"Gemeente Testdam {IBAN_DOTS}", IBAN_DOTS),
        ("function", f"consulent, bel {PHONE_SPLIT}", PHONE_SPLIT),
    ],
)
def test_registration_keeps_the_text_and_marks_the_identifier(
    client, caplog, field, value, identifier
):
    caplog.set_level(logging.DEBUG)
    response = client.post_form("/registreren", {**REGISTRATION, field: value}, page="/registreren")
    page = response.get_data(as_text=True)
    assert MESSAGE in page
    assert "Haal de persoonsgegevens van de klant weg" in page
    assert marks(page) == [identifier]
    assert html_lib.escape(value) in page  # the author's text stays in the field
    assert count(User) == 0
    assert_no_log_holds_an_identifier(caplog)


def test_registration_with_a_name_only_is_no_refusal(client):
    response = client.post_form(
        "/registreren", {**REGISTRATION, "display_name": "Petra de Vries"}, page="/registreren"
    )
    assert MESSAGE not in response.get_data(as_text=True)
    assert count(User) == 1


def test_token_name_keeps_the_text_and_marks_the_identifier(client, member, caplog):
    caplog.set_level(logging.DEBUG)
    value = f"sleutel {IBAN_DOTS}"
    response = client.post_form("/profiel/tokens", {"name": value})
    page = response.get_data(as_text=True)
    assert MESSAGE in page
    assert marks(page) == [IBAN_DOTS]
    assert f'value="{value}"' in page
    assert count(ApiToken) == 0
    assert_no_log_holds_an_identifier(caplog)


def test_edit_summary_keeps_the_text_and_marks_the_identifier(client, member, caplog):
    caplog.set_level(logging.DEBUG)
    answer = make_answer(make_question(), member)
    summary = f"BSN {BSN_ENTITIES} weggehaald"
    body = answer.body_markdown + "\n\nAangevuld met de uitspraak."
    response = client.post_form(
        f"/berichten/{answer.id}/bewerken", {"body": body, "summary": summary}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert MESSAGE in page
    assert marks(page) == [BSN_ENTITIES]
    assert html_lib.escape(summary) in page
    assert "Aangevuld met de uitspraak." in page  # the body is kept too
    db.session.refresh(answer)
    assert answer.revision_count == 1
    assert count(Revision) == 2  # the question's and the answer's first revisions
    assert_no_log_holds_an_identifier(caplog)
