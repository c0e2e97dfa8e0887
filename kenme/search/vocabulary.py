"""The embedded index's vocabulary (search_terms): typo candidates, prefixes, display words.

The table is written in the same transaction as the index, so it holds exactly the stems of
visible text. Lookups go to the database per query instead of a per-process cache: correct
with several app processes, and measured at well under a millisecond per word
(docs/decisions/0002-search.md).

PostgreSQL: a term's row is shared by every writer whose text brings that term to a thread,
and an upsert holds it until the transaction ends, so the writers queued on the common terms'
rows for the rest of each other's requests (decision 0054). There the deltas are summed per
transaction and written in one sorted upsert just before COMMIT (``write_pending``): each
writer holds the rows for its commit only. A ``TermStore`` or an ORM read of search_terms in
the same transaction writes them first, so it sees its own changes as before.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import delete, event, func, or_, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kenme.models import Post, SearchTerm
from kenme.search import cache, stamps
from kenme.search.typo import Vocabulary, allowed_typos

MAX_TERM = 64
PREFIX_PROBE = 64  # terms read per prefix; more than plan.MAX_COMPLETIONS
CORRECTIONS_KEPT = 8  # corrections worked out per word; callers ask for this many or fewer

# Look-ups a plan makes a dozen times or more (a word, its compounds, its prefixes), written
# once: an ORM select with an expanding IN is compiled anew for every number of terms (0.3 ms
# each, most of a plan's 6 ms at 100,000 questions). The terms go as one bound list.
_FREQUENCIES = {
    "sqlite": text(
        "SELECT term, df FROM search_terms WHERE term IN (SELECT value FROM json_each(:terms))"
    ),
    "postgresql": text("SELECT term, df FROM search_terms WHERE term = ANY(:terms)"),
}
# Terms starting with a prefix: on SQLite a range of the primary key (binary order is code
# point order), where head and size alone read every term of that letter (1 ms each); the
# prefix test stays, so the range only narrows what is read. PostgreSQL's collation need not
# be code point order: it keeps the bucket.
_STARTING_WITH = text(
    "SELECT term FROM search_terms WHERE term >= :low AND term < :high "
    "AND substr(term, 1, :size) = :prefix LIMIT :probe"
)


class TermStore:
    """Read the vocabulary of the embedded index for one request."""

    def __init__(self, session: Session, reader: cache.Reader | None = None) -> None:
        write_pending(session)  # its reads (some as text) see this transaction's changes
        self.session = session
        # The search's use of kenme.search.cache: corrections are kept across requests.
        self.reader = reader
        self._frequency: dict[str, int] = {}
        self._corrected: dict[str, tuple[str, ...]] = {}
        self._prefixed: dict[str, list[str]] = {}
        self._threads: int | None = None
        self._dialect = session.get_bind().dialect.name

    def frequencies(self, terms: Iterable[str]) -> dict[str, int]:
        """Return the document frequency of each term (0 when absent), remembered per request."""
        missing = [t for t in dict.fromkeys(terms) if t and t not in self._frequency]
        if missing:
            statement = _FREQUENCIES.get(self._dialect)
            if statement is None:
                statement = select(SearchTerm.term, SearchTerm.df).where(
                    SearchTerm.term.in_(missing)
                )
                found = dict(self.session.execute(statement).all())
            else:
                bound = json.dumps(missing) if self._dialect == "sqlite" else missing
                found = dict(self.session.execute(statement, {"terms": bound}).all())
            for term in missing:
                self._frequency[term] = found.get(term, 0)
        return {t: self._frequency.get(t, 0) for t in terms}

    def frequency(self, term: str) -> int:
        return self.frequencies([term])[term]

    def threads(self) -> int:
        """Return about how many threads the index holds (the N of a word's weight, see
        levels.slot_weight): the span of post ids, two lookups in the primary key. It also
        counts answers, comments and removed posts, so it overstates N a few times; weights
        then all grow by about the same amount (tuning half: the same figures as an exact
        count). Counting visible threads exactly read the whole list index: 4 ms per search
        at 10,000 questions on PostgreSQL, about ten times that at 100,000.
        """
        if self._threads is None:
            # Two statements: SQLite reads min() and max() from the key alone (large.py).
            low = self.session.scalar(select(func.min(Post.id))) or 0
            high = self.session.scalar(select(func.max(Post.id))) or 0
            self._threads = max(high - low + 1, 1)
        return self._threads

    def _starting_with(self, prefix: str) -> list[str]:
        """Return up to PREFIX_PROBE indexed terms starting with prefix: one query
        per prefix and request (the plan asks whether a prefix exists, then for its terms)."""
        if prefix not in self._prefixed:
            size = len(prefix)
            high = _after(prefix) if prefix else None
            if self._dialect == "sqlite" and high is not None:
                values = {"low": prefix, "high": high, "size": size, "prefix": prefix}
                found = self.session.scalars(_STARTING_WITH, {**values, "probe": PREFIX_PROBE})
                self._prefixed[prefix] = found.all()
                return self._prefixed[prefix]
            self._prefixed[prefix] = self.session.scalars(
                select(SearchTerm.term)
                .where(
                    SearchTerm.head == prefix[0],
                    SearchTerm.size >= size,
                    func.substr(SearchTerm.term, 1, size) == prefix,
                )
                .limit(PREFIX_PROBE)  # no ORDER BY: the scan stops at the limit
            ).all()
        return self._prefixed[prefix]

    def has_prefix(self, prefix: str) -> bool:
        """Tell whether some indexed term starts with prefix."""
        return bool(prefix) and bool(self._starting_with(prefix))

    def terms_with_prefix(self, prefix: str, limit: int) -> list[str] | None:
        """Return every indexed term starting with prefix, or None when there are more than
        limit (below PREFIX_PROBE) of them."""
        if not prefix:
            return []
        found = self._starting_with(prefix)
        return None if len(found) > limit else sorted(found)

    def corrections(self, word: str, limit: int = 5) -> list[str]:
        """Return indexed terms within word's typo budget, fewest typos then commonest.

        The best CORRECTIONS_KEPT are worked out once per word (per request, and per index
        version across requests): the plan and "Bedoelde je" ask for the same word.
        """
        if word not in self._corrected:
            compute = lambda: tuple(self._corrections(word, CORRECTIONS_KEPT))  # noqa: E731
            self._corrected[word] = (
                compute()
                if self.reader is None
                else self.reader.get(("corrections", word), compute, cache.same_words)
            )
        found = self._corrected[word]
        return list(found[:limit]) if limit <= CORRECTIONS_KEPT else self._corrections(word, limit)

    def _corrections(self, word: str, limit: int) -> list[str]:
        budget = allowed_typos(word)
        if budget == 0 or not word:
            return []
        bucket = (SearchTerm.head == word[0]) & SearchTerm.size.between(
            len(word) - budget, len(word) + budget
        )
        condition = bucket
        if budget == 2:  # an edit on the first letter costs two typos (typo.py)
            swapped = word[1] + word[0] + word[2:] if len(word) > 1 else word
            condition = or_(
                bucket,
                SearchTerm.tail.in_([word[1:], word]),
                SearchTerm.term.in_([word[1:], swapped]),
            )
        rows = self.session.execute(select(SearchTerm.term, SearchTerm.df).where(condition)).all()
        return Vocabulary((term, df) for term, df in rows).corrections(word, limit)

    def display_words(self, terms: Iterable[str]) -> dict[str, str]:
        """Return a word as members wrote it for each term (the term itself when unknown)."""
        terms = list(dict.fromkeys(terms))
        found = dict(
            self.session.execute(
                select(SearchTerm.term, SearchTerm.word).where(SearchTerm.term.in_(terms))
            ).all()
        )
        return {t: found.get(t) or t for t in terms}


def _after(prefix: str) -> str | None:
    """Return the least string above every string that starts with prefix (its last
    character the next code point), or None where there is none to write."""
    following = ord(prefix[-1]) + 1
    if 0xD800 <= following <= 0xDFFF:
        following = 0xE000  # surrogates are no characters; the next one is
    return prefix[:-1] + chr(following) if following <= 0x10FFFF else None


def _insert(session: Session):
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(SearchTerm)


def apply_deltas(
    session: Session,
    deltas: Mapping[str, int],
    words: Mapping[str, str],
    threads: Iterable[int] = (),
) -> bool:
    """Add document-frequency changes to the vocabulary; terms falling to zero go away.

    Return whether a term came or went (typo corrections cached before are then stale).
    PostgreSQL: the deltas wait for the commit (``write_pending``) and False is returned; a
    term that came or went then is logged as a change of ``threads`` (the changed threads).
    """
    if not any(d and t for t, d in deltas.items()):
        return False
    if session.get_bind().dialect.name != "postgresql":
        return _write(session, deltas, words)
    pending = session.info.setdefault(PENDING, _Pending())
    pending.deltas.update(deltas)
    for term, word in words.items():
        pending.words.setdefault(term, word)
    pending.threads.update(threads)
    return False


PENDING = "kenme.search.vocabulary.pending"


@dataclass
class _Pending:
    """A PostgreSQL transaction's vocabulary changes, written just before its COMMIT."""

    deltas: Counter[str] = field(default_factory=Counter)
    words: dict[str, str] = field(default_factory=dict)
    threads: set[int] = field(default_factory=set)


