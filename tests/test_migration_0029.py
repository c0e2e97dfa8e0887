"""Migration 0029 gives existing thesauruses the practice names added since 0027, from a fixed
list, without touching a moderator's edits; its downgrade removes only its untouched rows."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from kenme import create_app
from kenme.extensions import db
from tests.conftest import base_config
from tests.migration_support import migration_module, own_database, thesaurus_groups


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    yield from own_database(request, tmp_path, "m0029")


def test_0029_adds_the_missing_groups_and_keeps_a_moderators_edits(database_url, tmp_path):
    from flask_migrate import downgrade, upgrade

    migration = migration_module("0029")
    fixed = migration.GROUPS
    app = create_app(base_config(tmp_path, database_url))
    with app.app_context():
        upgrade(revision="0028")
        # A database upgraded before synonyms_practice.nl.tsv grew: 0027 wrote none of the
        # fixed groups. Two of them a moderator has since written by hand, edited.
        names = {canonical: tuple(terms) for canonical, terms, _ in fixed}
        with db.engine.begin() as connection:
            for row in thesaurus_groups(connection):
                if row[1] in names and row[2] == names[row[1]]:
                    connection.execute(
                        text("DELETE FROM search_synonym_groups WHERE id = :id"), {"id": row[0]}
                    )
            assert not [
                r
                for r in thesaurus_groups(connection)
                if (r[1], r[2]) in {(c, tuple(t)) for c, t, _ in fixed}
            ]
            before = len(thesaurus_groups(connection))
            edited = {
                "verkering": ("vaste relatie", "vriendje"),
                "dakloos": ("zwerver", "zwerfster"),
            }
            for canonical, terms in edited.items():
                connection.execute(
                    text(
                        "INSERT INTO search_synonym_groups "
                        "(canonical, terms, kind, note, created_at, updated_at) "
                        "VALUES (:c, :t, 'S', 'moderator', :now, :now)"
                    ),
                    {"c": canonical, "t": json.dumps(list(terms)), "now": "2026-12-01"},
                )
        db.engine.dispose()
        upgrade(revision="0029")
        with db.engine.begin() as connection:
            after = thesaurus_groups(connection)
            added = [r for r in after if r[3] == migration.NOTE]
            assert len(after) == before + 2 + len(fixed) - 2
            assert sorted(r[1] for r in added) == sorted(c for c, _, _ in fixed if c not in edited)
            # The moderator's groups stay exactly as they were, and are not doubled.
            kept = [(r[1], r[2]) for r in after if r[3] == "moderator"]
            assert kept == list(edited.items())
            assert len([r for r in after if r[1] == "verkering"]) == 1
            # A moderator edits one of the added groups afterwards.
            remigratie = next(r for r in added if r[1] == "remigratie")
            connection.execute(
                text("UPDATE search_synonym_groups SET terms = :t WHERE id = :id"),
                {"t": json.dumps(["remigrant", "terugkeerder"]), "id": remigratie[0]},
            )
        db.engine.dispose()
        downgrade(revision="0028")
        with db.engine.begin() as connection:
            left = thesaurus_groups(connection)
        db.engine.dispose()
        assert [r for r in left if r[3] == migration.NOTE] == [
            (remigratie[0], "remigratie", ("remigrant", "terugkeerder"), migration.NOTE)
        ]
        assert len(left) == before + 2 + 1


def test_0029_adds_nothing_where_0027_read_the_grown_file(tmp_path):
    """A fresh database: 0027 read today's file, so every fixed group is there already."""
    from flask_migrate import upgrade

    migration = migration_module("0029")
    app = create_app(base_config(tmp_path, f"sqlite:///{tmp_path / 'fresh.sqlite3'}"))
    with app.app_context():
        upgrade(revision="0029")
        with db.engine.begin() as connection:
            rows = thesaurus_groups(connection)
        db.engine.dispose()
    assert not [r for r in rows if r[3] == migration.NOTE]
    for canonical, terms, _ in migration.GROUPS:
        assert (canonical, tuple(terms)) in {(r[1], r[2]) for r in rows}
