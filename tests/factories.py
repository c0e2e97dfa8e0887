"""Factories that arrange test data through the same services the app uses."""

from __future__ import annotations

import itertools
from datetime import timedelta

from kenme.extensions import db
from kenme.models import Role, User
from kenme.models.types import utcnow
from kenme.services.passwords import hash_password

PASSWORD = "lange-testzin-voor-kenme"
_counter = itertools.count(1)
# Hashing with full Argon2 cost for every factory user would slow the suite; hash once.
_HASH_CACHE: dict[str, str] = {}


def _hashed(password: str) -> str:
    if password not in _HASH_CACHE:
        _HASH_CACHE[password] = hash_password(password)
    return _HASH_CACHE[password]


def make_user(
    *,
    role: Role = Role.MEMBER,
    email: str | None = None,
    display_name: str | None = None,
    password: str = PASSWORD,
    verified: bool = True,
    approved: bool = True,
    suspended_days: int | None = None,
    organisation: str = "Gemeente Testdam",
    commit: bool = True,
) -> User:
    """Create a member; by default verified and approved, so they can log in."""
    n = next(_counter)
    now = utcnow()
    user = User(
        email=email or f"lid{n}@gemeente.nl",
        display_name=display_name or f"Collega {n}",
        organisation=organisation,
        function="Klantmanager",
        password_hash=_hashed(password),
        role=role,
        email_verified_at=now if verified else None,
        approved_at=now if approved else None,
    )
    if suspended_days is not None:
        user.suspended_until = now + timedelta(days=suspended_days)
        user.suspension_reason = "Herhaaldelijk persoonsgegevens gedeeld"
    db.session.add(user)
    if commit:
        db.session.commit()
    else:
        db.session.flush()
    return user
