"""Personal API tokens: created once, stored as a SHA-256 hash, revocable."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from kenme.errors import NotFound, ValidationFailed
from kenme.models import ApiToken, User
from kenme.models.types import utcnow
from kenme.services import privacy_gate
from kenme.services.accounts import refusal_reason

TOKEN_PREFIX = "kenme_"  # noqa: S105 (a visible prefix, not a secret)
PREFIX_LENGTH = 12
NAME_MAX = 80
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def hash_token(plain: str) -> str:
    """Return the hex SHA-256 of a token; tokens are random, so no salt is needed."""
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Create a token for the member and return it with the plain text (shown only once)."""
    name = " ".join((name or "").split())
    if len(name) > NAME_MAX:
        raise ValidationFailed(
            f"Geef de sleutel een naam van hooguit {NAME_MAX} tekens.", field="name"
        )
    if refusal_reason(user):
        raise ValidationFailed("Dit account kan geen API-sleutels krijgen.", field="email")
    privacy_gate.refuse_hard({"name": name})
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name or "API-sleutel",
        token_hash=hash_token(plain),
        prefix=plain[:PREFIX_LENGTH],
        created_at=utcnow(),
    )
    session.add(token)
    session.flush()
    return token, plain


def authenticate(session: Session, plain: str) -> ApiToken | None:
    """Return the live token for this plain text, or None when unknown, revoked or refused.

    A token stops working as soon as its member is suspended, unapproved or deleted,
    because the member is checked on every request. Sets last_used_at at most once a minute;
    the caller commits.
    """
    if not plain or not plain.startswith(TOKEN_PREFIX) or len(plain) > 200:
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain)))
    if token is None or token.revoked_at is not None or refusal_reason(token.user):
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """Return the member's tokens, live ones first, newest first."""
    return list(
        session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(
                ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc()
            )
        )
    )


def revoke_token(session: Session, user: User, token_id: int) -> ApiToken:
    """Revoke one of the member's own tokens (idempotent)."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("Deze API-sleutel bestaat niet.")
    if token.revoked_at is None:
        token.revoked_at = utcnow()
    return token


def revoke_all(session: Session, user: User) -> int:
    """Revoke every live token of the member; return how many."""
    now = utcnow()
    count = 0
    for token in session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    ):
        token.revoked_at = now
        count += 1
    return count
