"""What the Meilisearch engine sends: index settings, documents, filters, queries, params.

Pure functions of our own types (no client, no session), so they are tested without a
server; meili.py sends them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from kenme.search.analysis import analyse, index_terms, stem, tokenize
from kenme.search.compounds import lexicon_parts, query_split, typed_in_full
from kenme.search.documents import ThreadDocument
from kenme.search.engine import Filters
from kenme.search.query import ParsedQuery
from kenme.search.snippets import Highlighter
from kenme.search.thesaurus import Thesaurus
from kenme.search.typo import allowed_typos

# compound_parts: the parts of the thread's compounds (compounds.lexicon_parts), last.
SEARCHABLE = ["title", "oogst", "body", "answers", "comments", "topic_names", "compound_parts"]
FILTERABLE = [
    "id",  # deletes go by filter (deleting by a list of ids is deprecated in the client)
    "type",
    "topics",
    "status",
    "accepted",
    "endorsed",
    "answered",
    "year",
    "visibility",
]
SORTABLE = ["created_at", "score", "last_activity_at"]
FACET_ATTRIBUTES = {"topic": "topics", "type": "type", "status": "status", "year": "year"}
RANKING_RULES = [
    "words",
    "typo",
    # The word typed before its synonyms (SEMANTICS.md §3.8, decision 0060): a synonym is no
    # exact match, so on the same words and typos a document holding the word typed comes
    # first, as the embedded engine's levels put the typed name before its alternatives.
    "exactness",
    "proximity",
    "attribute",
    "sort",
    "created_at:desc",  # ties: newest first (SEMANTICS.md §6)
]
SORTS = {"newest": ["created_at:desc"], "votes": ["score:desc", "created_at:desc"]}
# An outbox older than this, or one that failed, makes /health say "degraded".


def meili_settings(thesaurus: Thesaurus) -> dict[str, Any]:
    """Return the index settings; they are applied before any document is sent."""
    return {
        "searchableAttributes": SEARCHABLE,
        "filterableAttributes": FILTERABLE,
        "sortableAttributes": SORTABLE,
        "displayedAttributes": ["id"],
        "rankingRules": RANKING_RULES,
        "synonyms": thesaurus.meilisearch_synonyms("analysed"),
        # Texts and queries arrive analysed, their stop words gone already but for those
        # written in capitals ("de WIJ" keeps "wij", SEMANTICS.md §1.3), which must stay
        # searchable whether or not the thesaurus names them: Meilisearch drops none.
        "stopWords": [],
        "typoTolerance": {
            "enabled": True,
            "minWordSizeForTypos": {"oneTypo": 5, "twoTypos": 9},
            "disableOnNumbers": True,
        },
        "faceting": {"maxValuesPerFacet": 100},
        "pagination": {"maxTotalHits": 10000},
    }


def _timestamp(value: datetime) -> int:
    return int(value.timestamp())


def meili_document(document: ThreadDocument) -> dict[str, Any]:
    """Return the Meilisearch document of a thread: analysed text plus filter fields."""
    texts = document.texts()
    return {
        "id": document.id,
        "type": document.type,
        "title": index_terms(texts["title"]),
        "oogst": index_terms(texts["oogst"]),
        "body": index_terms(texts["body"]),
        "answers": index_terms(texts["answers"]),
        "comments": index_terms(texts["comments"]),
        "topic_names": index_terms("\n".join(document.topic_names)),
        "compound_parts": " ".join(lexicon_parts("\n".join(texts.values()))),
        "topics": list(document.topic_slugs),
        "status": document.status,
        "accepted": document.accepted,
        "endorsed": document.endorsed,
        "answered": document.answer_count > 0,
        "year": document.year,
        "visibility": "visible",
        "created_at": _timestamp(document.created_at),
        "last_activity_at": _timestamp(document.last_activity_at),
        "score": document.score,
    }


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def meili_filter(filters: Filters) -> list[str]:
    """Return the Meilisearch filter (a list: all must hold) for our filters."""
    clauses = ["visibility = visible"]
    if filters.type:
        clauses.append(f"type = {_quoted(filters.type)}")
    else:
        clauses.append('type IN ["question", "aanplakker"]')
    if filters.status:
        clauses.append(f"status = {_quoted(filters.status)}")
    if filters.year:
        clauses.append(f"year = {int(filters.year)}")
    clauses.extend(f"topics = {_quoted(slug)}" for slug in filters.topics)
    if "unanswered" in filters.flags:
        clauses.append("answered = false")
    if "accepted" in filters.flags:
        clauses.append("accepted = true")
    if "endorsed" in filters.flags:
        clauses.append("endorsed = true")
    return clauses


def _term(term: str, thesaurus: Thesaurus | None) -> str:
    """Return one query word analysed; a compound the lexicon splits (and the thesaurus does
    not name) as its parts' stems, which meet the parts field and the words written apart."""
    tokens = tokenize(term)
    if len(tokens) == 1 and (thesaurus is None or not thesaurus.is_name(term)):
        split = query_split(tokens[0])
        if split:
            return " ".join(stem(p) for p in split)
    return " ".join(analyse(term))


