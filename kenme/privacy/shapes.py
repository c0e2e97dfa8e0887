"""Regular-expression building blocks for names and proper nouns, and sentence boundaries."""

from __future__ import annotations

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
    rf"|[Dd]i{SP}|[Dd]e{SP}la{SP}|[Ll]e{SP}|[Ll]a{SP}|[Dd]')"
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
    """Yield (start, end, value) of the cells below a markdown-table header that header matches."""
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
