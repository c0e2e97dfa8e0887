"""Rank, don't filter (SEMANTICS.md §3.8): the most of a query's informative words first.

A thread matches a query when it matches at least one of its slots (a word or name with its
alternatives). Threads are grouped in levels, one per set of slots they match; levels are
listed by the summed weight of the slots they hold (bm25's idf of each slot's document
frequency, a name of the field weighed as rarer: see CONCEPT_WEIGHT), so the level of every
slot comes first, and a thread sharing a question's two rare words comes before one sharing
three common ones; on equal weight, fewer missing slots, then the commoner ones missing
(Meilisearch's matchingStrategy "frequency"). Levels within BAND of each other (but the level
of every slot) are ranked together: by their weight plus the text's own relevance (bm25 /
ts_rank, as a share of the band's best) times the band's width (band_order); a sort orders
within each level.
Phrases, exclusions and filters hold at every level. Frequencies come from the vocabulary.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from kenme.search.plan import Plan, PlanSlot
from kenme.search.vocabulary import TermStore

# A name of the field, a thesaurus name (a concept: a law, a benefit, a living arrangement,
# a body) or a topic's name or synonym, is given up as if it were this many times rarer
# than its documents say: the field's own words say what a question is about, a plain word
# beside them ("aanmelden", "praat", "zes") mostly how it is asked. Tuning half, with summed
# weights (decision 0035): 8 beats 1, 2 and 4 (recall@10 0.890 against 0.873-0.877).
CONCEPT_WEIGHT = 8
# A slot whose frequency is unknown (a prefix standing for many terms): counts as common.
UNKNOWN = 10**9
# Levels are worked out over the rarest slots of a long question only; the commonest words
# of a question of more than this many slots are left out (they say little, cost much).
MAX_SLOTS = 8
# Levels whose summed weight is within this share of the best level of their band are ranked
# together, each thread by its level's weight plus the text's own relevance (bm25 / ts_rank:
# which field, how often, how long the document; as a share of the band's best) times the
# band's width (band_order, decision 0041): holding a word once in a long thread's comment
# weighs less than the word in its title, and a thread holding one rare word throughout comes
# before one holding it once beside a weak word. Relative, so that a small index, where every
# word's weight is small, keeps its levels apart as a large one does. The level of every slot
# is a band of its own. Tuning halves (both sets): 0.3 (0.899/0.895 -> 0.905/0.896 and
# 0.913/0.949 -> 0.918/0.953); 0.2-0.4 are within a query of it; 0.05 ranked a band by the text
# alone (decision 0037).
BAND = 0.3
# A thesaurus slot whose concept holds other names than the one typed weighs this share of
# its weight for a thread holding only another name; holding the name typed adds the rest
# (a companion slot in the levels, typed_slot). Decision 0060.
# 0.97 (the typed word's companion weighs 3 %): it orders levels holding the same slots, as
# Meilisearch's exactness rule after words and typo. Tuning halves against no companion:
# first set 0.914/0.896 -> 0.913/0.900, C 0.919/0.960 -> 0.917/0.966, D 0.883/0.935 ->
# 0.883/0.926, E 0.891/0.939 -> 0.891/0.937; 0.6-0.9 gave more weight to the word typed
# and lost more (synonym queries are those whose answers use another name).
ALTERNATIVE = 0.97
# Companions only in queries of at most this many slots: each doubles its slot's levels, and a
# natural question of five slots with two names took 81 -> 254 ms of CPU at 100,000 threads
# (the latency mix's slowest query). A long question weighs its many words; the typed name
# matters most in a short keyword query.
TYPED_UP_TO = 3


def slot_words(slot: PlanSlot) -> list[str]:
    """Return the single indexed terms a slot may match."""
    return [a for a in slot.alternatives if " " not in a] + [*slot.corrections, *slot.completions]


def slot_frequency(store: TermStore, slot: PlanSlot) -> int:
    """Estimate in how many documents a slot matches (0: none).

    Single terms count their documents (summed over alternatives, an upper bound); a name of
    several words counts as its rarest word; a prefix that stands for many terms is unknown
    (common), and so is a topic's name that occurs in no text (its threads match).
    """
    if slot.prefixes:
        return UNKNOWN
    several = [w for a in slot.alternatives if " " in a for w in a.split()]
    several += [w for group in slot.parts for w in group]
    counts = store.frequencies([*slot_words(slot), *several])
    found = sum(counts.get(w, 0) for w in slot_words(slot))
    for alternative in slot.alternatives:
        if " " in alternative:
            found += min(counts.get(w, 0) for w in alternative.split())
    for group in slot.parts:
        found += min(counts.get(w, 0) for w in group)
    return found or (UNKNOWN if slot.topics else 0)


def slot_rarity(store: TermStore, slot: PlanSlot) -> float:
    """Return the number a slot's place in the levels follows: its frequency, divided by
    CONCEPT_WEIGHT for a name of the field (thesaurus or topic). The lowest is given up last."""
    frequency = slot_frequency(store, slot)
    return frequency / CONCEPT_WEIGHT if slot.in_thesaurus or slot.topics else frequency


def slot_weight(rarity: float, threads: int) -> float:
    """Return what holding a slot adds to a thread's score: bm25's idf of its (weighed)
    document frequency among `threads` threads. Never below a small positive floor, so that
    holding a slot always counts, however common (a prefix standing for many terms)."""
    threads = max(threads, 1)
    frequency = min(rarity, threads)
    return max(math.log(1 + (threads - frequency + 0.5) / (frequency + 0.5)), 1e-3)


def order_key(key: Sequence[bool], weights: Sequence[float] | None = None) -> tuple:
    """Return the sort key of a level (key: per slot, rarest first, whether it is missing):
    the most summed weight of the slots held first (rounded, so equal sums tie), then fewer
    missing, then those missing only commoner slots. Without weights, every slot weighs one:
    all slots first, then one fewer, and so on. (A bonus per slot held changed nothing from 0
    to 1 on the tuning half and falls back towards strict levels above: decision 0035.)"""
    return (-round(held_weight(key, weights), 6), sum(key), tuple(key))


@dataclass
class Levels:
    """A plan's slots, rarest first, and the plans the engine asks for."""

    plan: Plan  # every slot kept (rarest first), phrases, exclusions
    left_out: list[PlanSlot]  # the commonest slots beyond MAX_SLOTS
    weights: list[float] | None = field(default=None)  # per kept slot (slot_weight)
    # Per kept slot: whether the vocabulary holds none of its terms (a word no thread has).
    absent: tuple[bool, ...] = ()
    # Per kept slot: the index of the slot it is the typed word of (typed_slot), or None. A
    # level holding a companion but missing its slot holds no thread.
    within: tuple[int | None, ...] = ()

    def possible(self, key: Sequence[bool]) -> bool:
        """Tell whether a level (key: per slot, missing or not) can hold a thread: none
        holds a slot's typed word without the slot."""
        return not any(
            parent is not None and not key[i] and key[parent]
            for i, parent in enumerate(self.within)
        )

    def order(self, key: Sequence[bool]) -> tuple:
        """Return a level's place among this query's levels (order_key)."""
        return order_key(key, self.weights)

    @property
    def slots(self) -> list[PlanSlot]:
        return self.plan.slots

    def single(self, index: int) -> Plan:
        """Return the plan of one slot (with the phrases and exclusions)."""
        return replace(self.plan, slots=[self.plan.slots[index]])

    def dropped(self, key: tuple[bool, ...]) -> list[str]:
        """Return the words a level gives up (key: per slot, missing or not)."""
        gone = [slot for slot, missing in zip(self.slots, key, strict=True) if missing]
        return [word for slot in [*gone, *self.left_out] for word in slot.words]


