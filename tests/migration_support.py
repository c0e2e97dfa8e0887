"""What the data-migration tests share: a migration module loaded by its number, an empty
database of their own on SQLite or PostgreSQL, and the thesaurus groups as plain tuples."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_URL, REQUIRE_POSTGRES

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"


def migration_module(number: str):
    """The module of migration ``number`` (its fixed lists, its note), loaded from its file."""
    path = next(MIGRATIONS.glob(f"{number}_*.py"))
    spec = importlib.util.spec_from_file_location(f"migration_{number}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def own_database(request, tmp_path: Path, name: str) -> Iterator[str]:
    """Yield the URL of an empty database called ``name`` for the fixture's database
    parameter ("sqlite" or "postgresql"), and drop a PostgreSQL one afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.sqlite3'}"
        return
    if not POSTGRES_URL:
        message = "KENME_TEST_DATABASE_URL is not set: PostgreSQL tests not run"
        if REQUIRE_POSTGRES:
            pytest.fail(message)
        pytest.skip(message)
    from kenme.config import normalise_database_url

    base = make_url(normalise_database_url(POSTGRES_URL))
    database = f"{base.database}_{name}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    yield base.set(database=database).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
    admin.dispose()


def thesaurus_groups(connection) -> list[tuple]:
    """(id, canonical, terms, note) of every thesaurus group, by id."""
    rows = connection.execute(
        text("SELECT id, canonical, terms, note FROM search_synonym_groups ORDER BY id")
    )
    return [(i, c, tuple(t if isinstance(t, list) else json.loads(t)), n) for i, c, t, n in rows]
