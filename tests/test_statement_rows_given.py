"""A statement run from its kept SQL reads the parameters given, whatever an earlier call gave.

kenme/statement_rows.py keeps a statement's SQL per shape. A bound parameter a call leaves out
is rendered with the statement's own value, which the shape keeps; the shape was found by the
statement and its lists' lengths only, so a later call giving that parameter ran with the
first call's value and read the wrong rows, silently.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select

from kenme import statement_rows
from kenme.extensions import db
from kenme.models import Topic
from tests.factories import make_topic

# Built once, as statement_rows wants: a parameter with a value of its own.
FROM = select(Topic.id).where(Topic.id >= bindparam("low", 0)).order_by(Topic.id)


def test_a_parameter_given_after_a_call_without_it_is_read(app):
    first, second = make_topic("kostendelersnorm").id, make_topic("bijstand").id
    connection = db.session.connection()

    assert statement_rows.column(connection, FROM, {}) == [first, second]
    assert statement_rows.column(connection, FROM, {"low": second}) == [second]
    assert statement_rows.column(connection, FROM, {}) == [first, second]
    assert connection.execute(FROM, {"low": second}).scalars().all() == [second]
