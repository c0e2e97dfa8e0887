"""A thread's analysed fields as a PostgreSQL tsvector: positions and weights per field."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from kenme.search.documents import FIELDS

# PostgreSQL has four weights: title A, oogst B, body C, answers/comments/meta D.
PG_LETTERS = {
    "title": "A",
    "oogst": "B",
    "body": "C",
    "answers": "D",
    "comments": "D",
    "meta": "D",
}
PG_MAX_POSITION = 16383
PG_MAX_POSITIONS_PER_TERM = 256


def stored_fields(fields: Mapping[str, str]) -> dict[str, str]:
    """Return every field of a document as the text columns of fts_threads hold it."""
    return {name: fields.get(name) or "" for name in FIELDS}


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
