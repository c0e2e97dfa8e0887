"""Where a name-shaped word is no client's name, and where a found name comes back (decision 0082).

No client:
- an office holder named for the public role, also with a first name between: "wethouder
  Mulder", "Onze wethouder, Marjolein de Vries" (decision 0025);
- a name glued to a word by a hyphen, as committees, cabinets and laws are named:
  "commissie-Van Dam", "kabinet-Rutte";
- a surname used as a type, after "een": "iedereen kent wel een Visser of een Bakker";
- a street named after a person: "Willem de Zwijgerlaan", "Jan van Goyenkade";
- a business named after its owner, after the kind of business: "melkveehouderij Dijkstra",
  "firma Jansen".

A name comes back: once a text names someone, the other places it writes that name the same way
are the same person ("Visser heeft de stukken gebracht. ... Visser belde"), wherever they stand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from kenme.privacy import lexicon
from kenme.privacy.anchored import occurrences
from kenme.privacy.findings import Hit
from kenme.privacy.shapes import CAP_WORD, gated

_PUBLIC_ROLE_BEFORE = gated(
    r"(?<![\w])(?i:wethouder|burgemeester|staatssecretaris|minister|kamerlid|raadslid"
    r"|gedeputeerde|ombudsman|ombudsvrouw|commissaris\s+van\s+de\s+koning|premier"
    rf"|minister-president)[\s,]*(?:{CAP_WORD}[^\S\n]+)?$"
)
_GLUED_BEFORE = re.compile(r"(?<![\w-])[a-zà-ÿ]{3,}-")
_ONE_WORD = re.compile(rf"(?:[Vv]an[^\S\n]+|[Dd]e[^\S\n]+)?{CAP_WORD}")
_STREET_ENDS = (
    "laan", "straat", "weg", "plein", "singel", "kade", "gracht", "dreef", "steeg", "boulevard",
)  # fmt: skip
_BUSINESS_BEFORE = gated(
    r"(?i:erij|bedrijf|winkel|salon|praktijk|firma|fa\.|garage|restaurant|caf[eé]|snackbar)"
    r"[^\S\n]+$"
)

# "Mulder Klusbedrijf": the kind of business written after the owner's name.
_BUSINESS_AFTER = re.compile(
    r"[^\S\n]+[A-Z][^\W\d_]*(?:bedrijf|erij|winkel|salon|praktijk|service|diensten|werken"
    r"|techniek|bouw|advies|transport|installaties?|onderhoud)(?![\w])"
)


# Whether a text holds a role or a business word at all, asked once per scan: most hold none,
# and then no name needs its window read back. Lower-cased, each word a superset of the
# patterns' words ("commissaris" for "commissaris van de koning").
_ROLE_WORDS = (
    "wethouder", "burgemeester", "staatssecretaris", "minister", "kamerlid", "raadslid",
    "gedeputeerde", "ombudsman", "ombudsvrouw", "commissaris", "premier",
)  # fmt: skip
_BUSINESS_WORDS = (
    "erij", "bedrijf", "winkel", "salon", "praktijk", "firma", "fa.", "garage", "restaurant",
    "cafe", "café", "snackbar",
)  # fmt: skip


def no_client_reader(text: str) -> Callable[[Hit], bool]:
    """A test for the hits of one text: whether the name at a hit names no client (see the
    docstring). It holds the text only as long as the caller holds it."""
    lower = text.lower()
    roles = any(word in lower for word in _ROLE_WORDS)
    businesses = any(word in lower for word in _BUSINESS_WORDS)
    return lambda hit: no_client(text, hit, roles=roles, businesses=businesses)


def no_client(text: str, hit: Hit, *, roles: bool = True, businesses: bool = True) -> bool:
    """Tell whether the name at hit stands where it names no client (see the docstring);
    roles and businesses false say the text holds no role or business word."""
    start, end = hit.start, hit.end
    if roles and _PUBLIC_ROLE_BEFORE.search(text, max(0, start - 60), start):
        return True
    if text[start - 1 : start] == "-" and any(
        glued.end() == start for glued in _GLUED_BEFORE.finditer(text, max(0, start - 20), start)
    ):
        return True
    if _after_een(text, start) and _ONE_WORD.fullmatch(text, start, end):
        return True
    last = text[start:end].rsplit(None, 1)[-1].lower()
    if (
        last.endswith(_STREET_ENDS)
        and any(len(last) >= len(end) + 2 for end in _STREET_ENDS if last.endswith(end))
        and last.isalpha()
        and last not in lexicon.surnames()
    ):
        return True
    if businesses and _BUSINESS_BEFORE.search(text, max(0, start - 30), start):
        return True
    return bool(_BUSINESS_AFTER.match(text, end))


def _after_een(text: str, start: int) -> bool:
    """Tell whether the word "een" (and spaces within the line) stands right before start."""
    before = text[max(0, start - 8) : start].rstrip(" \t")
    return (
        len(before) < len(text[max(0, start - 8) : start])
        and before.lower().endswith("een")
        and not before[-4:-3].isalnum()
    )


def _spreads(name: str) -> bool:
    """A name worth finding again: a word of four letters or more that is no ordinary word,
    and no bare initials."""
    return (
        len(name) >= 4
        and any(c.islower() for c in name)
        and name.lower() not in lexicon.common_words()
        and "." not in name
    )


def recurring(text: str, hits: list[Hit]) -> Iterator[Hit]:
    """The other places text writes a found name the same way, as whole words; found with
    str.find, so no pattern is built from (and cached with) the client's text."""
    found = {hit.start for hit in hits}
    names = {text[hit.start : hit.end] for hit in hits if text[hit.start - 1 : hit.start] != "@"}
    for name in sorted(names):
        if not _spreads(name):
            continue
        for start in occurrences(text, name):
            end = start + len(name)
            if (
                start in found
                or (start and (text[start - 1].isalnum() or text[start - 1] in "@-"))
                or (end < len(text) and text[end].isalnum())
            ):
                continue
            yield Hit("name", start, end)
