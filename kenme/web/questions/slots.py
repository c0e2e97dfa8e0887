"""The parts of a shared question page that are filled in per request (decision 0030).

A kept page is rendered once per thread version and shared by every plain member
who wrote nothing in the thread. What differs between them, or changes too often to be kept,
is rendered as a slot and filled in for each response:

- **the viewer's vote** on each post: the vote form is rendered three times (up, none, down),
  each a section that only the viewer with that vote gets;
- **what the viewer follows** (the question, each of its topics): both sidebar forms, each a
  section;
- **the reputation** of each person shown: a vote anywhere moves it, so it is read with every
  view (page_rules.MEMBER_AND_PAGE) instead of making the page stale;
- the viewer's CSRF token, name, profile link and unread count (page_cache.PLACEHOLDERS).

Sections do not nest. Markers carry a random per-process secret, so user text cannot hold
one. Anything rendered without slots (moderators, pages that are not kept) is unchanged.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from flask import Flask, g
from markupsafe import Markup

MARK = f"kenme-slot-{secrets.token_hex(12)}"
SLOTS = "kenme_slots"  # on g while a shared rendering is made

Item = str | tuple  # text, or (kind, key, value) for a marker or ("p", placeholder index)


@dataclass(frozen=True)
class Viewer:
    """What one response fills in."""

    votes: dict[int, int] = field(default_factory=dict)  # post id -> +1/-1
    follows_question: bool = False
    followed_topics: frozenset[int] = frozenset()
    reputations: dict[int, int] = field(default_factory=dict)  # person -> reputation now
    placeholders: tuple = ()  # the value of each page_cache placeholder


def on() -> bool:
    """Whether the template being rendered is to be shared (and so gets slots)."""
    return bool(g.get(SLOTS))


@contextmanager
def sharing() -> Iterator[None]:
    """Render with slots (a rendering to keep for every plain member)."""
    before = g.get(SLOTS)
    g.kenme_slots = True
    try:
        yield
    finally:
        g.kenme_slots = before


def init_slots(app: Flask) -> None:
    """The templates' helpers; with no cache they render as if slots did not exist."""
    app.jinja_env.globals.update(viewer_choice=choice, slot_reputation=reputation)


def _marker(kind: str, key: object = "", value: object = "") -> Markup:
    return Markup(f"{MARK}:{kind}:{key}:{value};")  # noqa: S704 (no user text in it)


def choice(kind: str, key: int | str, actual, values: Sequence, render, *args) -> Markup:
    """``render(*args, actual)``; in a shared rendering, a section per value of ``values``.

    ``kind`` says what picks the viewer's section: "v" their vote on post ``key``, "f" whether
    they follow the question (``key`` "q") or topic ``key``.
    """
    if not on():
        return render(*args, actual)
    out = Markup("").join(_marker(kind, key, int(v)) + render(*args, v) for v in values)
    return out + _marker("e")


def reputation(person) -> Markup | int:
    """A person's reputation: a slot in a shared rendering, else the value."""
    return _marker("r", person.id) if on() else person.reputation


def compile_(text: str, placeholders: Sequence[str] = ()) -> tuple[Item, ...]:
    """The text as items: plain text, markers, and the given placeholders as ("p", index)."""
    pattern = _pattern(tuple(placeholders))
    items: list[Item] = []
    at = 0
    for found in pattern.finditer(text):
        if found.start() > at:
            items.append(text[at : found.start()])
        at = found.end()
        if found.lastindex == 4:
            items.append(("p", placeholders.index(found.group(0))))
            continue
        kind, key, value = found.group(1, 2, 3)
        items.append((kind, int(key) if key.isdigit() else key, int(value) if value else 0))
    if at < len(text):
        items.append(text[at:])
    return tuple(items)


@lru_cache(maxsize=8)
def _pattern(placeholders: tuple[str, ...]) -> re.Pattern:
    """Markers or placeholders, as one pattern that begins with the text they all begin with.

    A pattern that begins with alternatives is tried at every character of a page (~20 ms for
    a thread of 120 KB); one that begins with a fixed text lets ``re`` skip to where that text
    is (~0.5 ms). Groups 1-3 are a marker's kind, key and value, group 4 a placeholder.
    """
    common = MARK
    for placeholder in placeholders:
        while not placeholder.startswith(common):
            common = common[:-1]
    marker = re.escape(MARK[len(common) :]) + r":([a-z]):([0-9a-z]*):(-?[0-9]*);"
    if placeholders:
        rest = "|".join(re.escape(p[len(common) :]) for p in placeholders)
        marker = f"{marker}|({rest})"
    return re.compile(f"{re.escape(common)}(?:{marker})")


def fill(items: Sequence[Item], viewer: Viewer, empty: str | bytes = "") -> str | bytes:
    """The text for one viewer: their sections, the live values, their placeholders."""
    out: list = []
    showing = True
    for item in items:
        if item.__class__ is not tuple:
            if showing:
                out.append(item)
            continue
        kind, key, value = item if len(item) == 3 else (*item, None)
        if kind == "e":
            showing = True
        elif kind == "v":
            showing = viewer.votes.get(key, 0) == value
        elif kind == "f":
            shown = viewer.follows_question if key == "q" else key in viewer.followed_topics
            showing = int(shown) == value
        elif not showing:
            continue
        elif kind == "r":
            out.append(_typed(str(viewer.reputations.get(key, "")), empty))
        elif kind == "p":
            out.append(viewer.placeholders[key])
    return empty.join(out)


def _typed(text: str, empty: str | bytes) -> str | bytes:
    return text.encode() if isinstance(empty, bytes) else text


def encoded(items: Sequence[Item]) -> tuple[Item, ...]:
    """The items with their text as UTF-8 (a kept page is sent as bytes)."""
    return tuple(item.encode() if isinstance(item, str) else item for item in items)
