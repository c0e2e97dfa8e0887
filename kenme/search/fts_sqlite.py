"""SQLite FTS5 back end of the embedded engine (one FTS5 table per thread, one for titles)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextlib import nullcontext

from sqlalchemy import (
    Integer,
    String,
    bindparam,
    cast,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from kenme.search.documents import FIELDS, META
from kenme.search.fts_common import QueryStrings, Tier, _pairs, similar_in_steps
from kenme.search.plan import Plan

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE fts_threads USING fts5("
    "title, oogst, body, answers, comments, meta, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)
# Question titles alone, for suggestions: a title query never walks the body's doclists.
SQLITE_TITLES_DDL = (
    "CREATE VIRTUAL TABLE fts_titles USING fts5(title, tokenize = 'unicode61 remove_diacritics 0')"
)
# Column weights for ranking (SEMANTICS.md §6, decision 0037 "Amended"): title, oogst, body,
# answers, comments, and meta (where a topic matched by its name counts like a word in the
# comments). Body above meta: a word in the text ranks above a topic reached by its name.
WEIGHTS = (3.0, 3.0, 1.5, 1.0, 1.0, 1.0)


class SqliteFts(QueryStrings):
    """FTS5 in the same SQLite database; queries need no join with posts."""

    name = "sqlite"
    lazy_lists = True  # ORDER BY rowid DESC LIMIT n reads n entries of each doclist
    fts = table("fts_threads", column("rowid", Integer))

    def __init__(self) -> None:
        self._matches: dict[str, list[int]] = {}
        self.names_as_tokens = False  # see QueryStrings.names_as_tokens

    def lazy(self, expression: str) -> bool:
        """Tell whether expression's list is cheap to read in parts: not with a prefix
        (FTS5 merges every term under it into one list first, 30 ms per statement for
        "partner*" at 50,000 threads, however few rows the statement wants)."""
        return '" *' not in expression

    # Query strings (FTS5 MATCH syntax; the rest is QueryStrings) -------------------------

    @staticmethod
    def phrase(words: Sequence[str]) -> str:
        return '"' + " ".join(words) + '"'

    @staticmethod
    def prefix(word: str) -> str:
        return f'"{word}" *'

    def in_titles(self, plan: Plan) -> str:
        """Return a condition: some word of the query in the title or the oogst."""
        return "{title oogst} : (" + " OR ".join(self._parts(plan)) + ")"

    def similar_titles(self, session: Session, plan: Plan, limit: int) -> list[int]:
        """Return question ids whose titles hold the most (and rarest) of the plan's words.

        In steps (see similar_in_steps): titles with two or more of the words by bm25, then
        titles with one of them, rarest word first, each by bm25; ties newest first.
        """
        statement = text(
            "SELECT rowid FROM fts_titles WHERE fts_titles MATCH :m "
            "ORDER BY bm25(fts_titles), rowid DESC LIMIT :n"
        )

        def ranked(expression: str, count: int) -> list[int]:
            return list(session.scalars(statement, {"m": expression, "n": count}))

        slots = self.title_slots(plan)
        return similar_in_steps(
            len(slots),
            limit,
            lambda count: ranked(" OR ".join(f"({a} AND {b})" for a, b in _pairs(slots)), count),
            lambda i, count: ranked(slots[i], count),
        )

    # Statements --------------------------------------------------------------------------

    @staticmethod
    def _rank():
        listed = ", ".join(str(w) for w in WEIGHTS)
        return literal_column(f"bm25(fts_threads, {listed})")

    def match(self, expression: str, name: str = "fts_match"):
        return text(f"fts_threads MATCH :{name}").bindparams(**{name: expression})

    @staticmethod
    def _tiered(expression: str, tier: Tier | None) -> str:
        if tier is None:
            return expression
        titles, inside = tier
        return f"({expression}) {'AND' if inside else 'NOT'} ({titles})"

    def planning(self, session: Session):
        return nullcontext()

    def titled(self, session: Session, plan: Plan) -> set[int]:
        """Return the questions with a word of the plan in their title (fts_titles)."""
        found = session.scalar(
            text("SELECT json_group_array(rowid) FROM fts_titles WHERE fts_titles MATCH :m"),
            {"m": " OR ".join(self.title_slots(plan))},
        )
        return set(json.loads(found or "[]"))

    def ids(self, session: Session, expression: str) -> list[int]:
        """Return the ids of the threads matching expression, newest (highest) first.

        One FTS5 pass gives the total, the facet sample and newest-first pages of a search
        (kept for the back end's life, one search): each further MATCH would walk the same
        doclists again, 10-50 ms for a common word at 100,000 threads. One JSON array, not
        a row per thread: 20,000 rows through the result layer cost more than the match.
        """
        if expression not in self._matches:
            # Ascending (FTS5's own order) and reversed here: 15 % cheaper than ORDER BY DESC.
            found = session.scalar(
                text("SELECT json_group_array(rowid) FROM fts_threads WHERE fts_threads MATCH :m"),
                {"m": expression},
            )
            self._matches[expression] = json.loads(found or "[]")[::-1]
        return self._matches[expression]

    def newest(self, session: Session, expression: str, count: int) -> list[int]:
        """Return up to count ids matching expression, newest first (FTS5 stops there: a
        common word's list is not read to its end)."""
        if expression in self._matches:
            return self._matches[expression][:count]
        found = session.scalar(
            text(
                "SELECT json_group_array(rowid) FROM (SELECT rowid FROM fts_threads "
                "WHERE fts_threads MATCH :m ORDER BY rowid DESC LIMIT :n)"
            ),
            {"m": expression, "n": count},
        )
        ids = json.loads(found or "[]")
        if len(ids) < count:  # the whole list: kept like ids() for the rest of the search
            self._matches[expression] = ids
        return ids

    def in_windows(
        self, session: Session, expression: str, windows: Sequence[tuple[int, int]]
    ) -> list[int]:
        """Return the ids matching expression inside these id ranges (FTS5 seeks to each)."""
        statement = text(
            "SELECT json_group_array(rowid) FROM fts_threads "
            "WHERE fts_threads MATCH :m AND rowid BETWEEN :a AND :b"
        )
        found: list[int] = []
        for low, high in windows:
            found += json.loads(session.scalar(statement, {"m": expression, "a": low, "b": high}))
        return found

    def matching(self, session: Session, expression: str, ids: Sequence[int]) -> set[int]:
        """Return which of these threads match expression (a probe per id, no doclist walk)."""
        found = session.scalars(
            text(
                "SELECT rowid FROM fts_threads WHERE fts_threads MATCH :m "
                "AND rowid IN (SELECT value FROM json_each(:ids))"
            ),
            {"m": expression, "ids": _json_ids(ids)},
        )
        return set(found)

    def count(
        self, session: Session, expression: str, cap: int | None = None, tier: Tier | None = None
    ) -> int:
        """Return how many threads match (in the tier), counting no further than cap."""
        if tier is None:
            found = len(self.ids(session, expression))
            return found if cap is None else min(found, cap)
        expression = self._tiered(expression, tier)
        if cap is None:
            statement = select(func.count()).select_from(self.fts).where(self.match(expression))
        else:
            capped = select(self.fts.c.rowid).where(self.match(expression)).limit(cap)
            statement = select(func.count()).select_from(capped.subquery())
        return session.scalar(statement) or 0

    def ranked(
        self,
        session: Session,
        expression: str,
        offset: int,
        limit: int,
        newest: bool = False,
        tier: Tier | None = None,
    ) -> list[int]:
        """Return thread ids matching expression: best first (bm25, then newest id), or
        newest first (by id, which FTS5 walks backwards without ranking anything)."""
        expression = self._tiered(expression, tier)
        order = (self.fts.c.rowid.desc(),)
        if not newest:
            order = (self._rank(), *order)
        statement = (
            select(self.fts.c.rowid)
            .where(self.match(expression))
            .order_by(*order)
            .limit(limit)
            .offset(offset)
        )
        return list(session.scalars(statement))

    def sample(self, session: Session, expression: str, every: int):
        """Return a select of matching ids, one in `every` (by id, so spread over time)."""
        return self.id_select(self.ids(session, expression)[::every], "sample_ids")

    @staticmethod
    def id_select(ids: Sequence[int], name: str = "listed_ids"):
        """Return a select of these ids (one bound JSON array, however many there are)."""
        found = func.json_each(bindparam(name, _json_ids(ids))).table_valued("value")
        return select(found.c.value.label("id"))

    def ranked_level(
        self,
        session: Session,
        expression: str,
        level: str,
        ids: Sequence[int],
        offset: int,
        limit: int,
    ) -> list[int]:
        """Return a level's threads (ids) best first by bm25 (then newest), over the level's
        own expression (QueryStrings.level_expression), which matches exactly those threads.

        Not "MATCH expression AND rowid IN ids": SQLite then asks FTS5 once per id, and bm25
        counts every query phrase's documents anew on each call (22 s for a common word at
        100,000 threads). One MATCH of AND-ed terms counts them once.
        """
        return self.ranked(session, level, offset, limit)

    def band_relevance(
        self,
        session: Session,
        levels: Sequence[str],
        ids: Sequence[int],
        slots: Sequence[str],
        weights: Sequence[float],
    ) -> dict[int, float]:
        """Return the bm25 of a band's threads (levels.bands: the levels' own expressions,
        their ids), higher is better: each level's expression gives its threads the bm25
        the any-slot expression gives them (every slot and phrase occurs once in both);
        bm25 weighs each word by its own rarity (slots and weights: for PostgreSQL)."""
        statement = text(
            f"SELECT rowid, {self._rank()} FROM fts_threads WHERE fts_threads MATCH :m"  # noqa: S608
        )
        relevance: dict[int, float] = {}
        for level in levels:
            relevance.update((i, -r) for i, r in session.execute(statement, {"m": level}))
        return relevance

    def excluded_ids(self, expression: str):
        return select(self.fts.c.rowid).where(self.match(expression, "fts_excluded"))

    def without_token(self, session: Session, name: tuple[str, ...], token: str) -> list[int]:
        """Return the threads holding a name of several words but not its token."""
        expression = '"' + " ".join(name) + f'" NOT "{token}"'
        return list(session.scalars(select(self.fts.c.rowid).where(self.match(expression))))

    def year(self, created_at):
        return cast(func.strftime("%Y", created_at), String)

    # Writing -----------------------------------------------------------------------------

    def read(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[set[str], tuple]]:
        """Return the stored text terms of each thread, and its fields to spot unchanged ones."""
        columns = ", ".join(FIELDS)
        rows = session.execute(
            text(
                f"SELECT rowid, {columns} FROM fts_threads "  # noqa: S608 (our column names)
                "WHERE rowid IN (SELECT value FROM json_each(:ids))"
            ),
            {"ids": _json_ids(ids)},
        )
        return {
            row[0]: (
                {t for t in " ".join(row[1:-1]).split() if not t.startswith(META)},
                tuple(row[1:]),
            )
            for row in rows
        }

    def delete(self, session: Session, ids: Sequence[int]) -> None:
        for name in ("fts_threads", "fts_titles"):
            session.execute(
                text(f"DELETE FROM {name} WHERE rowid IN (SELECT value FROM json_each(:ids))"),  # noqa: S608
                {"ids": _json_ids(ids)},
            )

    def insert(self, session: Session, documents: Mapping[int, Mapping[str, str]]) -> None:
        if not documents:
            return
        columns = ", ".join(FIELDS)
        values = ", ".join(f":{name}" for name in FIELDS)
        session.execute(
            text(f"INSERT INTO fts_threads(rowid, {columns}) VALUES (:id, {values})"),  # noqa: S608
            [{"id": post_id, **fields} for post_id, fields in documents.items()],
        )
        questions = [
            {"id": post_id, "title": fields["title"]}
            for post_id, fields in documents.items()
            if f"{META}typequestion" in fields["meta"].split()
        ]
        if questions:
            session.execute(
                text("INSERT INTO fts_titles(rowid, title) VALUES (:id, :title)"), questions
            )

    def update(self, session: Session, post_id: int, fields: Mapping[str, str]) -> None:
        """Rewrite one thread's row with new fields (its title and type unchanged, so
        fts_titles is too). FTS5 takes the old row's tokens out and the new ones in."""
        columns = ", ".join(f"{name} = :{name}" for name in FIELDS)
        session.execute(
            text(f"UPDATE fts_threads SET {columns} WHERE rowid = :id"),  # noqa: S608
            {"id": post_id, **{name: fields.get(name) or "" for name in FIELDS}},
        )

    def clear(self, session: Session) -> None:
        # Dropping is instant where DELETE would unpick every row; same transaction.
        for name, ddl in (("fts_threads", SQLITE_DDL), ("fts_titles", SQLITE_TITLES_DDL)):
            session.execute(text(f"DROP TABLE IF EXISTS {name}"))
            session.execute(text(ddl))

    def optimise(self, session: Session) -> None:
        for name in ("fts_threads", "fts_titles"):
            session.execute(text(f"INSERT INTO {name}({name}) VALUES ('optimize')"))  # noqa: S608

    def probe(self, session: Session) -> None:
        session.execute(text("SELECT rowid FROM fts_threads LIMIT 1"))


def _json_ids(ids: Sequence[int]) -> str:
    return "[" + ",".join(str(int(i)) for i in ids) + "]"
