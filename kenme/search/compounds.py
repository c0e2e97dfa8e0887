"""Dutch compounds, both ways, from the index's own vocabulary (SEMANTICS.md §3.9).

A query word that is a compound of two indexed words also matches threads holding both parts
("woningverkoop" finds "verkoop van de woning"); two neighbouring query words whose compound is
indexed also match that compound ("huis bezoek" finds "huisbezoek"); and a long query word also
matches the indexed compounds it starts ("kostendeler" finds "kostendelersnorm"). Only splits
into parts that occur in the index count, so nothing is split that the members never wrote.

The Meilisearch engine has no vocabulary of ours to ask; it splits with simplemma's Dutch
lexicon instead (lexicon_split): a document carries the parts of its compounds in a field of
their own, and a query word that splits is sent as its parts, so both ways meet there too.
"""

from __future__ import annotations

from functools import lru_cache
from itertools import pairwise

from simplemma import is_known

from kenme.search.analysis import STOP_WORDS, analyse, stem, tokenize
from kenme.search.vocabulary import TermStore

# Linking sounds between the parts of a Dutch compound: kostendeler-s-norm, boek-en-kast.
LINKS = ("", "s", "en", "e")
MIN_PART = 4  # a part shorter than this ("huis" is the shortest kept) splits too much
MIN_SPLIT = 8  # words shorter than this are not split
MIN_HEAD_WORD = 7  # a word must be this long to stand for the compounds it starts
MAX_STARTED = 8  # at most this many compounds a word starts
MIN_HEAD = 5  # an absent compound's head stands for it from this length ("geld" does not)
MAX_PARTS = 3  # a lexicon split has at most this many parts (kosten-deler-s-norm)
# Not parts of a compound in a lexicon split: particles of separable verbs ("terug-vordering",
# "samen-wonende") and derivational suffixes the lexicon also knows as words ("-lijk").
NOT_MODIFIERS = frozenset(
    ["terug", "samen", "onder", "boven", "achter", "tegen", "voor", "door", "over", "mede", "weder"]
)
NOT_HEADS = frozenset(["lijk", "lijke", "heid", "baar", "loos", "zaam", "neming"])


def _token(word: str) -> str | None:
    tokens = tokenize(word)
    if len(tokens) != 1 or tokens[0] in STOP_WORDS or not tokens[0].isalpha():
        return None
    return tokens[0]


def split_candidates(token: str) -> list[tuple[str, str]]:
    """Return (modifier stem, head stem) for every way token splits into two parts."""
    found: list[tuple[str, str]] = []
    for cut in range(MIN_PART, len(token) - MIN_PART + 1):
        head = token[cut:]
        for link in LINKS:
            modifier = token[:cut]
            if link and not modifier.endswith(link):
                continue
            modifier = modifier[: len(modifier) - len(link)] if link else modifier
            if len(modifier) >= MIN_PART:
                found.append((stem(modifier), stem(head)))
    return list(dict.fromkeys(found))


def best_split(token: str, store: TermStore) -> tuple[str, str] | None:
    """Return the split of token whose parts are both indexed, the most even one first."""
    if len(token) < MIN_SPLIT:
        return None
    candidates = split_candidates(token)
    counts = store.frequencies([p for pair in candidates for p in pair])
    known = [pair for pair in candidates if counts.get(pair[0]) and counts.get(pair[1])]
    if not known:
        return None
    return max(known, key=lambda pair: (min(len(pair[0]), len(pair[1])), -len(pair[0])))


def _joinings(first: str, second: str) -> list[str]:
    return [stem(a + link + b) for a, b in ((first, second), (second, first)) for link in LINKS]


def joined(first: str, second: str, store: TermStore) -> list[str]:
    """Return the indexed compounds of two neighbouring words, in either order."""
    candidates = _joinings(first, second)
    counts = store.frequencies(candidates)
    return [c for c in dict.fromkeys(candidates) if counts.get(c)]


def started(token: str, store: TermStore) -> list[str]:
    """Return indexed compounds that start with the word and go on with an indexed word."""
    heads = _heads(token, store)
    counts = store.frequencies([h for found in heads.values() for h in found])
    return [
        term
        for term, found in heads.items()
        if any(len(h) >= MIN_PART and counts.get(h) for h in found)
    ][:MAX_STARTED]


def _heads(token: str, store: TermStore) -> dict[str, list[str]]:
    """Return the indexed terms a long word starts, each with what may follow it (a head)."""
    if len(token) < MIN_HEAD_WORD:
        return {}
    base = stem(token)
    terms = store.terms_with_prefix(base, 40) or []
    return {
        term: [
            term[len(base) + len(link) :] for link in LINKS if term[len(base) :].startswith(link)
        ]
        for term in terms
    }


