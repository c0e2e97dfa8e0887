"""Migration 0031 removes the groups 0029 added twice beside a group a moderator had renamed;
an upgrade to the head catches a filled index marked by 0029 up with the thesaurus (the
threads holding a new multi-word name re-indexed, the mark removed), or keeps the mark and
says what to run when too many threads lack a token (decision 0068)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from kenme import create_app
from kenme.extensions import db
from tests.conftest import base_config
from tests.migration_support import migration_module, own_database, thesaurus_groups

NAME = "zonder dak"  # a multi-word name of 0029's "dakloos" group, beside "zwerver"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    yield from own_database(request, tmp_path, "m0031")


def _delete_shipped(connection, fixed, canonicals) -> None:
    """Delete 0027's copy of these fixed groups: a database upgraded before the file grew."""
    names = {canonical: tuple(terms) for canonical, terms, _ in fixed}
    for row in thesaurus_groups(connection):
        if row[1] in canonicals and row[2] == names[row[1]]:
            connection.execute(
                text("DELETE FROM search_synonym_groups WHERE id = :id"), {"id": row[0]}
            )


def _index_format() -> int:
    with db.engine.begin() as connection:
        return connection.execute(text("SELECT index_format FROM search_state")).scalar_one()


def _upgrade(revision: str) -> None:
    from flask_migrate import upgrade

    from kenme.search import cache, synonyms

    db.session.remove()
    db.engine.dispose()
    upgrade(revision=revision)
    db.engine.dispose()
    synonyms.clear_cache()
    cache.clear()


def _found(query: str) -> set[int]:
    from kenme.search import get_engine

    return {hit.id for hit in get_engine().search(query).hits}


def test_0031_removes_0029s_copy_of_a_group_a_moderator_renamed(database_url, tmp_path):
    from flask_migrate import downgrade

    fixed = migration_module("0029").GROUPS
    note = migration_module("0029").NOTE
    app = create_app(base_config(tmp_path, database_url))
    with app.app_context():
        _upgrade("0028")
        with db.engine.begin() as connection:
            # 0027 wrote "verkering"; a moderator gave it another canonical name. "witgoed"
            # is missing (0027 read the file before it grew): 0029 adds it, no duplicate.
            _delete_shipped(connection, fixed, {"witgoed"})
            connection.execute(
                text(
                    "UPDATE search_synonym_groups SET canonical = 'relatie (verkering)', "
                    "note = 'hernoemd' WHERE canonical = 'verkering' AND note LIKE '%0027%'"
                )
            )
            renamed = [r for r in thesaurus_groups(connection) if r[1] == "relatie (verkering)"]
            assert len(renamed) == 1
        _upgrade("0030")
        with db.engine.begin() as connection:
            added = [r for r in thesaurus_groups(connection) if r[3] == note]
        assert sorted(r[1] for r in added) == ["verkering", "witgoed"]  # 0029's fault
        _upgrade("heads")
        with db.engine.begin() as connection:
            after = thesaurus_groups(connection)
        sharing = [r for r in after if "vaste relatie" in r[2]]
        assert sharing == renamed  # the moderator's group, exactly as it was
        assert [r[1] for r in after if r[3] == note] == ["witgoed"]
        downgrade(revision="0030")
        db.engine.dispose()
        with db.engine.begin() as connection:
            assert thesaurus_groups(connection) == after
        db.engine.dispose()


def test_an_upgrade_catches_a_marked_index_up_or_says_what_to_run(
    database_url, tmp_path, monkeypatch, capsys
):
    from tests.factories import make_question

    fixed = migration_module("0029").GROUPS
    app = create_app(base_config(tmp_path, database_url))
    with app.app_context():
        _upgrade("0028")
        # A database upgraded before the file grew: the "dakloos" group of 0029 is missing,
        # and the threads are indexed without the token of its name "zonder dak".
        _upgrade("heads")
        with db.engine.begin() as connection:
            _delete_shipped(connection, fixed, {"dakloos"})
        asked = {
            make_question(title=f"Klant {n} staat {NAME} voor de deur, wat nu?").id
            for n in range(2)
        }
        other = make_question(title="Vraag over de kostendelersnorm bij een inwonende zoon").id
        db.session.remove()
        from flask_migrate import downgrade

        downgrade(revision="0028")
        db.engine.dispose()
        assert _index_format() == 2

        # Upgraded last session: 0029 added the group and marked the index.
        _upgrade("0030")
        assert _index_format() == 1
        assert _found("zwerver") == asked  # names read as phrases: right, only slower
        capsys.readouterr()

        # Two threads lack the token: more than the (lowered) bound, so the mark stays and
        # the upgrade says what to run.
        from kenme.search import catch_up

        monkeypatch.setattr(catch_up, "UPGRADE_AT_ONCE", 1)
        _upgrade("heads")
        printed = capsys.readouterr().out
        assert "2 threads" in printed
        assert "flask --app kenme search rebuild" in printed
        assert _index_format() == 1
        assert _found("zwerver") == asked

        # Within the bound the next upgrade (nothing left to migrate) re-indexes them.
        monkeypatch.undo()
        _upgrade("heads")
        assert "search rebuild" not in capsys.readouterr().out
        assert _index_format() == 2
        assert _found("zwerver") == asked  # by the name's token now
        assert other not in _found("zwerver")
        with db.engine.begin() as connection:
            dakloos = "SELECT COUNT(*) FROM search_synonym_groups WHERE canonical = 'dakloos'"
            assert connection.execute(text(dakloos)).scalar_one() >= 1
        db.session.remove()
        db.engine.dispose()