def write_pending(session: Session) -> None:
    """Write this transaction's waiting vocabulary changes (PostgreSQL; none elsewhere)."""
    pending: _Pending | None = session.info.pop(PENDING, None)
    if pending is None or not _write(session, pending.deltas, pending.words):
        return
    if pending.threads:  # a term came or went: cached corrections must see it (cache.py)
        flags = {"lost": False, "meta": False, "title": False, "words": True}
        stamps.log(session, [{"thread_id": t, **flags} for t in sorted(pending.threads)])


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    if PENDING in session.info and not session.in_nested_transaction():
        write_pending(session)


@event.listens_for(Session, "do_orm_execute")
def _read_own_changes(state) -> None:
    """A read of search_terms in a writing transaction sees that transaction's changes."""
    pending = PENDING in state.session.info and state.is_select
    if pending and any(mapper.class_ is SearchTerm for mapper in state.all_mappers):
        write_pending(state.session)


@event.listens_for(Session, "after_transaction_end")
def _transaction_ended(session: Session, transaction) -> None:
    if transaction.parent is None:  # rolled back (a commit wrote and dropped them)
        session.info.pop(PENDING, None)


def _write(session: Session, deltas: Mapping[str, int], words: Mapping[str, str]) -> bool:
    changes = sorted((t, d) for t, d in deltas.items() if d and t)  # sorted: no deadlocks
    if not changes:
        return False
    statement = _insert(session)
    statement = statement.on_conflict_do_update(
        index_elements=[SearchTerm.term], set_={"df": SearchTerm.df + statement.excluded.df}
    ).returning(SearchTerm.term, SearchTerm.df)
    rows = session.execute(
        statement,
        [
            {
                "term": term[:MAX_TERM],
                "head": term[0],
                "tail": term[1:MAX_TERM],
                "size": len(term),
                "df": delta,
                "word": (words.get(term) or term)[:MAX_TERM],
            }
            for term, delta in changes
        ],
    ).all()
    added = dict(changes)
    # A term whose frequency is now just what was added was not there before.
    came = any(df == added.get(term) and df > 0 for term, df in rows)
    gone = [t for t, d in changes if d < 0]
    went = False
    if gone:
        result = session.execute(
            delete(SearchTerm).where(SearchTerm.term.in_(gone), SearchTerm.df <= 0)
        )
        went = bool(result.rowcount)
    return came or went


def replace_all(session: Session, frequencies: Counter[str], words: Mapping[str, str]) -> None:
    """Replace the whole vocabulary (rebuild)."""
    session.info.pop(PENDING, None)  # counted again from the rows below
    session.execute(delete(SearchTerm))
    rows = [
        {
            "term": term,
            "head": term[0],
            "tail": term[1:],
            "size": len(term),
            "df": df,
            "word": (words.get(term) or term)[:MAX_TERM],
        }
        for term, df in frequencies.items()
        if term and df > 0
    ]
    for start in range(0, len(rows), 5000):
        session.execute(SearchTerm.__table__.insert(), rows[start : start + 5000])
