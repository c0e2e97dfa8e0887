"""shapes.gated: the first-character look-ahead that makes the scan cheaper changes no match."""

from __future__ import annotations

import _sre
import importlib
import random
import re
from re import _casefix

import pytest

from kenme.privacy import shapes
from kenme.privacy.evaluation import load_corpus
from kenme.privacy.shapes import gated

MODULES = ("ages", "contact", "dates", "identifiers", "names", "organisations", "places",
           "references")  # fmt: skip


def gated_patterns() -> list[tuple[str, re.Pattern[str]]]:
    found = []
    for module in MODULES:
        for name, value in vars(importlib.import_module(f"kenme.privacy.{module}")).items():
            if isinstance(value, re.Pattern) and value.pattern.startswith("(?=["):
                found.append((f"{module}.{name}", value))
    return found


def texts() -> list[str]:
    """Corpus texts, and the same with letters swapped for their odd case-fold twins."""
    corpus = [example.text for example in load_corpus()]
    twins = str.maketrans({"i": "İ", "k": "\u212a", "s": "ſ", "K": "k", "I": "ı"})
    rng = random.Random(3)
    mixed = [text.translate(twins) for text in rng.sample(corpus, 40)]
    swapped = [text.swapcase() for text in rng.sample(corpus, 40)]
    return corpus + mixed + swapped


def test_the_hot_patterns_are_gated():
    names = {name for name, _ in gated_patterns()}
    assert {"references._CLIENT_CONTEXT", "names._TITLED", "ages._AGE_IS"} <= names


@pytest.mark.parametrize(("name", "pattern"), gated_patterns(), ids=lambda v: str(v)[:40])
def test_a_gated_pattern_finds_exactly_what_the_plain_one_finds(name, pattern):
    plain = re.compile(pattern.pattern[pattern.pattern.index("]") + 2 :], pattern.flags)
    assert gated(plain.pattern, plain.flags).pattern == pattern.pattern
    for text in texts():
        assert [m.span() for m in pattern.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], (name, text[:60])


@pytest.mark.parametrize(
    ("pattern", "flags", "gate"),
    [
        # both cases always: a superset is safe, and the flags may be scoped "(?i:…)"
        (r"\b(?:ab|c[dé])x?", 0, "(?=[acAC])"),
        (r"(?:x)?y", 0, "(?=[xyXY])"),
        (r"\bkl(?:ant)", re.I, "(?=[Kk\u212a])"),
        (r"[^\W\d_]+school", re.I, ""),  # a first character that can be anything: no gate
        (r"a*", 0, ""),  # may match the empty string: no gate
    ],
)
def test_the_gate_holds_every_first_character(pattern, flags, gate):
    compiled = gated(pattern, flags).pattern
    if not gate:
        assert compiled == pattern
    else:
        head = compiled[: compiled.index("]") + 1]
        assert set(head[4:-1]) == set(gate[4:-2])


def test_no_character_outside_the_scanned_blocks_folds_onto_a_latin_letter():
    scanned = set(range(0x250)) | set(shapes._FOLDING_ONTO_LATIN) | set(_casefix._EXTRA_CASES)
    strays = [
        hex(code)
        for code in range(0x30000)
        if _sre.unicode_tolower(code) < 0x250 and code not in scanned
    ]
    assert strays == []
