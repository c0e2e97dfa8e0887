"""Rendered list items, kept per worker and keyed by exactly what they show (decision 0016).

A question in a list (start page, topics, profiles) shows its title, score, answer count,
status, date, topic chips and the author as this viewer may see them. The key is those
values themselves, read fresh with every list, plus the heading level and the mount point:
an item is re-rendered when anything it shows changed, and no write path has to say so.
Viewers who see the same author label share the item; the label is computed per viewer by
``authorship.author_label`` (anonymous questions, deleted members) before the look-up.
"""

from __future__ import annotations

import threading

from cachetools import LRUCache
from flask import Flask, current_app, get_template_attribute, request
from markupsafe import Markup

from kenme.services import authorship
from kenme.web.templating import viewer

EXTENSION = "kenme_fragments"
DEFAULT_SIZE_MB = 8


class Fragments:
    """A size-bounded LRU of rendered HTML pieces, safe for threaded servers."""

    def __init__(self, max_bytes: int):
        self._entries: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=lambda html: 64 + len(html))
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple) -> str | None:
        with self._lock:
            return self._entries.get(key)

    def put(self, key: tuple, html: str) -> None:
        with self._lock:
            self._entries[key] = html

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def init_fragments(app: Flask) -> None:
    """Give the app its item cache (``FRAGMENT_CACHE_MB``; 0 renders every item)."""
    size_mb = float(app.config.get("FRAGMENT_CACHE_MB", DEFAULT_SIZE_MB))
    app.extensions[EXTENSION] = Fragments(int(size_mb * 1024 * 1024)) if size_mb > 0 else None
    app.jinja_env.globals["question_items"] = question_items


def question_items(questions, heading: int) -> Markup:
    """The list items of ``questions`` (rows or Posts) for the current viewer."""
    cache: Fragments | None = current_app.extensions.get(EXTENSION)
    render = get_template_attribute("questions/_list.html", "question_item")
    who, root, out = viewer(), request.script_root, []
    for q in questions:
        label = authorship.author_label(q, who)
        if cache is None:
            out.append(render(q, heading, label))
            continue
        key = (
            q.id,
            q.title,
            q.score,
            q.answer_count,
            q.status,
            q.created_at,
            label,
            tuple((t.slug, t.name) for t in q.topics),
            heading,
            root,
        )
        html = cache.get(key)
        if html is None:
            cache.misses += 1
            html = str(render(q, heading, label))
            cache.put(key, html)
        else:
            cache.hits += 1
        out.append(html)
    return Markup("".join(out))  # noqa: S704 (autoescaped template output)
