"""`flask --app kenme check`: do the copies agree with the rows they copy?

Three comparisons, all read-only unless asked to repair:
- every denormalised counter against a recount of its rows (kenme.services.counters);
- the search index against the visible threads (kenme.search.consistency);
- every post against its revisions: it has one, they are numbered 1..n, and the newest holds
  the post's current title and text.
Repair recounts counters and re-indexes threads in one transaction, and makes the revision
history agree with the post, never the other way round: the post is what readers have seen
(and what search indexed), so repair does not change it. A post without revisions gets one
from its current text; numbering gaps are closed in order; a post whose text differs from its
newest revision gets a new revision holding its text, with an edit summary that says check
added it (the older revisions stay). An Aanplakker's revisions also hold its case fields,
which cannot be recovered from the post's text: that difference stays reported for a person.
See docs/decisions/0028-check-repairs-history-from-the-post.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from kenme.models import Post, Revision
from kenme.models.types import utcnow
from kenme.search.consistency import IndexReport, check_index, repair_index
from kenme.search.engine import SearchEngine
from kenme.services import counters

LIMIT = 1000  # differences listed per counter; the counts stay exact
NO_REVISION, GAPS, DIFFERS = "no_revision", "numbering_gaps", "text_differs"
REPAIR_SUMMARY = "Door de controle toegevoegd: de tekst die lezers zagen had geen eigen versie"


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
            kind, problem = NO_REVISION, "geen versie"
        elif number != n:
            kind, problem = GAPS, f"versies genummerd tot {number}, maar {n} aanwezig"
        else:
            kind, problem = DIFFERS, "tekst wijkt af van de nieuwste versie"
        found.append({"post_id": post_id, "kind": kind, "problem": problem})
    return found


def repair_revisions(session: Session, found: list[dict]) -> int:
    """Bring each listed post's revisions in line with the post; return how many posts changed.

    Only revisions are written; the post's title and text stay as readers know them.
    """
    repaired = 0
    for item in found:
        post = session.get(Post, item["post_id"])
        revisions = sorted(post.revisions, key=lambda r: r.number)
        if revisions and revisions[-1].fields is not None and item["kind"] == DIFFERS:
            continue  # an Aanplakker: its case fields cannot be rebuilt from the text
        for number, revision in enumerate(revisions, start=1):
            if revision.number != number:  # ascending, one at a time: never a duplicate
                revision.number = number
                session.flush()
        if not revisions or _differs(post, revisions[-1]):
            post.revisions.append(
                Revision(
                    number=len(revisions) + 1,
                    title=post.title,
                    body_markdown=post.body_markdown,
                    body_html=post.body_html,
                    author_id=post.author_id,
                    edit_summary=REPAIR_SUMMARY,
                    created_at=utcnow(),
                )
            )
        post.revision_count = len(post.revisions)
        session.flush()
        repaired += 1
    return repaired


def _differs(post: Post, revision: Revision) -> bool:
    return (revision.title, revision.body_markdown) != (post.title, post.body_markdown)


def run_check(session: Session, engine: SearchEngine | None, *, repair: bool = False):
    """Compare everything; with ``repair``, fix revisions, counters and index, then again."""
    report = CheckReport(
        counters=counters.differences(session, limit=LIMIT),
        index=check_index(session, engine) if engine is not None else None,
        revisions=revision_differences(session),
    )
    if not repair or report.clean:
        return report
    repaired = {"revisions": repair_revisions(session, report.revisions)}
    repaired["counters"] = counters.repair(session) if report.counters else 0
    if report.index is not None and not report.index.clean and not report.index.error:
        repaired["search_index"] = repair_index(session, engine, report.index)
    session.flush()
    after = run_check(session, engine)
    after.repaired = repaired
    return after
