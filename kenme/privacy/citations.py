"""What makes a number professional rather than personal: a citation of a law, a publication or
a ruling, a unit or rate after it, a public document of the municipality before it.

Used by the unknown-shape fallback (decision 0032): inside a line about a person a 6+ digit
number is a client number unless one of these readings stands (decision 0042).
"""

from __future__ import annotations

import re

from kenme.privacy.shapes import gated

_I = re.IGNORECASE

_CURRENCY_BEFORE = gated(r"(?:€|\beur|\beuro|\$|\bfl\.?)\s*$", _I)
# A quantity's unit, a count's noun or a rate ("1250000 per jaar"): an amount or a count.
_UNIT_AFTER = re.compile(
    r"[^\S\n]*(?:,-|euro\b|eur\b|%|procent\b|uur\b|km\b|kilometer\b|m2\b|kwh\b|inwoners\b"
    r"|mensen\b|personen\b|klanten\b|huishoudens\b|aanvragen\b|stuks\b|keer\b|maal\b"
    r"|punten\b|exemplaren\b|woningen\b|banen\b|plaatsen\b|uitkeringen\b|dossiers\b"
    r"|meldingen\b|bezoekers\b|deelnemers\b|leerlingen\b|cli[eë]nten\b|gezinnen\b"
    r"|jongeren\b|kinderen\b|huurders\b|bijstandsgerechtigden\b|euro's\b"
    r"|per[^\S\n]+(?:jaar|maand|week|dag|uur|kwartaal|persoon|huishouden|inwoner|stuk|kind"
    r"|klant|cli[eë]nt|aanvraag|gezin|woning|deelnemer|traject|plek|plaats)\b)",
    _I,
)
# A publication with its year: "Stcrt. 2023, 123456", "Stb. 2015, 123", "Kamerstukken II
# 2022/23, 36123", "Gemeenteblad 2024, 123456".
_PUBLICATION = (
    r"(?:stb|stcrt|trb|gmb|prb|wsb|staatsblad|staatscourant|tractatenblad|gemeenteblad"
    r"|provinciaal[^\S\n]+blad|waterschapsblad|kamerstukken|kst|handelingen|bijl\.?[^\S\n]*hand)"
    r"\.?(?:[^\S\n]+I{1,2})?(?:[^\S\n]*(?:19|20)\d\d(?:[/-]\d\d(?:\d\d)?)?[^\S\n]*,?)?"
)
# What names a non-personal number just before it: a law, an article, a publication, a
# version, an invoice, a product or service code, a postbus, a page, a helpdesk ticket, a public
# document of the municipality (its council's and board's decisions, its policy rules and
# by-laws, the number of its collective health insurance).
_PUBLIC_BEFORE = gated(
    rf"\b(?:art(?:ikel|t)?|lid|{_PUBLICATION}|ecli|ljn|versie|factuur\w*"
    r"|order\w*|bestel\w*|product\w*|artikelnummer|code|postbus|pagina|blz"
    r"|ticket\w*|incident\w*|storing\w*|wet|regeling"
    r"|raadsvoorstel\w*|raadsbesluit\w*|collegebesluit\w*|collegevoorstel\w*|beleidsregel\w*"
    r"|verordening\w*|raadsinformatiebrie\w*|motie|amendement|collectiviteit\w*|gemeentepolis"
    r"|collectieve[^\S\n]+(?:polis|zorgverzekering))"
    r"\.?[^\S\n]*(?:nummer|nr\.?|no\.?)?[^\S\n]*[:#]?[^\S\n]*$"
    # the kenmerk of a public letter: "VNG ledenbrief Lbr. 25/041 (kenmerk TLE/U202500312)",
    # "Kamerbrief van 3 maart, kenmerk 2026-0000123456", "circulaire … kenmerk"
    r"|\b(?:ledenbrie\w*|lbr|kamerbrie\w*|circulaire\w*|nieuwsbrie\w*)\b[^\n]{0,30}?"
    r"\bkenmerk[^\S\n]*[:#]?[^\S\n]*$"
    # the municipality's own policy or contract: "het polisnummer van de gemeente is …"
    r"|(?:polis|contract|collectiviteits)(?:nummer|nr)\.?[^\S\n]+van[^\S\n]+de[^\S\n]+gemeente"
    r"(?:[^\S\n]+[A-Z][\w-]+)?[^\S\n]*(?:is|luidt|:)?[^\S\n]*$",
    _I,
)
# A ruling cited the way case law is cited: a court, the date of the ruling, then its case
# number ("CRvB 12 maart 2020, 18/123456 PW", "Rb. Den Haag 3-4-2019, zaaknummer SGR 18/1234").
# A client's own appeal ("zaaknummer AWB 26/1184, zitting is …") has no such citation before it.
_MONTH = (
    r"(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|jan|feb|mrt|apr|jun|jul|aug|sept?|okt|nov|dec)\.?"
)
_COURT_CITATION = gated(
    r"(?:\b(?:CRvB|CRVB|ABRvS|ABRVS|ABRS|RvS|HR|CBb|CBB|Hoge[^\S\n]+Raad"
    r"|Centrale[^\S\n]+Raad(?:[^\S\n]+van[^\S\n]+Beroep)?|(?:Rb|Hof|Ghr)\.?[^\S\n]+[A-Z][\w-]+"
    r"|(?:[Rr]echtbank|[Gg]erechtshof)[^\S\n]+[A-Z][\w-]+(?:[^\S\n]+[A-Z][\w-]+)?)"
    r"[^\S\n]*,?[^\S\n]+(?:d\.d\.[^\S\n]*)?"
    rf"\d{{1,2}}(?:[-/.]\d{{1,2}}[-/.]|[^\S\n]+{_MONTH}[^\S\n]+)(?:19|20)\d\d"
    r"[^\S\n]*,?[^\S\n]*(?:\(?(?:zaak)?(?:nummer|nr\.?)[^\S\n]*:?[^\S\n]*)?(?:[A-Z]{2,4}[^\S\n]+)?$)"
)
# A court's case number with the ECLI of the same ruling after it: "18/123456 PW (ECLI:NL:…)".
_CASE_NUMBER = re.compile(r"\d{2}/\d{3,6}")
_ECLI_AFTER = re.compile(r"[^\n]{0,30}?\bECLI:", _I)


