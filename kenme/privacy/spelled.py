"""The spelled view (decision 0046): numbers as a hurried or careless writer spells them,
written as digits, so the number detectors read them with their own checks and context.

Built from the number view (``kenme.privacy.normalise.number_view``), mapped back to the
original text like every view. Three passes, each of which changes only what it recognises:

1. **Spaced characters**: a run of three or more single letters or digits, each separated by
   one space, holding at least three digits, is one token ("2 7 3 0 7 0 4 1 1", "3 5 1 2 B T",
   "Y 0 4 7 2 1 8 3 5"); after a house-number word two digits are enough ("huisnummer 1 1").
2. **OCR confusions**: in a token of at least four digits whose other characters are only
   O, o, l or I (at most three, fewer than the digits), those are the digits 0 and 1
   ("3l428Ol7", "2730704ll"). An IBAN whose letters and digits were confused passes mod-97
   once they are read back ("NL76 lNGB 2887 1OOO 56").
3. **Number words**: a run of Dutch number words, mixed with digit groups and spelled capitals
   ("negen vier nul vijf vijf 9 389", "nul zes, vier, acht, zevenentwintig", "twee drie K L P
   vier"), becomes digits; a single number word only where a date or address says what it is:
   a day before a month and a year ("drie maart negentienzevenentachtig"), a year after a month
   ("negentien vierennegentig", "tweeduizend vijf"), a house number after a street or
   "nummer" ("Binnenhof drie").

The view is only built (and the number detectors run on it) when a pass changed something;
ordinary prose costs one gated search per pass.
"""

from __future__ import annotations

import re

from kenme.privacy.anchored import before_spaces, occurrences
from kenme.privacy.normalise import Normalised, replace_spans
from kenme.privacy.ocr import around, read_ocr

_I = re.IGNORECASE

# --- number words ------------------------------------------------------------------------------

_UNITS = {
    "nul": 0, "een": 1, "één": 1, "eén": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5,
    "zes": 6, "zeven": 7, "acht": 8, "negen": 9,
}  # fmt: skip
_TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15,
    "zestien": 16, "zeventien": 17, "achttien": 18, "negentien": 19,
}  # fmt: skip
_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70,
    "tachtig": 80, "negentig": 90,
}  # fmt: skip
_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_COMPOUND = re.compile(rf"({_UNIT_WORD})(?:en|ën)({'|'.join(_TENS)})")


def _below_hundred(word: str) -> int | None:
    for table in (_UNITS, _TEENS, _TENS):
        if word in table:
            return table[word]
    match = _COMPOUND.fullmatch(word)
    if match:
        return _UNITS[match.group(1)] + _TENS[match.group(2)]
    return None


def _below_thousand(word: str) -> int | None:
    if "honderd" not in word:
        return _below_hundred(word)
    head, _, rest = word.partition("honderd")
    hundreds = 1 if not head else _below_hundred(head)
    rest = rest.removeprefix("en") if rest not in _UNITS else rest
    tail = _below_hundred(rest) if rest else 0
    if hundreds is None or tail is None or hundreds == 0:
        return None
    return hundreds * 100 + tail


def word_value(word: str) -> int | None:
    """The value of a Dutch number word up to 9999 ("zevenentwintig" 27, "negentienhonderd
    achtenzeventig" written as one word 1978, "tweeduizendvijf" 2005), else None."""
    word = word.lower()
    for century, prefix in ((19, "negentien"), (20, "twintig")):
        # A year said the short way, in one word: "negentienzevenentachtig" is 1987.
        if word.startswith(prefix) and (rest := _below_hundred(word[len(prefix) :])):
            return century * 100 + rest
    if "duizend" not in word:
        return _below_thousand(word)
    head, _, rest = word.partition("duizend")
    thousands = 1 if not head else _below_hundred(head)
    tail = _below_thousand(rest.removeprefix("en")) if rest else 0
    if thousands is None or tail is None or not 0 < thousands < 10:
        return None
    return thousands * 1000 + tail


