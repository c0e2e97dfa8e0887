"""The outbox worker: send recorded changes to Meilisearch, coalesced, in batches, with retries.

Each round takes the due outbox rows, re-reads the current state of their threads (so it
sends whole, current documents, and deletes for threads that are gone or hidden), waits for
Meilisearch's tasks, and only then deletes the rows. A failure leaves every row in place
with a later ``available_at`` (exponential back-off): nothing is ever lost.
"""

from __future__ import annotations

import logging
import signal
import time
from dataclasses import dataclass

from meilisearch.errors import MeilisearchError
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kenme.models import SearchOutbox
from kenme.models.types import utcnow
from kenme.search.meili import MeilisearchEngine, backoff

logger = logging.getLogger(__name__)


@dataclass
class DrainReport:
    """What one round of the worker did."""

    rows: int = 0
    threads: int = 0
    sent: int = 0
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


def pending_count(session: Session) -> int:
    """Return how many outbox rows wait to be sent."""
    return session.scalar(select(func.count(SearchOutbox.id))) or 0


def drain_once(session: Session, engine: MeilisearchEngine, batch_size: int = 500) -> DrainReport:
    """Send one batch of due changes; commit the outcome either way."""
    now = utcnow()
    statement = (
        select(SearchOutbox)
        .where(SearchOutbox.available_at <= now)
        .order_by(SearchOutbox.id)
        .limit(batch_size)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)  # several workers may run
    rows = list(session.scalars(statement))
    if not rows:
        session.commit()
        return DrainReport()
    thread_ids = {row.post_id for row in rows if row.kind == "thread" and row.post_id}
    report = DrainReport(rows=len(rows), threads=len(thread_ids))
    try:
        if any(row.kind == "settings" for row in rows):
            engine.apply_settings(session)
        report.sent = engine.send(session, thread_ids)
    except SQLAlchemyError:
        raise  # our own database: let the worker stop loudly
    except (MeilisearchError, ValueError, OSError) as error:
        report.error = str(error)[:500] or error.__class__.__name__
        logger.warning("search outbox: %d change(s) kept for a retry: %s", len(rows), report.error)
        for row in rows:
            row.attempts += 1
            row.available_at = now + backoff(row.attempts)
            row.last_error = report.error
        session.commit()
        return report
    for row in rows:
        session.delete(row)
    session.commit()
    return report


class _Stop:
    """Finish the current round on SIGTERM/SIGINT, then leave the loop."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self, *_args) -> None:
        self.requested = True


def run_worker(
    session: Session,
    engine: MeilisearchEngine,
    *,
    once: bool = False,
    batch_size: int = 500,
    interval: float = 1.0,
    echo=print,
) -> int:
    """Drain the outbox (once: until nothing is due; else forever); return 1 after a failure."""
    stop = _Stop()
    if not once:
        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
    failed = False
    while not stop.requested:
        report = drain_once(session, engine, batch_size)
        if report.rows:
            echo(
                f"{report.rows} wijziging(en), {report.threads} draad/draden: "
                + (
                    f"mislukt ({report.error}), later opnieuw"
                    if report.failed
                    else f"{report.sent} document(en) verstuurd"
                )
            )
        failed = failed or report.failed
        if once and (report.failed or not report.rows):
            break
        if report.failed or not report.rows:
            time.sleep(interval)
    return 1 if failed else 0