def absent_compound_head(token: str, store: TermStore) -> str | None:
    """Return the indexed stem of a compound's head (its last part by simplemma's lexicon) for
    a word no thread holds, or None: a Dutch compound names a kind of its head, so a
    "vechtscheiding" nobody wrote about is still a "scheiding" (SEMANTICS.md §3.9)."""
    if store.frequency(stem(token)):
        return None
    parts = lexicon_split(token)
    if not parts or len(parts[-1]) < MIN_HEAD:
        return None
    head = analyse(parts[-1])  # as the index holds the word on its own
    return head[0] if len(head) == 1 and store.frequency(head[0]) else None


def _look_up_at_once(tokens: list[str | None], store: TermStore) -> None:
    """Ask the vocabulary once for every term the steps of add_compounds look up (TermStore
    keeps them for the request): a question of eight words asked a statement per word and
    per pair of words."""
    wanted: list[str] = []
    for token in tokens:
        if token is not None:
            if len(token) >= MIN_SPLIT:
                wanted += [p for pair in split_candidates(token) for p in pair]
            wanted += [h for found in _heads(token, store).values() for h in found]
    for first, second in pairwise(tokens):
        if first and second:
            wanted += _joinings(first, second)
    store.frequencies(wanted)


def add_compounds(slots, store: TermStore) -> None:
    """Give single-word slots their compound alternatives (see the module docstring)."""
    tokens = [_token(slot.words[0]) if len(slot.words) == 1 else None for slot in slots]
    _look_up_at_once(tokens, store)
    for slot, token in zip(slots, tokens, strict=True):
        if token is None:
            continue
        split = best_split(token, store)
        if split and split[0] != split[1]:
            slot.parts = (*slot.parts, split)
        extra = started(token, store)
        if extra:
            slot.alternatives = slot.alternatives | frozenset(extra)
        if not (slot.parts or extra or slot.corrections or slot.prefixes or slot.in_thesaurus):
            head = absent_compound_head(token, store)
            if head:
                slot.alternatives = slot.alternatives | {head}
    for index in range(len(slots) - 1):
        first, second = tokens[index], tokens[index + 1]
        if first and second:
            for compound in joined(first, second, store):
                for slot in (slots[index], slots[index + 1]):
                    slot.alternatives = slot.alternatives | {compound}


def _in_lexicon(word: str) -> bool:
    return is_known(word, lang="nl")


@lru_cache(maxsize=100_000)
def lexicon_split(token: str, most: int = MAX_PARTS) -> tuple[str, ...] | None:
    """Return the parts of a normalised token that simplemma's Dutch lexicon knows, or None.

    Every part is a known word of MIN_PART letters or more, with a linking s, e or en allowed
    after each but the last ("kostendelersnorm" -> kosten, deler, norm); fewest parts first,
    then the most even split. Words under MIN_SPLIT letters, or with digits, are not split.
    """
    if len(token) < MIN_SPLIT or not token.isalpha() or most < 2:
        return None
    best: tuple[str, ...] | None = None
    for cut in range(MIN_PART, len(token) - MIN_PART + 1):
        head = token[cut:]
        if head in NOT_HEADS:
            continue
        rest = (head,) if _in_lexicon(head) else lexicon_split(head, most - 1)
        if not rest:
            continue
        for link in LINKS:
            modifier = token[:cut]
            if link and not modifier.endswith(link):
                continue
            modifier = modifier[: len(modifier) - len(link)] if link else modifier
            if (
                len(modifier) >= MIN_PART
                and modifier not in NOT_MODIFIERS
                and _in_lexicon(modifier)
            ):
                found = (modifier, *rest)
                if best is None or (len(found), -min(map(len, found))) < (
                    len(best),
                    -min(map(len, best)),
                ):
                    best = found
    return best


def query_split(token: str) -> tuple[str, ...] | None:
    """Return the parts a query word is sent as (Meilisearch): only a word the lexicon does
    not know whole ("woningverkoop", not "huisbezoek", which a document's parts still meet)."""
    return None if _in_lexicon(token) else lexicon_split(token)


def typed_in_full(token: str) -> bool:
    """Tell whether a normalised token is a whole word by simplemma's Dutch lexicon: known as
    it stands, or split into known parts ("woningverkoop"). Meilisearch's stand-in for the
    embedded engine's "the index holds it" on a last word (SEMANTICS.md §3.4)."""
    return _in_lexicon(token) or lexicon_split(token) is not None


def lexicon_parts(text: str) -> list[str]:
    """Return the stems of the parts of every compound in text (for a Meilisearch field)."""
    parts: list[str] = []
    for token in tokenize(text):
        if token not in STOP_WORDS:
            parts += [stem(p) for p in lexicon_split(token) or ()]
    return list(dict.fromkeys(parts))
