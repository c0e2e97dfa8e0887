"""`flask --app kenme check`: do the copies agree with the rows they copy?

Three comparisons, all read-only unless asked to repair:
- every denormalised counter against a recount of its rows (kenme.services.counters);
- the search index against the visible threads (kenme.search.consistency);
- every post against its revisions: it has one, they are numbered 1..n, and the newest holds
  the post's current title and text.
Repair recounts counters and re-indexes threads in one transaction. A post whose text differs
from its newest revision is reported, not repaired: which of the two is right needs a person.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from kenme.models import Post, Revision
from kenme.search.consistency import IndexReport, check_index, repair_index
from kenme.search.engine import SearchEngine
from kenme.services import counters

LIMIT = 1000  # differences listed per counter; the counts stay exact


@dataclass
class CheckReport:
    counters: list[counters.Difference] = field(default_factory=list)
    index: IndexReport | None = None
    revisions: list[dict] = field(default_factory=list)
    repaired: dict[str, int] = field(default_factory=dict)

    @property
    def clean(self) -> bool:
        return not self.counters and not self.revisions and (self.index is None or self.index.clean)

    def to_dict(self) -> dict:
        return {
            "clean": self.clean,
            "counters": [d.to_dict() for d in self.counters],
            "search_index": self.index.to_dict() if self.index else None,
            "revisions": self.revisions,
            "repaired": self.repaired,
        }


def revision_differences(session: Session) -> list[dict]:
    """Posts without revisions, with gaps in their numbering, or newer than their newest."""
    newest = (
        select(Revision.post_id, func.max(Revision.number).label("number"), func.count().label("n"))
        .group_by(Revision.post_id)
        .subquery()
    )
    latest = aliased(Revision)
    rows = session.execute(
        select(Post.id, newest.c.number, newest.c.n, latest.id)
        .outerjoin(newest, newest.c.post_id == Post.id)
        .outerjoin(latest, and_(latest.post_id == Post.id, latest.number == newest.c.number))
        .where(
            or_(
                newest.c.number.is_(None),
                newest.c.number != newest.c.n,
                latest.body_markdown != Post.body_markdown,
                latest.title != Post.title,
            )
        )
        .order_by(Post.id)
        .limit(LIMIT)
    ).all()
    found = []
    for post_id, number, n, _latest in rows:
        if number is None:
            problem = "geen versie"
        elif number != n:
            problem = f"versies genummerd tot {number}, maar {n} aanwezig"
        else:
            problem = "tekst wijkt af van de nieuwste versie"
        found.append({"post_id": post_id, "problem": problem})
    return found


def run_check(session: Session, engine: SearchEngine | None, *, repair: bool = False):
    """Compare everything; with ``repair``, fix counters and index, then compare again."""
    report = CheckReport(
        counters=counters.differences(session, limit=LIMIT),
        index=check_index(session, engine) if engine is not None else None,
        revisions=revision_differences(session),
    )
    if not repair or report.clean:
        return report
    repaired = {"counters": counters.repair(session) if report.counters else 0}
    if report.index is not None and not report.index.clean and not report.index.error:
        repaired["search_index"] = repair_index(session, engine, report.index)
    session.flush()
    after = run_check(session, engine)
    after.repaired = repaired
    return after
