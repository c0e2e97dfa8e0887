"""A scan keeps nothing of the text it read (decision 0064).

The guard reads client data by design: a text it blocks is never stored, so no copy of it may
stay in a worker either. Caches are where one stays unnoticed: anchored.capitals/numbers were
lru_caches keyed by the whole text, phones kept the last 4096 phone numbers it validated,
spelled.word_value the words it parsed and places the villages it matched. These tests look
into every functools cache of kenme.privacy, the regular-expression module's cache and the
modules' own containers after a scan, and fail when any holds a piece of the text.
"""

from __future__ import annotations

import functools
import gc
import inspect
import re
import sys
from collections.abc import Iterator

from kenme.privacy import scan
from kenme.privacy.anchored import Tokens

TEXT = (
    "Mevrouw Jansen (34) uit Ruinerwold woont aan de Dorpsstraat 12, 7961 AB. BSN 111222333, "
    "IBAN NL91 ABNA 0417 1643 00, bel 06-12345678 of +32 470 12 34 56, mail "
    "j.jansen@example.nl. Haar zoon is zevenentwintig, zijn nummer is nul zes een twee drie "
    "vier vijf zes zeven negen."
)
# The identifiers as a detector may hold them: as written, as digits, without a trunk prefix.
# (Not the village: every listed village's pattern is compiled once, and may stay in re's cache.)
IDENTIFIERS = (
    "111222333", "NL91 ABNA", "NL91ABNA", "417164300", "12345678", "470123456", "jansen@",
    "example.nl", "Dorpsstraat 12", "7961 AB", "zevenentwintig",
)  # fmt: skip


def _strings(value: object, depth: int = 0) -> Iterator[str]:
    """Every string inside value, through containers (a few levels deep)."""
    if isinstance(value, str):
        yield value
    elif depth < 4 and isinstance(value, tuple | list | set | frozenset):
        for item in value:
            yield from _strings(item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key, depth + 1)
            yield from _strings(item, depth + 1)


def _privacy_caches() -> list[functools._lru_cache_wrapper]:
    return [
        obj
        for obj in gc.get_objects()
        if isinstance(obj, functools._lru_cache_wrapper)
        and (getattr(obj, "__module__", "") or "").startswith("kenme.privacy")
    ]


def _cached(cache: functools._lru_cache_wrapper) -> list[str]:
    """The strings a cache holds in its keys and results. The C lru_cache hands its keys and
    results (bounded) or its dict (unbounded) to the garbage collector; the wrapper's own
    __dict__ and function are left out."""
    found = []
    for referent in gc.get_referents(cache):
        if callable(referent) or isinstance(referent, type):
            continue
        if isinstance(referent, dict) and "__wrapped__" in referent:
            continue
        found.extend(_strings(referent))
    return found


def _pieces_of_text(strings: list[str]) -> set[str]:
    lowered = TEXT.lower()
    digits = "".join(c for c in TEXT if c.isdigit())
    return {s for s in strings if len(s) >= 4 and (s.lower() in lowered or s in digits)}


def test_the_text_scanned_holds_what_the_checks_look_for():
    kinds = {f.kind for f in scan(TEXT)}
    assert {"name", "place", "bsn", "iban", "phone", "email", "postcode_address"} <= kinds
    assert "age_exact" in kinds


def test_no_cache_of_the_privacy_modules_holds_a_piece_of_the_text():
    assert scan(TEXT)
    caches = _privacy_caches()
    assert caches  # the lexicon's lists at least: the walk finds caches where there are some
    leaks = {}
    for cache in caches:
        if not inspect.signature(cache.__wrapped__).parameters:
            continue  # a cache without arguments holds package data: no text can reach it
        if pieces := _pieces_of_text(_cached(cache)):
            leaks[f"{cache.__module__}.{cache.__qualname__}"] = pieces
    assert leaks == {}


def test_the_walk_finds_what_a_cache_keyed_by_text_would_keep():
    # The check above must be able to fail: a cache keyed by the text, as anchored's were.
    @functools.lru_cache(maxsize=8)
    def starts(text: str) -> tuple[int, ...]:
        return (0,)

    starts(TEXT)
    starts("06-12345678")
    assert _pieces_of_text(_cached(starts)) == {TEXT, "06-12345678"}

    @functools.cache
    def words(word: str) -> str:
        return word.upper()

    words("Ruinerwold")
    assert _pieces_of_text(_cached(words)) == {"RUINERWOLD", "Ruinerwold"}


def test_no_identifier_stays_in_the_modules_or_in_the_pattern_cache():
    re.purge()  # what is in re's cache now was put there by this scan, not by another test
    assert scan(TEXT)
    modules = [m for name, m in list(sys.modules.items()) if name.startswith("kenme.privacy")]
    kept = [
        s
        for module in modules
        for name, value in vars(module).items()
        if not name.startswith("__")  # the docstring quotes examples
        for s in _strings(value)
    ]
    kept += [s for key in getattr(re, "_cache", {}) for s in _strings(key)]
    assert [s for s in kept if any(identifier in s for identifier in IDENTIFIERS)] == []


def test_no_view_of_the_text_outlives_the_scan():
    assert scan(TEXT)
    gc.collect()
    assert [obj for obj in gc.get_objects() if isinstance(obj, Tokens)] == []
