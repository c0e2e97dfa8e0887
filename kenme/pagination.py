"""The one pagination helper for lists in views and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


@dataclass
class Page:
    """One page of results plus what a pager needs."""

    items: list[Any]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def clamp(page: Any, per_page: Any = DEFAULT_PER_PAGE) -> tuple[int, int]:
    """Turn untrusted page parameters into sane integers."""
    try:
        page_number = max(1, int(page))
    except (TypeError, ValueError):
        page_number = 1
    try:
        size = min(MAX_PER_PAGE, max(1, int(per_page)))
    except (TypeError, ValueError):
        size = DEFAULT_PER_PAGE
    return page_number, size


def paginate(session: Session, statement: Select, page: Any = 1, per_page: Any = None) -> Page:
    """Run a select for one page and count the whole result."""
    page_number, size = clamp(page, per_page or DEFAULT_PER_PAGE)
    total = session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery())
    ) or 0
    items = list(
        session.scalars(statement.limit(size).offset((page_number - 1) * size)).unique()
    )
    return Page(items=items, page=page_number, per_page=size, total=total)
