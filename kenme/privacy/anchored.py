"""Whole-text patterns tried only where they can start (decision 0064).

Python's regex engine tries a pattern at every position of the text, and a pattern that opens
with a look-behind (``(?<![\\w'-])``) gets none of its fast scanning; on a 5 KB text each such
pass costs 0.1-0.3 ms however rarely it matches. Many patterns can only start at a capital
("Jansen", "Van der Meer", "J. de Vries") or at a literal word. ``finditer_at`` gives exactly
the matches of ``pattern.finditer(text)`` while trying the pattern only at given positions,
which must include every position where it can match:

- ``.match(text, pos)`` reads the text before pos as ``finditer`` does (look-behinds, ``\\b``),
  and the text after it to the end; so the match at a position is the one ``finditer`` finds
  there;
- positions are tried in order and those inside the previous match are skipped, so the
  matches do not overlap, as with ``finditer`` (the patterns never match the empty string).

The capitals and the numbers of a view are found at most once per scan and shared by every
detector: the scan hands each detector its view as ``Tokens``, which finds them when first asked
and goes with the scan. No module-level cache holds a scanned text (decision 0064).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from kenme.privacy.shapes import UPPER

_CAPITAL = re.compile(UPPER)
_DIGITS = re.compile(r"\d+")


def finditer_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """The matches of pattern.finditer(text), where starts (sorted) holds every position at
    which pattern can match; pattern must never match the empty string."""
    matches = []
    end = 0
    match = pattern.match
    for start in starts:
        if start >= end and (found := match(text, start)):
            matches.append(found)
            end = found.end()
    return matches


def search_at(
    pattern: re.Pattern[str], text: str, starts: Sequence[int], pos: int = 0
) -> re.Match[str] | None:
    """pattern.search(text, pos), where starts (sorted) holds every position at which pattern
    can match: the first match at a start from pos on."""
    match = pattern.match
    for i in range(bisect.bisect_left(starts, pos), len(starts)):
        if found := match(text, starts[i]):
            return found
    return None


def capital_starts(text: str) -> tuple[int, ...]:
    """The positions of the upper-case letters of the Latin scripts (shapes.UPPER) in text:
    where a capitalised word, a name particle written with a capital or initials can start."""
    return tuple(found.start() for found in _CAPITAL.finditer(text))


def number_starts(text: str) -> tuple[int, ...]:
    """The positions where a run of digits (\\d) starts in text: where a number can start."""
    return tuple(found.start() for found in _DIGITS.finditer(text))


@dataclass(frozen=True, eq=False)
class Tokens:
    """One view of a scanned text and where its capitals and numbers start, each found when a
    detector first asks for it and then shared by the other detectors of the same scan. The
    scan makes one per view and drops it when it is done, so nothing of the text stays."""

    text: str

    @cached_property
    def capitals(self) -> tuple[int, ...]:
        """See capital_starts."""
        return capital_starts(self.text)

    @cached_property
    def numbers(self) -> tuple[int, ...]:
        """See number_starts."""
        return number_starts(self.text)


def occurrences(text: str, word: str) -> list[int]:
    """Every position where word starts in text (overlapping ones too), found with str.find."""
    found = []
    pos = text.find(word)
    while pos >= 0:
        found.append(pos)
        pos = text.find(word, pos + 1)
    return found


def before_spaces(text: str, pos: int) -> int:
    """The index of the last character before pos that is no space other than a line break
    (-1 when there is none)."""
    pos -= 1
    while pos >= 0 and text[pos] != "\n" and text[pos].isspace():
        pos -= 1
    return pos
