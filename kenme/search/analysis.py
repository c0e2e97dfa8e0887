"""Dutch text analysis shared by both search engines: normalise, tokenize, stem."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import snowballstemmer

try:
    import simplemma
except ImportError:  # pragma: no cover - an environment installed before it was required
    simplemma = None

# A word is a run of letters/digits (plus combining marks, folded away later); an apostrophe
# inside a word joins its parts: "AOW'ers" -> "AOWers", "collega's" -> "collega".
WORD_RE = re.compile(
    r"[^\W_](?:[^\W_]|[\u0300-\u036f])*(?:['’ʼ][^\W_](?:[^\W_]|[\u0300-\u036f])*)*"
)
# WORD_RE on folded ASCII text (lower case, no marks): the same words, found faster.
_ASCII_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
_APOSTROPHES = re.compile(r"['’ʼ]")
_PLURAL_APOSTROPHE_S = re.compile(r"['’ʼ]s$", re.IGNORECASE)

# Tokens longer than this are cut (base64 blobs, pasted hashes); index and query cut alike.
MAX_TOKEN_LENGTH = 64

# Letters that Unicode does not decompose into a base letter plus accent.
_LETTER_FOLDS = str.maketrans(
    {"ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i"}
)

# Dutch function words that carry no meaning for search. Deliberately NOT included: the
# negations "geen", "niet", "zonder", "niets", "nooit" (they flip a legal question: "geen
# recht", "niet verwijtbaar", "zonder vast adres"), and words that are also abbreviations in
# the thesaurus. Very common verbs ("geldt", "krijgt", "gaat") are included because natural
# questions are full of them and every term is required. Written in normalised form.
STOP_WORDS: frozenset[str] = frozenset(
    """
    aan al alle alles als ander andere anders ben bent bij binnen daar daarbij daarna
    daarom daarvan dan dat de der des deze die dit doch doe doen door dus een eens en er
    ge geweest had hadden haar heb hebben hebt heeft hem hen het hier hij hoe hun ik in is
    ja je jij jou jouw jullie kan kon konden kun kunnen kunt maar me meer men met mij mijn
    mn moest moet moeten mag mogen na naar nog nu of om omdat ons onze ook op over reeds
    te tegen toch toen tot u uit uw van veel voor want waar waarom wanneer was waren wat
    we wel welk welke werd werden wezen wie wij wil willen wordt worden zal ze zelf zich
    zij zijn zn zo zou zouden deed doet gaan gaat ging geeft gelden geldt geven gold kreeg
    krijg krijgen krijgt kwam komen komt staan staat zit zitten
    """.split()  # noqa: SIM905 - a word list reads better as text
)

# A stop word written in capitals is an abbreviation of the field ("WIJ": Wet investeren in
# jongeren; "WAT"): it is kept, in the index and in a query alike (capital_stop_word).
_CAPITALS = re.compile(r"(?<![^\W_])[A-Z]{2,}(?![^\W_])")


def capital_stop_word(word: str) -> bool:
    """Tell whether a word as written is a stop word in capitals, kept as an abbreviation."""
    return len(word) >= 2 and word.isupper() and word.lower() in STOP_WORDS


def _capital_stop_words(text: str) -> bool:
    """Tell (fast, in C for most texts) whether text holds a stop word in capitals."""
    return any(w.lower() in STOP_WORDS for w in _CAPITALS.findall(text))


# Irregular Dutch plurals the suffix rules cannot reach, mapped to their singular.
_IRREGULAR = {"kinderen": "kind", "kinders": "kind", "uren": "uur", "steden": "stad"}
_IRREGULAR_SUFFIXES = (("kinderen", "kind"),)


def _porter_stemmer() -> snowballstemmer.basestemmer.BaseStemmer:
    """Return Snowball's classic (Porter-style) Dutch stemmer, named per library version.

    snowballstemmer hands out PyStemmer's C implementation when it is installed (a dependency:
    about 100 times faster, the same stems, checked in tests/search/test_analysis.py) and its
    own pure-Python one otherwise.
    """
    # snowballstemmer 3 renamed the classic algorithm "dutch_porter" and made "dutch" the
    # Kraaij-Pohlmann variant, which strips "ge-" ("gemeente" -> "meen", "geldlening" ->
    # "ldleen") and doubles vowels unevenly ("toeslag"/"toeslagen"). See SEMANTICS.md.
    name = "dutch_porter" if "dutch_porter" in snowballstemmer.algorithms() else "dutch"
    return snowballstemmer.stemmer(name)


class _PerThread(threading.local):
    """One stemmer per thread: neither implementation may be shared between threads (both
    keep the word being stemmed in the object), and a stem cut short by another thread
    would be cached for good by ``stem``."""

    def __init__(self) -> None:
        self.stemmer = _porter_stemmer()


_STEMMERS = _PerThread()


def surface_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Yield (word, start, end) for each word in text, apostrophes resolved, spans unchanged."""
    for match in WORD_RE.finditer(text):
        word = _APOSTROPHES.sub("", _PLURAL_APOSTROPHE_S.sub("", match.group()))
        if word:
            yield word, match.start(), match.end()


