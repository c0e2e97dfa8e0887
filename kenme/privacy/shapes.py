"""Regular-expression building blocks for names and proper nouns, and sentence boundaries."""

from __future__ import annotations

import _sre
import functools
import re
from collections.abc import Iterator

# Upper-case letters of the Latin scripts (incl. Ç, Ö, Ş, İ), used where case matters.
UPPER = "[" + "".join(c for c in map(chr, range(0x41, 0x250)) if c.isupper()) + "]"
LETTER = r"[^\W\d_]"
# A capitalised word: "Jansen", "Öztürk", "O'Neill", "Fatima's".
CAP_WORD = rf"{UPPER}{LETTER}*[^\W\d_A-Z](?:'{LETTER}+)?(?!\w)"
# Spaces within one line: names, titles and particles never run across a line break.
SP = r"[^\S\n]+"
# Tussenvoegsels and name particles, each followed by a space (or a hyphen for el-/al-).
PARTICLE = (
    rf"(?:(?:[Vv]an|[Vv]on){SP}(?:(?:de[nr]?|het|'t|der){SP})?|[Dd]e[nr]?{SP}|'t{SP}|[Tt]e[rn]?{SP}"
    rf"|[Ii]n{SP}(?:'t|de[nr]?){SP}|[Oo]p{SP}(?:'t|de[nr]?){SP}|[Uu]it{SP}(?:'t|de[nr]?){SP}"
    rf"|[Ee]l(?:{SP}|-)|[Aa]l(?:{SP}|-)|[Bb]in{SP}|[Ii]bn{SP}|[Aa]it{SP}|[Dd]a{SP}|[Dd]os{SP}"
    rf"|[Dd]i{SP}|[Dd]e{SP}la{SP}|[Ll]e{SP}|[Ll]a{SP}|[Dd]'"
    # abbreviated as lists and signatures write them: "v.d. Linden", "H. v. Dijk", "v/d Berg"
    rf"|[Vv]\.[^\S\n]?[Dd]\.{SP}|[Vv]/[Dd]{SP}|[Vv]\.{SP}(?=[A-Z]))"
)
# A surname with optional particle and double-barrelled parts: "van 't Hof-de Wit".
SURNAME = rf"{PARTICLE}?{CAP_WORD}(?:-{PARTICLE}?{CAP_WORD})*"
INITIALS = rf"(?:{UPPER}\.[^\S\n]?){{1,4}}"
# A capitalised word that starts a word (not the tail of "KvK" or "e-Mail").
CAP_TOKEN = re.compile(rf"(?<![\w'-]){CAP_WORD}")

_OPENERS = "\"'([{*_“‘«>"
_ENDERS = ".!?:;\n•·|"


def at_sentence_start(text: str, pos: int) -> bool:
    """Tell whether the word at pos opens a sentence, heading or list item."""
    i = pos - 1
    while i >= 0 and (text[i].isspace() or text[i] in _OPENERS):
        if text[i] == "\n":
            return True
        i -= 1
    if i < 0:
        return True
    if text[i] in _ENDERS:
        return True
    return text[i] == "-" and (i == 0 or text[i - 1].isspace() or text[i - 1] == "\n")


def strip_possessive(word: str) -> str:
    """Drop a possessive 's from a word ("Fatima's" -> "Fatima")."""
    return word[:-2] if word.endswith("'s") else word


_TABLE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.MULTILINE)


def table_cells(text: str, header: re.Pattern[str]) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, value) of the cells below a table header that header matches: a
    markdown table, columns split by tabs or runs of spaces (decision 0046), or a CSV export
    split by ";" (decision 0072)."""
    yield from _column_cells(text, header)
    if "|" not in text:
        return
    columns: set[int] = set()
    previous_end = -2
    for row in _TABLE_ROW.finditer(text):
        cells = row.group().split("|")
        new_table = row.start() != previous_end + 1
        previous_end = row.end()
        if new_table:
            columns = {i for i, cell in enumerate(cells) if header.fullmatch(cell.strip())}
            continue
        offset = row.start()
        for i, cell in enumerate(cells):
            value = cell.strip()
            if i in columns and value and set(value) - set("-: "):
                start = offset + cell.index(value)
                yield start, start + len(value), value
            offset += len(cell) + 1


def gated(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile pattern with a look-ahead that checks its first character first.

    Python's regex engine tries a pattern at every position; a long case-insensitive list of
    words ("klant|cliënt|dossier|…") is slow to reject. ``(?=[kKcCdD…])`` rejects most positions
    at the cost of one set test. The set is worked out from the parsed pattern and is always a
    superset of the characters a match can start with (both cases), so the matches are exactly
    those of the plain pattern; a pattern whose first character can be anything is returned
    ungated."""
    from re import _parser  # the stdlib's own parser: the same reading as re.compile

    first, may_be_empty = _first_chars(list(_parser.parse(pattern, flags).data))
    if not first or may_be_empty:
        return re.compile(pattern, flags)
    folds = _case_folds()
    cased = {c for ch in first for c in folds.get(_sre.unicode_tolower(ord(ch)), (ch,))}
    chars = "".join(sorted(re.escape(c) for c in cased))
    return re.compile(f"(?=[{chars}]){pattern}", flags)


