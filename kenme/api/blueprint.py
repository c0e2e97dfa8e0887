"""The /api/v1 blueprint, named "api" (the closed-community gate lets it answer 401 itself)."""

from __future__ import annotations

from flask import Blueprint

from kenme.api.auth import (
    READ_METHODS,
    WRITE_METHODS,
    before_api_request,
    rate_limit_key,
    read_limit,
    without_token,
    write_limit,
)
from kenme.api.errors import register_blueprint_errors
from kenme.extensions import csrf, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
ID = "int"  # ids beyond 32 bits are answered 404 in before_api_request
bp.before_request(before_api_request)
register_blueprint_errors(bp)

# Token-authenticated requests need no CSRF token; before_api_request checks the rest.
csrf.exempt(bp)
# One budget per token for reads and one for writes, across all endpoints.
limiter.shared_limit(
    read_limit,
    scope="api-read",
    key_func=rate_limit_key,
    methods=READ_METHODS,
    exempt_when=without_token,
)(bp)
limiter.shared_limit(
    write_limit,
    scope="api-write",
    key_func=rate_limit_key,
    methods=WRITE_METHODS,
    exempt_when=without_token,
)(bp)
