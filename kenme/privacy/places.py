"""Detector for small villages, whose name can point to a person; big towns are context."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from kenme.privacy import lexicon
from kenme.privacy.anchored import Tokens
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import CAP_TOKEN, at_sentence_start, gated

# "gemeente Vaals" names the employer or the rules, not where a client lives.
_MUNICIPALITY_BEFORE = gated(r"\b(?:gemeente|regio|provincie)\s+$", re.IGNORECASE)

# A street named after a place: "Laan van Vollenhove", "Amersfoortseweg", "Weg naar Laren".
_STREET_BEFORE = gated(
    r"\b(?:laan|weg|dreef|kade|plein|singel|straat|pad)\s+(?:van|naar|der|de|op)\s+$",
    re.IGNORECASE,
)


def detect_places(tokens: Tokens) -> Iterator[Hit]:
    """Find small villages, but not a municipality named as the employer ("gemeente Vaals")."""
    text = tokens.text
    places = lexicon.small_places()
    for token in CAP_TOKEN.finditer(text):
        candidates = places.get(token.group().lower())
        if not candidates:
            continue
        for words in candidates:
            end = _match_words(text, token.start(), words)
            if end is None:
                continue
            if _MUNICIPALITY_BEFORE.search(text, max(0, token.start() - 25), token.start()):
                break
            if _STREET_BEFORE.search(text, max(0, token.start() - 25), token.start()):
                break  # "Laan van Vollenhove 3" is a street, not where someone lives
            if len(words) == 1 and at_sentence_start(text, token.start()) and _is_ordinary(words):
                break
            if len(words) > 1 and not text[end - len(words[-1]) : end][:1].isupper():
                break  # "De wijk is onrustig": written with capitals, "De Wijk" is the village
            yield Hit("place", token.start(), end)
            break
    if not CAP_TOKEN.search(text):
        yield from _lower_case_places(text)


# Notes written without capitals: a village after "uit/in/naar/te/bij" ("klant uit ruinerwold").
_LOWER_AFTER = re.compile(r"(?<![\w])(?:uit|in|naar|te|bij|van)\s+(?=[a-zà-ÿ])")


def _lower_case_places(text: str) -> Iterator[Hit]:
    """Find small villages after a preposition in a text that has no capitals at all."""
    places = lexicon.small_places()
    for match in _LOWER_AFTER.finditer(text):
        word = re.match(r"[\w'-]+", text[match.end() :])
        candidates = places.get(word.group()) if word else None
        for words in candidates or ():
            end = _match_words(text, match.end(), words)
            if end is not None and not _is_ordinary(words[-1:] if words[0] in _ARTICLES else words):
                yield Hit("place", match.end(), end)
                break


# "in de wijk" is no village De Wijk; "in de lier" is De Lier (a lier is no place to work in).
_ARTICLES = frozenset({"de", "het", "'t"})


def _is_ordinary(words: tuple[str, ...]) -> bool:
    """Tell whether a one-word place name is also an ordinary word."""
    return words[0] in lexicon.common_words()


def _match_words(text: str, pos: int, words: tuple[str, ...]) -> int | None:
    """Match a place's words (case-insensitively, any whitespace) at pos; return the end."""
    match = _words_patterns()[words].match(text, pos)
    return match.end() if match else None


@functools.cache
def _words_patterns() -> dict[tuple[str, ...], re.Pattern[str]]:
    """The pattern of every listed place's words, built once for all of them: a cache filled
    per place met would keep which villages the last texts named (decision 0064)."""
    return {
        words: re.compile(
            r"[^\S\n]+".join(re.escape(word) for word in words) + r"(?![\w-])", re.IGNORECASE
        )
        for candidates in lexicon.small_places().values()
        for words in candidates
    }