_FOLDING_ONTO_LATIN = range(0x1E00, 0x1F00), range(0x2100, 0x2150), range(0x2C60, 0x2C80)
_FOLDING_ONTO_LATIN = tuple(code for block in _FOLDING_ONTO_LATIN for code in block)


@functools.cache
def _case_folds() -> dict[int, tuple[str, ...]]:
    """The Latin characters grouped by the lower case the regex engine compares under
    IGNORECASE ("k", "K" and the Kelvin sign "K"; "i", "I" and "İ"), with its extra
    equivalences. Outside these ranges no character folds onto a Latin letter (a test checks
    every code point)."""
    from re import _casefix

    groups: dict[int, list[str]] = {}
    for code in (*range(0x250), *_FOLDING_ONTO_LATIN):
        groups.setdefault(_sre.unicode_tolower(code), []).append(chr(code))
    for code, extra in _casefix._EXTRA_CASES.items():
        groups.setdefault(_sre.unicode_tolower(code), []).extend(map(chr, extra))
    return {lower: tuple(chars) for lower, chars in groups.items()}


_MAX_SET = 200  # a first-character set larger than this is no gate worth having


def _first_chars(items: list) -> tuple[set[str] | None, bool]:
    """The characters a sequence of parsed items can start with (None: any), and whether the
    sequence can match the empty string."""
    from re import _constants as c

    chars: set[str] = set()
    for op, av in items:
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            continue  # consumes nothing
        if op is c.LITERAL:
            return chars | {chr(av)}, False
        if op is c.IN:
            found = _set_chars(av)
            return (None if found is None else chars | found), False
        if op is c.BRANCH:
            parts = [_first_chars(list(branch)) for branch in av[1]]
            nullable = any(empty for _, empty in parts)
        elif op is c.SUBPATTERN:
            parts = [_first_chars(list(av[3]))]
            nullable = parts[0][1]
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            parts = [_first_chars(list(av[2]))]
            nullable = av[0] == 0 or parts[0][1]
        else:
            return None, False
        for part, _ in parts:
            if part is None:
                return None, False
            chars |= part
        if len(chars) > _MAX_SET:
            return None, False
        if not nullable:
            return chars, False
    return chars, True


def _set_chars(members: list) -> set[str] | None:
    """The characters of a parsed character set, or None for categories and negated sets."""
    from re import _constants as c

    chars: set[str] = set()
    for op, av in members:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] <= _MAX_SET:
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return chars


# Columns of an Excel range (tabs) or a fixed-width screen (two or more spaces).
_COLUMN_GAP = re.compile(r"\t[ \t]*| {2,}")


def _cells(line: str, offset: int) -> list[tuple[int, str]]:
    """The cells of one line of a column table, as (start in the text, value)."""
    cells, pos = [], 0
    for gap in [*_COLUMN_GAP.finditer(line), None]:
        end = gap.start() if gap else len(line)
        value = line[pos:end].strip()
        if value:
            cells.append((offset + pos + line[pos:end].index(value), value))
        pos = gap.end() if gap else end
    return cells


def _csv_cells(line: str, offset: int) -> list[tuple[int, str]]:
    """The cells of one line of a CSV export as Dutch Excel writes it (split by ";"), empty
    ones included, so a row with an empty last cell keeps its width."""
    cells, pos = [], 0
    for raw in line.split(";"):
        value = raw.strip().strip('"')
        cells.append((offset + pos + (raw.index(value) if value else 0), value))
        pos += len(raw) + 1
    return cells


def _line_cells(line: str, offset: int) -> list[tuple[int, str]]:
    """The cells of one line: a CSV line (";"), else columns split by tabs or runs of spaces."""
    if ";" in line:
        return _csv_cells(line, offset)
    return _cells(line, offset) if ("\t" in line or "  " in line.strip()) else []


def _column_cells(text: str, header: re.Pattern[str]) -> Iterator[tuple[int, int, str]]:
    """Cells under a matching header in a table of tab- or space-separated columns, or in a CSV
    export split by ";"; the rows below the header have as many cells as the header."""
    if "\t" not in text and "  " not in text and ";" not in text:
        return
    columns: list[int] = []
    width = 0
    offset = 0
    for line in text.split("\n"):
        cells = _line_cells(line, offset)
        offset += len(line) + 1
        if len(cells) >= 2 and len(cells) == width and columns:
            for i in columns:
                start, value = cells[i]
                if value:
                    yield start, start + len(value), value
            continue
        found = [i for i, (_, value) in enumerate(cells) if header.fullmatch(value)]
        columns, width = (found, len(cells)) if len(cells) >= 2 else ([], 0)