def typed_slot(slot: PlanSlot, store: TermStore) -> PlanSlot | None:
    """Return the companion of a thesaurus slot: the typed name alone, or None when the
    slot is no thesaurus name with other names, is a prefix, or the typed name occurs in no
    thread (SEMANTICS.md §3.8: the word typed before its synonyms). Compounds, corrections
    and topics get none. Its `words` are empty: a level missing it gives up no word."""
    typed = slot.typed
    others = slot.alternatives - {typed}
    if slot.prefixes or not typed or typed not in slot.alternatives:
        return None
    if not slot.in_thesaurus or not others:
        return None
    companion = PlanSlot((), frozenset({typed}))
    return companion if slot_frequency(store, companion) > 0 else None


def levels(plan: Plan, store: TermStore | None) -> Levels:
    """Order a plan's slots rarest first, thesaurus names weighed up (query order on ties).

    A thesaurus slot whose concept holds other names than the one typed gets a companion
    slot of the typed name alone (typed_slot), right after it: holding the typed name weighs
    the slot's whole weight, holding only another name ALTERNATIVE of it, so on the same
    other slots a thread reached through a synonym comes after one holding the word typed.
    A companion takes one of the MAX_SLOTS places; where none is left, the slot goes alone."""
    if store is None:
        return Levels(plan, [])
    companions = {
        i: typed_slot(slot, store)
        for i, slot in enumerate(plan.slots)
        if len(plan.slots) <= TYPED_UP_TO
    }
    companions = {i: c for i, c in companions.items() if c is not None}
    if len(plan.slots) + len(companions) < 2:
        return Levels(plan, [])
    rarity = [slot_rarity(store, slot) for slot in plan.slots]
    threads = store.threads()
    order = sorted(range(len(plan.slots)), key=lambda i: (rarity[i], i))
    kept: list[PlanSlot] = []
    taken: list[int] = []
    weights: list[float] = []
    absent: list[bool] = []
    parent: list[int | None] = []
    for i in order:
        slot, weight = plan.slots[i], slot_weight(rarity[i], threads)
        companion = companions.get(i) if len(kept) + 2 <= MAX_SLOTS else None
        if len(kept) >= MAX_SLOTS:
            break
        kept.append(slot)
        taken.append(i)
        parent.append(None)
        absent.append(rarity[i] == 0)
        if companion is None:
            weights.append(weight)
            continue
        weights.append(weight * ALTERNATIVE)
        kept.append(companion)
        parent.append(len(kept) - 2)
        absent.append(False)
        weights.append(weight * (1 - ALTERNATIVE))
    left_out = [plan.slots[i] for i in order if i not in taken]
    return Levels(replace(plan, slots=kept), left_out, weights, tuple(absent), tuple(parent))


