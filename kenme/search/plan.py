"""From a parsed query to what the embedded engine matches: slots of alternatives.

A slot is one required part of the query (SEMANTICS.md §3): a word or a multi-word name, with
its thesaurus alternatives, its typo corrections (only when the word is not in the index) and,
for the last word while typing, its prefixes. Phrases and exclusions are exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from kenme.search.analysis import STOP_WORDS, analyse, stem, tokenize
from kenme.search.compounds import add_compounds
from kenme.search.documents import tokenised
from kenme.search.query import ParsedQuery
from kenme.search.snippets import Highlighter
from kenme.search.thesaurus import Thesaurus
from kenme.search.typo import allowed_typos
from kenme.search.vocabulary import TermStore

# Prefix matching on shorter stems would touch a large part of the index (SEMANTICS.md §3.4).
MIN_PREFIX = 3
MAX_CORRECTIONS = 8
# A prefix with at most this many indexed terms is asked for as those terms (see build_plan).
MAX_COMPLETIONS = 40


@dataclass
class PlanSlot:
    """One required part of the query and everything that may satisfy it."""

    words: tuple[str, ...]
    alternatives: frozenset[str]  # analysed: "stem" or "stem stem" (a phrase)
    in_thesaurus: bool = False
    prefixes: tuple[str, ...] = ()
    corrections: tuple[str, ...] = ()
    # Meta tokens of topics whose name or synonym this slot is (documents on that topic match).
    topics: tuple[str, ...] = ()
    # The indexed terms a prefix stands for, when they are few: asked for as exact terms.
    completions: tuple[str, ...] = ()
    # Groups of stems that together also satisfy the slot: a compound's parts (compounds.py).
    parts: tuple[tuple[str, ...], ...] = ()
    # The analysed word or name as typed ("stem" or "stem stem"); empty for a phrase's slot.
    typed: str = ""


@dataclass
class Plan:
    """Everything the engine must match for one (possibly relaxed) query."""

    slots: list[PlanSlot] = field(default_factory=list)
    phrases: list[tuple[str, ...]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    excluded_phrases: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        return bool(self.slots or self.phrases)

    @property
    def has_exclusions(self) -> bool:
        return bool(self.excluded or self.excluded_phrases)

    def has_phrases(self, names_as_tokens: bool) -> bool:
        """Whether a thread can stop matching without losing a term: a phrase (typed, or a
        thesaurus name of several words read as a phrase) is gone when its words stop
        standing together. A name asked for by its token (``names_as_tokens``) is not: the
        token leaves with the phrase, and a change that takes it out is logged as ``lost``."""
        return bool(self.phrases) or any(
            " " in alternative and not (names_as_tokens and tokenised(tuple(alternative.split())))
            for slot in self.slots
            for alternative in slot.alternatives
        )

    @property
    def corrected(self) -> bool:
        return any(slot.corrections for slot in self.slots)

    def highlighter(self) -> Highlighter:
        """Return what to mark in snippets: every stem and phrase this plan can match."""
        exact: set[str] = set()
        phrases: list[tuple[str, ...]] = list(self.phrases)
        prefixes: list[str] = []
        for slot in self.slots:
            for alternative in slot.alternatives:
                stems = tuple(alternative.split())
                if len(stems) == 1:
                    exact.add(stems[0])
                else:
                    phrases.append(stems)
            exact.update(slot.corrections)
            exact.update(slot.completions)
            exact.update(stem for part in slot.parts for stem in part)
            prefixes.extend(slot.prefixes)
        return Highlighter(
            frozenset(exact), tuple(dict.fromkeys(prefixes)), (), tuple(dict.fromkeys(phrases))
        )


def _prefixes(word: str, store: TermStore | None) -> tuple[str, ...]:
    """Return the prefixes for a word still being typed: its normalised form, or its stem
    when no indexed stem starts with that (the index holds stems: "huishoudens" is indexed
    as "huishoud"). Not both: the stem of a whole word is often a much shorter prefix
    ("schulden" -> "schuld", which starts every "schuldhulp…" and "schuldsanering").
    """
    tokens = tokenize(word)
    if not tokens or tokens[-1] in STOP_WORDS:
        return ()
    token = tokens[-1]
    found = tuple(p for p in dict.fromkeys((token, stem(token))) if len(p) >= MIN_PREFIX)
    if store is not None and len(found) > 1 and store.has_prefix(found[0]):
        return found[:1]
    return found


def build_plan(
    query: ParsedQuery,
    terms: Sequence[str],
    thesaurus: Thesaurus,
    store: TermStore | None,
    prefix: bool,
    topics: Mapping[tuple[str, ...], Iterable[str]] | None = None,
) -> Plan:
    """Plan a query over the given terms (all of query.terms, or fewer when relaxing).

    topics maps a topic's analysed name or synonym to its meta token: a word that names a
    topic also finds the threads on that topic.
    """
    plan = Plan()
    slots = thesaurus.slots(terms)
    if store is not None:
        single = [s.stems[0] for s in slots if not s.in_thesaurus and len(s.stems) == 1]
        store.frequencies(single)
    for slot in slots:
        words = tuple(terms[slot.first_word : slot.last_word + 1])
        planned = PlanSlot(
            words, frozenset(slot.alternatives), slot.in_thesaurus, typed=" ".join(slot.stems)
        )
        if topics:
            names = [tuple(a.split()) for a in slot.alternatives]
            planned.topics = tuple(sorted({t for name in names for t in topics.get(name, ())}))
        # A name of several words typed in full is that name (no prefix on its last word),
        # and so is a word the index holds as it stands, unless "*" follows it: a search
        # sent without a final space is mostly one typed in full, and the words a whole
        # word starts ("werk": werkgever, werkloos, ...) would make it common, or rarer
        # than it is where bm25 weighs them (decision 0048).
        if prefix and slot.last_word == len(terms) - 1 and len(slot.stems) == 1:
            whole = store is not None and not query.star and store.frequency(slot.stems[0]) > 0
            if not whole:
                planned.prefixes = _prefixes(terms[-1], store)
        if store is not None and not slot.in_thesaurus and len(slot.stems) == 1:
            word = slot.stems[0]
            unknown = store.frequency(word) == 0
            # Typing a word's first letters is not a typo: prefixes that exist come first.
            if unknown and any(store.has_prefix(p) for p in planned.prefixes):
                unknown = False
            if unknown and allowed_typos(word):
                planned.corrections = tuple(store.corrections(word, MAX_CORRECTIONS))
            elif not planned.prefixes and allowed_typos(word):
                planned.corrections = _commoner(word, store)
        if store is not None and planned.prefixes:
            _complete(planned, store)
        plan.slots.append(planned)
    if store is not None:
        add_compounds(plan.slots, store)
    for phrase in query.phrases:
        stems = tuple(analyse(phrase))
        if len(stems) == 1:
            plan.slots.append(PlanSlot((phrase,), frozenset(stems)))
        elif stems:
            plan.phrases.append(stems)
    for word in query.excluded:
        plan.excluded.extend(analyse(word))
    for phrase in query.excluded_phrases:
        stems = tuple(analyse(phrase))
        if len(stems) == 1:
            plan.excluded.append(stems[0])
        elif stems:
            plan.excluded_phrases.append(stems)
    return plan


# A word in this many documents or fewer is rare: a word one typo away in COMMONER times as
# many documents is more likely what was meant (SEMANTICS.md §3.3); both are asked for.
RARE = 2
COMMONER = 10


def _commoner(word: str, store: TermStore) -> tuple[str, ...]:
    """Return far commoner indexed words within a rare word's typo budget."""
    frequency = store.frequency(word)
    if not 0 < frequency <= RARE:
        return ()
    candidates = [c for c in store.corrections(word, MAX_CORRECTIONS) if c != word]
    counts = store.frequencies(candidates)
    return tuple(c for c in candidates if counts[c] >= COMMONER * frequency)[:3]


def _complete(slot: PlanSlot, store: TermStore) -> None:
    """Replace prefixes with the few indexed terms they stand for (the vocabulary holds every
    indexed stem, written with the index). A prefix scan merges the postings of all those
    terms before anything else is looked at ("partner*": 17 ms in 100,000 threads, where
    an AND with the same terms listed skips through them: 2 ms); many terms keep the prefix.
    """
    kept: list[str] = []
    completions: list[str] = []
    for prefix in slot.prefixes:
        terms = store.terms_with_prefix(prefix, MAX_COMPLETIONS)
        if terms is None:
            kept.append(prefix)
        else:
            completions += terms
    slot.prefixes = tuple(kept)
    slot.completions = tuple(dict.fromkeys(completions))
