"""What both full-text back ends share: filters as meta tokens, names as tokens, similar titles.

The back ends themselves: fts_sqlite.py (SQLite FTS5) and fts_postgres.py (PostgreSQL
tsvector); fts.backend_for picks one for a session.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from kenme.search.documents import META, name_token, tokenised, topic_token
from kenme.search.engine import Filters
from kenme.search.plan import Plan, PlanSlot

# A tier of a large matching set: (titles condition, inside it or not), see EmbeddedEngine.
Tier = tuple[str, bool]


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


def _name(alternative: str, as_token: bool) -> str:
    """Return a slot's alternative as asked for: a multi-word name by its token, if indexed."""
    stems = tuple(alternative.split())
    return name_token(stems) if as_token and tokenised(stems) else alternative


def _without_topics(slot: PlanSlot) -> PlanSlot:
    """Return the slot without its topic tokens (titles hold no meta tokens)."""
    return dataclasses.replace(slot, topics=())


def _pairs(slots: Sequence[str]) -> list[tuple[str, str]]:
    return [(a, b) for i, a in enumerate(slots) for b in slots[i + 1 :]]


def similar_in_steps(
    slots: int,
    limit: int,
    sharing_two: Callable[[int], list[int]],
    with_slot: Callable[[int, int], list[int]],
) -> list[int]:
    """Return up to limit ids of similar titles, reading small sets of titles one at a time.

    One query ranking every title that holds any of the words would rank thousands of them
    when one word is common ("inwonende": 8 % of all titles). Instead: titles holding two or
    more of the words first (sharing_two(count): the best `count` of them), which is where the
    most similar titles are; only when there are fewer than `limit` of those, titles holding
    one of them, slot by slot, rarest first (with_slot(i, count): the best `count` titles
    holding slot i). A title with two words is already in the first step, which then returned
    all of them, so later steps only add titles with one word.
    """
    if not slots:
        return []
    found: list[int] = []
    if slots > 1:
        found = sharing_two(limit)
        if len(found) >= limit:
            return found
    for i in range(slots):
        seen = set(found)
        found += [x for x in with_slot(i, limit + len(found)) if x not in seen]
        if len(found) >= limit:
            break
    return found[:limit]


class QueryStrings:
    """The query strings both back ends build from a plan, in their own syntax.

    A back end names its operators (OR, AND, and "but not" as AND_NOT) and how it writes a
    phrase (one word is a term) and a prefix; slots, phrases, exclusions and filters are put
    together the same way for FTS5 MATCH and for tsquery. Every word is a plain \\w+ stem or
    our own token (SEMANTICS.md §2), so nothing needs escaping.
    """

    OR = " OR "
    AND = " AND "
    AND_NOT = " NOT "
    # Whether reading a list newest first stops early (FTS5 does; a GIN bitmap scan reads
    # every posting list whole): then a large set's levels are asked one by one (large.py).
    lazy_lists = False

    def lazy(self, expression: str) -> bool:
        """Tell whether parts of expression's list are cheap to read one at a time."""
        return self.lazy_lists

    def by_levels(self, expression: str) -> bool:
        """Tell whether a large set's levels are asked for one by one (large.levels_in_order)
        rather than worked out from every slot's whole list: where lists are cheap to read in
        parts (FTS5), and always on PostgreSQL (PostgresFts.by_levels)."""
        return self.lazy(expression)

    # The slots (each as this back end's expression) and their weights (levels.slot_weight)
    # of a query of several slots, set for its levels (pages.level_page): PostgreSQL ranks
    # by them, as bm25 (SQLite) weighs each word by its own rarity.
    weighing: tuple[list[str], list[float]] | None = None

    # Whether thesaurus names of several words are asked for by their token (set by the
    # engine from the index format; a phrase otherwise, which is always right).
    names_as_tokens = False

    @staticmethod
    def phrase(words: Sequence[str]) -> str:
        raise NotImplementedError

    @staticmethod
    def prefix(word: str) -> str:
        raise NotImplementedError

    def term(self, word: str) -> str:
        return self.phrase([word])

    def slot(self, slot: PlanSlot) -> str:
        """Return one slot: any of its alternatives, corrections, prefixes, topics, parts."""
        names = (_name(a, self.names_as_tokens) for a in sorted(slot.alternatives))
        parts = [self.phrase(name.split()) for name in names]
        parts += [self.term(c) for c in (*slot.corrections, *slot.completions)]
        parts += [self.prefix(p) for p in slot.prefixes]
        parts += [self.term(t) for t in slot.topics]
        parts += ["(" + self.AND.join(self.term(s) for s in group) + ")" for group in slot.parts]
        return "(" + self.OR.join(dict.fromkeys(parts)) + ")"

    def _parts(self, plan: Plan) -> list[str]:
        parts = [self.slot(slot) for slot in plan.slots]
        return parts + [self.phrase(phrase) for phrase in plan.phrases]

    def positive(self, plan: Plan) -> str:
        return self.AND.join(self._parts(plan))

    def exclusions(self, plan: Plan) -> str:
        parts = [self.term(word) for word in plan.excluded]
        parts += [self.phrase(phrase) for phrase in plan.excluded_phrases]
        return self.OR.join(parts)

    def expression(self, plan: Plan, filters: Filters, any_slot: bool = False) -> str:
        """Return the whole query: text, filters as meta tokens, exclusions.

        any_slot: one of the slots is enough (the levels of a query, levels.py)."""
        parts = self._parts(plan)
        if any_slot and len(plan.slots) > 1:
            slots = [self.slot(slot) for slot in plan.slots]
            parts = ["(" + self.OR.join(slots) + ")", *parts[len(slots) :]]
        parts += [self.term(token) for token in filter_tokens(filters)]
        expression = self.AND.join(parts)
        if plan.has_exclusions:
            expression = self.minus(expression, self.exclusions(plan))
        return expression

    def level_expression(self, plan: Plan, filters: Filters, missing: Sequence[bool]) -> str:
        """Return the expression of one level (levels.py): the slots it holds and none of
        those it misses (missing: per slot), with the phrases, filters and exclusions.

        It matches exactly the threads of that level, so a level is ranked by one MATCH of
        AND-ed terms instead of over the any-slot expression (which walks every thread with
        any one of the words: tens of thousands for a common word). Every slot and phrase
        occurs once, as in expression(any_slot=True): bm25 weighs a thread the same over both.
        """
        slots = [self.slot(slot) for slot in plan.slots]
        held = [s for s, gone in zip(slots, missing, strict=True) if not gone]
        lacking = [s for s, gone in zip(slots, missing, strict=True) if gone]
        parts = held + [self.phrase(phrase) for phrase in plan.phrases]
        parts += [self.term(token) for token in filter_tokens(filters)]
        expression = self.AND.join(parts)
        if lacking:
            expression = self.minus(expression, self.OR.join(lacking))
        if plan.has_exclusions:
            expression = self.minus(expression, self.exclusions(plan))
        return expression

    def minus(self, expression: str, other: str) -> str:
        """Return an expression for what matches expression but not other."""
        return f"({expression}){self.AND_NOT}({other})"

    def title_slots(self, plan: Plan) -> list[str]:
        """Return one expression per slot and phrase, for the titles table (no topics)."""
        parts = [self.slot(_without_topics(s)) for s in plan.slots]
        parts += [self.phrase(phrase) for phrase in plan.phrases]
        return list(dict.fromkeys(parts))
