"""The one pagination helper for lists in views and the API."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import Session

from kenme import statement_rows

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
# A page number from the address is at most this: far past any list (a billion pages), and
# its offset stays a 64-bit integer, which SQLite and PostgreSQL need ("?page=1e20" as digits
# was a 500: "Python int too large to convert to SQLite INTEGER").
MAX_PAGE = 10**9
# How many pages past the current one a list counts when it does not count everything:
# the pager links two pages either side of the current one.
LOOKAHEAD_PAGES = 2

Count = Literal["exact", "ahead", "all"]


@dataclass
class Page:
    """One page of results plus what a pager needs.

    ``exact`` is False when only the first ``total`` rows were counted and more follow
    (a list that counts a few pages ahead): ``total`` and ``pages`` are then lower bounds.
    """

    items: list[Any]
    page: int
    per_page: int
    total: int
    exact: bool = True

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_number(self) -> int:
        """The page before this one; the last page when this one is past the end."""
        return min(self.page - 1, self.pages)

    @property
    def numbers(self) -> list[int]:
        """The page numbers a pager links: the first, two either side of this one, and the
        last when it is known. Never a page that does not exist."""
        wanted = {1, *range(self.page - 2, self.page + 3)}
        if self.exact:
            wanted.add(self.pages)
        return sorted(n for n in wanted if 1 <= n <= self.pages)


def clamp(page: Any, per_page: Any = DEFAULT_PER_PAGE) -> tuple[int, int]:
    """Turn untrusted page parameters into sane integers."""
    try:
        page_number = min(MAX_PAGE, max(1, int(page)))
    except (TypeError, ValueError):
        page_number = 1
    try:
        size = min(MAX_PER_PAGE, max(1, int(per_page)))
    except (TypeError, ValueError):
        size = DEFAULT_PER_PAGE
    return page_number, size


def count_rows(session: Session, statement: Select) -> int:
    """Count every row a select returns."""
    counted = select(func.count()).select_from(statement.order_by(None).subquery())
    return session.scalar(counted) or 0


def paginate(session: Session, statement: Select, page: Any = 1, per_page: Any = None) -> Page:
    """Run a select for one page and count the whole result."""
    page_number, size = clamp(page, per_page or DEFAULT_PER_PAGE)
    total = count_rows(session, statement)
    items = list(session.scalars(statement.limit(size).offset((page_number - 1) * size)).unique())
    return Page(items=items, page=page_number, per_page=size, total=total)


@dataclass(frozen=True)
class IdQueries:
    """A list's ids statement in the forms ``paginate_ids`` runs, built once per list shape:
    every id, a window of them (limit and offset bound, so one compiled statement serves
    every page) and their count. Built per request they cost more than running them
    (SQLAlchemy's cache key of a fresh statement, ~0.3 ms each)."""

    every: Select
    window: Select
    count: Select

    @classmethod
    def of(cls, ids: Select) -> IdQueries:
        return cls(
            every=ids,
            window=ids.limit(bindparam("window_limit")).offset(bindparam("window_offset")),
            count=select(func.count()).select_from(ids.order_by(None).subquery()),
        )


def paginate_ids(
    session: Session,
    ids: IdQueries,
    load: Callable[[Sequence[Any]], list[Any]],
    page: Any = 1,
    per_page: Any = None,
    *,
    count: Count = "exact",
    params: Mapping[str, Any] | None = None,
) -> Page:
    """Page through a select of ids in list order, then ``load`` only this page's rows.

    ``count`` says what the total costs:

    - ``"exact"``: count every row (a second query that grows with the list);
    - ``"ahead"``: count no further than LOOKAHEAD_PAGES pages past this one, in the same
      query that finds this page's ids, so the cost depends on the page number, not on the
      length of the list. The total is exact when the list ends within reach, otherwise a
      lower bound (``Page.exact`` False). A page past the end is counted exactly, so its
      pager can lead back;
    - ``"all"``: fetch every id and slice (lists known to be short); exact.

    ``params``: the values of the statements' bound parameters. They run on the session's
    connection (Core: no ORM objects), after a flush of anything pending.
    """
    page_number, size = clamp(page, per_page or DEFAULT_PER_PAGE)
    offset = (page_number - 1) * size
    session.flush()
    connection = session.connection()
    values = dict(params or {})

    def run(statement: Select, **extra: int) -> list[Any]:
        return statement_rows.column(connection, statement, {**values, **extra})

    exact = True
    if count == "all":
        every = run(ids.every)
        total, found = len(every), every[offset : offset + size]
    elif count == "ahead":
        window = size * (1 + LOOKAHEAD_PAGES) + 1
        found = run(ids.window, window_limit=window, window_offset=offset)
        if found or offset == 0:
            total, exact = offset + len(found), len(found) < window
        else:
            total = run(ids.count)[0]
        found = found[:size]
    else:
        total = run(ids.count)[0]
        found = run(ids.window, window_limit=size, window_offset=offset) if total > offset else []
    items = load(found) if found else []
    return Page(items=items, page=page_number, per_page=size, total=total, exact=exact)
