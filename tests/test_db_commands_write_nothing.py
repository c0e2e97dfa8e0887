"""Only a command that migrates catches the search index up (migrations/env.py, decision 0068).

`flask db current` and `flask db check` run migrations/env.py as `flask db upgrade` does. On
a database at the head with a marked index they re-indexed the threads lacking a name's token
(up to UPGRADE_AT_ONCE, inside a read-only look) and bumped the search cache, which makes
every worker forget its kept searches.
"""

from __future__ import annotations

from sqlalchemy import text

from kenme import create_app
from kenme.extensions import db
from tests.conftest import base_config
from tests.test_migration_0031 import _index_format, _upgrade, database_url  # noqa: F401


def _state() -> tuple[str, int]:
    with db.engine.begin() as connection:
        epoch, index_format = connection.execute(
            text("SELECT epoch, index_format FROM search_state")
        ).one()
    return epoch, index_format


def _mark() -> None:
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE search_state SET index_format = 1"))


def test_current_and_check_leave_a_marked_index_as_it_is(database_url, tmp_path):  # noqa: F811
    from flask_migrate import check, current

    app = create_app(base_config(tmp_path, database_url))
    with app.app_context():
        _upgrade("heads")
        _mark()
        before = _state()
        assert before[1] == 1

        current()
        db.engine.dispose()
        check()
        db.engine.dispose()
        assert _state() == before

        _upgrade("heads")  # nothing to migrate: the upgrade still catches up
        assert _index_format() == 2
        assert _state()[0] != before[0]
        db.session.remove()
        db.engine.dispose()


def test_current_and_check_count_no_tables(database_url, tmp_path):  # noqa: F811
    """statistics.refresh (decision 0052) counts every table and analyzes drifted ones, holding
    SQLite's write lock: after a migration, not on a look."""
    from flask_migrate import check, current
    from sqlalchemy import event

    app = create_app(base_config(tmp_path, database_url))
    with app.app_context():
        _upgrade("heads")
        seen: list[str] = []

        def note(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(db.engine, "before_cursor_execute", note)
        try:
            current()
            check()
        finally:
            event.remove(db.engine, "before_cursor_execute", note)
        db.engine.dispose()
        assert seen  # the version table was read
        assert not [s for s in seen if "count(*)" in s.lower() or "analyze" in s.lower()]


def test_a_failing_catch_up_leaves_the_mark_and_the_upgrade_succeeds(
    database_url,  # noqa: F811
    tmp_path,
    monkeypatch,
    capsys,
    caplog,
):
    """The lead's rule (rev-3): the catch-up's own transaction is rolled back, a warning names
    the error's type only, the rebuild is printed, and the upgrade succeeds."""
    from kenme.search import catch_up

    app = create_app(base_config(tmp_path, database_url))
    with app.app_context():
        _upgrade("heads")
        _mark()
        before = _state()

        def fails(session, at_most=None):
            from kenme.search import cache

            cache.mark_format(session, cache.INDEX_FORMAT)  # written, then rolled back
            raise RuntimeError("Klant Jansen, BSN 123456782")

        monkeypatch.setattr(catch_up, "catch_up", fails)
        _upgrade("heads")  # no exception
        assert _state() == before
        printed = capsys.readouterr()
        told = printed.out + printed.err + caplog.text
        assert "flask --app kenme search rebuild" in printed.out
        assert "RuntimeError" in told
        assert "Jansen" not in told
        monkeypatch.undo()
        _upgrade("heads")
        assert _index_format() == 2
        db.session.remove()
        db.engine.dispose()
