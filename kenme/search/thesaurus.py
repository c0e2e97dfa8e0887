"""Search thesaurus: abbreviations, synonyms and old/new law names, as groups of equal terms."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Literal

from kenme.search.analysis import (
    STOP_WORDS,
    analyse,
    capital_stop_word,
    normalise,
    stem,
    tokenize,
)

REFERENCE_PATH = Path(__file__).parent / "data" / "synonyms.nl.tsv"
# The field's jargon, written from the domain (issue #16; migration 0016 adds it).
DOMAIN_PATH = Path(__file__).parent / "data" / "synonyms_domain.nl.tsv"
# Everyday words members use for the field's things (burn-out/opgebrand, loonstrook/
# salarisstrook), written from the domain (issue #16; migration 0023 adds it).
EVERYDAY_PATH = Path(__file__).parent / "data" / "synonyms_everyday.nl.tsv"
# More of the field's names for one thing: job titles (consulent/klantmanager), the people a
# law's benefit is for (IOAW'er, Wajongere), abbreviations of integration and youth
# protection (KNM, ONA, OTS), spelling variants (no-riskpolis); migration 0025 adds it.
FIELD_PATH = Path(__file__).parent / "data" / "synonyms_field.nl.tsv"
# The names of everyday casework across the fields (law names old and new, living
# arrangements, self-employment, debts, housing, integration, work obligations, benefits),
# written from the domain, not from evaluation queries; migration 0027 adds it.
PRACTICE_PATH = Path(__file__).parent / "data" / "synonyms_practice.nl.tsv"

# Within a cell: ";" and " / " separate parallel entries, "," and "↔" separate equal names.
_SECTION_SPLIT = re.compile(r"\s*;\s*|\s+/\s+")
_NAME_SPLIT = re.compile(r"\s*(?:[,;↔]|\s/)\s*")
_REMARK = re.compile(r"\s*\(([^()]*)\)")
_SPACED_PARENTHESIS = re.compile(r"\s+\(([^()]*)\)")  # not kostendeler(s)
_OPTIONAL_SUFFIX = re.compile(r"(\w+)\((\w+)\)")  # kostendeler(s)
_NOT_EQUAL = re.compile(r"≠[^;/]*")
_OLD_NAME = re.compile(r"^(?:voorheen|voorganger|vervangt)\s+([^,;]+)", re.IGNORECASE)
_TRAILING_YEAR = re.compile(r"^(.+\S)\s+(?:19|20)\d\d$")


@dataclass(frozen=True)
class SynonymGroup:
    """Names that mean the same thing for search; kind is A, S, O→N, ... as entered."""

    terms: tuple[str, ...]
    canonical: str
    kind: str = "S"

    @property
    def members(self) -> tuple[str, ...]:
        """Return the canonical name followed by the terms, without duplicates."""
        return tuple(dict.fromkeys((self.canonical, *self.terms)))


def split_terms(cell: str) -> list[str]:
    """Split a terms cell into names: "kdn, kostendeler(s)" -> kdn, kostendeler, kostendelers."""
    names: list[str] = []
    for inner in _SPACED_PARENTHESIS.findall(cell):  # "WIA (WGA, IVA)": more terms
        names.extend(split_terms(inner))
    cell = _SPACED_PARENTHESIS.sub("", cell)
    for raw in _NAME_SPLIT.split(cell):
        name = raw.strip().strip('"“”')
        match = _OPTIONAL_SUFFIX.fullmatch(name)
        if match:
            names.extend([match[1], match[1] + match[2]])
        elif name:
            names.append(name)
    return list(dict.fromkeys(names))


def _with_year_variants(names: Iterable[str]) -> list[str]:
    """Add "Wet inburgering" beside "Wet inburgering 2021": texts often omit the year."""
    out: list[str] = []
    for name in names:
        out.append(name)
        match = _TRAILING_YEAR.match(name)
        if match:
            out.append(match[1])
    return list(dict.fromkeys(out))


def _old_names(remarks: Iterable[str]) -> list[str]:
    """Return old names announced in remarks: "(voorheen sofinummer)" -> sofinummer."""
    return [m[1].strip() for r in remarks if (m := _OLD_NAME.match(r.strip()))]


def parse_row(terms_cell: str, canonical_cell: str, kind: str) -> list[SynonymGroup]:
    """Turn one reference row into groups; see SEMANTICS.md for the cell conventions."""
    remarks = _REMARK.findall(canonical_cell)
    canonical_cell = _REMARK.sub("", _NOT_EQUAL.sub("", canonical_cell)).replace("→", " ")
    term_sections = [s for s in _SECTION_SPLIT.split(terms_cell.strip()) if s]
    sections = [s.strip() for s in _SECTION_SPLIT.split(canonical_cell.strip()) if s.strip()]
    groups: list[SynonymGroup] = []
    for section in [s for s in sections if "↔" in s]:  # a second pair of equal names
        names = split_terms(section)
        if names:
            groups.append(SynonymGroup(tuple(names[:-1]), names[-1], kind))
    sections = [s for s in sections if "↔" not in s]
    if len(term_sections) == 1 and len(sections) > 1:
        single = split_terms(term_sections[0])
        if len(single) == len(sections):  # "SZW, VNG, NVVK" beside three names
            term_sections = single
    if len(term_sections) == len(sections) > 1:
        pairs = list(zip(term_sections, sections, strict=True))
    else:
        pairs = [("; ".join(term_sections), section) for section in sections or [""]]
    old = _old_names(remarks)
    for terms_text, section in pairs:
        terms = split_terms(terms_text) + old
        for new_name in re.split(r"\s*\+\s*", section):  # "Wlz + Wmo 2015 + Zvw"
            names = [n.strip() for n in _NAME_SPLIT.split(new_name) if n.strip()]
            canonical = names[0] if names else max(terms, key=len, default="")
            members = _with_year_variants([*terms, *names[1:], canonical])
            groups.append(
                SynonymGroup(tuple(m for m in members if m != canonical), canonical, kind)
            )
    return [g for g in groups if g.terms and g.canonical]


def load_reference(path: Path | str = REFERENCE_PATH) -> list[SynonymGroup]:
    """Parse a synonyms TSV (columns terms, canonical, kind) into synonym groups."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        groups: list[SynonymGroup] = []
        for row in rows:
            groups.extend(parse_row(row["terms"], row["canonical"], row["kind"].strip()))
    return groups


