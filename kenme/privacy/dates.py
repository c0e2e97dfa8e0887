"""Detectors for dates of birth (hard) and exact dates of events (soft)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from stdnum.nl import bsn

from kenme.privacy import lexicon
from kenme.privacy.anchored import Tokens, finditer_at
from kenme.privacy.citations import is_professional_number
from kenme.privacy.findings import Hit
from kenme.privacy.person import about_person
from kenme.privacy.shapes import gated

_I = re.IGNORECASE

_MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dec": 12,
    # English, in pasted documents and forms: "12 March 1981", "03-OCT-1975".
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
    "mar": 3, "oct": 10, "august": 8,
}  # fmt: skip
_FULL_MONTHS = "|".join(m for m in _MONTHS if len(m) > 4 or m == "mei")
_SHORT_MONTHS = "|".join(m for m in _MONTHS if len(m) <= 4 and m != "mei")

_SHORT_UPPER = _SHORT_MONTHS.upper()
# A passport's bilingual month ("12 APR/APR 1988", "03 MEI/MAY 1975") names the month twice.
_SECOND_MONTH = rf"(?:/(?i:{_FULL_MONTHS}|{_SHORT_MONTHS})\.?)?"
_DATE_WORDS = re.compile(
    rf"(?P<d>\d(?<![\w.,]\d)\d?)(?:e|ste|de)?\s+(?P<m>(?i:{_FULL_MONTHS})"
    rf"|(?:{_SHORT_MONTHS}|{_SHORT_UPPER})\.?){_SECOND_MONTH}"
    r"(?![\w])(?:\s+(?P<y>(?:19|20)\d{2}|'\d{2})(?![\w]))?"
)
# The English order, month first, with its year: "March 3rd, 1982", "Oct 12 1975". Found from
# the day (a digit is rare), then the month before it is read.
_DATE_MONTH_FIRST = re.compile(
    r"(?P<d>\d(?<![\w.,/-]\d)\d?)(?:st|nd|rd|th)?,?[^\S\n]+(?P<y>(?:19|20)\d{2})(?![\w])"
)
_MONTH_BEFORE_DAY = re.compile(rf"(?<![\w])(?P<m>(?i:{_FULL_MONTHS}|{_SHORT_MONTHS}))\.?[^\S\n]+$")
# A system export's "03-mrt-1981", "3-OCT-75": dashes, the month a word in any case, a year.
_DATE_DASHED = re.compile(
    rf"(?P<d>\d(?<![\w.,/-]\d)\d?)-(?P<m>(?i:{_FULL_MONTHS}|{_SHORT_MONTHS}))-"
    r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\w])(?![./-]\d)"
)
_DATE_NUMERIC = re.compile(
    r"(?P<d>\d(?<![\w.,/-]\d)\d?)(?P<sep>[-/. ])(?P<m>[01]?\d)(?P=sep)"
    r"(?P<y>(?:19|20)\d{2}|'?\d{2})(?![\w])(?![./-]\d)"
)
_DATE_ISO = re.compile(
    r"(?P<y>\d(?<![\w./-]\d)\d{3})(?P<sep>[-/. ])(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)(?![\w-])"
)

# The compact form of the BRP and of exports from Suite and the Kredietbank ("19920813"): a
# date of birth only (see detect_dates), never read as an event's date.
_DATE_COMPACT = re.compile(
    r"(?<![\w.,/-])(?P<y>19\d\d|20[01]\d)(?P<m>0[1-9]|1[0-2])(?P<d>0[1-9]|[12]\d|3[01])"
    r"(?![\w])(?![./-]\d)"
)

# A Roman month, as Polish, Italian and older Dutch forms write it: "03-XI-1964".
_ROMAN_MONTHS = {
    "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10,
    "XI": 11, "XII": 12,
}  # fmt: skip
_DATE_ROMAN = re.compile(
    r"(?P<d>\d(?<![\w.,/-]\d)\d?)(?P<sep>[-/. ])(?P<m>XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I)"
    r"(?P=sep)(?P<y>(?:19|20)\d{2})(?![\w])(?![./-]\d)"
)
# The American order, month first, when the day cannot be a month: "07/23/1990".
_DATE_US = re.compile(
    r"(?P<m>\d(?<![\w.,/-]\d)\d?)/(?P<d>[1-3]\d)/(?P<y>(?:19|20)\d{2})(?![\w])(?![./-]\d)"
)

_BIRTH_CONTEXT = re.compile(
    r"\b(?:geboren|geb\.|geb\b|geboortedatum|geboortedag|geb\.?\s?datum|d\.o\.b\.?|dob"
    # a pasted foreign form or letter: "born 07/23/1990", "date of birth", "née le"
    r"|born|date\s+of\s+birth|birth\s?date|n[ée]e?\s+le|geburtsdatum|geboren\s+am)\b"
    r"[^.;\n]{0,25}$|\bgeb\.[^;\n]{0,25}$"
    # the genealogical asterisk: "J. Veldkamp (*02-02-1961)", "* 3 mei 1950"
    # (not a list's bullet at the start of a line)
    r"|(?:(?<=[(\w])|(?<=[(\w][^\S\n]))\*[^\S\n]?$"
    # "geboren d.d. 22-08-1990", "geboren op d.d.": the dots of "de dato" end no sentence
    r"|\bgeboren(?:\s+op)?\s+d\.?\s?d\.?\s*$"
    # "De klant is van 12 jan. 1990": a person "is van" a full date, i.e. born then.
    r"|\b(?:hij|zij|ze|ik|klant|cli[eë]nt|meneer|mevrouw|man|vrouw|zoon|dochter|partner)"
    r"\s+(?:is|was)\s+van\s*$",
    _I,
)
# "klant is 12 december 1969 geboren": the word after the date.
_BORN_AFTER = re.compile(r"\s+(?:(?:is|was|ben)\s+)?geboren\b", _I)
_BIRTH_RULE_BEFORE = gated(
    r"\b(?:na|voor|vóór|vanaf|sinds|tot|tussen|en|of|t/m|tot\s+en\s+met)\s*$", _I
)
_POLICY_BEFORE = gated(
    r"(?:\b(?:per|sinds|vanaf|met\s+ingang\s+van|tot(?:\s+en\s+met)?|ingaande|uiterlijk)"
    r"|m\.i\.v\.|t/m)\s*$",
    _I,
)
_JURISPRUDENCE_BEFORE = gated(
    r"\b(?:crvb|hr|rvs|abrvs|abrs|rb\.?|rechtbank|hof|gerechtshof|uitspraak|arrest|vonnis|raad|"
    r"ecli|stb\.?|stcrt\.?|kamerstukken|kamerbrief|circulaire|brief\s+van|wet|"
    r"wetswijziging|regeling|memorie|raadsbesluit|collegebesluit|verordening|beleidsregels?)\b"
    r"[^.;\n]{0,30}$",
    _I,
)
_ECLI_AFTER = re.compile(r"\s*[,(]?\s*ECLI", _I)


def _dates(
    text: str, numbers: tuple[int, ...]
) -> Iterator[tuple[int, int, int, int, int | None, bool]]:
    """Yield (start, end, day, month, year or None, compact) for every plausible date. Each
    pattern starts at the first digit of a number: tried only there (decision 0064)."""
    for pattern in (
        _DATE_WORDS, _DATE_DASHED, _DATE_NUMERIC, _DATE_ISO, _DATE_ROMAN, _DATE_US,
        _DATE_MONTH_FIRST, _DATE_COMPACT,
    ):  # fmt: skip
        for match in finditer_at(pattern, text, numbers):
            day = int(match.group("d"))
            start = match.start()
            if pattern is _DATE_MONTH_FIRST:
                month_word = _MONTH_BEFORE_DAY.search(text, max(0, start - 12), start)
                if month_word is None:
                    continue
                raw_month, start = month_word.group("m"), month_word.start()
            else:
                raw_month = match.group("m")
            month = (
                int(raw_month)
                if raw_month.isdigit()
                else _ROMAN_MONTHS.get(raw_month, 0)
                if pattern is _DATE_ROMAN
                else _MONTHS.get(raw_month.lower().rstrip("."), 0)
            )
            if pattern is _DATE_US and day <= 12:
                continue  # "07/08/1990" is read the Dutch way, by _DATE_NUMERIC
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue
            year = match.group("y")
            if year and len(year) == 4 and year[:2] not in ("19", "20"):
                continue
            if pattern is _DATE_NUMERIC and match.group("sep") == "." and len(year) == 2:
                continue  # "versie 2.3.10" is no date
            yield start, match.end(), day, month, _full_year(year), pattern is _DATE_COMPACT


def _full_year(year: str | None) -> int | None:
    """The year as a number; "'81" and "81" are 1981, "'05" is 2005 (up to this decade)."""
    if year is None:
        return None
    short = int(year.lstrip("'"))
    if len(year.lstrip("'")) == 4:
        return short
    return 2000 + short if short < 30 else 1900 + short


def detect_dates(tokens: Tokens) -> Iterator[Hit]:
    """Find dates of birth (hard) and exact dates of events (soft), skipping policy dates."""
    text = tokens.text
    for start, end, day, month, year, compact in _dates(text, tokens.numbers):
        before = text[max(0, start - 40) : start]
        if year and (
            _BIRTH_CONTEXT.search(before)
            or _BORN_AFTER.match(text, end)
            or _named_in_brackets(text, start, end, year)
        ):
            if _BIRTH_RULE_BEFORE.search(before):
                continue  # "wie geboren is na 31 december 1960": a rule, not a person
            yield Hit("birthdate", start, end)
        elif year in _BIRTH_YEARS and (
            (_birth_shaped(text, start, end, before) and not _cited(text, start, end, compact))
            or (not compact and _in_a_record_with_bsn(text, start, end))
        ):
            yield Hit("birthdate", start, end)
        elif not compact and _is_event_date(text, start, end, day, month, before):
            yield Hit("date", start, end)


# "Kinderen: Aya (12-04-2013) en Yara (30-09-2016)", "zoon Daan (03-05-2011)": a full date in
# brackets right after a person's first name is when they were born, however recent.
_NAME_BRACKET_BEFORE = re.compile(r"(?<![\w'-])(?P<name>[A-Z][a-zà-ÿ]+)[^\S\n]*\([^\S\n]*\*?$")
_BRACKET_AFTER = re.compile(r"[^\S\n]*\)")
_KIN_BEFORE = re.compile(
    r"\b(?:kind\w*|zoon|zonen|dochter\w*|broer\w*|zus\w*|tweeling|baby|gezin\w*|partner"
    r"|moeder|vader|echtgeno\w*|pleegkind\w*)\b[^.;!?\n]*$",
    _I,
)


_CLAUSE_BEFORE = re.compile(r"[^.;!?\n]*$")
_MEETING_WORD = re.compile(
    r"\b(?:gesprek\w*|afspraak|afspraken|overleg\w*|bezoek\w*|intake\w*|gesproken|gebeld"
    r"|belde|sprak|mail\w*|contact|spreekuur|huisbezoek|keukentafel\w*)\b",
    _I,
)


def _named_in_brackets(text: str, start: int, end: int, year: int | None) -> bool:
    if year is None or not _BRACKET_AFTER.match(text, end):
        return False
    name = _NAME_BRACKET_BEFORE.search(text, max(0, start - 30), start)
    if name is None:
        return False
    word = name.group("name").lower()
    if word in lexicon.common_words():
        return False
    clause = _CLAUSE_BEFORE.search(text, max(0, name.start() - 60), name.start())
    if clause and _MEETING_WORD.search(clause.group()):
        return False  # "Gesprek met Peter (12-11-2026)": the day they met
    listed = word in lexicon.first_names() and word not in lexicon.ambiguous_first_names()
    return listed or bool(_KIN_BEFORE.search(text, max(0, name.start() - 80), name.start()))


def _cited(text: str, start: int, end: int, compact: bool) -> bool:
    """Eight digits a public reference names ("factuur 19990101", "versie 20050101") are its
    number, as they were before the compact form was read as a date; so are eight digits
    named a number ("nummer bij de corporatie 19161201", "20000401 als nummer gekregen": a
    client number, hard as such)."""
    return compact and (
        is_professional_number(text, start, end)
        or bool(_NUMBER_NAMED_BEFORE.search(text, max(0, start - 50), start))
        or bool(_NUMBER_NAMED_AFTER.match(text, end))
    )


_NUMBER_NAMED_BEFORE = re.compile(r"\b\w*(?:nummer|nr)\b\.?[^.;!?\n]{0,40}$", _I)
_NUMBER_NAMED_AFTER = re.compile(r"[^\S\n]+als[^\S\n]+\w*(?:nummer|nr)\b", _I)  # "… als nummer"


# A row of an export (cells split by tabs, ";" or "|") that holds a BSN is a person's record:
# a full date with a birth year in it is their date of birth ("644100412<tab>Yilmaz, H<tab>
# 05-12-1965<tab>Inkomsten UWV", as the Inlichtingenbureau's signals are pasted from Excel).
_CELL_SPLIT = re.compile(r"[\t;|]")
_NINE_DIGITS = re.compile(r"(?<![\w.,-])\d{9}(?![\w])(?![.,-]\d)")


def _in_a_record_with_bsn(text: str, start: int, end: int) -> bool:
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    row = text[left : right if right >= 0 else len(text)]
    if not _CELL_SPLIT.search(row):
        return False
    return any(bsn.is_valid(m.group()) for m in _NINE_DIGITS.finditer(row))


# Decision 0032: a full date with a year a living client may be born in, in a line about a
# person, is a date of birth (hard) unless a word says what else happened on that day. Event
# dates in casework are recent; a date of birth is not.
_BIRTH_YEARS = range(1915, 2016)
_EVENT_WORD = gated(
    r"\b(?:getrouwd|trouwde|trouwen|huwelijk\w*|gehuwd|samenwonen|samenwonend|gescheiden"
    r"|scheiding|overleden|overleed|overlijden|in\s+dienst|uit\s+dienst|dienstverband|ontslag"
    r"\w*|verhuisd|verhuizing|ingeschreven|uitgeschreven|inschrijving|aangekomen|binnengekomen"
    r"|naar\s+nederland|in\s+nederland|gevestigd|opgericht|gestart|begonnen|gestopt|sinds"
    r"|vanaf|tot|per|diploma|genaturaliseerd|naturalisatie|besluit|beschikking|vonnis|brief"
    r"|uitspraak|aanvraag|aangevraagd|melding|gemeld|contract|werkzaam|gewerkt|werkte"
    r"|ingegaan|ingang|afgegeven|verlopen|geldig|opgenomen|ontslagen|gedetineerd|detentie)\b",
    _I,
)


def _birth_shaped(text: str, start: int, end: int, before: str) -> bool:
    """Tell whether a full date with a birth year is a client's date of birth."""
    if (
        _BIRTH_RULE_BEFORE.search(before)
        or _POLICY_BEFORE.search(before)
        or _JURISPRUDENCE_BEFORE.search(before)
        or _ECLI_AFTER.match(text, end)
        or _team_event_near(text, start, end)
    ):
        return False
    stops = list(_CLAUSE_STOP.finditer(text, max(0, start - 60), start))
    left = stops[-1].end() if stops else max(0, start - 60)
    stop = _CLAUSE_STOP.search(text, end, end + 60)
    right = stop.start() if stop else min(len(text), end + 60)
    if _EVENT_WORD.search(text, left, right):
        return False
    return about_person(text, start, end)


