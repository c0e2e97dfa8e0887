"""Health, the OpenAPI document, topics and the privacy scan."""

from __future__ import annotations

from tests.factories import make_topic_row


def test_health_needs_no_token(anonymous_api, app):
    response = anonymous_api.get("/health")
    assert response.status_code == 200
    assert response.json == {
        "status": "ok",
        "database": "ok",
        "search": {"engine": "embedded", "status": "ok", "pending_outbox": 0},
        "rate_limit": {"storage": "memory", "status": "ok"},
        "mail_outbox": {"status": "ok", "pending": 0, "failed": 0},
    }


def test_openapi_document_is_3_1_and_describes_the_api(anonymous_api, app):
    response = anonymous_api.get("/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    paths = document["paths"]
    for path in (
        "/api/v1/questions",
        "/api/v1/questions/{question_id}",
        "/api/v1/me",
        "/api/v1/posts/{post_id}/votes",
        "/api/v1/privacy/scan",
        "/api/v1/health",
    ):
        assert path in paths
    create = paths["/api/v1/questions"]["post"]
    assert {"201", "400", "401", "422", "429"} <= set(create["responses"])
    schema = document["components"]["schemas"]["QuestionCreate"]
    assert schema["additionalProperties"] is False
    assert "kostendelersnorm" in schema["properties"]["title"]["examples"][0]
    assert paths["/api/v1/health"]["get"]["security"] == []
    per_page = next(
        p for p in paths["/api/v1/questions"]["get"]["parameters"] if p["name"] == "per_page"
    )
    assert per_page["schema"]["maximum"] == 100


def test_topics_are_listed_by_name(api_as, member):
    make_topic_row("kostendelersnorm", "Kostendelersnorm")
    make_topic_row("bijzondere-bijstand", "Bijzondere bijstand")
    items = api_as(member).get("/topics").json["items"]
    assert [t["slug"] for t in items] == ["bijzondere-bijstand", "kostendelersnorm"]
    assert set(items[0]) == {"slug", "name", "description", "question_count"}


def test_privacy_scan_returns_findings_and_stores_nothing(api_as, member):
    text = "Mevrouw Jansen heeft BSN 111222333."
    response = api_as(member).post("/privacy/scan", {"text": text})
    assert response.status_code == 200
    findings = response.json["findings"]
    bsn = next(f for f in findings if f["kind"] == "bsn")
    assert bsn["severity"] == "hard"
    assert text[bsn["start"] : bsn["end"]] == bsn["text"]
    assert bsn["suggestion"]


def test_privacy_scan_of_clean_text_finds_nothing(api_as, member):
    response = api_as(member).post("/privacy/scan", {"text": "Hoe pas je de kostendelersnorm toe?"})
    assert response.json == {"findings": []}
