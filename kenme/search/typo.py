"""Typo tolerance in the spirit of Meilisearch: a word budget, bounded edit distance, a lexicon."""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Collection, Iterable, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

# Meilisearch's defaults (minWordSizeForTypos): one typo from 5 characters, two from 9.
ONE_TYPO_MIN_LENGTH = 5
TWO_TYPOS_MIN_LENGTH = 9

_SHORT_PREFIX = 2  # completions for prefixes this short are ranked once and remembered
_SHORT_PREFIX_KEEP = 50


def allowed_typos(word: str) -> int:
    """Return how many typos a query word may carry: 0 below 5 characters or with digits."""
    if any(c.isdigit() for c in word):
        return 0  # "2023" must not find "2022", nor "22a" find "22b"
    if len(word) >= TWO_TYPOS_MIN_LENGTH:
        return 2
    return 1 if len(word) >= ONE_TYPO_MIN_LENGTH else 0


def damerau_levenshtein_within(a: str, b: str, k: int) -> bool:
    """Tell whether a and b are at most k edits apart; a swap of neighbours is one edit."""
    # Restricted Damerau-Levenshtein (optimal string alignment), bit-parallel, stops past k.
    return k >= 0 and OSA.distance(a, b, score_cutoff=k) <= k


def typo_cost(word: str, candidate: str) -> int | None:
    """Return the typos needed to read word as candidate, or None when over word's budget.

    As in Meilisearch, an edit on the first letter counts as two typos.
    """
    budget = allowed_typos(word)
    if word == candidate:
        return 0
    if not word or not candidate or budget == 0:
        return None
    if word[0] == candidate[0]:
        distance = OSA.distance(word, candidate, score_cutoff=budget)
        return distance if distance <= budget else None
    return 2 if budget == 2 and damerau_levenshtein_within(word, candidate, 1) else None


class Vocabulary:
    """The distinct words of an index with their document frequencies, for corrections."""

    def __init__(self, entries: Iterable[tuple[str, int]]) -> None:
        self._frequency: dict[str, int] = {}
        for term, frequency in entries:
            if term:
                self._frequency[term] = self._frequency.get(term, 0) + frequency
        self._buckets: dict[tuple[str, int], list[str]] = {}
        self._tails: dict[str, list[str]] = {}
        for term in self._frequency:
            self._buckets.setdefault((term[0], len(term)), []).append(term)
            self._tails.setdefault(term[1:], []).append(term)
        self._sorted = sorted(self._frequency)
        self._short_prefixes: dict[str, list[str]] = {}

    def __len__(self) -> int:
        """Return the number of distinct terms."""
        return len(self._frequency)

    def __contains__(self, term: object) -> bool:
        """Tell whether term occurs in the vocabulary."""
        return term in self._frequency

    def frequency(self, term: str) -> int:
        """Return the document frequency of term (0 when absent)."""
        return self._frequency.get(term, 0)

    def _first_letter_typos(self, word: str) -> set[str]:
        """Return terms one edit away whose edit touches the first letter (costs two typos)."""
        found = {t for t in self._tails.get(word[1:], ()) if t[0] != word[0]}  # substituted
        found.update(self._tails.get(word, ()))  # a letter added in front
        swapped = word[1] + word[0] + word[2:] if len(word) > 1 else word
        found.update(t for t in (word[1:], swapped) if t in self._frequency)  # dropped, swapped
        found.discard(word)
        return found

    def corrections(self, word: str, limit: int = 5) -> list[str]:
        """Return up to limit other terms within word's typo budget, fewest typos then commonest."""
        budget = allowed_typos(word)
        if budget == 0 or limit <= 0:
            return []
        costs: dict[str, int] = {}
        for length in range(len(word) - budget, len(word) + budget + 1):
            bucket = self._buckets.get((word[0], length))
            if bucket:
                for term, distance, _ in process.extract(
                    word, bucket, scorer=OSA.distance, score_cutoff=budget, limit=None
                ):
                    costs[term] = int(distance)
        if budget == 2:
            for term in self._first_letter_typos(word):
                costs.setdefault(term, 2)
        costs.pop(word, None)
        ranked = sorted(costs, key=lambda t: (costs[t], -self._frequency[t], t))
        return ranked[:limit]

    def completions(self, prefix: str, limit: int = 10) -> list[str]:
        """Return up to limit terms that start with prefix, commonest first."""
        if not prefix or limit <= 0:
            return []
        if len(prefix) <= _SHORT_PREFIX and limit <= _SHORT_PREFIX_KEEP:
            # One or two letters span thousands of terms: rank them once, keep the head.
            if prefix not in self._short_prefixes:
                self._short_prefixes[prefix] = self._rank_completions(prefix, _SHORT_PREFIX_KEEP)
            return self._short_prefixes[prefix][:limit]
        return self._rank_completions(prefix, limit)

    def _rank_completions(self, prefix: str, limit: int) -> list[str]:
        """Return up to limit terms starting with prefix, commonest first, by scanning."""
        start = bisect.bisect_left(self._sorted, prefix)
        end = bisect.bisect_left(self._sorted, prefix + "\U0010ffff", lo=start)
        candidates = self._sorted[start:end]
        return heapq.nsmallest(limit, candidates, key=lambda t: (-self._frequency[t], t))

    def did_you_mean(self, query_tokens: Sequence[str], keep: Collection[str] = ()) -> str | None:
        """Return the query with unknown words replaced by their best correction, or None.

        Tokens must be in the vocabulary's form; words in keep (stop words, thesaurus names)
        are never corrected. None means there is nothing better to suggest.
        """
        corrected: list[str] = []
        for token in query_tokens:
            if token in self._frequency or token in keep:
                corrected.append(token)
                continue
            best = self.corrections(token, limit=1)
            corrected.append(best[0] if best else token)
        changed = corrected != list(query_tokens)
        return " ".join(corrected) if changed else None
