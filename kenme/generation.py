"""One-row (id, epoch, generation) counters, bumped in the writing transaction.

The search cache keys its entries by ``search_state.generation`` (kenme/search/cache.py).
There is no site-wide counter any more: kept question pages depend on per-thread versions and
on the values they show (decision 0016), so writers do not queue on one row.
"""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kenme.models import SearchState


def bump_counter(session: Session, model: type[SearchState]) -> None:
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
