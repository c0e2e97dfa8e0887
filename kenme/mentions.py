"""@mentions in text: where one may start and which names it may carry (pure, no database).

Members have no user names, only display names with spaces ("Ilse de Vries"), so a mention
is written as ``@`` followed by the name as plain text. Where the name ends is not visible
in the text: ``@Ilse de Vries vindt`` could name "Ilse", "Ilse de Vries" or "Ilse de Vries
vindt". ``mention_candidates`` therefore returns, for every ``@`` that may start a mention,
every reading of up to ``MAX_WORDS`` name words, longest first; the resolver
(``kenme.services.mentions``) keeps the longest that names a member. ``@[Naam]`` marks the
end of a name explicitly and yields that one candidate.

An ``@`` inside a word (``naam@gemeente.nl``) or a path (``/@x``) starts no mention.
``name_key`` is the one normal form both sides compare: the resolver's query and the
``users.name_key`` column.
"""

from __future__ import annotations

import re
import unicodedata

MAX_WORDS = 5
MAX_NAME_CHARS = 80  # the longest display name (kenme.web.auth.forms)

# A name word: letters or digits, with inner hyphens, apostrophes or dots ("Jan-Willem",
# "D'Souza", "A.B"), and at most one dot at the end ("M."); or a clitic like "'t".
_WORD = r"(?:[^\W_](?:[\w'’.\-]*[^\W_])?\.?|['’][^\W_]+)"
_WORD_RE = re.compile(_WORD)
_GAP_RE = re.compile(r"[ \u00a0]")  # one space (or no-break space) between name words
_BRACKETED = re.compile(r"\[([^\[\]\n]{1,%d})\]" % MAX_NAME_CHARS)  # noqa: UP031
# What may come right before an "@" that starts a mention.
_OPENERS = frozenset("([{<\"'“‘«*_~>")
_SPACES = re.compile(r"\s+")


def name_key(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, single spaces, one apostrophe."""
    text = unicodedata.normalize("NFKC", name or "").replace("’", "'")
    return _SPACES.sub(" ", text).strip().casefold()


def _may_start(text: str, at: int) -> bool:
    if at == 0:
        return True
    before = text[at - 1]
    return before.isspace() or before in _OPENERS


def mention_candidates(text: str) -> list[tuple[int, int, str]]:
    """Every possible mention in ``text``: ``(start, end, name)`` with ``text[start] == "@"``.

    ``name`` is the text after the ``@`` up to ``end`` (for ``@[...]``, the text inside the
    brackets). Several candidates can share a start: every prefix of up to ``MAX_WORDS``
    words, longest first, and a name ending in a dot also without it ("@Ilse." at the end
    of a sentence). Sorted by start, then longest first. Pure and linear in the text.
    """
    found: list[tuple[int, int, str]] = []
    at = text.find("@")
    while at != -1:
        if _may_start(text, at):
            found.extend(_candidates_at(text, at))
        at = text.find("@", at + 1)
    return found


def _candidates_at(text: str, at: int) -> list[tuple[int, int, str]]:
    bracketed = _BRACKETED.match(text, at + 1)
    if bracketed:
        name = " ".join(bracketed.group(1).split())
        return [(at, bracketed.end(), name)] if name else []
    ends: list[int] = []
    position = at + 1
    while len(ends) < MAX_WORDS:
        word = _WORD_RE.match(text, position)
        if word is None or word.end() - (at + 1) > MAX_NAME_CHARS:
            break
        ends.append(word.end())
        gap = _GAP_RE.match(text, word.end())
        if gap is None:
            break
        position = gap.end()
    readings: list[tuple[int, int, str]] = []
    for end in reversed(ends):
        readings.append((at, end, text[at + 1 : end]))
        if text[end - 1] == "." and end - 1 > at + 1:
            readings.append((at, end - 1, text[at + 1 : end - 1]))
    return readings
