"""GET /leden/namen: the names behind the @mention type-ahead (static/js/mentions.js).

Login required, rate-limited per member, names only: nothing else about a member leaves.
"""

from __future__ import annotations

import pytest

from kenme.extensions import db
from kenme.models.types import utcnow
from tests.factories import make_user


def names(client, begin: str):
    response = client.get("/leden/namen", query_string={"begin": begin})
    return response.status_code, response.get_json()


def test_names_that_start_with_the_prefix_and_nothing_else(client, member):
    make_user(display_name="Ilse de Vries", organisation="Gemeente Geheimdam")
    make_user(display_name="Ilse Jansen")
    make_user(display_name="Ilse de Vries")  # a name two members share: listed once
    make_user(display_name="Ilse Onbevestigd", verified=False)
    make_user(display_name="Ilse Wacht", approved=False)
    gone = make_user(display_name="Ilse Vertrokken")
    gone.deleted_at = utcnow()
    db.session.commit()
    make_user(display_name="Iris Bakker")
    status, body = names(client, "ilse")
    assert status == 200
    assert body == {"names": ["Ilse de Vries", "Ilse Jansen"]}  # name order, names only
    assert names(client, "ILSE DE")[1] == {"names": ["Ilse de Vries"]}
    assert names(client, "I")[1] == {"names": []}  # two characters at least
    assert names(client, "%")[1] == {"names": []}  # LIKE's wildcards are plain text
    assert names(client, "Il_e")[1] == {"names": []}
    response = client.get("/leden/namen?begin=Ilse")
    assert response.headers["Cache-Control"] == "private, no-store"
    assert "Geheimdam" not in response.get_data(as_text=True)


def test_names_need_a_login(client):
    make_user(display_name="Ilse de Vries")
    response = client.get("/leden/namen?begin=Ilse")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")
    assert "Ilse de Vries" not in response.get_data(as_text=True)


@pytest.mark.app_config(RATELIMIT_ENABLED=True, MENTION_NAMES_RATE_LIMIT="3/minute")
def test_names_are_rate_limited_per_member(app, client, member):
    make_user(display_name="Ilse de Vries")
    statuses = [names(client, "Ilse")[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
