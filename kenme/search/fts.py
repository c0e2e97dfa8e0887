"""The two full-text back ends of the embedded engine: SQLite FTS5 and PostgreSQL tsvector.

Both store our own analysed terms (never their own stemming) plus meta tokens for topics,
type, status, year and flags, and get queries built from plain ``\\w+`` stems and our own
tokens, so nothing a member types can reach their query syntax.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

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
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlalchemy.orm import Session

from kenme.models import Post
from kenme.search.documents import FIELDS, META, topic_token
from kenme.search.engine import Filters
from kenme.search.plan import Plan, PlanSlot

posts = Post.__table__

SQLITE_DDL = (
    "CREATE VIRTUAL TABLE fts_threads USING fts5("
    "title, oogst, body, answers, comments, meta, "
    "tokenize = 'unicode61 remove_diacritics 0')"
)
# Question titles alone, for suggestions: a title query never walks the body's doclists.
SQLITE_TITLES_DDL = (
    "CREATE VIRTUAL TABLE fts_titles USING fts5(title, tokenize = 'unicode61 remove_diacritics 0')"
)
# Column weights for ranking (SEMANTICS.md §6): title, oogst, body, answers, comments, and
# meta (where a topic matched by its name counts like a word in the comments).
WEIGHTS = (10.0, 8.0, 3.0, 2.0, 1.0, 1.0)
TITLE_WEIGHTS = (1.0, 0.0, 0.0, 0.0, 0.0, 0.0)
# PostgreSQL has four weights: title A, oogst B, body C, answers/comments/meta D.
PG_LETTERS = {
    "title": "A",
    "oogst": "B",
    "body": "C",
    "answers": "D",
    "comments": "D",
    "meta": "D",
}
PG_WEIGHTS = "{0.15,0.3,0.8,1.0}"  # D, C, B, A
PG_TITLE_WEIGHTS = "{0,0,0,1.0}"
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS_PER_TERM = 256


def filter_tokens(filters: Filters) -> list[str]:
    """Return the meta tokens every document must hold for these filters."""
    tokens = [topic_token(slug) for slug in filters.topics]
    if filters.type:
        tokens.append(f"{META}type{filters.type}")
    if filters.status:
        tokens.append(f"{META}status{filters.status}")
    if filters.year:
        tokens.append(f"{META}year{filters.year}")
    flags = {"unanswered": "unanswered", "accepted": "accepted", "endorsed": "endorsed"}
    tokens += [f"{META}{flags[flag]}" for flag in sorted(filters.flags)]
    return tokens


class SqliteFts:
    """FTS5 in the same SQLite database; queries need no join with posts."""

    name = "sqlite"
    fts = table("fts_threads", column("rowid", Integer))

    # Query strings ------------------------------------------------------------------------

    def slot(self, slot: PlanSlot) -> str:
        parts = [f'"{a}"' for a in sorted(slot.alternatives)]
        parts += [f'"{c}"' for c in slot.corrections]
        parts += [f'"{p}" *' for p in slot.prefixes]
        parts += [f'"{t}"' for t in slot.topics]
        return "(" + " OR ".join(dict.fromkeys(parts)) + ")"

    def _parts(self, plan: Plan) -> list[str]:
        parts = [self.slot(slot) for slot in plan.slots]
        return parts + ['"' + " ".join(phrase) + '"' for phrase in plan.phrases]

    def positive(self, plan: Plan) -> str:
        return " AND ".join(self._parts(plan))

    def exclusions(self, plan: Plan) -> str:
        parts = [f'"{word}"' for word in plan.excluded]
        parts += ['"' + " ".join(phrase) + '"' for phrase in plan.excluded_phrases]
        return " OR ".join(parts)

    def expression(self, plan: Plan, filters: Filters) -> str:
        """Return the whole MATCH expression: text, filters as meta tokens, exclusions."""
        parts = self._parts(plan) + [f'"{token}"' for token in filter_tokens(filters)]
        expression = " AND ".join(parts)
        if plan.has_exclusions:
            expression = f"({expression}) NOT ({self.exclusions(plan)})"
        return expression

    def in_titles(self, plan: Plan) -> str:
        """Return a condition: some word of the query in the title or the oogst."""
        return "{title oogst} : (" + " OR ".join(self._parts(plan)) + ")"

    def any_of_titles(self, plan: Plan) -> str:
        """Match titles holding any slot (suggestions: similar, not identical, titles)."""
        parts = [
            self.slot(PlanSlot(s.words, s.alternatives, s.in_thesaurus, s.prefixes, s.corrections))
            for s in plan.slots
        ]
        parts += ['"' + " ".join(phrase) + '"' for phrase in plan.phrases]
        return " OR ".join(parts)

    def similar_titles(self, session: Session, plan: Plan, limit: int) -> list[int]:
        """Return question ids whose titles hold the most (and rarest) of the plan's words."""
        statement = text(
            "SELECT rowid FROM fts_titles WHERE fts_titles MATCH :m "
            "ORDER BY bm25(fts_titles), rowid DESC LIMIT :n"
        )
        return list(session.scalars(statement, {"m": self.any_of_titles(plan), "n": limit}))

    # Statements --------------------------------------------------------------------------

    @staticmethod
    def _rank(titles: bool = False):
        listed = ", ".join(str(w) for w in (TITLE_WEIGHTS if titles else WEIGHTS))
        return literal_column(f"bm25(fts_threads, {listed})")

    def match(self, expression: str, name: str = "fts_match"):
        return text(f"fts_threads MATCH :{name}").bindparams(**{name: expression})

    def count(self, session: Session, expression: str, cap: int | None = None) -> int:
        """Return how many threads match, counting no further than cap."""
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
        titles: bool = False,
        newest: bool = False,
    ) -> list[int]:
        """Return thread ids matching expression: best first (bm25, then newest id), or
        newest first (by id, which FTS5 walks backwards without ranking anything)."""
        order = (self.fts.c.rowid.desc(),)
        if not newest:
            order = (self._rank(titles), *order)
        statement = (
            select(self.fts.c.rowid)
            .where(self.match(expression))
            .order_by(*order)
            .limit(limit)
            .offset(offset)
        )
        return list(session.scalars(statement))

    def sample(self, expression: str, every: int):
        """Return a select of matching ids, one in `every` (by id, so spread over time)."""
        statement = select(self.fts.c.rowid.label("id")).where(self.match(expression))
        if every > 1:
            statement = statement.where(self.fts.c.rowid % every == 0)
        return statement

    def matching(self, expression: str, titles: bool = False):
        """Return (select of matching thread ids joined to posts, rank: lower is better)."""
        statement = (
            select(posts.c.id)
            .select_from(self.fts.join(posts, posts.c.id == self.fts.c.rowid))
            .where(self.match(expression))
        )
        return statement, self._rank(titles)

    def excluded_ids(self, expression: str):
        return select(self.fts.c.rowid).where(self.match(expression, "fts_excluded"))

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


