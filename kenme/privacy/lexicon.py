"""Word lists (names, villages, common words), loaded lazily and at most once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources


def _read(name: str) -> frozenset[str]:
    """Read a packaged list: one lower-case entry per line, '#' starts a comment."""
    text = resources.files("kenme.privacy").joinpath("data", name).read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(entry for entry in entries if entry)


@cache
def first_names() -> frozenset[str]:
    """Common first names in the Netherlands, including Moroccan, Turkish and Surinamese."""
    return _read("first_names.txt")


@cache
def ambiguous_first_names() -> frozenset[str]:
    """First names that are also ordinary Dutch words ("Ben", "Wil", "Roos")."""
    return _read("ambiguous_first_names.txt")


@cache
def surnames() -> frozenset[str]:
    """Common surnames in the Netherlands, without tussenvoegsel."""
    return _read("surnames.txt")


@cache
def common_words() -> frozenset[str]:
    """Ordinary words that start sentences or headings and must never count as a name."""
    return _read("common_words.txt")


@cache
def small_places() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Small villages, keyed by their first word, each as a tuple of words."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for place in _read("small_places.txt"):
        words = tuple(place.split())
        index.setdefault(words[0], []).append(words)
    return {key: tuple(sorted(value, key=len, reverse=True)) for key, value in index.items()}


@cache
def context_organisations() -> frozenset[str]:
    """Public bodies and national organisations that are context, not personal data."""
    return _read("context_organisations.txt")


def warm_up() -> None:
    """Load every list now, so that a worker pays the cost at start-up instead of mid-request."""
    first_names()
    ambiguous_first_names()
    surnames()
    common_words()
    small_places()
    context_organisations()