# A helpdesk's ticket ("INC0048811", "RITM0012345"): the supplier's number, no client's.
# An IT ticket of the service desk: "INC0048811", "INC-2026-004417", "REQ 2026-01234".
_TICKET = re.compile(r"(?:INC|REQ|RITM|CHG|PRB|TASK)(?:[-_ ]?(?:19|20)\d\d)?[-_ ]?\d{4,}")
# A sentence about a public document of the municipality and no person: its zaak or registry
# number ("Het raadsbesluit … staat onder zaaknummer Z/26/118402 in ons DMS") is the document's.
_PUBLIC_DOCUMENT = gated(
    r"\b(?:raadsbesluit|collegebesluit|raadsvoorstel|collegevoorstel|beleidsregel|verordening"
    r"|beleidsnota|beleidsplan)\w*",
    _I,
)
_PERSON_IN_SENTENCE = gated(
    r"\b(?:klant\w*|cli[eë]nt\w*|meneer|mevrouw|mevr|mw|dhr|hij|zij|ze|hem|haar|zijn|aanvrager"
    r"|inwoner|burger|zoon|dochter|moeder|vader|partner|gezin)\b",
    _I,
)
_SENTENCE_STOP = re.compile(r"[.!?\n](?:\s|$)")


def is_public_documents_number(text: str, start: int, end: int) -> bool:
    """Tell whether the number stands in a sentence about a public document and no person."""
    stops = list(_SENTENCE_STOP.finditer(text, max(0, start - 160), start))
    left = stops[-1].end() if stops else max(0, start - 160)
    stop = _SENTENCE_STOP.search(text, end, end + 160)
    right = stop.start() if stop else min(len(text), end + 160)
    return bool(_PUBLIC_DOCUMENT.search(text, left, start)) and not _PERSON_IN_SENTENCE.search(
        text, left, right
    )


def is_professional_number(text: str, start: int, end: int) -> bool:
    """Tell whether the number at text[start:end] is an amount, a count, a rate or a cited
    public reference rather than a client's number."""
    if is_amount_or_count(text, start, end):
        return True
    if _PUBLIC_BEFORE.search(text, max(0, start - 60), start) or _TICKET.fullmatch(
        text, start, end
    ):
        return True
    return cites_ruling(text, start, end) or is_public_documents_number(text, start, end)


def is_amount_or_count(text: str, start: int, end: int) -> bool:
    """Tell whether the number at text[start:end] is an amount, a quantity, a count or a rate:
    a currency before it, a unit, a counted noun or "per jaar" after it."""
    return bool(
        _CURRENCY_BEFORE.search(text, max(0, start - 6), start) or _UNIT_AFTER.match(text, end)
    )


def cites_ruling(text: str, start: int, end: int) -> bool:
    """Tell whether the number at text[start:end] is the case number of a cited ruling."""
    if _COURT_CITATION.search(text, max(0, start - 90), start):
        return True
    return bool(_CASE_NUMBER.fullmatch(text, start, end) and _ECLI_AFTER.match(text, end))
