"""Statements built once, run from their SQL per shape on the cursor: every row, typed.

The lists, the topic page and the board run a handful of small Core statements built once
(decision 0067). Through ``Connection.execute`` SQLAlchemy spends more on each than the
database does: the statement's cache key from its whole tree, the IN lists rendered into the
SQL, the parameters built by name, the result's metadata and a processor call per value.
Only the lengths of the IN lists change between requests, so the SQL, the order of its
parameters and the columns' type conversions are worked out once per shape (statement,
dialect, the parameters given, length of each list) by SQLAlchemy's own compiler and kept,
as the question page's kept-page statement does (kenme/web/questions/page_read.py, decision
0066). A call fills in the values and runs the text through ``Connection._cursor_execute``,
which keeps SQLAlchemy's statement events (the tests and the benchmarks count statements)
and turns a driver error into SQLAlchemy's.

Only for statements that live as long as the process (module constants, or kept per list
shape): a shape is found by the statement's identity. tests/test_statement_rows.py holds
every row equal to ``Connection.execute``'s on SQLite and PostgreSQL (decision 0081).
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select

MAX_SHAPES = 1024  # shapes kept per process; past it the kept ones are dropped and made anew
_LISTS = (list, tuple)


@dataclass(frozen=True)
class _Shape:
    statement: Select  # held, so that its id is not reused while the shape is kept
    sql: str
    positional: bool
    names: tuple[str, ...]  # parameter names in the SQL's order (or as the dict's keys)
    takes: tuple  # per parameter: (constant,) or (runtime key, index or None, processor)
    convert: tuple[tuple[int, Callable], ...]  # (column, processor) where one is needed
    row: type  # a named tuple of the columns (first_row)


_shapes: dict[tuple, _Shape] = {}
_lock = threading.Lock()


def rows(connection: Connection, statement: Select, parameters: Mapping[str, Any]) -> list:
    """Every row of ``statement`` as a tuple, each value typed as SQLAlchemy types it.

    ``parameters`` holds a value for every bound parameter without one (a list or tuple for
    an expanding one). The caller flushes the session first if it has pending changes.
    """
    shape = _kept(connection, statement, parameters)
    return [_typed(shape, row) for row in _run(connection, shape, parameters, all_rows=True)]


def column(connection: Connection, statement: Select, parameters: Mapping[str, Any]) -> list:
    """The first column of every row (as ``.scalars().all()``)."""
    return [row[0] for row in rows(connection, statement, parameters)]


def first_row(connection: Connection, statement: Select, parameters: Mapping[str, Any]):
    """The first row (a named tuple, typed as SQLAlchemy types it), or None."""
    shape = _kept(connection, statement, parameters)
    found = _run(connection, shape, parameters, all_rows=False)
    return None if found is None else shape.row._make(_typed(shape, found))


def _kept(connection: Connection, statement: Select, parameters: Mapping[str, Any]) -> _Shape:
    # Which parameters are given, and each list's length: a parameter left out is rendered
    # with the statement's own value, kept in the shape, so it must not serve a call giving it.
    given = tuple(
        sorted((k, len(v) if isinstance(v, _LISTS) else -1) for k, v in parameters.items())
    )
    key = (id(statement), connection.dialect.name, given)
    shape = _shapes.get(key)
    if shape is None or shape.statement is not statement:
        shape = _shape(statement, connection.dialect, parameters)
        with _lock:
            if len(_shapes) >= MAX_SHAPES:
                _shapes.clear()
            _shapes[key] = shape
    return shape


def _run(connection: Connection, shape: _Shape, parameters: Mapping[str, Any], all_rows: bool):
    values = [take[0] if len(take) == 1 else _value(parameters, *take) for take in shape.takes]
    arguments = tuple(values) if shape.positional else dict(zip(shape.names, values, strict=True))
    cursor = connection.connection.cursor()
    try:
        connection._cursor_execute(cursor, shape.sql, arguments)
        return cursor.fetchall() if all_rows else cursor.fetchone()
    finally:
        cursor.close()


def _typed(shape: _Shape, found) -> tuple:
    if not shape.convert:
        return tuple(found)
    row = list(found)
    for index, convert in shape.convert:
        value = row[index]
        if value is not None:
            row[index] = convert(value)
    return tuple(row)


def _value(parameters: Mapping, key: str, index: int | None, processor: Callable | None):
    value = parameters[key] if index is None else parameters[key][index]
    return value if processor is None or value is None else processor(value)


def _shape(statement: Select, dialect, parameters: Mapping[str, Any]) -> _Shape:
    """Render the statement for these list lengths with SQLAlchemy's compiler."""
    compiled = statement.compile(dialect=dialect)
    lists = {k: list(v) for k, v in parameters.items() if isinstance(v, _LISTS)}
    state = compiled.construct_expanded_state({**parameters, **lists})
    processors = state.processors
    expanded = {
        f"{name}_{index + 1}": (name, index)
        for name, values in lists.items()
        for index in range(len(values))
    }
    positional = state.positiontup is not None
    names = tuple(state.positiontup if positional else state.parameters)
    takes = []
    for name in names:
        processor = processors.get(name)
        if name in expanded:
            base, index = expanded[name]
            takes.append((base, index, processor or processors.get(base)))
        elif name in parameters:
            takes.append((name, None, processor))
        else:
            value = state.parameters[name]
            takes.append((value if processor is None or value is None else processor(value),))
    columns = compiled._result_columns
    convert = tuple(
        (index, processor)
        for index, result in enumerate(columns)
        if (processor := result.type._cached_result_processor(dialect, None)) is not None
    )
    return _Shape(
        statement=statement,
        sql=state.statement,
        positional=positional,
        names=names,
        takes=tuple(takes),
        convert=convert,
        row=namedtuple("Row", [result.keyname for result in columns], rename=True),
    )
