"""Bearer-token authentication, request limits and body checks for /api/v1."""

from __future__ import annotations

from flask import current_app, request
from flask_limiter.util import get_remote_address

from kenme.api.errors import ApiError, validation_failed
from kenme.extensions import csrf, db
from kenme.models import ApiToken, User
from kenme.permissions import is_public
from kenme.services import tokens
from kenme.web.malformed import MAX_JSON_DEPTH, json_depth

MAX_BODY_BYTES = 100 * 1024
MAX_ID = 2**31 - 1
HEALTH = "api.health"
_TOKEN_KEY = "kenme.api_token"  # noqa: S105 (an environ key, not a secret)
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READ_METHODS = ["GET", "HEAD", "OPTIONS"]
UNSTORABLE = "Bevat tekens die niet kunnen worden opgeslagen (zoals NUL)."
WRITE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def _bearer() -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def current_token() -> ApiToken | None:
    """Return the live token of this request (resolved once per request).

    Cached on the request, not on g: an app context can outlive one request (tests, CLI).
    """
    if _TOKEN_KEY not in request.environ:
        plain = _bearer()
        token = tokens.authenticate(db.session, plain) if plain else None
        if token is not None and db.session.is_modified(token):
            db.session.commit()  # last_used_at, at most once a minute
        request.environ[_TOKEN_KEY] = token
    return request.environ[_TOKEN_KEY]


def api_user() -> User:
    """The member the current token acts for (views run only after authentication)."""
    token = current_token()
    if token is None:  # pragma: no cover (the before_request hook refuses these)
        raise ApiError(401)
    return token.user


def rate_limit_key() -> str:
    """Limit per token; requests without a token are refused anyway, so key them by address."""
    token = current_token()
    return f"token:{token.id}" if token is not None else f"ip:{get_remote_address()}"


def read_limit() -> str:
    return current_app.config["API_RATE_LIMIT_READ"]


def write_limit() -> str:
    return current_app.config["API_RATE_LIMIT_WRITE"]


def without_token() -> bool:
    """Exempt from the token limits: requests without a token, and /health (which must
    answer even when the database that holds the tokens is away)."""
    return request.endpoint == HEALTH or current_token() is None


def before_api_request() -> None:
    """Refuse big bodies, bad JSON and requests without a valid token; CSRF only for the rest.

    Token-authenticated requests skip CSRF: a browser cannot attach our Authorization header
    cross-site, and cookie sessions are never accepted here.
    """
    if request.endpoint == HEALTH:
        return  # public, no body, and it must not need the database to answer
    request.max_content_length = MAX_BODY_BYTES
    if request.content_length is not None and request.content_length > MAX_BODY_BYTES:
        raise ApiError(413)
    view = current_app.view_functions.get(request.endpoint or "")
    if current_token() is None:
        if not is_public(view):
            message = (
                "Deze API-sleutel is ongeldig, ingetrokken of hoort bij een account dat nu "
                "geen toegang heeft."
                if _bearer()
                else None
            )
            raise ApiError(401, message, headers={"WWW-Authenticate": 'Bearer realm="kenme"'})
        csrf.protect()
    if any(isinstance(v, int) and v > MAX_ID for v in (request.view_args or {}).values()):
        # Such ids cannot exist; asking the database would be an out-of-range error there.
        raise ApiError(404)
    bad_query = [name for name, value in request.args.items(multi=True) if not _storable(value)]
    if bad_query:
        raise validation_failed({name: UNSTORABLE for name in bad_query})
    if request.method in BODY_METHODS:
        _check_json_body()


def _check_json_body() -> None:
    """Accept an empty body or one JSON object sent as application/json."""
    data = request.get_data(cache=True)
    if not data.strip():
        return
    if not request.is_json:
        raise ApiError(
            415,
            "Stuur de gegevens als JSON met Content-Type: application/json.",
            details={"fields": {"body": "Geen JSON."}},
        )
    if json_depth(data) > MAX_JSON_DEPTH:
        raise ApiError(
            400,
            f"De JSON is te diep genest: hooguit {MAX_JSON_DEPTH} niveaus.",
            details={"fields": {"body": "Te diep genest."}},
        )
    if request.get_json(silent=True) is None:
        raise ApiError(
            400,
            "De JSON in het verzoek is ongeldig.",
            details={"fields": {"body": "Ongeldige JSON."}},
        )
    data = request.get_json()
    if not isinstance(data, dict):
        raise ApiError(
            400,
            "Stuur een JSON-object ({...}).",
            details={"fields": {"body": "Moet een JSON-object zijn."}},
        )
    bad = dict.fromkeys(_unstorable_paths(data), UNSTORABLE)
    if bad:
        raise validation_failed(bad)


def _storable(text: str) -> bool:
    """Text a database can store: no NUL characters, no lone surrogates."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unstorable_paths(value, path: str = "") -> list[str]:
    """Paths (like "answers.0.body") of strings in a JSON value that cannot be stored."""
    if isinstance(value, str):
        return [] if _storable(value) else [path or "body"]
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if not _storable(key):
                found.append(path or "body")
                continue
            found += _unstorable_paths(item, f"{path}.{key}" if path else key)
        return found
    if isinstance(value, list):
        return [
            p
            for i, item in enumerate(value)
            for p in _unstorable_paths(item, f"{path}.{i}" if path else str(i))
        ]
    return []
