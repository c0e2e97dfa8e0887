"""The kept page's one statement, rendered to SQL once per shape and run on the cursor.

A kept-page hit is one statement (page_rules.MEMBER_AND_PAGE): the member, their login and
every value the page shows. Through ``Connection.execute`` SQLAlchemy spends on it several
times what the database does (0.6-0.9 ms against ~0.2 ms at 100,000 questions): it derives
the statement's cache key from its whole tree, renders the IN lists into the SQL, builds the
parameters by name and the row's metadata. Only the lengths of the IN lists change between
hits, so the SQL, the order of its parameters and the row's type conversions are worked out
once per shape (statement, lengths) by SQLAlchemy's own compiler and kept; a hit fills in the
values and runs the text on the connection's cursor through ``Connection._cursor_execute``,
which keeps SQLAlchemy's statement events (the tests and the benchmarks count statements)
and turns a driver error into SQLAlchemy's (``DBAPIError``, a dropped connection invalidated).

tests/web/test_page_read.py holds the row equal to what ``Connection.execute`` returns, on
SQLite and PostgreSQL, for every column and every shape it tries.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Select

LISTS = ("post_ids", "people", "related")  # the statement's expanding parameters
MAX_SHAPES = 512  # shapes kept per process; past it the kept ones are dropped and made anew


@dataclass(frozen=True)
class _Shape:
    sql: str
    positional: bool
    names: tuple[str, ...]  # parameter names in the SQL's order (or as the dict's keys)
    takes: tuple  # per parameter: (constant,) or (runtime key, index or None, processor)
    convert: tuple[Callable | None, ...]  # per column of the row
    row: type


_shapes: dict[tuple, _Shape] = {}
_lock = threading.Lock()


def first_row(connection: Connection, statement: Select, parameters: dict):
    """The statement's first row (a named tuple, typed as SQLAlchemy types it), or None."""
    dialect = connection.dialect
    key = (id(statement), dialect.name, *(len(parameters.get(name, ())) for name in LISTS))
    shape = _shapes.get(key)
    if shape is None:
        shape = _shape(statement, dialect, parameters)
        with _lock:
            if len(_shapes) >= MAX_SHAPES:
                _shapes.clear()
            _shapes[key] = shape
    values = [take[0] if len(take) == 1 else _value(parameters, *take) for take in shape.takes]
    arguments = tuple(values) if shape.positional else dict(zip(shape.names, values, strict=True))
    cursor = connection.connection.cursor()
    try:
        connection._cursor_execute(cursor, shape.sql, arguments)
        found = cursor.fetchone()
    finally:
        cursor.close()
    if found is None:
        return None
    return shape.row._make(
        value if convert is None or value is None else convert(value)
        for value, convert in zip(found, shape.convert, strict=True)
    )


def _value(parameters: dict, key: str, index: int | None, processor: Callable | None):
    value = parameters[key] if index is None else parameters[key][index]
    return value if processor is None or value is None else processor(value)


def _shape(statement: Select, dialect, parameters: dict) -> _Shape:
    """Render the statement for these list lengths with SQLAlchemy's compiler."""
    compiled = statement.compile(dialect=dialect)
    lists = {name: list(parameters[name]) for name in LISTS if name in parameters}
    state = compiled.construct_expanded_state({**parameters, **lists})
    processors = state.processors
    expanded = {
        f"{name}_{index + 1}": (name, index)
        for name in LISTS
        for index in range(len(parameters.get(name, ())))
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
    convert = tuple(column.type._cached_result_processor(dialect, None) for column in columns)
    row = namedtuple("Row", [column.keyname for column in columns], rename=True)
    return _Shape(
        sql=state.statement,
        positional=positional,
        names=names,
        takes=tuple(takes),
        convert=convert,
        row=row,
    )
