"""Password hashing (Argon2id) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
_hasher = PasswordHasher()
# A real hash so unknown e-mail addresses cost as much time as wrong passwords.
_DUMMY_HASH = _hasher.hash("kenme-timing-equaliser")


def hash_password(password: str) -> str:
    """Hash a password with Argon2id."""
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password in constant-ish time, also for unknown accounts."""
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Tell whether the hash uses outdated parameters."""
    return _hasher.check_needs_rehash(password_hash)


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Return a Dutch reason why the password is too weak, or None.

    zxcvbn checks against its list of 30,000 common passwords, keyboard patterns,
    repetitions and the member's own name and address.
    """
    if len(password) < MIN_LENGTH:
        return f"Kies een wachtwoord van minimaal {MIN_LENGTH} tekens."
    local_part = email.split("@", 1)[0].lower()
    squashed = password.lower().replace(" ", "")
    for personal in (local_part, name.lower().replace(" ", "")):
        if len(personal) >= 4 and personal in squashed:
            return "Gebruik je naam of e-mailadres niet in je wachtwoord."
    # Imported when a password is chosen, not in every worker (~13 MB of lists; decision 0050).
    from zxcvbn import zxcvbn

    result = zxcvbn(password[:100], user_inputs=[email, name, "kenme"])
    if result["score"] < 3:
        return "Dit wachtwoord komt veel voor of is makkelijk te raden. Kies een ander."
    return None