# The team's own diary: "Het teamoverleg is verplaatst naar donderdag 10 december", a table
# row "| 3 feb | teamoverleg |". Such dates say nothing about a client.
_TEAM_EVENT = re.compile(
    r"\b(?:team|werk)overleg|\bvergadering|\btraining|\bcursus|\bintervisie|\bstudiedag"
    r"|\bteamdag|\bheidag|\bwebinar|\bscholing|\bborrel|\bteamuitje|\bkerstlunch",
    _I,
)
_CLIENT_WORD = gated(
    r"\b(?:klant|cli[eë]nt|hij|zij|ze|meneer|mevrouw|zoon|dochter|partner|aanvrager)\b", _I
)
_CLAUSE_STOP = re.compile(r"[.!?\n]")


def _team_event_near(text: str, start: int, end: int) -> bool:
    """Tell whether the date's sentence (or table row) is about the team's own diary."""
    left = max(0, start - 60)
    stops = list(_CLAUSE_STOP.finditer(text, left, start))
    left = stops[-1].end() if stops else left
    stop = _CLAUSE_STOP.search(text, end, end + 60)
    right = stop.start() if stop else min(len(text), end + 60)
    return bool(_TEAM_EVENT.search(text, left, right)) and not _CLIENT_WORD.search(
        text, left, right
    )


