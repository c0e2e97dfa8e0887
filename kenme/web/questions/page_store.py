"""Kept question pages shared by the worker processes of one server (decision 0039).

Each gunicorn worker used to keep its own pages, so a page one worker had rendered was a miss
in the other: in the live mix most misses were pages *that worker* had never kept. The page
cache is now this store: a SQLite file (page_file.py: process-safe, size-bounded) in the
instance folder that every worker of the server reads and writes, with each worker's LRU in
front of it. Nothing runs besides the app.

- **What is stored** is what page_cache keeps: a question's ``Latest`` (what the next hit's
  statement reads) and its pages, already split into text and slots (slots.compile_). The
  placeholders and slot markers are per-process secrets, but a stored page holds none of
  them as text: they were turned into ("p", n) and (kind, key, value) items in the worker
  that rendered it, so any worker fills it in. Values are written with ``marshal`` (plain
  tuples, bytes, strings and numbers), so reading one runs no code.
- **Which copy is used**: ``Latest`` is read from the store first (another worker may have
  kept a newer version); a page from the front first, and from the store when the front's copy
  is missing, expired or shows other values (``fresh``). A page's key holds the thread
  version, so two copies under one key differ only in what page_rules checks on every hit.
- **Stale pages from another database**: each database URL has a store of its own (a folder
  named by its digest), and a worker empties it the first time it opens it: the database may
  have been replaced between two runs of the server, with the same ids and versions.
- **Forgotten** (decision 0045): a committed change to a thread drops every value of its
  question (page_cache._forget_changed), and keeping a question's ``Latest`` drops its older
  versions; the file keeps no copy of what was dropped (page_file.py).
- **Trouble** (a path that cannot be written, a corrupt file, a lock held too long, a value
  that does not read back): the store is left out and the front alone keeps pages, or the
  page is rendered. A view never fails because of the store.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sqlite3
import threading
from datetime import date
from functools import lru_cache
from pathlib import Path

from kenme.web.questions.page_cache import Latest, Page
from kenme.web.questions.page_file import FILE_NAME, PageFile
from kenme.web.questions.page_front import WorkerPagesLRU
from kenme.web.questions.page_rules import Depends, forget_decoded
from kenme.web.questions.thread_cache import Outline

DEFAULT_STORE_MB = 256
FORMAT = 1  # of the stored values; part of every key
TIMEOUT = 0.05  # seconds a worker waits for the store's lock before it does without
LOG = logging.getLogger(__name__)
_TROUBLE = (sqlite3.Error, OSError)
_UNREADABLE = (ValueError, EOFError, TypeError, IndexError)


class SharedPages:
    """The page cache: this worker's LRU in front of the store all workers share."""

    def __init__(
        self, front: WorkerPagesLRU, directory: Path | None, max_bytes: int, database_url: str
    ):
        self.front = front
        digest = hashlib.sha256(database_url.encode()).hexdigest()[:16]
        self.directory = None if directory is None else directory / digest  # one per database
        self.max_bytes = max_bytes
        self.namespace = f"kenme-page/{FORMAT}/"
        self.hits = self.misses = 0
        self._store = None
        self._opened_by: int | None = None  # the process that opened it (gunicorn forks)
        self._lock = threading.Lock()
        self._warned: set[tuple[str, type]] = set()
        self._unclean = False  # a checkpoint did not finish: deleted text may be in the log

    def open(self) -> bool:
        """Open (and empty) the store now rather than at this process's first question page;
        whether it can be used."""
        return self._opened() is not None

    def get(self, key: tuple):
        """What is kept under ``key``: a question's ``Latest`` from the store first, a page
        from the front first."""
        if _is_latest(key):
            found = self._read(key)
            return found if found is not None else self.front.get(key)
        return self.page(key)[0]

    def page(self, key: tuple) -> tuple[Page | None, bool]:
        """The page kept under ``key``, and whether it was read from the store."""
        found = self.front.get(key)
        if found is not None:
            return found, False
        found = self.fresh(key)
        return found, found is not None

    def fresh(self, key: tuple) -> Page | None:
        """The store's copy of a page, when the front's cannot be served."""
        found = self._read(key)
        if found is not None:
            self.front.put(key, found)
        return found

    def put(self, key: tuple, entry: Latest | Page) -> None:
        self.front.put(key, entry)
        store = self._opened()
        if store is None or entry.size > self.max_bytes:
            return
        latest = isinstance(entry, Latest)
        try:
            store.set(
                self._key(key),
                marshal.dumps(_encoded(entry)),
                question=key[0],
                version=entry.base[1] if latest else key[1],
                shows=entry.related if latest else (),
                people=entry.people if latest else (),
                newest=latest,  # the question's older versions can never be served again
            )
        except (*_TROUBLE, ValueError) as error:  # ValueError: a value marshal cannot write
            self._trouble("write", error)
            return
        if self._unclean:
            self._checkpoint(store)

    def forget(self, questions: dict[int, bool], *, people: bool = False) -> None:
        """Drop every page of these questions, here and in the store (decision 0045).

        ``questions``: question id -> whether text may have left it (an edit, a purge, a
        post hidden, deleted or archived, a merge; not a vote or a new post). For those the
        pages of questions that show it as related go too, and the write-ahead log is
        emptied, so that no file holds the text any more. ``people``: the pages go because
        of a member they show; the log is emptied too.
        """
        self.front.drop(lambda key: key[0] in questions)
        removed = [question for question, removes in questions.items() if removes]
        if removed:  # the text may be in what this process read back for the kept pages too
            forget_decoded()
        if self._opened_by != os.getpid() and not self._exists():
            return  # no worker has kept a page yet: nothing to open (and empty) for this
        store = self._opened()
        if store is None:
            return
        try:
            store.forget(questions, showing=bool(removed), patient=people)
        except _TROUBLE as error:
            self._trouble("forget", error)
            return
        if removed or people or self._unclean:
            self._checkpoint(store)

    def forget_people(self, people: set[int]) -> None:
        """Drop every page that shows one of these members (renamed, re-organised or their
        account deleted: decision 0053), here and in the store, and leave no copy in its
        files. Other workers' fronts may hold such a page until their LRU drops it; it is
        never served (page_rules compares the people shown). What this process read back of
        the pages' people goes too (decision 0066)."""
        forget_decoded()
        questions = {
            key[0]
            for key, entry in self.front.peek(_is_latest)
            if not people.isdisjoint(entry.people)
        }
        if self._opened_by == os.getpid() or self._exists():
            store = self._opened()
            try:
                questions.update(store.showing(people) if store is not None else ())
            except _TROUBLE as error:
                self._trouble("forget", error)
        if questions:
            self.forget(dict.fromkeys(questions, False), people=True)

    def _exists(self) -> bool:
        return self.directory is not None and (self.directory / FILE_NAME).exists()

    def _checkpoint(self, store: PageFile) -> None:
        """Empty the write-ahead log; if a reader kept it from finishing, again after the
        next write."""
        try:
            self._unclean = not store.checkpoint()
        except _TROUBLE as error:
            self._unclean = True
            self._trouble("checkpoint", error)

    def clear(self) -> None:
        self.front.clear()
        store = self._opened()
        if store is not None:
            try:
                store.clear()
            except _TROUBLE as error:
                self._trouble("clear", error)

    def __len__(self) -> int:
        return len(self.front)

    def _read(self, key: tuple):
        store = self._opened()
        if store is None:
            return None
        try:
            value = store.get(self._key(key))
        except _TROUBLE as error:
            self._trouble("read", error)
            return None
        if not isinstance(value, bytes):
            return None
        try:
            return _latest(value) if _is_latest(key) else _loaded(value)
        except _UNREADABLE:
            return None  # written by another format, or damaged: render the page

    def _key(self, key: tuple) -> str:
        return self.namespace + repr(tuple(_plain(part) for part in key))

    def _opened(self):
        """The store, opened (and emptied) once per process; None if it cannot be used."""
        pid = os.getpid()
        if self._opened_by == pid:
            return self._store
        with self._lock:
            if self._opened_by != pid:
                self._store = self._open()
                self._opened_by = pid
        return self._store

    def _open(self) -> PageFile | None:
        if self.directory is None:
            return None
        try:
            return PageFile(self.directory, self.max_bytes, TIMEOUT, empty=True)
        except _TROUBLE as error:
            self._trouble("open", error)
            return None

    def _trouble(self, doing: str, error: BaseException) -> None:
        """Log the first trouble of each kind in this process (not every view's)."""
        if (doing, type(error)) in self._warned:
            return
        self._warned.add((doing, type(error)))
        LOG.warning(
            "kept-page store %s: %s failed (%s); pages are rendered instead",
            self.directory,
            doing,
            type(error).__name__,
        )