_MONTH = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|jan|feb|mrt|apr|jun|jul|aug|sept?|okt|nov|dec|january|february|march|may"
    r"|june|july|october|mar|oct)\.?"
)
_MONTH_BEFORE = re.compile(rf"(?<![\w]){_MONTH}[^\S\n]+$", _I)
_MONTH_AFTER = re.compile(
    rf"[^\S\n]+{_MONTH}(?![\w])[^\S\n]+(?=(?:19|20)\d\d|'\d\d|negentien|twintig|tweeduizend)", _I
)
_HOUSE_NUMBER_BEFORE = re.compile(
    r"(?:\b(?:huis)?nummer|\bnr\.?|(?:straat|weg|laan|plein|hof|singel|gracht|kade|dijk|steeg"
    r"|dreef|markt|park|pad|brink))[^\S\n]+$",
    _I,
)
# Between two tokens of one run: spaces, with at most one comma or dash.
_GAP = re.compile(r"[^\S\n]*[,-]?[^\S\n]+|-")
# Where a spelled number may stand: a number word other than "een" (found by its ending, in the
# lower-cased text: a pattern without IGNORECASE is ten times faster), or "een"/"één" where
# `_is_article` may read it as a number: before a month, beside a digit or single letter.
_SEED = re.compile(
    r"(?:nul|één|eén|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|tig|honderd"
    rf"|duizend)\b|\be[eé]n(?=[^\S\n]+{_MONTH}\b)"
    # "een" beside a digit or a spelled letter: "T S een 7 2 9", "N, V, Z, een, 5". Each run of
    # spaces has one way to match (two adjacent space runs made a long run quadratic).
    r"|\be[eé]n(?=(?:[^\S\n]*[,-])?[^\S\n]*(?:\d|[a-z]\b))"
    r"|(?:\d|\b[a-z])(?:[^\S\n]*[,-])?[^\S\n]*e[eé]n\b"
)
_WINDOW = 80
# Inside a window: digit groups, single capitals and words (parsed when they end like a number).
_TOKEN = re.compile(r"(?<![\w])(?:\d+|[^\W\d_]+)(?![\w])")
_ENDINGS = (
    "nul", "een", "één", "eén", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht",
    "negen", "tien", "elf", "twaalf", "tig", "honderd", "duizend",
)  # fmt: skip
# "een" followed by a lower-case word is the article, also after a street-like word.
_ARTICLE_BEFORE_WORD = re.compile(r"een[^\S\n]+[a-zà-ÿ]{2}")


def _is_article(text: str, token: tuple[int, int, int | str], run: list) -> bool:
    """The one rule for "een": the article, not the number 1, unless a date or an address says
    what it is or a longer run of digits and capitals holds it.

    A number in "een januari negentien …" (a day before a month), "J T B een een S" and "D, een,
    9, G" (four or more tokens), "Kerkstraat een" (a house number after a street or "nummer");
    the article in "een 06-nummer", "een B" and "op een banenmarkt een gesprek" (a lower-case
    word after it, also after a word ending like a street). "één" is always the number.
    """
    start, end = token[0], token[1]
    if text[start:end].lower() != "een" or len(run) >= 4:
        return False
    if len(run) > 1:
        return True
    if _MONTH_AFTER.match(text, end):
        return False
    return not _HOUSE_NUMBER_BEFORE.search(text[max(0, start - 30) : start]) or bool(
        _ARTICLE_BEFORE_WORD.match(text, start)
    )


# "+ drie een 6 …": the plus of an international number read out before the digits.
_PLUS_BEFORE = re.compile(r"\+[^\S\n]*[,-]?[^\S\n]*$")


def _tokens(text: str, windows: list[tuple[int, int]]) -> list[tuple[int, int, int | str]]:
    """Number words (their value), digit groups and single capitals (as written)."""
    tokens: list[tuple[int, int, int | str]] = []
    for low, high in windows:
        for match in _TOKEN.finditer(text, low, high):
            word = match.group()
            if word.isdigit():
                tokens.append((match.start(), match.end(), word))
            elif len(word) == 1:
                if word.isupper() and word.isascii():
                    tokens.append((match.start(), match.end(), word))
            elif word.lower().endswith(_ENDINGS) and (value := word_value(word)) is not None:
                tokens.append((match.start(), match.end(), value))
    return tokens


# The literal words of _SEED's first branch, and its "een" (in the other three branches).
_SEED_WORDS = (
    "nul", "één", "eén", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen",
    "tien", "elf", "twaalf", "tig", "honderd", "duizend",
)  # fmt: skip


