"""Catching a filled index up with a thesaurus that grew: re-index only the threads that hold
a multi-word name without its token, or read names as phrases when they are too many.

A document holds a token for every multi-word thesaurus name in its text (documents.py), so a
name of several words is one index lookup instead of a phrase (decision 0010). A name added
later (a moderator's edit, a migration adding shipped groups) is in documents written before
it without its token. A moderator's edit re-indexes those threads at once when they are at
most REINDEX_AT_ONCE (embedded.thesaurus_changed); an upgrade (`flask db upgrade`, at the end
of migrations/env.py) catches a marked index up when it can (decision 0068).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from kenme.search import cache
from kenme.search.documents import name_token, tokenised
from kenme.search.fts import backend_for
from kenme.search.indexing import REBUILD_BATCH, index_threads
from kenme.search.synonyms import current_thesaurus

# An upgrade re-indexes at most this many threads before it unmarks the index: about 1.6 ms
# of CPU a thread (decision 0068), so ~30 s; a whole rebuild at 100,000 questions is ~2 min.
UPGRADE_AT_ONCE = 20_000

INSTRUCTION = (
    "KenMe search: {count} threads lack the tokens of multi-word thesaurus names (more than "
    "{bound} to re-index during an upgrade). Search works, but reads those names as phrases, "
    "which is slower (cold search p95 about doubles at 100,000 questions). Run "
    "`flask --app kenme search rebuild` at a quiet hour (about 2 minutes per 100,000 questions)."
)


def lacking_tokens(session: Session, names: Iterable[tuple[str, ...]]) -> set[int]:
    """Return the threads holding one of these analysed names but not its token."""
    backend = backend_for(session)
    missing: set[int] = set()
    for name in dict.fromkeys(n for n in names if tokenised(n)):
        missing.update(backend.without_token(session, name, name_token(name)))
    return missing


def reindex(session: Session, thread_ids: Iterable[int]) -> int:
    """Re-index these threads in batches; return how many index rows were written."""
    ordered = sorted({int(i) for i in thread_ids})
    written = 0
    for start in range(0, len(ordered), REBUILD_BATCH):
        written += index_threads(session, ordered[start : start + REBUILD_BATCH])
    return written


def catch_up(session: Session, at_most: int | None = None) -> tuple[int, bool]:
    """Give every document the tokens of the thesaurus names it holds, then mark the index as
    holding them all; unless more than at_most threads lack one (the mark then stays).

    Returns (threads lacking a token, whether the index now reads names as tokens). An index
    that is not marked holds every token already: one statement.
    """
    if cache.names_as_tokens(session):
        return 0, True
    bound = UPGRADE_AT_ONCE if at_most is None else at_most
    missing = lacking_tokens(session, current_thesaurus(session).names())
    if len(missing) > bound:
        return len(missing), False
    reindex(session, missing)
    cache.bump(session)
    cache.mark_format(session, cache.INDEX_FORMAT)
    return len(missing), True