def _strip_marks(text: str) -> str:
    """Remove the non-spacing marks (category Mn) from decomposed text."""
    marks = {ord(c): None for c in set(text) if unicodedata.category(c) == "Mn"}
    return text.translate(marks) if marks else text


def fold(text: str) -> str:
    """Apply NFKC, lower-case and strip accents (é -> e, ï -> i, ß -> ss), keeping all else."""
    if text.isascii():
        return text.lower()  # the common case, and the same result: ASCII has no marks
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _strip_marks(unicodedata.normalize("NFKD", text))
    return text.translate(_LETTER_FOLDS)


def _resolve_apostrophes(word: str) -> str:
    return _APOSTROPHES.sub("", _PLURAL_APOSTROPHE_S.sub("", word))


# Folded ASCII text: letters, digits and "'" stay, every other byte becomes a space.
_ASCII_WORD_BYTES = bytes(
    c if chr(c).isalnum() or chr(c) == "'" else ord(" ") for c in range(128)
) + bytes([ord(" ")] * 128)


def _ascii_words(folded: str) -> list[str]:
    """Return the words of folded ASCII text: bytes.translate and split, no regex per word."""
    words = folded.encode("ascii").translate(_ASCII_WORD_BYTES).decode("ascii").split()
    if "'" not in folded:
        return words
    out: list[str] = []
    for word in words:
        if "'" in word:  # "aow'ers", "collega's", "'quoted'", "a''b": as WORD_RE reads them
            out.extend(w for w in map(_resolve_apostrophes, _ASCII_WORD_RE.findall(word)) if w)
        else:
            out.append(word)
    return out


def _folded_words(folded: str) -> list[str]:
    """Return the words of already folded text, apostrophes resolved (surface_words, faster)."""
    if folded.isascii():
        return _ascii_words(folded)
    words = WORD_RE.findall(folded)
    if "'" in folded or "’" in folded or "ʼ" in folded:
        words = [
            _resolve_apostrophes(w) if ("'" in w or "’" in w or "ʼ" in w) else w for w in words
        ]
        return [w for w in words if w]
    return words


def normalise(text: str) -> str:
    """Return text folded, with punctuation turned into single spaces (digits are kept)."""
    return " ".join(_folded_words(fold(text)))


def tokenize(text: str) -> list[str]:
    """Split text into normalised tokens, each cut to MAX_TOKEN_LENGTH characters."""
    return [token[:MAX_TOKEN_LENGTH] for token in normalise(text).split()]


def _singular(token: str) -> str:
    """Undo plural endings the Porter stemmer leaves alone (-ies, -ieën, -ens, -es, irregulars)."""
    if token in _IRREGULAR:
        return _IRREGULAR[token]
    for plural, singular in _IRREGULAR_SUFFIXES:
        if token.endswith(plural):
            return token[: -len(plural)] + singular
    if token.endswith("ieen"):  # categorieën
        return token[:-2]
    if token.endswith("ies") and len(token) > 4:  # sancties, situaties, premies
        return token[:-1]
    if token.endswith("ens") and len(token) > 5:  # inkomens, vermogens: as inkomen, vermogen
        return token[:-1]
    # boetes, gemeentes, toelages, routes; not adres, proces, succes, congres
    if len(token) >= 5 and token.endswith("es") and token[-3] in "bdgklmnptvz":
        return token[:-1]
    return token


