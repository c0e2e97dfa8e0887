"""Every error under /api/v1 is the documented JSON object with a Dutch message."""

from __future__ import annotations

import pytest

from kenme.api import meta
from tests.api.conftest import API


def _assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert error["code"] == code
    assert error["message"] and isinstance(error["details"], dict)
    return error


def test_unknown_path_is_json_404(api_as, member):
    _assert_error(api_as(member).get("/bestaat-niet"), 404, "not_found")


def test_unknown_path_without_token_is_json_404(anonymous_api, app):
    _assert_error(anonymous_api.get("/bestaat-niet"), 404, "not_found")


def test_wrong_method_is_json_405(api_as, member):
    response = api_as(member).open("PUT", "/questions")
    _assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


def test_web_pages_keep_their_html_errors(client, app):
    response = client.get("/bestaat-niet-als-pagina")
    assert response.status_code in (302, 404)
    assert response.mimetype == "text/html"


def test_body_over_100_kb_is_413(api_as, member):
    response = api_as(member).post("/privacy/scan", {"text": "a" * (101 * 1024)})
    _assert_error(response, 413, "payload_too_large")


def test_invalid_json_is_a_validation_error(api_as, member):
    response = api_as(member).open(
        "POST", "/privacy/scan", data="{niet: json", content_type="application/json"
    )
    error = _assert_error(response, 400, "validation_error")
    assert "body" in error["details"]["fields"]


def test_json_that_is_not_an_object_is_a_validation_error(api_as, member):
    response = api_as(member).post("/privacy/scan", ["tekst"])
    _assert_error(response, 400, "validation_error")


def test_form_body_is_unsupported_media_type(api_as, member):
    response = api_as(member).open("POST", "/privacy/scan", data={"text": "hallo"})
    _assert_error(response, 415, "unsupported_media_type")


def test_unknown_field_is_named_in_details(api_as, member):
    response = api_as(member).post("/privacy/scan", {"text": "hallo", "tekst": "hallo"})
    error = _assert_error(response, 400, "validation_error")
    assert error["details"]["fields"] == {"tekst": "Onbekend veld."}


def test_missing_and_mistyped_fields_are_named(api_as, member):
    error = _assert_error(api_as(member).post("/privacy/scan", {}), 400, "validation_error")
    assert error["details"]["fields"] == {"text": "Dit veld is verplicht."}
    error = _assert_error(
        api_as(member).post("/privacy/scan", {"text": 5}), 400, "validation_error"
    )
    assert error["details"]["fields"] == {"text": "Moet tekst zijn."}


def test_token_requests_need_no_csrf_token_while_csrf_is_on(app, api_as, member):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    assert api_as(member).post("/privacy/scan", {"text": "Goedemorgen"}).status_code == 200


@pytest.mark.app_config(
    RATELIMIT_ENABLED=True, API_RATE_LIMIT_READ="2/minute", API_RATE_LIMIT_WRITE="1/minute"
)
def test_rate_limits_per_token_for_reads_and_writes(api_as, member, other_member):
    api = api_as(member)
    assert api.get("/me").status_code == 200
    assert api.get("/topics").status_code == 200
    limited = api.get("/me")
    _assert_error(limited, 429, "rate_limited")
    assert int(limited.headers["Retry-After"]) > 0
    # Writes have their own budget, and another token its own.
    assert api.post("/privacy/scan", {"text": "Goedemorgen"}).status_code == 200
    _assert_error(api.post("/privacy/scan", {"text": "Goedemorgen"}), 429, "rate_limited")
    assert api_as(other_member).get("/me").status_code == 200


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
def test_unexpected_error_is_json_500(api_as, member, monkeypatch):
    from tests.factories import make_topic_row

    def broken(_topic):
        raise RuntimeError("stuk")

    make_topic_row("kostendelersnorm")
    monkeypatch.setattr(meta, "topic_out", broken)
    error = _assert_error(api_as(member).get("/topics"), 500, "server_error")
    assert "stuk" not in error["message"]


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
def test_health_never_fails_itself(anonymous_api, monkeypatch):
    def broken():
        raise RuntimeError("stuk")

    monkeypatch.setattr(meta, "search_health", broken)
    response = anonymous_api.get("/health")
    assert response.status_code == 200 and response.json["status"] == "degraded"
    assert response.json["search"] == {"engine": "embedded", "status": "error", "pending_outbox": 0}


def test_errors_are_not_cached(anonymous_api, app):
    response = anonymous_api.get("/me")
    assert response.headers["Cache-Control"] == "no-store"


def test_api_is_not_redirected_to_login(client, app):
    response = client.get(f"{API}/questions")
    assert response.status_code == 401


@pytest.mark.app_config(PROPAGATE_EXCEPTIONS=False)
def test_response_that_breaks_its_schema_is_json_500(api_as, member, monkeypatch):
    from kenme.api import account

    monkeypatch.setattr(account, "user_out", lambda user: {"naam": "zonder display_name"})
    _assert_error(api_as(member).get("/me"), 500, "server_error")


def test_ids_beyond_32_bits_are_not_found(api_as, member):
    _assert_error(api_as(member).get("/questions/99999999999"), 404, "not_found")


def test_text_with_nul_characters_is_refused(api_as, member):
    error = _assert_error(
        api_as(member).post("/privacy/scan", {"text": "a\u0000b"}), 400, "validation_error"
    )
    assert "text" in error["details"]["fields"]
    query = api_as(member).get("/questions?topic=a%00b")
    assert query.status_code == 400


def test_csrf_failure_under_the_api_is_json(app):
    from flask_wtf.csrf import CSRFError

    from kenme.api.errors import handle_http_exception

    with app.test_request_context(f"{API}/questions", method="POST"):
        response = handle_http_exception(CSRFError("The CSRF token is missing."))
    assert response.status_code == 400
    assert response.json["error"]["code"] == "csrf_failed"
