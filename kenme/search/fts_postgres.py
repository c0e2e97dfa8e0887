"""PostgreSQL back end of the embedded engine: a tsvector table with GIN indexes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    cast,
    column,
    func,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, TSQUERY
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kenme.search.documents import FIELDS, META
from kenme.search.fts_common import QueryStrings, Tier, _pairs, similar_in_steps
from kenme.search.pg_rank import ranked_among, ranked_weighed, weighed_relevance
from kenme.search.plan import Plan
from kenme.search.tsvector import stored_fields as _fields
from kenme.search.tsvector import tsvector_literal


def _quoted(lexeme: str, prefix: bool = False) -> str:
    return f"'{lexeme}'" + (":*" if prefix else "")


# Planner settings for the rest of the transaction (is_local): see PostgresFts._index_scans.
_SET_PLANNING = "SELECT set_config('enable_seqscan', :s, true), set_config('jit', :j, true)"


class PostgresFts(QueryStrings):
    """A tsvector table with a GIN index in the same PostgreSQL database."""

    name = "postgresql"
    fts = table("fts_threads", column("post_id", Integer), column("document"))

    def __init__(self) -> None:
        self._matches: dict[str, list[int]] = {}
        self._titled: dict[str, set[int]] = {}
        self.names_as_tokens = False  # see QueryStrings.names_as_tokens
        self._settings: tuple | None = None  # planner settings before _index_scans

    # Query strings (tsquery input syntax, no parser in between; the rest is QueryStrings) -

    OR = " | "
    AND = " & "
    AND_NOT = " & !"

    @staticmethod
    def phrase(words: Sequence[str]) -> str:
        if len(words) == 1:
            return _quoted(words[0])
        return "(" + " <-> ".join(_quoted(x) for x in words) + ")"

    @staticmethod
    def prefix(word: str) -> str:
        return _quoted(word, prefix=True)

    def in_titles(self, plan: Plan) -> str:
        """Return a tsquery for fts_titles: some word of the query in a question's title.

        (SQLite's tier also looks at the oogst; here a weight-restricted query on fts_threads
        would have to read every candidate's whole document to check the weights.)
        """
        return " | ".join(self.title_slots(plan))

    def similar_titles(self, session: Session, plan: Plan, limit: int) -> list[int]:
        """Return question ids whose titles hold the most of the plan's words (fts_titles).

        Order: most slots matched; then the rarer slots (the plan's slots come rarest first,
        as bm25 weighs rare words up on SQLite); then ts_rank (more of a slot's alternatives,
        repeated words); then the shorter title; then the newest. Produced in steps (see
        similar_in_steps), which give exactly the order of one query over all matches.
        """
        slots = self.title_slots(plan)
        params: dict[str, object] = {f"s{i}": slot for i, slot in enumerate(slots)}
        matched = [f"(title @@ CAST(:s{i} AS tsquery))::int" for i in range(len(slots))]
        how_many = " + ".join(matched)
        rarer = " + ".join(f"{m} * {2 ** (len(slots) - 1 - i)}" for i, m in enumerate(matched))
        params["any"] = " | ".join(slots)
        params["pairs"] = " | ".join(f"{a} & {b}" for a, b in _pairs(slots))
        rank = "ts_rank(title, CAST(:any AS tsquery), 0) DESC, length(title), post_id DESC"

        def ranked(condition: str, order: str, count: int) -> list[int]:
            # Only our own placeholders and expressions are formatted in; values are bound.
            statement = text(
                "SELECT post_id FROM fts_titles "  # noqa: S608
                f"WHERE title @@ CAST(:{condition} AS tsquery) ORDER BY {order} LIMIT {count}"
            )
            return list(session.scalars(statement, params))

        return similar_in_steps(
            len(slots),
            limit,
            lambda count: ranked("pairs", f"{how_many} DESC, {rarer} DESC, {rank}", count),
            lambda i, count: ranked(f"s{i}", rank, count),
        )

    # Statements --------------------------------------------------------------------------

    @staticmethod
    def _query(expression: str, name: str):
        return cast(bindparam(name, expression, type_=String), TSQUERY)

    @contextmanager
    def planning(self, session: Session) -> Iterator[None]:
        """Undo, when the search is done, what _index_scans changed for it."""
        try:
            yield
        finally:
            if self._settings is not None:
                with suppress(SQLAlchemyError):  # an aborted transaction resets them anyway
                    session.execute(
                        text(_SET_PLANNING), {"s": self._settings[0], "j": self._settings[1]}
                    )
                self._settings = None

    def _index_scans(self, session: Session) -> None:
        """Read matches through the GIN indexes only, for the rest of this search.

        The planner costs `document @@ query` like any cheap operator, but a sequential scan
        unpacks every thread's whole (TOASTed) tsvector to test it: 0.8 s for 100,000
        threads, where the bitmap index scan over the same 19,521 matches takes 17 ms. A
        common word's estimate tips it into the sequential scan, and into JIT compilation
        (another 140 ms). Both are off from the first full-text statement of a search (one
        with text: listing by filters alone is planned as before) until planning() ends.
        """
        if self._settings is not None:
            return
        self._settings = tuple(
            session.execute(
                text("SELECT current_setting('enable_seqscan'), current_setting('jit')")
            ).one()
        )
        session.execute(text(_SET_PLANNING), {"s": "off", "j": "off"})

    # One GIN bitmap scan gives every matching id; the total, the tiers, the facet sample and
    # newest-first pages are all worked out from that list (kept for the back end's life,
    # one search). Each further statement with `document @@ query` would scan again, and
    # any plan that tests it row by row (a join, an ORDER BY ... LIMIT) unpacks whole
    # documents: 0.16 s for a join with fts_titles at 100,000 threads, 8 ms from the lists.

    def ids(self, session: Session, expression: str) -> list[int]:
        """Return the ids of the threads matching expression, newest (highest) first."""
        if expression not in self._matches:
            self._matches[expression] = self._array(
                session,
                "SELECT array_agg(post_id ORDER BY post_id DESC) FROM fts_threads "
                "WHERE document @@ CAST(:q AS tsquery)",
                expression,
            )
        return self._matches[expression]

    def by_levels(self, expression: str) -> bool:
        """A large set's levels one by one, as on SQLite, though each is read whole: a whole
        list costs a heap visit per match (fts_threads keeps ~5 rows a page), so every slot's
        list (75,000 threads for "zoon" at 100,000 questions: 0.5 s) costs far more than the
        few levels a page needs (an AND of the slots: tens of threads, 15-30 ms each). The
        pages are the same (test_capped_searches_page_exactly_as_the_full_path)."""
        return True

    def newest(self, session: Session, expression: str, count: int) -> list[int]:
        """Return up to count ids matching expression, newest first."""
        # A GIN bitmap scan reads the whole lists anyway; the list is kept for the search.
        return self.ids(session, expression)[:count]

    def in_windows(
        self, session: Session, expression: str, windows: Sequence[tuple[int, int]]
    ) -> list[int]:
        """Return the ids matching expression inside these id ranges (one bitmap scan,
        only the windows' rows read from the table)."""
        ranges = " OR ".join(f"post_id BETWEEN {int(a)} AND {int(b)}" for a, b in windows)
        return self._array(
            session,
            "SELECT array_agg(post_id) FROM fts_threads "  # noqa: S608 (integers only)
            f"WHERE document @@ CAST(:q AS tsquery) AND ({ranges})",
            expression,
        )

    def matching(self, session: Session, expression: str, ids: Sequence[int]) -> set[int]:
        """Return which of these threads match expression (by primary key, then the test)."""
        found = session.scalars(
            text(
                "SELECT post_id FROM fts_threads "
                "WHERE post_id = ANY(:ids) AND document @@ CAST(:q AS tsquery)"
            ),
            {"ids": list(ids), "q": expression},
        )
        return set(found)

    def _array(self, session: Session, statement: str, query: str) -> list[int]:
        """Run an array_agg statement over the GIN indexes (:q is its tsquery).

        One array, not a row per thread: 20,000 rows through the result layer cost more than
        finding them.
        """
        self._index_scans(session)
        return list(session.scalar(text(statement), {"q": query}) or ())

    def titled(self, session: Session, plan: Plan) -> set[int]:
        """Return the questions with a word of the plan in their title (fts_titles)."""
        return self._titled_ids(session, self.in_titles(plan))

    def _titled_ids(self, session: Session, titles: str) -> set[int]:
        if titles not in self._titled:
            self._titled[titles] = set(
                self._array(
                    session,
                    "SELECT array_agg(post_id) FROM fts_titles WHERE title @@ CAST(:q AS tsquery)",
                    titles,
                )
            )
        return self._titled[titles]

    def _in_tier(self, session: Session, expression: str, tier: Tier | None) -> list[int]:
        """Return the matching ids (in the tier: with or without a word in the title)."""
        ids = self.ids(session, expression)
        if tier is None:
            return ids
        titles, inside = tier
        titled = self._titled_ids(session, titles)
        return [i for i in ids if (i in titled) == inside]

    def count(
        self, session: Session, expression: str, cap: int | None = None, tier: Tier | None = None
    ) -> int:
        """Return how many threads match (in the tier), counting no further than cap.

        No join: fts_threads holds visible threads only, and filters are meta tokens.
        """
        found = len(self._in_tier(session, expression, tier))
        return found if cap is None else min(found, cap)

    def ranked(
        self,
        session: Session,
        expression: str,
        offset: int,
        limit: int,
        newest: bool = False,
        tier: Tier | None = None,
    ) -> list[int]:
        """Return thread ids matching expression: best first (ts_rank, then newest id), or
        newest first (by id, without ranking: ts_rank unpacks each whole document).

        Ranked lists are short (EmbeddedEngine._fts_page ranks 2,000 threads at most).
        """
        ids = self._in_tier(session, expression, tier)
        if newest:
            return ids[offset : offset + limit]
        return self.ranked_among(session, expression, ids, offset, limit)

    def ranked_among(
        self, session: Session, expression: str, ids: Sequence[int], offset: int, limit: int
    ) -> list[int]:
        """Return these matching ids best first by ts_rank over expression (then newest);
        in a query of several slots (weighing), by each slot's ts_rank times its weight, as
        a band is (ts_rank alone weighs no word's rarity; SQLite's bm25 does)."""
        if self.weighing is not None:
            slots, weights = self.weighing
            return ranked_weighed(session, ids, slots, weights, offset, limit)
        return ranked_among(session, expression, ids, offset, limit)

    def ranked_level(
        self,
        session: Session,
        expression: str,
        level: str,
        ids: Sequence[int],
        offset: int,
        limit: int,
    ) -> list[int]:
        """Return a level's threads (ids) best first by ts_rank over the query's expression:
        ts_rank reads only these documents (a level's own expression, with its "& !", would
        weigh them otherwise)."""
        return self.ranked_among(session, expression, ids, offset, limit)

    def band_relevance(self, session, levels, ids, slots, weights) -> dict[int, float]:
        """Return the relevance of a band's threads (levels.bands): per slot its ts_rank
        times its weight, summed (pg_rank.weighed_relevance; ts_rank weighs no word's
        rarity, bm25 does)."""
        return weighed_relevance(session, ids, slots, weights)

    def sample(self, session: Session, expression: str, every: int):
        """Return a select of matching ids, one in `every` (by id, so spread over time)."""
        return self.id_select(self.ids(session, expression)[::every], "sample_ids")

    @staticmethod
    def id_select(ids: Sequence[int], name: str = "listed_ids"):
        """Return a select of these ids (one bound array, however many there are)."""
        return select(func.unnest(bindparam(name, list(ids), type_=ARRAY(Integer))).label("id"))

    def without_token(self, session: Session, name: tuple[str, ...], token: str) -> list[int]:
        """Return the threads holding a name of several words but not its token."""
        expression = f"{self.phrase(name)} & !{_quoted(token)}"
        statement = select(self.fts.c.post_id).where(
            self.fts.c.document.op("@@")(self._query(expression, "fts_name"))
        )
        return list(session.scalars(statement))

    def excluded_ids(self, expression: str):
        return select(self.fts.c.post_id).where(
            self.fts.c.document.op("@@")(self._query(expression, "fts_excluded"))
        )

    def year(self, created_at):
        return cast(cast(func.date_part("year", func.timezone("UTC", created_at)), Integer), String)

    # Writing -----------------------------------------------------------------------------

    def read(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[set[str], tuple]]:
        """Return the stored text terms of each thread, and its analysed fields (migration
        0028; () for a row written before them, which is then written whole)."""
        columns = ", ".join(FIELDS)
        rows = session.execute(
            text(
                f"SELECT post_id, tsvector_to_array(document), {columns} "  # noqa: S608
                "FROM fts_threads WHERE post_id = ANY(:ids)"
            ),
            {"ids": list(ids)},
        )
        return {
            row[0]: (
                {t for t in row[1] if not t.startswith(META)},
                () if any(value is None for value in row[2:]) else tuple(row[2:]),
            )
            for row in rows
        }

    def delete(self, session: Session, ids: Sequence[int]) -> None:
        for name in ("fts_threads", "fts_titles"):
            session.execute(
                text(f"DELETE FROM {name} WHERE post_id = ANY(:ids)"),  # noqa: S608
                {"ids": list(ids)},
            )

    def insert(self, session: Session, documents: Mapping[int, Mapping[str, str]]) -> None:
        if not documents:
            return
        columns = ", ".join(FIELDS)
        values = ", ".join(f":{name}" for name in FIELDS)
        session.execute(
            text(
                f"INSERT INTO fts_threads(post_id, document, {columns}) "  # noqa: S608
                f"VALUES (:id, CAST(:doc AS tsvector), {values})"
            ),
            [
                {"id": post_id, "doc": tsvector_literal(fields), **_fields(fields)}
                for post_id, fields in documents.items()
            ],
        )
        questions = [
            {"id": post_id, "title": tsvector_literal({"title": fields["title"]})}
            for post_id, fields in documents.items()
            if f"{META}typequestion" in fields["meta"].split()
        ]
        if questions:
            session.execute(
                text(
                    "INSERT INTO fts_titles(post_id, title) VALUES (:id, CAST(:title AS tsvector))"
                ),
                questions,
            )

    def update(self, session: Session, post_id: int, fields: Mapping[str, str]) -> None:
        """Rewrite one thread's row with new fields (its title and type unchanged)."""
        columns = ", ".join(f"{name} = :{name}" for name in FIELDS)
        session.execute(
            text(
                f"UPDATE fts_threads SET document = CAST(:doc AS tsvector), {columns} "  # noqa: S608
                "WHERE post_id = :id"
            ),
            {"id": post_id, "doc": tsvector_literal(fields), **_fields(fields)},
        )

    def clear(self, session: Session) -> None:
        # DELETE rather than TRUNCATE: searches keep reading the old rows until commit.
        session.execute(text("DELETE FROM fts_titles"))
        session.execute(text("DELETE FROM fts_threads"))

    def optimise(self, session: Session) -> None:
        # A rebuild leaves up to gin_pending_list_limit (4 MB) of new entries in the GIN
        # pending list, which every search scans until autovacuum merges it: merge it now.
        # (fts_titles_title has no pending list: migration 0005 turns fastupdate off.)
        session.execute(text("SELECT gin_clean_pending_list('fts_threads_document')"))

    def probe(self, session: Session) -> None:
        session.execute(text("SELECT post_id FROM fts_threads LIMIT 1"))