def level_key(matched: Sequence[bool]) -> tuple[bool, ...]:
    """Return a thread's level as a sort key: per slot (rarest first), whether it is missing.

    Sorting on (number missing, this key) lists all slots first, then threads missing one
    slot (the commonest one first), and so on.
    """
    return tuple(not m for m in matched)


def group_levels(
    ids: Sequence[int],
    per_slot: Sequence[Iterable[int]],
    weights: Sequence[float] | None = None,
) -> list[tuple[tuple[bool, ...], list[int]]]:
    """Group matching ids (newest, i.e. highest, first) by level; return the levels best
    first (order_key with the slots' weights).

    per_slot: each slot's matching ids. The matching set is split slot by slot with set
    operations (in C), not placed thread by thread: 88,000 threads and 8 slots at 100,000
    questions cost 160 ms of Python per search.
    """
    groups: dict[int, set[int]] = {0: set(ids)}
    for index, found in enumerate(per_slot):
        bit, holding = 1 << index, set(found)
        split: dict[int, set[int]] = {}
        for mask, members in groups.items():
            inside = members & holding
            if inside:
                split[mask | bit] = inside
                members -= inside
            if members:
                split[mask] = members
        groups = split
    keyed = [
        (
            level_key([bool(mask >> i & 1) for i in range(len(per_slot))]),
            sorted(members, reverse=True),
        )
        for mask, members in groups.items()
    ]
    return sorted(keyed, key=lambda item: order_key(item[0], weights))


def held_weight(key: Sequence[bool], weights: Sequence[float] | None) -> float:
    """Return the summed weight of the slots a level holds (key: per slot, missing or not)."""
    if weights is None:
        return float(sum(1 for gone in key if not gone))
    return sum(w for w, gone in zip(weights, key, strict=True) if not gone)


def same_band(top: Sequence[bool], key: Sequence[bool], weights: Sequence[float] | None) -> bool:
    """Tell whether a level (key) joins the band whose best level is top: both miss some
    slot, and its summed weight is within BAND (a share) of top's. Without weights, never."""
    if weights is None or not any(top) or not any(key):
        return False
    return held_weight(key, weights) >= held_weight(top, weights) * (1 - BAND) - 1e-9


def bands(
    groups: Sequence[tuple[tuple[bool, ...], list[int]]], weights: Sequence[float] | None
) -> list[tuple[list[tuple[bool, ...]], list[int]]]:
    """Merge neighbouring levels (best first, as group_levels gives them) into bands: a band
    starts at a level and takes the following ones while same_band holds. Return per band
    its levels' keys and its ids (newest first)."""
    merged: list[tuple[list[tuple[bool, ...]], list[int]]] = []
    for key, members in groups:
        if merged and same_band(merged[-1][0][0], key, weights):
            merged[-1][0].append(key)
            merged[-1][1].extend(members)
        else:
            merged.append(([key], list(members)))
    return [(keys, sorted(ids, reverse=True) if len(keys) > 1 else ids) for keys, ids in merged]


def band_order(
    levels: Sequence[tuple[Sequence[bool], Sequence[int]]],
    relevance: Mapping[int, float],
    weights: Sequence[float] | None,
) -> list[int]:
    """Return a band's threads best first (levels: its levels, best first, each with its ids;
    relevance: each thread's bm25 / ts_rank, higher is better, 0 or more).

    A thread scores its level's summed weight plus BAND times the best level's weight times
    its relevance as a share of the band's best: the text can make up the whole width of the
    band, and no more. Ties: newest (highest id) first.
    """
    top = held_weight(levels[0][0], weights)
    best = max((relevance.get(i, 0.0) for _, ids in levels for i in ids), default=0.0)
    scale = BAND * top / best if best > 0 else 0.0
    scored = [
        (held_weight(key, weights) + scale * relevance.get(i, 0.0), i)
        for key, ids in levels
        for i in ids
    ]
    return [i for _, i in sorted(scored, key=lambda item: (-round(item[0], 9), -item[1]))]


def page_of(
    groups: Sequence[tuple[tuple[bool, ...], list[int]]], offset: int, limit: int
) -> list[tuple[int, list[int], int, int]]:
    """Return which levels a page covers: (level index, its ids, offset in it, how many)."""
    parts: list[tuple[int, list[int], int, int]] = []
    for index, (_, members) in enumerate(groups):
        if offset >= len(members):
            offset -= len(members)
            continue
        wanted = min(limit, len(members) - offset)
        parts.append((index, members, offset, wanted))
        limit -= wanted
        offset = 0
        if limit <= 0:
            break
    return parts


def frequencies_known(store: TermStore, slots: Iterable[PlanSlot]) -> Mapping[str, int]:
    """Fetch the frequencies of every slot's words in one query (warms the store)."""
    return store.frequencies([w for slot in slots for w in slot_words(slot)])