def shared_pages(app, front: WorkerPagesLRU) -> SharedPages:
    """The page cache for ``app``: shared through the store in ``PAGE_STORE_DIR`` (the
    instance folder's ``kept-pages`` by default) unless ``PAGE_STORE_MB`` is 0."""
    size_mb = float(app.config.get("PAGE_STORE_MB", DEFAULT_STORE_MB))
    folder = app.config.get("PAGE_STORE_DIR") or Path(app.instance_path) / "kept-pages"
    url = str(app.config["SQLALCHEMY_DATABASE_URI"])
    directory = Path(folder) if size_mb > 0 else None
    return SharedPages(front, directory, int(size_mb * 1024 * 1024), url)


def _loaded(value: bytes) -> Latest | Page:
    return _decoded(marshal.loads(value))  # noqa: S302 (marshal: no code runs)


@lru_cache(maxsize=1024)
def _latest(value: bytes) -> Latest | Page:
    """A question's ``Latest`` as stored: read on every hit, and the same bytes until the
    thread changes, so decoded once (frozen values; a few hundred bytes each)."""
    return _loaded(value)


def _is_latest(key: tuple) -> bool:
    return key[-1] == "latest"


def _plain(part):
    return part.isoformat() if isinstance(part, date) else part


def _encoded(entry: Latest | Page) -> tuple:
    if isinstance(entry, Latest):
        question_id, version, day, mount = entry.base
        outline = entry.outline
        return (
            "L",
            (question_id, version, day.isoformat(), mount),
            tuple(sorted(outline.writers)),
            outline.post_ids,
            entry.people,
            entry.related,
        )
    depends = entry.depends
    held = None if depends is None else tuple(getattr(depends, f) for f in _DEPENDS)
    return ("P", entry.items, held, entry.expires)


_DEPENDS = ("people", "topics", "law_changes", "related")


def _decoded(value: tuple) -> Latest | Page:
    kind = value[0]
    if kind == "L":
        _, (question_id, version, day, mount), writers, post_ids, people, related = value
        base = (_int(question_id), _int(version), date.fromisoformat(day), str(mount))
        outline = Outline(writers=frozenset(_ints(writers)), post_ids=_ints(post_ids))
        return Latest(base, outline, _ints(people), _ints(related))
    if kind == "P":
        _, items, held, expires = value
        if not all(isinstance(item, bytes | tuple) for item in items):
            raise ValueError("a page item is neither text nor a slot")
        depends = None if held is None else Depends(*held)
        return Page(items=tuple(items), depends=depends, expires=float(expires))
    raise ValueError(f"unknown kind {kind!r}")


def _int(value) -> int:
    if value.__class__ is not int:
        raise TypeError("an id that is not a number")
    return value


def _ints(values) -> tuple[int, ...]:
    return tuple(_int(value) for value in values)
