"""The one normal form every scan works on, remembering where every character came from.

``normalise(text)`` runs these passes in order; each keeps, per output character, the span of
the ORIGINAL text it came from, so a finding in the normal form maps back to exactly the
characters the author typed (``Normalised.original_span``):

1. decode HTML entities (``&#49;``, ``&#x31;``, ``&commat;``, double-encoded ``&amp;#49;``) and
   percent-encoding (``%31``, UTF-8 sequences), until nothing changes (at most three rounds);
2. Unicode NFKC per character cluster, every Unicode decimal digit to 0-9 (Arabic-Indic,
   Devanagari, full-width ...), dashes and apostrophes unified, zero-width characters, soft
   hyphens and every other format character (category Cf) removed;
3. e-mail obfuscations undone: ``[at]`` ``(at)`` ``{at}`` ``(apenstaartje)`` and
   ``[dot]`` ``(punt)`` always, a bare `` at `` / `` apenstaartje `` / `` dot `` / `` punt `` only
   inside an address;
4. (``number_view``, for the detectors of numbers only) separators inside a number made alike:
   a run of spaces, line breaks, dots, dashes, slashes, underscores or backslashes between two
   letters or digits becomes one character (see ``number_view``).

The module is pure (standard library only) and cheap on plain ASCII text: a pass that finds
nothing to change returns its input unchanged and builds no offset map; a pass that changes a
few spans keeps a map per stretch, not per character (``offsets``).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from kenme.privacy.offsets import OffsetMap, OffsetMapBuilder


def _format_characters() -> frozenset[str]:
    """Zero-width, soft hyphen, bidi marks, tags: every Cf character, plus a few fillers."""
    chars = {chr(c) for c in range(0x10000) if unicodedata.category(chr(c)) == "Cf"}
    chars.update(chr(c) for c in range(0xE0000, 0xE0080))
    chars.update("\u180e\u034f\u115f\u1160\u3164\uffa0")
    return frozenset(chars)


# Characters that carry no meaning for detection and are dropped.
_DROPPED = _format_characters()

# One-to-one replacements applied after NFKC: dashes, apostrophes, control characters, lone
# surrogates and every non-ASCII decimal digit. One-to-one keeps the fast path map-free.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043\u02d7"
_APOSTROPHES = "\u2018\u2019\u201b\u02bc\u00b4\u0060\u2032"
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_TABLE: dict[int, str] = {ord(c): "-" for c in _DASHES}
_TABLE.update({ord(c): "'" for c in _APOSTROPHES})
# Control characters become spaces; a tab stays, it separates the columns of a pasted range.
_TABLE.update({c: " " for c in range(0x20) if chr(c) not in "\n\t"})
_TABLE.update({c: " " for c in range(0x7F, 0xA0)})
_TABLE.update({c: "\ufffd" for c in range(0xD800, 0xE000)})
_TABLE.update(
    {
        c: str(unicodedata.decimal(chr(c)))
        for c in range(0x80, 0x20000)  # no decimal digits lie above the SMP
        if chr(c).isdecimal()
    }
)

# Any character the table changes; translating is skipped when there is none (most texts).
# (A set test: a regular expression with a class this large is slow in CPython.)
_TABLE_CHARS = frozenset(map(chr, _TABLE))
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
# One UTF-8 encoded character per match, so each decoded character maps to its own bytes.
_CONT = r"%[89ABab][0-9A-Fa-f]"
_PERCENT = re.compile(
    rf"%[0-7][0-9A-Fa-f]|%[CDcd][0-9A-Fa-f]{_CONT}|%[Ee][0-9A-Fa-f](?:{_CONT}){{2}}"
    rf"|%[Ff][0-7](?:{_CONT}){{3}}"
)

# E-mail obfuscations. Bracketed forms are never anything else; bare words only count between
# the parts of an address ("naam at domein punt nl").
_OPEN, _CLOSE = r"[\[\(\{<]", r"[\]\)\}>]"
_BRACKET_AT = re.compile(
    rf"\s*{_OPEN}\s*(?:at|@|apenstaartje|apestaartje)\s*{_CLOSE}\s*", re.IGNORECASE
)
_BRACKET_DOT = re.compile(rf"\s*{_OPEN}\s*(?:dot|punt|\.)\s*{_CLOSE}\s*", re.IGNORECASE)
_ANY_BRACKETED = re.compile(
    rf"{_OPEN}\s*(?:at|@|apenstaartje|apestaartje|dot|punt|\.)\s*{_CLOSE}", re.IGNORECASE
)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_WORD_DOT = r"(?:\s*\.\s*|\s+(?i:dot|punt)\s+)"
# Top-level domains a spaced-out address may end in; "Jan at werk. Daarna" is no address.
_TLDS = (
    "nl|be|com|org|net|eu|de|fr|uk|info|biz|io|nu|me|co|app|online|email|frl|amsterdam|"
    "tr|ma|sr|es|it|pl|ro|bg|at|ch|lu|dk|se|no|fi|pt|gr|cw|aw|us|ca|gov|edu|live|mail"
)
_BARE_EMAIL = re.compile(
    rf"(?<![\w.@-])(?P<local>[\w+-]+(?:(?:\.|\s+(?i:punt|dot)\s+)[\w+-]+)*)"
    r"(?P<at>\s+(?i:at|apenstaartje|apestaartje)\s+|\s*@\s*)"
    rf"(?P<domain>{_LABEL}(?:{_WORD_DOT}{_LABEL})*){_WORD_DOT}(?P<tld>(?i:{_TLDS}))(?![\w-])"
)
_WORD_DOT_RE = re.compile(_WORD_DOT)
# A spaced-out address has "@" or "at" with a space beside it, or a "dot"/"punt" word after "@".
_SPACED_EMAIL_HINT = re.compile(
    r"\s@|@\s|\s(?i:at|apenstaartje|apestaartje)\s|@[\w.-]+\s+(?i:dot|punt)\s"
)

# A run of separators between two letters or digits: a line break, several characters, or a
# single underscore or backslash ("1234\n56", "NL91 . ABNA", "12 - ab", "BB  BB").
_SEPARATOR_RUN = re.compile(r"(?<=[^\W_])(?:[^\S\n]*\n[^\S\n]*|[\s.\-/_\\]{2,6}|[_\\])(?=[^\W_])")
_SENTENCE_END = re.compile(r"[.!?]\s")
# "…1968-11-02\n- adres: …": a list item's bullet starts a new line, it joins nothing.
_LIST_BULLET = re.compile(r"\n[^\S\n]*[-*][^\S\n]")


@dataclass(frozen=True)
class Normalised:
    """Normalised text plus where its characters came from (None: it is the original)."""

    text: str
    offsets: OffsetMap | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to the original text."""
        if self.offsets is None:
            return start, end
        return self.offsets.span(start, end)


