"""Each dependency away, for real: a dead port or a read-only database, never a mock.

The answer is a clear 503 with Retry-After (a Dutch page, or the API's JSON error), never a
traceback; rate limiting falls back to memory; /api/v1/health says what is wrong and never
fails itself; `search status` exits non-zero.
"""

from __future__ import annotations

import logging
import re
import socket

import pytest
from flask.testing import FlaskClient

from kenme import create_app
from kenme.extensions import db
from kenme.services import posting, tokens
from tests.conftest import base_config
from tests.factories import make_topic_row, make_user

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
BODY = "## Situatie\nDe klant woont samen met haar zoon van eind twintig. Hoe zit dat?"


_made: list = []


@pytest.fixture(autouse=True)
def _close_made_apps():
    """Close the connections of the apps a test made itself (no warnings in later tests)."""
    yield
    while _made:
        with _made.pop().app_context():
            db.session.remove()
            db.engine.dispose()


def made(config):
    app = create_app(config)
    _made.append(app)
    return app


def dead_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def plain_client(app) -> FlaskClient:
    app.test_client_class = FlaskClient
    return app.test_client()


def login_post(client):
    page = client.get("/inloggen")
    token = CSRF.search(page.get_data(as_text=True))
    data = {"email": "lid@gemeente.nl", "password": "lange-testzin-voor-kenme"}
    if token:
        data["csrf_token"] = token.group(1)
    return client.post("/inloggen", data=data)


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    html = response.get_data(as_text=True)
    assert 'lang="nl"' in html and "opnieuw" in html and "Traceback" not in html


def assert_unavailable_json(response, code="unavailable"):
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert response.json["error"]["code"] == code


def down_url(kind: str, tmp_path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path}/weg/bestaat-niet/kenme.sqlite3"
    return f"postgresql+psycopg://postgres@127.0.0.1:{dead_port()}/kenme"


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_database_down_gives_503_pages_and_json_and_health_still_answers(kind, tmp_path):
    config = base_config(tmp_path, down_url(kind, tmp_path))
    config["PROPAGATE_EXCEPTIONS"] = False
    app = made(config)
    client = plain_client(app)
    # Visitors are sent to the login page (that needs no database); logging in does.
    assert client.get("/vragen/1").status_code == 302
    assert client.get("/inloggen").status_code == 200
    assert_unavailable_page(login_post(client))
    bearer = {"Authorization": "Bearer kenme_dit-is-een-sleutel"}
    assert_unavailable_json(client.get("/api/v1/questions", headers=bearer))
    for headers in ({}, bearer):
        health = client.get("/api/v1/health", headers=headers)
        assert health.status_code == 503
        assert health.json["database"] == "error" and health.json["status"] == "degraded"
        assert set(health.json) >= {"search", "rate_limit", "mail_outbox"}


def read_only_app(database_url: str, tmp_path):
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        config = base_config(tmp_path, f"sqlite:///file:{path}?mode=ro&uri=true")
    else:
        config = base_config(tmp_path, database_url)
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            "connect_args": {"options": "-c default_transaction_read_only=on"}
        }
    config["PROPAGATE_EXCEPTIONS"] = False
    return made(config)


def test_read_only_database_reads_work_and_writes_get_503(app, database_url, tmp_path):
    topic = make_topic_row("kostendelersnorm")
    member = make_user(email="lid@gemeente.nl")
    question = posting.ask_question(
        db.session,
        member,
        title="Telt een inwonende zoon mee?",
        body=BODY,
        topic_slugs=[topic.slug],
    )
    _token, plain = tokens.create_token(db.session, member, "test")
    db.session.commit()
    qid = question.id
    api = {"Authorization": f"Bearer {plain}"}
    client = plain_client(app)
    assert client.get("/api/v1/questions", headers=api).status_code == 200  # last_used_at set

    read_only = read_only_app(database_url, tmp_path)
    client = plain_client(read_only)
    assert client.get(f"/api/v1/questions/{qid}", headers=api).status_code == 200
    answer = {"body": "Volgens mij telt hij mee zodra hij 27 is; kijk ook naar de wet."}
    response = client.post(f"/api/v1/questions/{qid}/answers", json=answer, headers=api)
    assert_unavailable_json(response)
    assert "alleen lezen" in response.json["error"]["message"]
    assert_unavailable_page(login_post(client))
    health = client.get("/api/v1/health")
    assert (health.status_code, health.json["database"], health.json["status"]) == (
        200,
        "read-only",
        "degraded",
    )
    db.session.expire_all()
    assert db.session.get(type(question), qid).answer_count == 0


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True,
    RATELIMIT_STORAGE_URI=f"redis://127.0.0.1:{dead_port()}/0",
    API_RATE_LIMIT_READ="3/minute",
    PROPAGATE_EXCEPTIONS=False,
)
def test_redis_down_limits_in_memory_and_says_so(app, client, caplog):
    member = make_user(email="lid@gemeente.nl")
    _token, plain = tokens.create_token(db.session, member, "test")
    db.session.commit()
    api = {"Authorization": f"Bearer {plain}"}
    with caplog.at_level(logging.WARNING):
        statuses = [client.get("/api/v1/me", headers=api).status_code for _ in range(4)]
        health = client.get("/api/v1/health")
    assert statuses == [200, 200, 200, 429]  # still limited, per process
    assert health.status_code == 200
    assert health.json["rate_limit"] == {"storage": "redis", "status": "fallback"}
    assert health.json["status"] == "degraded"
    assert any(
        "in-memory" in r.getMessage() or "per process" in r.getMessage() for r in caplog.records
    )
    assert login_post(plain_client(app)).status_code in (200, 302)


@pytest.mark.app_config(
    MEILISEARCH_URL=f"http://127.0.0.1:{dead_port()}", PROPAGATE_EXCEPTIONS=False
)
def test_meilisearch_down_api_search_503_posting_works_status_fails(app, client, auth, runner):
    topic = make_topic_row("kostendelersnorm")
    member = make_user(email="lid@gemeente.nl")
    _token, plain = tokens.create_token(db.session, member, "test")
    db.session.commit()
    api = {"Authorization": f"Bearer {plain}"}
    assert_unavailable_json(
        client.get("/api/v1/search?q=kostendelersnorm", headers=api), "search_unavailable"
    )
    created = client.post(
        "/api/v1/questions",
        json={"title": "Telt een inwonende zoon mee?", "body": BODY, "topics": [topic.slug]},
        headers=api,
    )
    assert created.status_code == 201  # through the outbox, as before
    auth.login_as(member)
    page = client.get("/zoeken?q=kostendelersnorm")
    assert page.status_code == 503 and int(page.headers["Retry-After"]) > 0
    health = client.get("/api/v1/health")
    assert health.status_code == 200 and health.json["search"]["status"] == "degraded"
    status = runner.invoke(args=["search", "status"])
    assert status.exit_code == 1 and '"degraded"' in status.output