def last_word_prefix(
    query: ParsedQuery, terms: Sequence[str], thesaurus: Thesaurus | None = None
) -> bool:
    """Tell whether the last word is searched as a prefix (SEMANTICS.md §3.4): only while it
    may still be typed (nothing, or "*", follows it), and then only when "*" follows it or it
    is no whole word. Meilisearch has no vocabulary of ours to ask whether the index holds the
    word, so a whole word is one simplemma's lexicon knows (or splits into known parts), a
    thesaurus name, or the end of a multi-word name typed in full; a stop word gets none."""
    if not query.prefix or not terms or not analyse(terms[-1]):
        return False
    if query.star:
        return True
    tokens = tokenize(terms[-1])
    if len(tokens) != 1 or typed_in_full(tokens[0]):
        return False
    if thesaurus is not None:
        slots = thesaurus.slots(terms)
        if slots and slots[-1].in_thesaurus:
            return False
    return True


def meili_query(
    query: ParsedQuery, terms: Sequence[str], thesaurus: Thesaurus | None = None
) -> str:
    """Return the analysed query text: "phrases", -exclusions, then the stems (SEMANTICS.md
    §3.9). Meilisearch searches the last word of the text as a prefix unless a separator
    follows it: the text ends in a space unless last_word_prefix says the word is a prefix."""
    parts = []
    for phrase in query.phrases:
        stems = analyse(phrase)
        if stems:
            parts.append('"' + " ".join(stems) + '"')
    for word in query.excluded:
        parts.extend(f"-{s}" for s in analyse(word))
    for phrase in query.excluded_phrases:
        stems = analyse(phrase)
        if stems:
            parts.append('-"' + " ".join(stems) + '"')
    words = [p for p in (_term(term, thesaurus) for term in terms) if p]
    if not words and thesaurus is not None:  # only stop words: the names of the field among them
        words = [" ".join(slot.stems) for slot in thesaurus.slots(terms)]
    text = " ".join(parts + words)
    return text if not text or last_word_prefix(query, terms, thesaurus) else text + " "


def meili_highlighter(query: ParsedQuery, terms: Sequence[str], thesaurus: Thesaurus):
    """Return what to mark for a Meilisearch hit: stems, synonyms, typos, last-word prefix."""
    exact: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    fuzzy: list[str] = []
    for slot in thesaurus.slots(terms):
        for alternative in slot.alternatives:
            stems = tuple(alternative.split())
            if len(stems) == 1:
                exact.add(stems[0])
            else:
                phrases.append(stems)
        if not slot.in_thesaurus and allowed_typos(slot.stems[0]):
            fuzzy.append(slot.stems[0])
    for phrase in query.phrases:
        stems = tuple(analyse(phrase))
        if len(stems) == 1:
            exact.add(stems[0])
        elif stems:
            phrases.append(stems)
    prefixes: tuple[str, ...] = ()
    if last_word_prefix(query, terms, thesaurus):
        prefixes = tuple(s for s in analyse(terms[-1]) if len(s) >= 3)
    return Highlighter(frozenset(exact), prefixes, tuple(fuzzy), tuple(dict.fromkeys(phrases)))


def search_params(
    filters: Filters, sort: str, offset: int, limit: int, facets: bool = True
) -> dict[str, Any]:
    """Return the search parameters for one page of results."""
    params: dict[str, Any] = {
        "filter": meili_filter(filters),
        "attributesToRetrieve": ["id"],
        # All words first, then fewer, the most frequent word given up first (SEMANTICS §3.8).
        "matchingStrategy": "frequency",
        "offset": offset,
        "limit": limit,
    }
    if facets:
        params["facets"] = list(FACET_ATTRIBUTES.values())
    if sort in SORTS:
        params["sort"] = SORTS[sort]
    return params


def backoff(attempts: int) -> timedelta:
    """Return how long to wait before trying a failed outbox row again (capped at 5 minutes)."""
    return timedelta(seconds=min(300, 2 ** min(attempts, 9)))
