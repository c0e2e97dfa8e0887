"""The kept page's one statement, rendered to SQL once per shape and run on the cursor.

A kept-page hit is one statement (page_rules.MEMBER_AND_PAGE): the member, their login and
every value the page shows. Through ``Connection.execute`` SQLAlchemy spends on it several
times what the database does (0.6-0.9 ms against ~0.2 ms at 100,000 questions): it derives
the statement's cache key from its whole tree, renders the IN lists into the SQL, builds the
parameters by name and the row's metadata. Only the lengths of the IN lists change between
hits, so the SQL, the order of its parameters and the row's type conversions are worked out
once per shape (statement, lengths) by SQLAlchemy's own compiler and kept (decision 0066);
kenme/statement_rows.py does it, for the lists' statements too (decision 0081).

tests/web/test_page_read.py holds the row equal to what ``Connection.execute`` returns, on
SQLite and PostgreSQL, for every column and every shape it tries.
"""

from __future__ import annotations

from sqlalchemy import Connection, Select

from kenme import statement_rows


def first_row(connection: Connection, statement: Select, parameters: dict):
    """The statement's first row (a named tuple, typed as SQLAlchemy types it), or None."""
    return statement_rows.first_row(connection, statement, parameters)
