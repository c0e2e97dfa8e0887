"""The site generation: a counter that goes up with every transaction that writes anything.

Whole pages are cached under it (docs/decisions/0011): a page rendered while the generation
was N shows what the database held at N, so it may be served for as long as the generation
is still N. That is only true if *no* write can slip past the counter, which is why the bump
is not left to the write paths: every ORM session marks itself as soon as it flushes a change
or executes an INSERT, UPDATE or DELETE, and a marked session bumps ``site_state.generation``
as the last statement before its commit, in the same transaction (readers never see the data
without the new generation, or the other way round).

The bump is an SQL expression (``generation + 1``): two concurrent writers both count. On
PostgreSQL it holds the row's lock from the bump to the commit, which is the end of the
transaction, so writers wait on each other only for their commits.
"""

from __future__ import annotations

import re
import uuid

from sqlalchemy import TextClause, event, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from kenme.models import SearchState, SiteState

WROTE = "kenme_wrote"
_WRITING_SQL = re.compile(r"\s*(insert|update|delete|replace)\b", re.IGNORECASE)


@event.listens_for(Session, "before_flush")
def _flushing(session: Session, _context, _instances) -> None:
    if session.new or session.dirty or session.deleted:
        session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executing(state: ORMExecuteState) -> None:
    statement = state.statement
    writes = state.is_insert or state.is_update or state.is_delete
    if writes or (isinstance(statement, TextClause) and _WRITING_SQL.match(statement.text)):
        state.session.info[WROTE] = True


@event.listens_for(Session, "before_commit")
def _committing(session: Session) -> None:
    if session.info.get(WROTE) or session.new or session.dirty or session.deleted:
        bump(session)


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction: committed or rolled back
        session.info.pop(WROTE, None)


def bump(session: Session) -> None:
    """Count one more change to the site (the commit hook does this for every write)."""
    bump_counter(session, SiteState)


def bump_counter(session: Session, model: type[SiteState] | type[SearchState]) -> None:
    """Add one to a one-row (id, epoch, generation) counter, making the row if it is missing.

    A wiped table (tests truncate it) starts a new random epoch, so no (epoch, generation)
    pair repeats. Should another transaction make the row first, this change counts on top.
    """
    statement = update(model).where(model.id == 1).values(generation=model.generation + 1)
    if session.execute(statement).rowcount:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    first = dialect.insert(model).values(id=1, epoch=uuid.uuid4().hex, generation=1)
    if not session.execute(first.on_conflict_do_nothing(index_elements=[model.id])).rowcount:
        session.execute(statement)
