"""Moderators' texts (thesaurus entries, topics) go through the same gate: nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kenme.extensions import db
from kenme.models import Role, Topic
from kenme.models.search import SynonymGroupRecord
from tests.factories import make_user

BSN_ENTITIES = "&#49;&#49;&#49;&#50;&#50;&#50;&#51;&#51;&#51;"


@pytest.fixture
def moderator(auth):
    user = make_user(role=Role.MODERATOR, display_name="Mo Derator")
    auth.login_as(user)
    return user


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("field", "value"),
    [("note", f"zoals bij BSN {BSN_ENTITIES}"), ("terms", "bijstandsnummer, NL91ABNA0417164300")],
)
def test_a_thesaurus_entry_with_an_identifier_is_refused(client, moderator, field, value):
    before = count(SynonymGroupRecord)
    data = {"canonical": "wachtlijstbemiddeling", "terms": "wlb", "kind": "S", field: value}
    response = client.post_form("/moderatie/thesaurus", data)
    assert 400 <= response.status_code < 500
    assert "persoonsgegevens van een klant" in response.get_data(as_text=True)
    assert count(SynonymGroupRecord) == before


def test_a_topic_with_an_identifier_is_refused(client, moderator):
    response = client.post_form(
        "/onderwerpen/nieuw",
        {
            "name": "Bijzondere bijstand",
            "slug": "bijzondere-bijstand",
            "description": "Bel 06\u200b-\u200b12345678 voor de casus.",
            "legal_basis": "Pw art. 35",
        },
    )
    assert 400 <= response.status_code < 500
    assert count(Topic) == 0
