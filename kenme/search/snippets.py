"""Highlighted snippets: escaped text with our own <mark> around the words that matched.

Snippets are cut from the hydrated, current, visible text (never from engine output), so a
purged or hidden text can never reach a result page through a stale index.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from markupsafe import Markup, escape

from kenme.search.analysis import (
    MAX_TOKEN_LENGTH,
    STOP_WORDS,
    _resolve_apostrophes,
    analyse,
    capital_stop_word,
    stem,
    term_spans,
    tokenize,
)
from kenme.search.typo import typo_cost

SNIPPET_WIDTH = 240
# Only the first part of a very long text is searched for a snippet (it bounds the work).
SCAN_LIMIT = 20_000


_WORD_TAIL = r"(?:[^\W_]|[\u0300-\u036f])*(?:['’ʼ](?:[^\W_]|[\u0300-\u036f])+)*"


@dataclass(frozen=True)
class Highlighter:
    """Decide which words of a text count as matches of a query, and where they are."""

    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()
    # Query stems an engine may have matched with typos (Meilisearch does this itself).
    fuzzy: tuple[str, ...] = ()
    # Multi-word alternatives (thesaurus names, quoted phrases): marked only when whole.
    phrases: tuple[tuple[str, ...], ...] = ()
    _seen: dict = field(default_factory=dict, compare=False, hash=False, repr=False)
    # Spans per text: hydration asks for a body's spans to pick texts, then for its snippet.
    _spans: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def __bool__(self) -> bool:
        return bool(self.exact or self.prefixes or self.fuzzy or self.phrases)

    def matches(self, stem: str) -> bool:
        """Tell whether an indexed stem matches on its own (not as part of a phrase)."""
        if stem in self.exact:
            return True
        known = self._seen.get(stem)
        if known is None:
            known = any(stem.startswith(p) for p in self.prefixes) or any(
                typo_cost(word, stem) is not None for word in self.fuzzy
            )
            self._seen[stem] = known
        return known

    @cached_property
    def _phrase_words(self) -> frozenset[str]:
        return frozenset(w for phrase in self.phrases for w in phrase)

    @cached_property
    def _candidates(self) -> re.Pattern[str] | None:
        """A regex for words that may match: they begin like a stem (stemming keeps heads)."""
        heads = {s[:3] for s in (*self.exact, *self._phrase_words, *self.prefixes) if s}
        heads.update(s[:1] for s in self.fuzzy if s)
        heads = {h for h in heads if h}
        if not heads:
            return None
        alternation = "|".join(sorted((re.escape(h) for h in heads), key=len, reverse=True))
        return re.compile(rf"(?<![^\W_])(?:{alternation}){_WORD_TAIL}", re.IGNORECASE)

    def _words(self, text: str) -> list[tuple[int, int, str]]:
        """Return (start, end, stem) of the words of text that may take part in a match."""
        pattern = self._candidates
        if pattern is None:
            return []
        if not unicodedata.is_normalized("NFKC", text):
            # Ligatures, decomposed accents: the exact word boundaries of the analysis.
            return list(term_spans(text))
        found = []
        for match in pattern.finditer(text):
            piece = match.group()
            if piece.isascii():
                token = piece.lower()
                tokens = [_resolve_apostrophes(token) if "'" in token else token]
            else:
                tokens = tokenize(piece)
            for token in tokens:
                if token and (token not in STOP_WORDS or capital_stop_word(piece)):
                    found.append((match.start(), match.end(), stem(token[:MAX_TOKEN_LENGTH])))
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Return the (start, end) spans of matching words in text, in order."""
        if not self or not text:
            return []
        found = self._spans.get(text)
        if found is None:
            found = self._spans[text] = self._find_spans(text[:SCAN_LIMIT])
        return found

    def _find_spans(self, text: str) -> list[tuple[int, int]]:
        words = self._words(text)
        marked = {(s, e) for s, e, stem in words if self.matches(stem)}
        if self.phrases:
            phrase_words = self._phrase_words
            candidates = [w for w in words if w[2] in phrase_words]
            for phrase in self.phrases:
                for i in range(len(candidates) - len(phrase) + 1):
                    run = candidates[i : i + len(phrase)]
                    if tuple(w[2] for w in run) == phrase and all(
                        not analyse(text[a[1] : b[0]]) for a, b in pairwise(run)
                    ):
                        marked.update((s, e) for s, e, _ in run)
        return sorted(marked)


def mark(text: str, spans: Iterable[tuple[int, int]], start: int = 0, end: int | None = None):
    """Return text[start:end] escaped, with <mark> around the spans inside it."""
    end = len(text) if end is None else end
    out: list[str] = []
    position = start
    for span_start, span_end in spans:
        if span_start < position or span_end > end:
            continue
        out.append(str(escape(text[position:span_start])))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    out.append(str(escape(text[position:end])))
    return Markup("".join(out))  # noqa: S704 (every piece above is escaped)


def highlight(text: str, highlighter: Highlighter) -> Markup:
    """Return the whole text escaped, with the matching words marked (titles)."""
    return mark(text, highlighter.spans(text))


def _window(text: str, spans: Sequence[tuple[int, int]], width: int) -> tuple[int, int]:
    """Pick the stretch of text of about width characters that holds the most matches."""
    if len(text) <= width:
        return 0, len(text)
    best_start, best_count = 0, -1
    for span_start, _ in spans:
        start = max(0, span_start - width // 4)
        count = sum(1 for s, e in spans if s >= start and e <= start + width)
        if count > best_count:
            best_start, best_count = start, count
    start = best_start
    if start > 0:  # begin at a word boundary
        space = text.find(" ", start, start + 30)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", end - 30, end)
        end = space if space > start else end
    return start, end


def snippet(texts: Sequence[str], highlighter: Highlighter, width: int = SNIPPET_WIDTH) -> Markup:
    """Return a short escaped extract of the first text with a match, matches marked.

    Without a match anywhere, the start of the first non-empty text (a list by filters only).
    """
    for text in texts:
        spans = highlighter.spans(text)
        if spans:
            start, end = _window(text, spans, width)
            body = mark(text, spans, start, end)
            prefix = escape("… " if start > 0 else "")
            suffix = escape(" …" if end < len(text) else "")
            return prefix + body + suffix
    for text in texts:
        if text.strip():
            start, end = _window(text, [], width)
            return mark(text, [], start, end) + escape(" …" if end < len(text) else "")
    return escape("")
