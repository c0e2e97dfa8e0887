"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from kenme.extensions import _include_object, db


def test_migrations_match_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": _include_object}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == [], f"models and migrations differ; add a migration: {diff}"
