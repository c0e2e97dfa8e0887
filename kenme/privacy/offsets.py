"""Where each character of a normal form came from, kept per stretch (decision 0064).

A pass of the normal form copies most of its input and replaces a few spans ("&#49;" by "1", a
line break inside a number by a space). The map it keeps for ``Normalised.original_span`` holds
one entry per stretch, not one per character:

- a copied stretch: its characters map one to one onto the original, from ``origin`` on;
- a replacement: each of its characters maps to the whole original span it replaced
  (``origin`` to ``fixed_end``), as a finding that covers part of it covers all of it.

``OffsetMapBuilder`` writes the map of a pass while the pass copies and replaces; copying a
stretch of a text that has a map of its own reads that map (a pass over a pass), so the map
always points into the text the author wrote.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

_LINEAR = -1  # fixed_end of a copied stretch


@dataclass(frozen=True)
class OffsetMap:
    """Stretches of a normal form: where each starts (sorted, the first at 0), its origin in
    the original text and, for a replacement, the end of the original span it came from."""

    starts: tuple[int, ...]
    origins: tuple[int, ...]
    fixed_ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normal form's characters start..end (end > start)."""
        starts = self.starts
        i = bisect.bisect_right(starts, start) - 1
        first = self.origins[i]
        if self.fixed_ends[i] == _LINEAR:
            first += start - starts[i]
        j = bisect.bisect_right(starts, end - 1, i) - 1
        last = self.fixed_ends[j]
        if last == _LINEAR:
            last = self.origins[j] + end - starts[j]
        return first, last


class OffsetMapBuilder:
    """The map of a text written piece by piece: copied stretches and replacements, in order."""

    def __init__(self) -> None:
        self.length = 0  # characters written so far
        self._starts: list[int] = []
        self._origins: list[int] = []
        self._fixed_ends: list[int] = []

    def copy(self, source: OffsetMap | None, start: int, end: int) -> None:
        """Characters start..end of a text whose map is source (None: the original itself)."""
        if start >= end:
            return
        if source is None:
            self._add(start, _LINEAR, end - start)
            return
        starts = source.starts
        k = bisect.bisect_right(starts, start) - 1
        pos = start
        while pos < end:
            stop = min(starts[k + 1], end) if k + 1 < len(starts) else end
            fixed_end = source.fixed_ends[k]
            if fixed_end == _LINEAR:
                self._add(source.origins[k] + pos - starts[k], _LINEAR, stop - pos)
            else:
                self._add(source.origins[k], fixed_end, stop - pos)
            pos = stop
            k += 1

    def replace(self, first: int, last: int, count: int) -> None:
        """count characters that each come from the original span first..last."""
        if count:
            self._add(first, last, count)

    def _add(self, origin: int, fixed_end: int, count: int) -> None:
        if self._starts:
            last_origin, last_fixed = self._origins[-1], self._fixed_ends[-1]
            if fixed_end == _LINEAR:
                follows = last_fixed == _LINEAR
                follows = follows and last_origin + self.length - self._starts[-1] == origin
            else:
                follows = (last_origin, last_fixed) == (origin, fixed_end)
            if follows:
                self.length += count  # the same stretch goes on
                return
        self._starts.append(self.length)
        self._origins.append(origin)
        self._fixed_ends.append(fixed_end)
        self.length += count

    def build(self) -> OffsetMap:
        return OffsetMap(tuple(self._starts), tuple(self._origins), tuple(self._fixed_ends))
