"""One error shape for all of /api/v1: {"error": {"code", "message", "details"}}."""

from __future__ import annotations

import logging

from flask import Response, jsonify, request
from flask_wtf.csrf import CSRFError
from pydantic import ValidationError
from werkzeug.exceptions import HTTPException, InternalServerError

from kenme.errors import DomainError

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

HTTP_ERRORS: dict[int, tuple[str, str]] = {
    400: ("validation_error", "Het verzoek is ongeldig."),
    401: ("unauthorized", "Geef een geldige API-sleutel mee: Authorization: Bearer <sleutel>."),
    403: ("forbidden", "Je hebt geen rechten voor deze actie."),
    404: ("not_found", "Dit bestaat niet (meer) of is niet zichtbaar."),
    405: ("method_not_allowed", "Deze methode is hier niet toegestaan."),
    406: ("not_acceptable", "Dit antwoordformaat wordt niet ondersteund; de API spreekt JSON."),
    409: ("conflict", "Dit kan niet in de huidige toestand."),
    413: ("payload_too_large", "Het verzoek is te groot: hooguit 100 KB."),
    415: ("unsupported_media_type", "Stuur JSON met Content-Type: application/json."),
    422: ("personal_data", "De tekst bevat (mogelijk) persoonsgegevens."),
    429: ("rate_limited", "Te veel verzoeken in korte tijd. Wacht even en probeer opnieuw."),
    500: ("server_error", "Er ging aan onze kant iets mis. Probeer het later opnieuw."),
    503: ("unavailable", "De dienst is tijdelijk niet beschikbaar."),
}

# Dutch messages for pydantic error types; the rest fall back to "Ongeldige waarde."
FIELD_MESSAGES = {
    "missing": "Dit veld is verplicht.",
    "extra_forbidden": "Onbekend veld.",
    "string_type": "Moet tekst zijn.",
    "int_type": "Moet een geheel getal zijn.",
    "int_parsing": "Moet een geheel getal zijn.",
    "int_from_float": "Moet een geheel getal zijn.",
    "bool_type": "Moet true of false zijn.",
    "bool_parsing": "Moet true of false zijn.",
    "list_type": "Moet een lijst zijn.",
    "model_type": "Moet een JSON-object zijn.",
    "model_attributes_type": "Moet een JSON-object zijn.",
    "dict_type": "Moet een JSON-object zijn.",
    "literal_error": "Kies een van de toegestane waarden: {expected}.",
    "enum": "Kies een van de toegestane waarden: {expected}.",
    "string_too_long": "Hooguit {max_length} tekens.",
    "string_too_short": "Minimaal {min_length} tekens.",
    "too_long": "Hooguit {max_length} items.",
    "too_short": "Minimaal {min_length} items.",
    "less_than_equal": "Hooguit {le}.",
    "greater_than_equal": "Minimaal {ge}.",
    "string_unicode": "Moet geldige tekst (UTF-8) zijn.",
}


class ApiError(Exception):
    """An error the API answers with directly (auth, bad JSON, limits)."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        *,
        code: str | None = None,
        details: dict | None = None,
        headers: dict | None = None,
    ):
        default_code, default_message = HTTP_ERRORS.get(status, HTTP_ERRORS[500])
        super().__init__(message or default_message)
        self.status = status
        self.code = code or default_code
        self.message = message or default_message
        self.details = details or {}
        self.headers = headers or {}


def error_response(
    status: int, code: str, message: str, details: dict | None = None, headers: dict | None = None
) -> Response:
    """Build the JSON error response."""
    response = jsonify({"error": {"code": code, "message": message, "details": details or {}}})
    response.status_code = status
    for name, value in (headers or {}).items():
        response.headers[name] = value
    response.headers["Cache-Control"] = "no-store"
    return response


def field_errors(error: ValidationError) -> dict[str, str]:
    """Turn a pydantic ValidationError into {"field.path": "Dutch message"}."""
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False):
        location = ".".join(str(part) for part in item.get("loc", ())) or "body"
        template = FIELD_MESSAGES.get(item.get("type", ""), "Ongeldige waarde.")
        try:
            message = template.format(**(item.get("ctx") or {}))
        except (KeyError, IndexError):
            message = "Ongeldige waarde."
        fields.setdefault(location, message)
    return fields


def validation_failed(fields: dict[str, str]) -> ApiError:
    """A 400 validation_error naming the fields at fault."""
    names = ", ".join(sorted(fields))
    return ApiError(400, f"Controleer de velden: {names}.", details={"fields": fields})


# Service field names that differ from the API's field names.
FIELD_ALIASES = {"summary": "edit_summary"}


def handle_api_error(error: ApiError) -> Response:
    return error_response(error.status, error.code, error.message, error.details, error.headers)


def handle_domain_error(error: DomainError) -> Response:
    """Translate a service's domain error; its message is already Dutch."""
    details = dict(error.details)
    if error.code == "validation_error" or (error.code == "personal_data" and error.field):
        field = FIELD_ALIASES.get(error.field or "", error.field) or "body"
        details.setdefault("fields", {field: error.message})
    if "findings" in details:  # name each finding's field as the API does
        details["findings"] = [
            {**f, "field": FIELD_ALIASES.get(f.get("field", ""), f.get("field"))}
            for f in details["findings"]
        ]
    return error_response(error.status, error.code, error.message, details)


def handle_http_exception(error: HTTPException) -> Response:
    """Answer werkzeug/Flask HTTP errors (404, 405, 413, 429, CSRF, ...) as JSON."""
    status = error.code or 500
    code, message = HTTP_ERRORS.get(status, ("error", error.name))
    headers = {}
    if isinstance(error, CSRFError):
        code, message = "csrf_failed", "De beveiligingscode (CSRF) ontbreekt of is verlopen."
    valid_methods = getattr(error, "valid_methods", None)
    if status == 405 and valid_methods:
        headers["Allow"] = ", ".join(valid_methods)
    if status == 429:
        headers["Retry-After"] = str(_retry_after_seconds())
    if status >= 500:
        original = getattr(error, "original_exception", None)
        if original is not None:
            logger.exception("API error", exc_info=original)
    return error_response(status, code, message, {}, headers)


def _retry_after_seconds() -> int:
    """Seconds until the breached limit resets (the limiter overwrites it when it can)."""
    import time

    from kenme.extensions import limiter

    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def api_aware(handler):
    """Wrap an app-level error handler so requests under /api/v1 get JSON instead of HTML.

    Needed for errors raised before a blueprint is known (unknown URL: 404, wrong method: 405).
    """

    def wrapped(error):
        if not is_api_request():
            return handler(error)
        if isinstance(error, ApiError):
            return handle_api_error(error)
        if isinstance(error, DomainError):
            return handle_domain_error(error)
        if not isinstance(error, HTTPException):
            error = InternalServerError(original_exception=error)
        return handle_http_exception(error)

    wrapped.__name__ = getattr(handler, "__name__", "handler")
    return wrapped


def wrap_app_error_handlers(app) -> None:
    """Make every app-level error handler answer JSON for the API (call after init_web)."""
    for handlers in app.error_handler_spec[None].values():
        for exc_class, handler in list(handlers.items()):
            handlers[exc_class] = api_aware(handler)
    app.register_error_handler(HTTPException, api_aware(lambda error: error))


def register_blueprint_errors(bp) -> None:
    bp.register_error_handler(ApiError, handle_api_error)
    bp.register_error_handler(DomainError, handle_domain_error)
    bp.register_error_handler(HTTPException, handle_http_exception)