def normalise(text: str) -> Normalised:
    """Return the normal form of text (see the module docstring) with its offset map."""
    result = Normalised(text)
    for _ in range(3):
        decoded = _decode_percent(_decode_entities(result))
        if decoded is result:
            break
        result = decoded
    result = _unicode(result)
    return _undo_email_obfuscation(result)


def _substitute(
    norm: Normalised, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None]
) -> Normalised:
    """Replace matches of pattern; each replacement maps to the span of its whole match."""
    edits = []
    for match in pattern.finditer(norm.text):
        new = replace(match)
        if new is not None and new != match.group():
            edits.append((match.start(), match.end(), new))
    return replace_spans(norm, edits)


def replace_spans(norm: Normalised, edits: list[tuple[int, int, str]]) -> Normalised:
    """Replace (start, end, new) spans of norm.text, in order and not overlapping; each
    replacement maps to the original span of what it replaces. Edits that change nothing are
    left out, so a pass that changes nothing returns norm itself."""
    text = norm.text
    edits = [(start, end, new) for start, end, new in edits if text[start:end] != new]
    if not edits:
        return norm
    pieces: list[str] = []
    offsets = OffsetMapBuilder()
    pos = 0
    for start, end, new in edits:
        pieces.append(text[pos:start])
        offsets.copy(norm.offsets, pos, start)
        if new:
            pieces.append(new)
            offsets.replace(*norm.original_span(start, end), len(new))
        pos = end
    pieces.append(text[pos:])
    offsets.copy(norm.offsets, pos, len(text))
    return Normalised("".join(pieces), offsets.build())


def _decode_entities(norm: Normalised) -> Normalised:
    if "&" not in norm.text:
        return norm

    def replace(match: re.Match[str]) -> str | None:
        decoded = html.unescape(match.group())
        return decoded if decoded != match.group() else None

    return _substitute(norm, _ENTITY, replace)


def _decode_percent(norm: Normalised) -> Normalised:
    if "%" not in norm.text:
        return norm

    def replace(match: re.Match[str]) -> str | None:
        raw = bytes.fromhex(match.group().replace("%", ""))
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return None

    return _substitute(norm, _PERCENT, replace)