def _quoted(lexeme: str, weight: str = "", prefix: bool = False) -> str:
    marker = (("*" if prefix else "") + weight) if (prefix or weight) else ""
    return f"'{lexeme}'" + (f":{marker}" if marker else "")


class PostgresFts:
    """A tsvector table with a GIN index in the same PostgreSQL database."""

    name = "postgresql"
    fts = table("fts_threads", column("post_id", Integer), column("document"))

    # Query strings (tsquery input syntax, no parser in between) ---------------------------

    def _alternative(self, alternative: str, weight: str = "") -> str:
        lexemes = alternative.split()
        if len(lexemes) == 1:
            return _quoted(lexemes[0], weight)
        return "(" + " <-> ".join(_quoted(x, weight) for x in lexemes) + ")"

    def slot(self, slot: PlanSlot, weight: str = "") -> str:
        parts = [self._alternative(a, weight) for a in sorted(slot.alternatives)]
        parts += [_quoted(c, weight) for c in slot.corrections]
        parts += [_quoted(p, weight, prefix=True) for p in slot.prefixes]
        if not weight:  # topic tokens live in the meta part (weight D)
            parts += [_quoted(t) for t in slot.topics]
        return "(" + " | ".join(dict.fromkeys(parts)) + ")"

    def positive(self, plan: Plan) -> str:
        parts = [self.slot(slot) for slot in plan.slots]
        parts += [self._alternative(" ".join(phrase)) for phrase in plan.phrases]
        return " & ".join(parts)

    def exclusions(self, plan: Plan) -> str:
        parts = [_quoted(word) for word in plan.excluded]
        parts += [self._alternative(" ".join(phrase)) for phrase in plan.excluded_phrases]
        return " | ".join(parts)

    def any_of_titles(self, plan: Plan) -> str:
        parts = [self.slot(slot, "A") for slot in plan.slots]
        parts += [self._alternative(" ".join(phrase), "A") for phrase in plan.phrases]
        return " | ".join(parts)

    # Statements --------------------------------------------------------------------------

    @staticmethod
    def _query(expression: str, name: str):
        return cast(bindparam(name, expression, type_=String), TSQUERY)

    def matching(self, expression: str, titles: bool = False):
        """Return (select of matching thread ids joined to posts, rank: lower is better)."""
        query = self._query(expression, "fts_match")
        statement = (
            select(posts.c.id)
            .select_from(self.fts.join(posts, posts.c.id == self.fts.c.post_id))
            .where(self.fts.c.document.op("@@")(query))
        )
        weights = literal_column(f"'{PG_TITLE_WEIGHTS if titles else PG_WEIGHTS}'::float4[]")
        rank = -func.ts_rank(weights, self.fts.c.document, query, 1)
        return statement, rank

    def excluded_ids(self, expression: str):
        return select(self.fts.c.post_id).where(
            self.fts.c.document.op("@@")(self._query(expression, "fts_excluded"))
        )

    def year(self, created_at):
        return cast(cast(func.date_part("year", func.timezone("UTC", created_at)), Integer), String)

    # Writing -----------------------------------------------------------------------------

    def read(self, session: Session, ids: Sequence[int]) -> dict[int, tuple[set[str], tuple]]:
        """Return the stored text terms of each thread (positions are not compared)."""
        rows = session.execute(
            text(
                "SELECT post_id, tsvector_to_array(document) FROM fts_threads "
                "WHERE post_id = ANY(:ids)"
            ),
            {"ids": list(ids)},
        )
        return {
            post_id: ({t for t in terms if not t.startswith(META)}, ()) for post_id, terms in rows
        }

    def delete(self, session: Session, ids: Sequence[int]) -> None:
        session.execute(
            text("DELETE FROM fts_threads WHERE post_id = ANY(:ids)"), {"ids": list(ids)}
        )

    def insert(self, session: Session, documents: Mapping[int, Mapping[str, str]]) -> None:
        if not documents:
            return
        session.execute(
            text("INSERT INTO fts_threads(post_id, document) VALUES (:id, CAST(:doc AS tsvector))"),
            [
                {"id": post_id, "doc": tsvector_literal(fields)}
                for post_id, fields in documents.items()
            ],
        )

    def clear(self, session: Session) -> None:
        # DELETE rather than TRUNCATE: searches keep reading the old rows until commit.
        session.execute(text("DELETE FROM fts_threads"))

    def optimise(self, session: Session) -> None:
        return None

    def probe(self, session: Session) -> None:
        session.execute(text("SELECT post_id FROM fts_threads LIMIT 1"))


def tsvector_literal(fields: Mapping[str, str]) -> str:
    """Return the analysed fields as a tsvector literal with positions and weights.

    Positions leave a gap between fields, so a phrase never spans two of them.
    """
    positions: dict[str, list[str]] = defaultdict(list)
    position = 1
    for name in FIELDS:
        letter = PG_LETTERS[name]
        for term in (fields.get(name) or "").split():
            kept = positions[term]
            if len(kept) < PG_MAX_POSITIONS_PER_TERM and position <= PG_MAX_POSITION:
                kept.append(f"{position}{letter}")
            position += 1
        position += 1
    return " ".join(
        f"'{term}':{','.join(marks)}" if marks else f"'{term}'" for term, marks in positions.items()
    )


def backend_for(session: Session) -> SqliteFts | PostgresFts:
    """Return the back end for the session's database."""
    dialect = session.get_bind().dialect.name
    return PostgresFts() if dialect == "postgresql" else SqliteFts()
