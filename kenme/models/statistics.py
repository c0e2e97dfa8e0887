"""SQLite's planner statistics (sqlite_stat1): gathered after bulk loads and schema changes,
refreshed when a table's size moved (decision 0052).

The hot statements do not depend on them: each names its index (``INDEXED BY`` or a ``+``
on a column), and tests/services/test_plans.py checks their plans with a big site's
statistics and without any. The statistics serve every other statement.

Full ``ANALYZE`` (``analysis_limit = 0``): with a limit SQLite estimated 501 rows for each
(type, visibility) of the posts' list indexes at 100,000 questions where there are 100,459,
the kind of error that sends the planner down a list index. ``PRAGMA optimize`` is not
used: before SQLite 3.46 it only looks at tables the same connection has queried, so a
scheduled run from a fresh connection does nothing, and in a worker it would analyze inside
a request. PostgreSQL keeps its own statistics (autovacuum); nothing is done there.
"""

from __future__ import annotations

from sqlalchemy import Connection

# A table is analyzed again once its row count is this many times larger or smaller than the
# count its statistics were gathered at (SQLite's own PRAGMA optimize waits for 25 times).
DRIFT = 2.0
# Below this many rows every plan is cheap and no table is analyzed for having grown.
SMALL_TABLE = 1000


def analyze(connection: Connection) -> None:
    """Gather statistics for every table and index (SQLite; a no-op elsewhere).

    Reads every index once (about 12 s on a cold 2.4 GB database of 100,000 questions) and
    holds the write lock while it does: run it after a load, an upgrade or at a quiet hour.
    """
    if connection.dialect.name != "sqlite":
        return
    connection.exec_driver_sql("PRAGMA analysis_limit = 0")
    connection.exec_driver_sql("ANALYZE")


def refresh(connection: Connection) -> list[str]:
    """Analyze again each table of ``SMALL_TABLE`` rows or more whose statistics are missing
    (never analyzed, or an index added since; a partial index without entries has none and
    counts as analyzed) or whose row count moved ``DRIFT`` times since
    they were gathered. Counts every table's rows (~0.1 s at 100,000 questions) and analyzes
    only those: run after an upgrade or a load, and daily (README). Returns their names."""
    if connection.dialect.name != "sqlite":
        return []
    known = _analyzed(connection)
    stale = []
    for table, indexes in _indexes(connection).items():
        count = f'SELECT count(*) FROM "{table}"'  # noqa: S608 (names from sqlite_master)
        rows = connection.exec_driver_sql(count).scalar_one()
        before, analyzed = known.get(table, (0, set()))
        if max(rows, before) < SMALL_TABLE:
            continue
        moved = max(rows, before) >= DRIFT * max(min(rows, before), 1)
        missing = indexes - analyzed
        if moved or (missing and not _all_empty(connection, table, missing)):
            stale.append(table)
    if stale:
        connection.exec_driver_sql("PRAGMA analysis_limit = 0")
        for table in stale:
            connection.exec_driver_sql(f'ANALYZE "{table}"')
    return stale


def _all_empty(connection: Connection, table: str, indexes: set[str]) -> bool:
    """Whether each of ``indexes`` is a partial index without entries: ANALYZE writes no
    sqlite_stat1 row for those, so their table would otherwise be analyzed on every run."""
    for name in indexes:
        sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", (name,)
        ).scalar()
        where = _partial_where(sql or "")
        if where is None:
            return False
        probe = f'SELECT 1 FROM "{table}" INDEXED BY "{name}" WHERE {where} LIMIT 1'  # noqa: S608 (sqlite_master)
        if connection.exec_driver_sql(probe).first() is not None:
            return False
    return True


def _partial_where(sql: str) -> str | None:
    """The WHERE clause of a ``CREATE INDEX ... (columns) WHERE ...`` statement, or None
    (not a partial index). The clause follows the column list's closing parenthesis."""
    start = sql.find("(")
    if start < 0:
        return None
    depth = 0
    for position in range(start, len(sql)):
        depth += {"(": 1, ")": -1}.get(sql[position], 0)
        if depth == 0:
            rest = sql[position + 1 :].strip()
            return rest[5:].strip() if rest[:5].upper() == "WHERE" and rest[5:6].isspace() else None
    return None


def _indexes(connection: Connection) -> dict[str, set[str]]:
    indexes: dict[str, set[str]] = {}
    for table, name in connection.exec_driver_sql(
        "SELECT tbl_name, name FROM sqlite_master WHERE type = 'index'"
        " AND tbl_name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY tbl_name"
    ):
        indexes.setdefault(table, set()).add(name)
    return indexes


def _analyzed(connection: Connection) -> dict[str, tuple[int, set[str]]]:
    """Per analyzed table: its row count as its statistics say (the first number of a stat)
    and the indexes they cover."""
    exists = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).first()
    if exists is None:
        return {}
    analyzed: dict[str, tuple[int, set[str]]] = {}
    for table, index, stat in connection.exec_driver_sql("SELECT tbl, idx, stat FROM sqlite_stat1"):
        first = (stat or "").split(" ", 1)[0]
        rows, names = analyzed.get(table, (0, set()))
        if index:
            names.add(index)
        analyzed[table] = (max(rows, int(first) if first.isdigit() else 0), names)
    return analyzed
