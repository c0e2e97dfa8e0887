"""Account rules, tested without HTTP."""

from __future__ import annotations

import pytest

from kenme.errors import ValidationFailed
from kenme.extensions import db
from kenme.models import User
from kenme.services import accounts
from kenme.services.passwords import password_problem, verify_password
from tests.factories import make_user


def registration(**overrides) -> accounts.Registration:
    data = {
        "display_name": "Petra K",
        "email": "Petra@Gemeente-Testdam.nl",
        "organisation": "Gemeente Testdam",
        "function": "Klantmanager",
        "password": "zomer-bij-de-sociale-dienst",
    }
    data.update(overrides)
    return accounts.Registration(**data)


def test_register_creates_unverified_member_with_hashed_password(app):
    user = accounts.register(db.session, registration()).user
    db.session.commit()
    stored = db.session.get(User, user.id)
    assert stored.email == "petra@gemeente-testdam.nl"
    assert not stored.is_verified
    assert stored.password_hash.startswith("$argon2id$")
    assert verify_password(stored.password_hash, "zomer-bij-de-sociale-dienst")


def test_production_hashes_with_argon2id_at_full_cost():
    """The suite hashes at the cheapest cost (tests/conftest.py); production must not.

    Checked in a fresh process, where no test fixture has touched the hasher: a member's hash
    and the dummy hash that unknown addresses are verified against (RFC 9106, low memory).
    """
    import subprocess
    import sys

    from argon2 import Type, extract_parameters, profiles

    script = (
        "from kenme.services import passwords as p;"
        "print(p.hash_password('lange-testzin-voor-kenme')); print(p._DUMMY_HASH)"
    )
    output = subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    hashes = output.split()
    assert len(hashes) == 2
    floor = profiles.RFC_9106_LOW_MEMORY
    for stored in hashes:
        parameters = extract_parameters(stored)
        assert parameters.type is Type.ID
        assert parameters.time_cost >= floor.time_cost  # 3
        assert parameters.memory_cost >= floor.memory_cost  # 64 MiB
        assert parameters.parallelism >= floor.parallelism  # 4
        assert parameters.salt_len >= floor.salt_len and parameters.hash_len >= floor.hash_len
    assert verify_password(hashes[0], "lange-testzin-voor-kenme")


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("kort-wacht", "minimaal 12 tekens"),
        ("passwordpassword", "veel voor"),
        ("aaaaaaaaaaaaaaaa", "veel voor"),
        ("petra-wachtwoord-2026", "naam of e-mailadres"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, reason):
    problem = password_problem(password, email="petra@gemeente.nl", name="Petra")
    assert problem is not None and reason in problem


def test_register_with_a_taken_email_creates_nothing_and_says_so_only_to_the_caller(app):
    owner = make_user(email="Petra@Gemeente-Testdam.nl".lower())
    outcome = accounts.register(db.session, registration(email="PETRA@gemeente-testdam.nl "))
    assert outcome == accounts.Registered(owner, created=False)
    assert db.session.query(User).count() == 1
    assert owner.display_name != "Petra K"


def test_register_hashes_the_password_for_a_taken_address_too(app, monkeypatch):
    """The time of the answer must not tell whether the address has an account."""
    from kenme.services import accounts as module

    calls = []
    real = module.hash_password
    monkeypatch.setattr(module, "hash_password", lambda p: calls.append(p) or real(p))
    make_user(email="petra@gemeente-testdam.nl")
    accounts.register(db.session, registration())
    accounts.register(db.session, registration(email="nieuw@gemeente-testdam.nl"))
    assert len(calls) == 2


@pytest.mark.parametrize(
    ("patterns", "email", "allowed"),
    [
        ([], "iemand@gmail.com", True),
        (["*.nl"], "a@utrecht.nl", True),
        (["*.nl"], "a@gmail.com", False),
        (["gemeente.nl", "*.gemeente.nl"], "a@sub.gemeente.nl", True),
        (["gemeente.nl"], "a@evilgemeente.nl", False),
    ],
)
def test_email_domain_patterns(patterns, email, allowed):
    assert accounts.email_domain_allowed(email, patterns) is allowed


def test_register_refuses_disallowed_domain(app):
    app.config["ALLOWED_EMAIL_DOMAINS"] = ["*.nl"]
    with pytest.raises(ValidationFailed) as error:
        accounts.register(db.session, registration(email="petra@example.com"))
    assert error.value.field == "email"
    assert db.session.query(User).count() == 0


def test_register_waits_for_approval_when_required(app):
    app.config["REQUIRE_APPROVAL"] = True
    user = accounts.register(db.session, registration()).user
    assert user.approved_at is None


def test_verify_token_marks_email_verified(app):
    user = accounts.register(db.session, registration()).user
    token = accounts.make_verify_token(user)
    assert accounts.verify_email(db.session, token).is_verified


def test_tampered_verify_token_is_refused(app):
    user = accounts.register(db.session, registration()).user
    token = accounts.make_verify_token(user)
    with pytest.raises(accounts.TokenInvalid):
        accounts.verify_email(db.session, token[:-2] + "xx")
    assert not user.is_verified


def test_expired_verify_token_is_refused(app):
    user = accounts.register(db.session, registration()).user
    token = accounts.make_verify_token(user)
    app.config["VERIFY_TOKEN_MAX_AGE"] = -1
    with pytest.raises(accounts.TokenInvalid, match="verlopen"):
        accounts.verify_email(db.session, token)


def test_reset_token_works_once(app):
    user = make_user()
    token = accounts.make_reset_token(user)
    assert accounts.user_for_reset_token(db.session, token) is user
    accounts.set_password(user, "een-heel-nieuw-wachtwoord")
    with pytest.raises(accounts.TokenInvalid, match="al gebruikt"):
        accounts.user_for_reset_token(db.session, token)


def test_set_password_ends_other_sessions(app):
    user = make_user()
    before = user.get_id()
    accounts.set_password(user, "een-heel-nieuw-wachtwoord")
    assert user.get_id() != before


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({"verified": False}, "nog niet bevestigd"),
        ({"approved": False}, "goedkeuring"),
        ({"suspended_days": 7}, "geschorst"),
    ],
)
def test_authenticate_refuses_inactive_members_and_says_why(app, kwargs, reason):
    user = make_user(**kwargs)
    with pytest.raises(accounts.LoginRefused, match=reason):
        accounts.authenticate(db.session, user.email, "lange-testzin-voor-kenme")


def test_authenticate_refuses_wrong_password_without_revealing_account(app):
    user = make_user()
    with pytest.raises(accounts.LoginRefused) as wrong:
        accounts.authenticate(db.session, user.email, "verkeerd-wachtwoord-123")
    with pytest.raises(accounts.LoginRefused) as unknown:
        accounts.authenticate(db.session, "niemand@gemeente.nl", "verkeerd-wachtwoord-123")
    assert wrong.value.message == unknown.value.message


def test_expired_suspension_no_longer_blocks(app):
    user = make_user(suspended_days=-1)
    assert accounts.authenticate(db.session, user.email, "lange-testzin-voor-kenme") is user