def _is_event_date(text: str, start: int, end: int, day: int, month: int, before: str) -> bool:
    """Tell an exact date of an event from a policy date or a court ruling's date."""
    if day == 1 and (month in (1, 7) or _POLICY_BEFORE.search(before)):
        return False
    if _team_event_near(text, start, end):
        return False
    if _ECLI_AFTER.match(text, end):
        return False
    return not _JURISPRUDENCE_BEFORE.search(before) or _own_case_after(text, end)


# A ruling in the client's own case is an event of that case, not case law: "Bij vonnis van
# 3 maart 2026 is de schuldsanering van uw cliënt de heer P. Dijkstra van toepassing verklaard".
_OWN_CASE = re.compile(
    r"\b(?:uw|mijn|onze|haar|zijn)\s+(?:cli[eë]nte?|klant|aanvrager|aanvraagster|cursist)\b"
    r"|\b(?:de\s+heer|mevrouw|dhr\.|mw\.|mevr\.)\s*(?-i:[A-Z])",
    _I,
)
_OWN_CASE_WINDOW = 80


def _own_case_after(text: str, end: int) -> bool:
    """Tell whether the rest of the date's line names the client whose case was ruled on."""
    stop = text.find("\n", end, end + _OWN_CASE_WINDOW)
    return bool(_OWN_CASE.search(text, end, stop if stop >= 0 else end + _OWN_CASE_WINDOW))
