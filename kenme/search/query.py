"""Parse what people type in the search box into plain words, phrases, exclusions and filters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from kenme.search.analysis import fold, is_stop_word, surface_words

# Longer queries are cut to their first MAX_QUERY_LENGTH characters (after NFKC), and at most
# MAX_WORDS words are kept (terms, phrase words and exclusions together): enough for any real
# question, and it bounds the work an engine does for one request.
MAX_QUERY_LENGTH = 200
MAX_WORDS = 32

FLAGS = {"onbeantwoord": "unanswered", "geaccepteerd": "accepted", "bekrachtigd": "endorsed"}
TYPES = {"vraag": "question", "aanplakker": "aanplakker"}
# Capitalised boolean keywords of other engines; we have no boolean syntax, all terms count.
_IGNORED_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})

# Words a question is phrased with that say nothing about its subject ("is het erg als ik ...",
# "klant vraagt elke maand extra geld, wat nu?", "hoeveel moet ..."). Stop words are gone
# already; these are dropped from a query of more than QUESTION_LENGTH other words only, so a short
# keyword query keeps every word, and never when being typed (the last word with prefix).
QUESTION_WORDS = frozenset(
    """
    erg bijna elk elke ieder iedere steeds altijd nooit soms vaak weer eigenlijk gewoon echt
    precies misschien wellicht graag even zelfs nou hoeveel hoelang iemand iets niets niks
    ding dingen niet geen zoiets beetje heel best nu dus
    """.split()  # noqa: SIM905 - a word list reads better as text
)
QUESTION_LENGTH = 4

_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»″"})
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NON_WORD = re.compile(r"\W")
_TOKEN = re.compile(
    r"""
      (?P<neg>-?)"(?P<phrase>[^"]*)"            # "exacte zin", -"uit te sluiten zin"
    | (?P<opneg>-?)(?P<op>onderwerp|is):(?P<value>[^\s"]*)  # onderwerp:slug, is:onbeantwoord
    | (?P<minus>-?)(?P<chunk>[^\s"]+)           # woord, -woord, P-wet, 'kosten*'
    """,
    re.VERBOSE | re.IGNORECASE,
)


@dataclass
class ParsedQuery:
    """A search box query taken apart; every word is plain letters/digits, safe to quote."""

    terms: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    excluded_phrases: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    type: str | None = None
    prefix: bool = False
    # The last word was followed by "*": a prefix even when it is a whole indexed word.
    star: bool = False
    ignored: list[str] = field(default_factory=list)

    @property
    def has_text(self) -> bool:
        """Tell whether there is anything to match (terms or phrases), not only filters."""
        return bool(self.terms or self.phrases)

    @property
    def is_empty(self) -> bool:
        """Tell whether the query asks for nothing at all."""
        words = self.has_text or self.excluded or self.excluded_phrases
        return not (words or self.topics or self.flags or self.type)

    def text(self) -> str:
        """Return the query in canonical form; parse(q.text()) gives the same query back."""
        parts = [f"onderwerp:{t}" for t in self.topics]
        parts += [f"is:{k}" for k, v in FLAGS.items() if v in self.flags]
        parts += [f"is:{k}" for k, v in TYPES.items() if v == self.type]
        parts += [f'"{p}"' for p in self.phrases]
        # A quoted keyword ("-\"NEAR\"") is a word; unquoted it would be dropped as an operator.
        parts += [f'-"{w}"' if w in _IGNORED_WORDS else f"-{w}" for w in self.excluded]
        parts += [f'-"{p}"' for p in self.excluded_phrases]
        parts += self.terms  # last, so a prefix word can stay unfinished
        text = " ".join(parts)
        if self.terms and self.star:
            return text + "*"
        return text + " " if self.terms and not self.prefix else text


def _words(text: str) -> list[tuple[str, int]]:
    """Return (word, end) for the plain words in text; leftover combining marks are dropped."""
    found = ((_NON_WORD.sub("", w), end) for w, _, end in surface_words(text))
    return [(w, end) for w, end in found if w]


def _balance_quotes(text: str) -> str:
    """Drop an unmatched last quote, so its words count as ordinary words (see SEMANTICS.md)."""
    if text.count('"') % 2 == 0:
        return text
    cut = text.rindex('"')
    joiner = "" if cut and text[cut - 1] == "-" else " "  # -"kosten -> -kosten
    return text[:cut] + joiner + text[cut + 1 :]


class _Builder:
    """Collect words into a ParsedQuery while keeping the word budget."""

    def __init__(self) -> None:
        self.query = ParsedQuery()
        self.budget = MAX_WORDS
        self.last_term_end = -1

    def take(self, words: list[str]) -> list[str]:
        """Return the words that still fit in the budget."""
        kept = words[: self.budget]
        self.budget -= len(kept)
        return kept

    def add_phrase(self, words: list[str], negated: bool) -> None:
        """Add a quoted phrase (one word is a word), or its exclusion."""
        words = self.take(words)
        if not words:
            return
        if negated:
            target = self.query.excluded if len(words) == 1 else self.query.excluded_phrases
            target.append(" ".join(words))
        else:
            self.query.phrases.append(" ".join(words))

    def add_operator(self, name: str, value: str, raw: str) -> None:
        """Apply onderwerp:slug or is:value; anything unknown is listed in ignored."""
        key = fold(value).strip(".,;:!?)(")
        if name == "onderwerp" and _SLUG.fullmatch(key):
            self.query.topics.append(key)
        elif name == "is" and key in FLAGS:
            self.query.flags.add(FLAGS[key])
        elif name == "is" and key in TYPES:
            self.query.type = TYPES[key]  # the last one typed wins
        else:
            self.query.ignored.append(raw[:40])

    def add_chunk(self, chunk: str, offset: int, negated: bool) -> None:
        """Add the words of one whitespace-free chunk as terms, or as an exclusion."""
        words = [(w, end) for w, end in _words(chunk) if w not in _IGNORED_WORDS]
        if negated:
            self.add_phrase([w for w, _ in words], negated=True)
            return
        for word, end in words:
            if self.take([word]):
                self.query.terms.append(word)
                self.last_term_end = offset + end


def parse(raw: str) -> ParsedQuery:
    """Parse a search box query; never raises, whatever the input."""
    raw = raw if isinstance(raw, str) else ""  # request.args.get("q") may be None
    text = unicodedata.normalize("NFKC", raw[: MAX_QUERY_LENGTH * 5])[:MAX_QUERY_LENGTH]
    text = _balance_quotes(text.translate(_QUOTES))
    builder = _Builder()
    for match in _TOKEN.finditer(text):
        if match["phrase"] is not None:
            builder.add_phrase([w for w, _ in _words(match["phrase"])], negated=bool(match["neg"]))
        elif match["op"] is not None and not match["opneg"]:
            builder.add_operator(match["op"].lower(), match["value"], match[0])
        elif match["op"] is not None:
            builder.query.ignored.append(match[0][:40])  # filters cannot be negated
        else:
            builder.add_chunk(match["chunk"], match.start("chunk"), negated=bool(match["minus"]))
    # Prefix matching on the last word while it is still being typed: nothing (or only "*")
    # follows it. A trailing space, punctuation, phrase or operator ends the word.
    end = builder.last_term_end
    builder.query.prefix = end >= 0 and text[end:] in ("", "*")
    builder.query.star = end >= 0 and text[end:] == "*"
    _drop_question_words(builder.query)
    return builder.query


def _drop_question_words(query: ParsedQuery) -> None:
    """Drop the question words of a long natural question (QUESTION_WORDS)."""
    terms = query.terms
    if sum(not is_stop_word(fold(t)) for t in terms) <= QUESTION_LENGTH:
        return
    last = len(terms) - 1
    kept = [
        t
        for i, t in enumerate(terms)
        if fold(t).lower() not in QUESTION_WORDS or (i == last and query.prefix)
    ]
    if len(kept) >= 2:
        query.terms = kept