def _unicode(norm: Normalised) -> Normalised:
    """NFKC, digits to 0-9, unified dashes/apostrophes/controls, format characters dropped."""
    text = norm.text
    chars = set(text)
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and _DROPPED.isdisjoint(chars)):
        if _TABLE_CHARS.isdisjoint(chars):
            return norm
        return Normalised(text.translate(_TABLE), norm.offsets)
    pieces: list[str] = []
    offsets = OffsetMapBuilder()
    pos = 0
    for match in _NON_ASCII.finditer(text):
        start = match.start()
        if start > pos and unicodedata.combining(text[start]):
            start -= 1  # the ASCII base letter belongs to the cluster ("e" + U+0308)
        pieces.append(text[pos:start].translate(_TABLE))  # controls become spaces, one to one
        offsets.copy(norm.offsets, pos, start)
        _copy_clusters(norm, start, match.end(), pieces, offsets)
        pos = match.end()
    pieces.append(text[pos:].translate(_TABLE))
    offsets.copy(norm.offsets, pos, len(text))
    return Normalised("".join(pieces), offsets.build())


def _copy_clusters(
    norm: Normalised, start: int, end: int, pieces: list[str], offsets: OffsetMapBuilder
) -> None:
    """NFKC-normalise a stretch per base character plus its combining marks."""
    text = norm.text
    i = start
    while i < end:
        j = i + 1
        while j < end and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        if cluster not in _DROPPED:
            piece = unicodedata.normalize("NFKC", cluster).translate(_TABLE)
            piece = "".join(c for c in piece if c not in _DROPPED)
            if piece:
                pieces.append(piece)
                offsets.replace(*norm.original_span(i, j), len(piece))
        i = j


def _undo_email_obfuscation(norm: Normalised) -> Normalised:
    text = norm.text
    if _ANY_BRACKETED.search(text):
        norm = _substitute(norm, _BRACKET_AT, lambda m: "@")
        norm = _substitute(norm, _BRACKET_DOT, lambda m: ".")
    if not _SPACED_EMAIL_HINT.search(norm.text):
        return norm  # plain addresses need no rewriting; the e-mail detector finds them
    return _substitute(norm, _BARE_EMAIL, _compact_email)


def _compact_email(match: re.Match[str]) -> str | None:
    """Write "naam at domein punt nl" (or "naam @ domein . nl") as naam@domein.nl."""
    if match.group("at").strip() == "@" and not _WORD_DOT_RE.search(match.group("domain")):
        tail = match.group()[match.end("at") - match.start() :]
        if not any(c.isspace() for c in match.group("at") + tail):
            return None  # already a plain address ("@\n" is a line break inside one)
    domain = _WORD_DOT_RE.sub(".", match.group("domain"))
    local = _WORD_DOT_RE.sub(".", match.group("local"))
    return f"{local}@{domain}.{match.group('tld')}"


# A line of a range pasted from a spreadsheet or a CSV export: its cells split by tabs or ";".
_CELL_GAP = re.compile(r"[\t;]")


def _between_cells(match: re.Match[str], text: str) -> bool:
    """Tell whether a line break between two digits ends a row of a pasted range or CSV export
    (decision 0072): the row's last cell and the next row's first ("…\t1\n60252787\t…") are
    no one number. (A fixed-width screen's column gap is left joined: a wide gap inside a
    number is written too.)"""
    run = match.group()
    if "\n" not in run or not (text[match.start() - 1].isdigit() and text[match.end()].isdigit()):
        return False
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.start())
    if not _CELL_GAP.search(text, start, end if end >= 0 else len(text)):
        return False
    # Both lines must be rows: a sentence holding a ";" before a number split over a line break
    # ("… niet mee; daarboven wel. Geboren 01⏎01⏎1935") is prose, and its number stays one.
    following = text.rfind("\n", match.start(), match.end()) + 1
    after = text.find("\n", following)
    return bool(_CELL_GAP.search(text, following, after if after >= 0 else len(text)))


def number_view(norm: Normalised) -> Normalised:
    """The normal form with separators inside numbers made alike, for the number detectors.

    A run of spaces, line breaks, dots, dashes, slashes, underscores or backslashes between two
    letters or digits becomes one character: the one mark it holds (``.``, ``-`` or ``/``),
    else a space; a sentence end next to a word stays, and so does a run between two cells of a
    table row (see _between_cells). Names and other words
    are read in the normal form, which keeps the author's line breaks.
    """

    def replace(match: re.Match[str]) -> str | None:
        text = match.string
        if _SENTENCE_END.search(match.group()) and not (
            text[match.start() - 1].isdigit() and text[match.end()].isdigit()
        ):
            return None  # "Marokko. 12 maart", "tel. 010": the sentence or word ends there
        if _LIST_BULLET.search(match.group()):
            return None
        if _between_cells(match, text):
            return None
        marks = {c for c in match.group() if c in ".-/"}
        return marks.pop() if len(marks) == 1 else " "

    return _substitute(norm, _SEPARATOR_RUN, replace)
