"""Flask commands."""

from __future__ import annotations

import traceback

from kenme.extensions import db
from kenme.models import Role, User
from kenme.services.passwords import verify_password


def test_create_user_makes_a_verified_approved_member(runner):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "Mod@Gemeente.nl",
            "--name",
            "Mod",
            "--password",
            "een-lange-zin-als-wachtwoord",
            "--role",
            "moderator",
        ]
    )
    assert result.exit_code == 0, result.output
    user = db.session.query(User).one()
    assert user.email == "mod@gemeente.nl"
    assert user.role is Role.MODERATOR
    assert user.is_active
    assert verify_password(user.password_hash, "een-lange-zin-als-wachtwoord")


def test_create_user_refuses_weak_password(runner):
    result = runner.invoke(
        args=["create-user", "--email", "a@gemeente.nl", "--name", "A", "--password", "kort"]
    )
    assert result.exit_code != 0
    assert "12 tekens" in result.output
    assert db.session.query(User).count() == 0


def explain(result) -> str:
    """A failed command's output, its exception's fields and where it was raised.

    (A CI run once saw the first seed refused for a licence plate on PostgreSQL only, and
    the bare exit code could not say which text.)"""
    if result.exc_info is None:
        return result.output
    return "\n".join(
        [result.output, repr(vars(result.exception)), *traceback.format_exception(*result.exc_info)]
    )


def test_seed_demo_is_idempotent_and_covers_every_role(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, explain(first)
    count = db.session.query(User).count()
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0, second.output
    assert db.session.query(User).count() == count
    assert {u.role for u in db.session.query(User)} == set(Role)
    assert "wachtwoord" in first.output


def test_db_upgrade_on_an_upgraded_database_changes_nothing_and_succeeds(runner):
    """`make run` upgrades on every start: an upgrade with nothing to do must not fail.

    (Once it refreshed SQLite's statistics in a transaction begun on a connection that
    Alembic's version read had already opened: every second `flask db upgrade` failed.)"""
    for _ in range(2):
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, explain(result)
