"""Generated identifiers through every field of the HTML forms and the API; afterwards the
database (every table, the search tables included, and the SQLite file itself) and the app's
log hold none of them.

Each family gets its identifier written in a random combination of obfuscations
(benchmarks/identifiers.py), seeded per family so a failure can be replayed.
"""

from __future__ import annotations

import logging
import random
import re
from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from benchmarks.identifiers import FAMILIES, combination, generate
from kenme.extensions import db
from tests.api.conftest import ANSWER_BODY, QUESTION_BODY, QUESTION_TITLE

CASES_PER_FAMILY = 2


def _needles(value: str) -> set[str]:
    """The forms an identifier could be stored in: as generated, compact, digits only."""
    compact = re.sub(r"[\s./-]", "", value)
    needles = {value.lower(), compact.lower()}
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) >= 6:
        needles.add(digits)
    if "@" in value:
        needles.add(value.split("@")[0].lower())
    return {n for n in needles if len(n) >= 5}


def _database_text() -> str:
    """Every row of every table (search tables and their shadows included), as lower text."""
    db.session.commit()
    parts = []
    with db.engine.connect() as connection:
        for table in inspect(connection).get_table_names():
            rows = connection.execute(text(f'SELECT * FROM "{table}"')).fetchall()  # noqa: S608
            parts.append(repr(rows))
    return "\n".join(parts).lower()


def _database_file_bytes(app) -> bytes:
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        return b""
    db.session.commit()
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(uri.removeprefix("sqlite:///"))
    data = path.read_bytes()
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-journal")):
        if extra.exists():
            data += extra.read_bytes()
    return data.lower()


def _through_every_field(client, auth, api, member, question, written: str) -> list[int]:
    """Send the written identifier through each form and API field; return the statuses."""
    sentence = f"De klant noemde {written} bij de intake."
    auth.login_as(member)
    statuses = []
    page = client.post_form(
        "/vragen/stellen",
        {"title": f"Vraag over {written}", "body": QUESTION_BODY, "topics": ["kostendelersnorm"]},
        page="/vragen/stellen",
    )
    statuses.append(page.status_code)
    statuses.append(
        client.post_form(
            "/vragen/stellen",
            {"title": QUESTION_TITLE, "body": QUESTION_BODY + "\n\n" + sentence,
             "topics": ["kostendelersnorm"]},
            page="/vragen/stellen",
        ).status_code
    )  # fmt: skip
    statuses.append(
        client.post_form(
            f"/vragen/{question.id}/antwoorden", {"body": ANSWER_BODY + sentence}
        ).status_code
    )
    statuses.append(
        client.post_form(f"/berichten/{question.id}/reacties", {"body": sentence}).status_code
    )
    statuses.append(
        client.post_form(
            f"/berichten/{question.id}/bewerken",
            {"title": question.title, "body": QUESTION_BODY + " Aangevuld.", "summary": sentence,
             "topics": ["kostendelersnorm"]},
        ).status_code
    )  # fmt: skip
    statuses.append(client.post_form("/profiel/tokens", {"name": written[:80]}).status_code)
    statuses.append(client.get("/zoeken", query_string={"q": written}).status_code)
    statuses.append(
        api.post(
            "/questions",
            {"title": QUESTION_TITLE, "body": QUESTION_BODY + sentence,
             "topics": ["kostendelersnorm"]},
        ).status_code
    )  # fmt: skip
    statuses.append(
        api.post(f"/questions/{question.id}/answers", {"body": ANSWER_BODY + sentence}).status_code
    )
    statuses.append(
        api.patch(
            f"/questions/{question.id}",
            {"body": QUESTION_BODY + " Nog iets.", "edit_summary": sentence},
        ).status_code
    )
    statuses.append(api.post(f"/posts/{question.id}/comments", {"body": sentence}).status_code)
    statuses.append(
        api.post("/flags", {"post_id": question.id, "reason": "spam", "note": sentence}).status_code
    )
    statuses.append(api.get("/search", query_string={"q": written}).status_code)
    statuses.append(api.get("/search/suggest", query_string={"title": written}).status_code)
    auth.logout()
    registration = {
        "display_name": f"Petra {written}"[:80], "email": "petra@gemeente-testdam.nl",
        "organisation": "Gemeente Testdam", "function": sentence[:120],
        "password": "zomer-bij-de-sociale-dienst",
        "password_confirm": "zomer-bij-de-sociale-dienst",
    }  # fmt: skip
    statuses.append(client.post_form("/registreren", registration, page="/registreren").status_code)
    return statuses


@pytest.mark.parametrize("family", list(FAMILIES))
def test_generated_identifiers_never_reach_the_database_or_the_log(
    app, client, auth, api_as, member, ask, family, caplog
):
    caplog.set_level(logging.DEBUG)
    question = ask(member)
    api = api_as(member)
    rng = random.Random(f"e2e-{family}")
    needles: set[str] = set()
    for _ in range(CASES_PER_FAMILY):
        _text, start, end, value = generate(family, combination(family, rng), rng)
        written = _text[start:end]
        needles |= _needles(value)
        statuses = _through_every_field(client, auth, api, member, question, written)
        assert 500 not in statuses, statuses
    stored = _database_text()
    stored_file = _database_file_bytes(app)
    logged = caplog.text.lower()
    for needle in sorted(needles):
        assert needle not in stored, f"{needle!r} stored in a table"
        assert needle.encode() not in stored_file, f"{needle!r} in the SQLite file"
        assert needle not in logged, f"{needle!r} in the log"


def test_the_same_paths_store_clean_text(app, client, auth, api_as, member, ask):
    """The control: a harmless word sent the same way is stored, so the paths above write."""
    question = ask(member)
    statuses = _through_every_field(
        client, auth, api_as(member), member, question, "zonnebloemveld"
    )
    assert 500 not in statuses
    stored = _database_text()
    assert stored.count("zonnebloemveld") >= 8, statuses  # title, bodies, summary, token, ...