def _analysed(name: str) -> tuple[str, ...]:
    """Return a name as the index sees it: the tuple of its stems."""
    return tuple(analyse(name))


@dataclass
class Slot:
    """One required part of a query: a word, or a multi-word name, and what it may match."""

    alternatives: set[str]
    stems: tuple[str, ...]
    first_word: int
    last_word: int
    in_thesaurus: bool


class Thesaurus:
    """Expand query words into their synonyms; groups sharing a canonical name are one concept."""

    def __init__(self, groups: Iterable[SynonymGroup]) -> None:
        concepts: dict[str, set[str]] = {}
        for group in groups:
            key = normalise(group.canonical) or normalise(group.members[0])
            concepts.setdefault(key, set()).update(group.members)
        self._concepts = [names for names in concepts.values() if len(names) > 1]
        self._by_key: dict[tuple[str, ...], set[int]] = {}
        for index, names in enumerate(self._concepts):
            for name in names:
                key = _analysed(name)
                if key:
                    self._by_key.setdefault(key, set()).add(index)
        self._longest = max((len(key) for key in self._by_key), default=0)

    def __len__(self) -> int:
        """Return the number of concepts."""
        return len(self._concepts)

    def names(self) -> list[tuple[str, ...]]:
        """Return every name of the thesaurus as the index sees it (a tuple of stems)."""
        return list(self._by_key)

    @cached_property
    def name_tokens(self):
        """The finder of this thesaurus's multi-word names in indexed text (NameTokens)."""
        from kenme.search.documents import NameTokens

        return NameTokens(self.names())

    def single_names(self) -> frozenset[str]:
        """Return the names of one stem (as the index sees them)."""
        return frozenset(key[0] for key in self._by_key if len(key) == 1)

    def is_name(self, name: str) -> bool:
        """Tell whether name (a word or phrase as typed) is a name of some concept."""
        return tuple(_analysed(name)) in self._by_key

    def alternatives(self, name: str) -> set[str]:
        """Return the analysed alternatives (space-joined stems) for one word or phrase."""
        key = _analysed(name)
        return self._alternatives(key) or ({" ".join(key)} if key else set())

    def _alternatives(self, key: tuple[str, ...]) -> set[str]:
        """Return the analysed names of every concept that contains key, or an empty set."""
        out: set[str] = set()
        for index in self._by_key.get(key, ()):
            out.update(" ".join(k) for name in self._concepts[index] if (k := _analysed(name)))
        # A phrase holding another alternative adds nothing: "wmo 2015" beside "wmo".
        return {a for a in out if not any(b != a and f" {b} " in f" {a} " for b in out)}

    def expand(self, words: Sequence[str]) -> list[set[str]]:
        """Return one set of analysed alternatives per query slot, longest phrase match first.

        Stop words are dropped first; a slot covers one stem, or several when a multi-word
        name ("wet werk en bijstand") matched. Each alternative is a space-joined stem string:
        one stem is a term, several stems are a phrase.
        """
        return [slot.alternatives for slot in self.slots(words)]

    def slots(self, words: Sequence[str]) -> list[Slot]:
        """Return the query slots of words, each with the indexes of the words it covers."""
        stems = [
            (index, stem(t))
            for index, w in enumerate(words)
            for t in tokenize(w)
            if t not in STOP_WORDS or capital_stop_word(w)
        ]
        if not stems:
            # Nothing but stop words: those that are a name of the field ("wij" for the WIJ,
            # decision 0048) are what the query asks for.
            stems = [
                (index, stem(t))
                for index, w in enumerate(words)
                for t in tokenize(w)
                if self._alternatives((stem(t),))
            ]
        slots: list[Slot] = []
        position = 0
        while position < len(stems):
            for length in range(min(self._longest, len(stems) - position), 0, -1):
                run = stems[position : position + length]
                found = self._alternatives(tuple(s for _, s in run))
                if found:
                    slots.append(Slot(found, tuple(s for _, s in run), run[0][0], run[-1][0], True))
                    position += length
                    break
            else:
                index, single = stems[position]
                slots.append(Slot({single}, (single,), index, index, False))
                position += 1
        return slots

    def meilisearch_synonyms(
        self, form: Literal["analysed", "normalised"] = "analysed"
    ) -> dict[str, list[str]]:
        """Return Meilisearch's synonyms setting: every name maps to all names it is equal to.

        "analysed" (stems, the default) suits documents indexed with index_terms();
        "normalised" suits fields holding the original text.
        """
        render = (lambda n: " ".join(_analysed(n))) if form == "analysed" else normalise
        synonyms: dict[str, set[str]] = {}
        for names in self._concepts:
            rendered = {r for n in names if (r := render(n))}
            for name in rendered:
                synonyms.setdefault(name, set()).update(rendered - {name})
        return {name: sorted(others) for name, others in sorted(synonyms.items()) if others}


def reference_groups() -> list[SynonymGroup]:
    """Return the groups of the shipped files: reference, domain jargon, everyday, field names."""
    return [
        *load_reference(REFERENCE_PATH),
        *load_reference(DOMAIN_PATH),
        *everyday_groups(),
        *field_groups(),
        *practice_groups(),
    ]


def everyday_groups() -> list[SynonymGroup]:
    """Return the everyday-word groups (migration 0023)."""
    return load_reference(EVERYDAY_PATH)


def field_groups() -> list[SynonymGroup]:
    """Return the further groups of the field's names (migration 0025)."""
    return load_reference(FIELD_PATH)


def practice_groups() -> list[SynonymGroup]:
    """Return the groups of everyday casework names (migration 0027)."""
    return load_reference(PRACTICE_PATH)


@lru_cache(maxsize=1)
def reference_thesaurus() -> Thesaurus:
    """Return the thesaurus built from the shipped files (seed data, tests, fallback)."""
    return Thesaurus(reference_groups())