def lemma(token: str) -> str:
    """Return the dictionary form of a normalised token (simplemma's Dutch lexicon):
    participles and finite verbs meet their infinitive ("geweigerde", "weigert" ->
    "weigeren"; "verhuisd" -> "verhuizen"), which the suffix stemmer cannot reach."""
    if simplemma is None:  # `make install` adds it (pyproject.toml); tests require it
        return token
    found = fold(simplemma.lemmatize(token, lang="nl"))
    return found if found.isalnum() else token


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Return the Dutch stem of one normalised token; numbers and short tokens stay as they are."""
    if len(token) < 3 or any(c.isdigit() for c in token):
        return token
    word = _STEMMERS.stemmer.stemWord(_singular(lemma(token)))
    # Porter undoubles kk, dd and tt only: adressen -> adress must meet adres.
    return word[:-1] if word.endswith("ss") else word


def is_stop_word(token: str) -> bool:
    """Tell whether a normalised token is a Dutch stop word."""
    return token in STOP_WORDS


def analyse_word(word: str) -> str | None:
    """Return the stem of one word as the index stores it, or None for a stop word or no word."""
    tokens = tokenize(word)
    if len(tokens) != 1 or tokens[0] in STOP_WORDS:
        return None
    return stem(tokens[0])


class _Analysed(dict):
    """token -> stem, or "" for a stop word; filled on first sight (rebuilds read every word)."""

    LIMIT = 500_000

    def __missing__(self, token: str) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        value = "" if token in STOP_WORDS else stem(token[:MAX_TOKEN_LENGTH])
        self[token] = value
        return value


_ANALYSED = _Analysed()


def analyse(text: str) -> list[str]:
    """Return the stems of text in order: normalised, tokenized, stop words dropped (but
    those written in capitals: capital_stop_word), stemmed."""
    if _capital_stop_words(text):
        return [s for _, _, s in term_spans(text)]
    # Same as tokenize() + stem(), but the per-word work runs in C: map over a dict.
    return list(filter(None, map(_ANALYSED.__getitem__, _folded_words(fold(text)))))


def token_stems(text: str) -> tuple[list[str], list[str]]:
    """Return the normalised tokens of text and, aligned with them, their stems ("" for a
    stop word, but one written in capitals: capital_stop_word), for the indexer."""
    if not _capital_stop_words(text):
        tokens = _folded_words(fold(text))
        return tokens, list(map(_ANALYSED.__getitem__, tokens))
    tokens, stems = [], []
    for word, _, _ in surface_words(text):
        capitals = capital_stop_word(word)
        for token in tokenize(word):
            tokens.append(token)
            stems.append(stem(token) if capitals else _ANALYSED[token])
    return tokens, stems


def index_terms(text: str) -> str:
    """Return the analysed form of text for a full-text index column (space-joined stems)."""
    return " ".join(analyse(text))


# How term_spans sketches ASCII: letters and digits stay, "'" stays, all else is a space.
_ASCII_SKETCH = {i: (chr(i) if chr(i).isalnum() or chr(i) == "'" else " ") for i in range(128)}


@lru_cache(maxsize=4096)
def _span_class(char: str) -> str:
    """Classify a character as it will read after NFKC: "a" word, "'" apostrophe, " " other."""
    if char in "'’ʼ":
        return char
    compatible = unicodedata.normalize("NFKC", char)
    if compatible in ("'", "’", "ʼ"):  # a fullwidth apostrophe joins like an apostrophe
        return "'"
    if unicodedata.category(char) == "Mn" or any(c.isalnum() for c in compatible.casefold()):
        return "a"
    if compatible and all(unicodedata.category(c) == "Mn" for c in compatible):
        return "a"  # folding removes it, so the letters around it join
    return " "


def term_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield (start, end, stem) for each indexed word of text, spans in the original text."""
    # Find words on a same-length sketch of text, so "⼀" (NFKC: "一") or "ﬁ" count as letters.
    table = dict(_ASCII_SKETCH)
    table.update((ord(c), _span_class(c)) for c in set(text) if not c.isascii())
    sketch = text.translate(table)
    for match in WORD_RE.finditer(sketch):
        start, end = match.span()
        piece = text[start:end]
        if piece.isascii() and "'" not in piece:  # the common case, without the detour
            token = piece.lower()[:MAX_TOKEN_LENGTH]
            if token not in STOP_WORDS or capital_stop_word(piece):
                yield start, end, stem(token)
            continue
        if not _resolve_apostrophes(match.group()):
            continue  # as surface_words: nothing left of the word
        capitals = capital_stop_word(_resolve_apostrophes(piece))
        for token in tokenize(piece):
            if token not in STOP_WORDS or capitals:
                yield start, end, stem(token)