def _seeds(lowered: str) -> list[re.Match[str]]:
    """The matches of _SEED.finditer(lowered), found faster (decision 0064): the pattern is
    tried only where it can start (from its literal words, found with str.find), in order and
    without overlap, as finditer tries it; finditer itself tries every position."""
    seeds = []
    end = 0
    for start in _seed_starts(lowered):
        if start >= end and (seed := _SEED.match(lowered, start)):
            seeds.append(seed)
            end = seed.end()
    return seeds


def _seed_starts(lowered: str) -> list[int]:
    """Every position where _SEED can match (a superset, sorted): where one of its words starts,
    where "een" starts, and where a digit or letter before "een" may stand (across spaces and one
    comma or dash, as its last branch allows)."""
    starts: set[int] = set()
    for word in _SEED_WORDS:
        starts.update(occurrences(lowered, word))
    for pos in [*occurrences(lowered, "een"), *occurrences(lowered, "eén")]:
        starts.add(pos)
        before = before_spaces(lowered, pos)
        if before >= 0:
            starts.add(before)
            if lowered[before] in ",-" and (ahead := before_spaces(lowered, before)) >= 0:
                starts.add(ahead)
    return sorted(starts)


def _windows(text: str) -> list[tuple[int, int]]:
    """The stretches around the seeds of spelled numbers, merged."""
    windows: list[tuple[int, int]] = []
    lowered = text.lower()
    if len(lowered) != len(text):  # a character whose lower case is longer ("İ")
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for seed in _seeds(lowered):
        low, high = max(0, seed.start() - _WINDOW), seed.end() + _WINDOW
        while low > 0 and text[low - 1].isalnum():
            low -= 1  # never start inside a word
        if windows and low <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(high, windows[-1][1]))
        else:
            windows.append((low, high))
    return windows


def _runs(text: str, tokens: list[tuple[int, int, int | str]]) -> list[list]:
    runs: list[list] = []
    for token in tokens:
        if runs and _GAP.fullmatch(text, runs[-1][-1][1], token[0]):
            runs[-1].append(token)
        else:
            runs.append([token])
    return runs


def _is_word(token: tuple[int, int, int | str]) -> bool:
    return isinstance(token[2], int)


def _is_capital(token: tuple[int, int, int | str]) -> bool:
    return isinstance(token[2], str) and token[2].isalpha()


def _spell_run(text: str, run: list) -> tuple[int, int, str] | None:
    """The digits a run of tokens stands for, or None when it is no spelled number."""
    if len(run) == 1:
        single = None
        if _is_word(run[0]) and not _is_article(text, run[0], run):
            single = _single(text, run, run[0][0], run[0][1])
        return (run[0][0], run[0][1], single) if single is not None else None
    words = [t for t in run if _is_word(t)]
    if not words or (len(words) == 1 and _is_article(text, words[0], run)):
        return None
    if sum(_is_capital(t) for t in run) == 1:  # "K 12", "twaalf B": no spelled code
        while run and _is_capital(run[0]):
            run = run[1:]
        while run and _is_capital(run[-1]):
            run = run[:-1]
    if not any(_is_word(t) for t in run):
        return None
    start, end = run[0][0], run[-1][1]
    if len(run) == 1 or (len(run) == 2 and all(_is_word(t) for t in run)):
        single = _single(text, run, start, end)
        if single is not None:
            return start, end, single
        if len(run) == 1:
            return None
    values = [str(t[2]) for t in run]
    joined = "".join(values)
    if plus := _PLUS_BEFORE.search(text, max(0, start - 5), start):
        return plus.start(), end, "+" + joined
    if any(v.isalpha() for v in values) or sum(c.isdigit() for c in joined) >= 7:
        return start, end, joined
    return start, end, " ".join(values)


def _single(text: str, run: list, start: int, end: int) -> str | None:
    """A lone number word (or a year in two words) that a date or an address explains."""
    values = [t[2] for t in run]
    before = text[max(0, start - 30) : start]
    if _MONTH_BEFORE.search(before):
        if len(values) == 2 and values[0] in (19, 20) and values[1] < 100:
            return f"{values[0]}{values[1]:02d}"  # "negentien vierennegentig"
        if len(values) == 2 and values[0] == 2000:
            return str(2000 + values[1])  # "tweeduizend vijf"
        if len(values) == 1 and 1900 <= values[0] <= 2099:
            return str(values[0])
        return None
    if len(values) != 1:
        return None
    if 1 <= values[0] <= 31 and _MONTH_AFTER.match(text, end):
        return str(values[0])
    if values[0] > 0 and _HOUSE_NUMBER_BEFORE.search(before):
        return str(values[0])
    return None


