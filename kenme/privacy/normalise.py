"""Unicode normalisation that remembers where every character came from."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that carry no meaning for detection and are dropped (zero-width, soft hyphen).
_DROPPED = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")

# One-to-one replacements applied after NFKC: dashes, apostrophes, control characters and
# lone surrogates. Keeping them one-to-one lets the fast path skip the offset map.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u00b4\u0060\u2032"
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_TABLE: dict[int, str] = {ord(c): "-" for c in _DASHES}
_TABLE.update({ord(c): "'" for c in _APOSTROPHES})
_TABLE.update({c: " " for c in range(0x20) if chr(c) not in "\n"})
_TABLE.update({c: " " for c in range(0x7F, 0xA0)})
_TABLE.update({c: "\ufffd" for c in range(0xD800, 0xE000)})


@dataclass(frozen=True)
class Normalised:
    """Normalised text plus, per character, the original span it came from."""

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def normalise(text: str) -> Normalised:
    """Return NFKC text with unified spaces, dashes and apostrophes and no zero-width marks."""
    if text.isascii() or (
        unicodedata.is_normalized("NFKC", text) and not _DROPPED.intersection(text)
    ):
        return Normalised(text.translate(_TABLE))
    return _normalise_mapped(text)


def _normalise_mapped(text: str) -> Normalised:
    """Normalise the non-ASCII stretches cluster by cluster, copying ASCII runs as they are."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    for match in _NON_ASCII.finditer(text):
        start = match.start()
        if start > pos and unicodedata.combining(text[start]):
            start -= 1  # the ASCII base letter belongs to the cluster ("e" + U+0308)
        _copy_ascii(text, pos, start, out, starts, ends)
        _copy_clusters(text, start, match.end(), out, starts, ends)
        pos = match.end()
    _copy_ascii(text, pos, len(text), out, starts, ends)
    return Normalised("".join(out), tuple(starts), tuple(ends))


def _copy_ascii(
    text: str, start: int, end: int, out: list[str], starts: list[int], ends: list[int]
) -> None:
    """Copy an ASCII stretch (controls become spaces); every character maps to itself."""
    if start < end:
        out.append(text[start:end].translate(_TABLE))
        starts.extend(range(start, end))
        ends.extend(range(start + 1, end + 1))


def _copy_clusters(
    text: str, start: int, end: int, out: list[str], starts: list[int], ends: list[int]
) -> None:
    """NFKC-normalise a stretch per base character plus its combining marks."""
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if cluster not in _DROPPED:
            piece = unicodedata.normalize("NFKC", cluster).translate(_TABLE)
            piece = "".join(c for c in piece if c not in _DROPPED)
            out.append(piece)
            starts.extend([i] * len(piece))
            ends.extend([j] * len(piece))
        i = j
