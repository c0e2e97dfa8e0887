"""Site-wide bookkeeping that is not part of any one aggregate."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from kenme.extensions import db


class SiteState(db.Model):
    """One row: ``generation`` goes up with every transaction that writes anything.

    Whole pages are cached under it (kenme/web/questions/page_cache.py): a page rendered
    under generation N shows exactly what the database held at N. ``epoch`` is random per
    row, so a wiped and refilled table never repeats an old (epoch, generation) pair.
    """

    __tablename__ = "site_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    generation: Mapped[int] = mapped_column(default=0)