def _spell_words(norm: Normalised) -> Normalised:
    text = norm.text
    windows = _windows(text)
    if not windows:
        return norm
    edits = []
    for run in _runs(text, _tokens(text, windows)):
        if edit := _spell_run(text, run):
            edits.append(edit)
    return replace_spans(norm, edits)


# "de zevende van de tiende, tweeënnegentig": a date said with ordinals, day and month.
_ORDINAL_DATE = re.compile(
    r"(?<![\w])de[^\S\n]+(?P<d>[a-zéë]+(?:ste|de))[^\S\n]+van[^\S\n]+de[^\S\n]+"
    r"(?P<m>[a-zéë]+(?:ste|de))(?![\w])(?:[^\S\n]*,)?[^\S\n]+(?P<y>'?\d{2}(?:\d{2})?|[a-zéë]+)(?![\w])",
    _I,
)
_ORDINALS = {"eerste": 1, "derde": 3, "achtste": 8}


def ordinal_value(word: str) -> int | None:
    """The value of a Dutch ordinal ("zevende" 7, "eenentwintigste" 21), else None."""
    word = word.lower()
    if word in _ORDINALS:
        return _ORDINALS[word]
    for suffix in ("ste", "de"):
        if word.endswith(suffix) and (value := word_value(word[: -len(suffix)])):
            return value
    return None


def _ordinal_dates(norm: Normalised) -> Normalised:
    text = norm.text
    lowered = text.lower()
    places = []
    pos = lowered.find(" van de ")
    while pos >= 0:
        places.append(pos)
        pos = lowered.find(" van de ", pos + 1)
    edits: list[tuple[int, int, str]] = []
    for low, high in around(places, 24, 60):
        match = _ORDINAL_DATE.search(text, low, high)
        if match is None or (edits and match.start() < edits[-1][1]):
            continue
        day, month = ordinal_value(match.group("d")), ordinal_value(match.group("m"))
        year = match.group("y")
        if not year[-1].isdigit():
            value = word_value(year)
            year = str(value) if value is not None and (value < 100 or value >= 1900) else ""
        if day and month and year and 1 <= day <= 31 and 1 <= month <= 12:
            edits.append((match.start(), match.end(), f"{day:02d}-{month:02d}-{year.zfill(2)}"))
    return replace_spans(norm, edits)


# --- spaced characters -----------------------------------------------------------------------

_SPACED = re.compile(r"(?<![\w])[A-Za-z0-9](?: [A-Za-z0-9]){2,}(?![\w])")
_SPACED_HOUSE_NUMBER = re.compile(
    r"(?<=(?i:nummer) )\d(?: \d)+(?![\w])|(?<=(?i:nr) )\d(?: \d)+(?![\w])"
)
# Starts with a space, which the regex engine finds fast: two single characters in a row.
_SPACED_GATE = re.compile(r" [A-Za-z0-9] [A-Za-z0-9](?![\w])")


def _spaced_number(run: str) -> bool:
    """Three digits, or two in a run of four or more characters ("T V 2 7 T K", a plate)."""
    digits = sum(c.isdigit() for c in run)
    return digits >= 3 or (digits == 2 and len(run) >= 7) or (digits == len(run) // 2 + 1)


def _join_spaced(norm: Normalised) -> Normalised:
    if not _SPACED_GATE.search(norm.text):
        return norm
    matches = [*_SPACED.finditer(norm.text), *_SPACED_HOUSE_NUMBER.finditer(norm.text)]
    edits = sorted(
        (m.start(), m.end(), m.group().replace(" ", ""))
        for m in matches
        if _spaced_number(m.group())
    )
    kept = [e for i, e in enumerate(edits) if i == 0 or e[0] >= edits[i - 1][1]]
    return replace_spans(norm, kept)


def spelled_view(numbers: Normalised) -> Normalised:
    """The number view with spaced, OCR-confused and spelled-out numbers written as digits
    (see the module docstring); the same object when nothing changed."""
    return read_ocr(_join_spaced(_spell_words(_ordinal_dates(numbers))))
