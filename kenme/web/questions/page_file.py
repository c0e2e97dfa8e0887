"""A size-bounded table of key -> bytes in one SQLite file, shared by the processes of a server.

The store under the kept question pages (page_store.py, decisions 0039 and 0045). It is the
standard library's sqlite3 and nothing else: values are bytes that the caller writes and reads
itself, so nothing in the file is ever unpickled or run.

- **Reads** are one primary-key look-up in WAL mode: they never wait for a writer.
- **Writes** take SQLite's write lock for at most ``timeout`` seconds; a write that would wait
  longer is given up (the caller keeps the page in its own memory only).
- **Size**: the values' bytes are summed in the file; past ``max_bytes`` the oldest values
  (by when they were written) are dropped in the same transaction. A read writes nothing.
- **Forgetting** (decision 0045): every value is filed under its question and thread version,
  so all of a question's values go in one statement; ``shown`` and ``people`` say which
  related questions and members (decision 0053) a question's pages show. Deleted values are
  overwritten with zeros (``secure_delete``), and ``checkpoint`` moves them out of the
  write-ahead log, so text taken out of a thread leaves every file. The folder is the
  owner's only (0700), the files too (0600; SQLite gives the -wal and -shm files the
  database file's mode).
- Each process opens its own connection (gunicorn forks workers; a connection does not
  survive a fork), and each thread of it its own.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

FILE_NAME = "pages.sqlite3"
CULL = 16  # values dropped at a time when the file is full
OPEN_TIMEOUT = 5.0  # seconds
LAYOUT = 3  # PRAGMA user_version: a file of another layout is made anew
SCHEMA = (
    "CREATE TABLE kept (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,"
    " question INTEGER, version INTEGER, value BLOB NOT NULL, size INTEGER NOT NULL)",
    "CREATE INDEX kept_question ON kept (question, version)",
    # Which other questions a question's pages show (related questions: their titles).
    "CREATE TABLE shown (question INTEGER NOT NULL, related INTEGER NOT NULL)",
    "CREATE INDEX shown_question ON shown (question)",
    "CREATE INDEX shown_related ON shown (related)",
    # Which members a question's pages show (names, organisations: decision 0053).
    "CREATE TABLE people (question INTEGER NOT NULL, person INTEGER NOT NULL)",
    "CREATE INDEX people_question ON people (question)",
    "CREATE INDEX people_person ON people (person)",
    "CREATE TABLE volume (one INTEGER PRIMARY KEY CHECK (one = 1), bytes INTEGER)",
    "INSERT INTO volume VALUES (1, 0)",
    f"PRAGMA user_version = {LAYOUT}",
)


class PageFile:
    """key -> bytes, at most ``max_bytes`` of values, oldest written dropped first."""

    def __init__(self, folder: Path, max_bytes: int, timeout: float, *, empty: bool = False):
        """Open (create) the file; with ``empty``, drop what it holds. Opening waits up to
        OPEN_TIMEOUT for the lock (the workers of a server start together)."""
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)
        self.path = folder / FILE_NAME
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._local = threading.local()
        connection = self._connection()
        connection.execute(f"PRAGMA busy_timeout = {int(OPEN_TIMEOUT * 1000)}")
        with self._write() as connection:
            if connection.execute("PRAGMA user_version").fetchone()[0] != LAYOUT:
                for table in ("kept", "shown", "people", "volume"):
                    connection.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in SCHEMA:
                    connection.execute(statement)
        if empty:
            self.clear()
        connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")

    def get(self, key: str) -> bytes | None:
        row = self._connection().execute("SELECT value FROM kept WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set(
        self,
        key: str,
        value: bytes,
        question: int | None = None,
        version: int | None = None,
        *,
        shows: Iterable[int] = (),
        people: Iterable[int] = (),
        newest: bool = False,
    ) -> None:
        """Keep ``value`` filed under its question and thread version; ``newest``: it is the
        question's newest, showing the questions ``shows`` and the members ``people``: drop
        the question's values of older versions, and note what it shows in place of what
        they showed."""
        with self._write() as connection:
            if newest:
                self._drop(connection, "question = ? AND version < ?", (question, version))
                connection.execute("DELETE FROM shown WHERE question = ?", (question,))
                connection.executemany(
                    "INSERT INTO shown VALUES (?, ?)", [(question, int(i)) for i in shows]
                )
                connection.execute("DELETE FROM people WHERE question = ?", (question,))
                connection.executemany(
                    "INSERT INTO people VALUES (?, ?)", [(question, int(i)) for i in people]
                )
            old = connection.execute("SELECT size FROM kept WHERE key = ?", (key,)).fetchone()
            connection.execute(
                "INSERT OR REPLACE INTO kept (key, question, version, value, size)"
                " VALUES (?, ?, ?, ?, ?)",
                (key, question, version, value, len(value)),
            )
            grown = len(value) - (old[0] if old else 0)
            connection.execute("UPDATE volume SET bytes = bytes + ?", (grown,))
            while self._volume(connection) > self.max_bytes:
                oldest = connection.execute(
                    "SELECT id FROM kept ORDER BY id LIMIT ?", (CULL,)
                ).fetchall()
                if not oldest:
                    break
                marks = ", ".join("?" * len(oldest))
                self._drop(connection, f"id IN ({marks})", [i for (i,) in oldest])

    def forget(
        self, questions: Iterable[int], *, showing: bool = False, patient: bool = False
    ) -> int:
        """Drop every value of these questions; ``showing``: also of the questions whose pages
        show one of them (a related question's title). The number of values dropped.

        With ``showing`` or ``patient`` it waits for the lock as long as opening does: text
        taken out of a thread (or a member's name) must go, and such changes are rare."""
        questions = sorted(set(questions))
        if not questions:
            return 0
        marks = ", ".join("?" * len(questions))
        patience = OPEN_TIMEOUT if showing or patient else self.timeout
        with self._patience(patience), self._write() as c:
            if showing:
                showers = f"SELECT question FROM shown WHERE related IN ({marks})"  # noqa: S608
                questions += [row[0] for row in c.execute(showers, questions)]
                marks = ", ".join("?" * len(questions))
            for table in ("shown", "people"):
                c.execute(f"DELETE FROM {table} WHERE question IN ({marks})", questions)  # noqa: S608
            return self._drop(c, f"question IN ({marks})", questions)

    def showing(self, people: Iterable[int]) -> list[int]:
        """The questions whose kept pages show one of these members."""
        people = sorted(set(people))
        marks = ", ".join("?" * len(people))
        query = f"SELECT DISTINCT question FROM people WHERE person IN ({marks})"  # noqa: S608
        return [row[0] for row in self._connection().execute(query, people)]

    def checkpoint(self) -> bool:
        """Copy the write-ahead log into the file and empty it, so that what was deleted is
        in neither; False when a reader kept it from finishing (try again later). Readers
        hold it for one look-up, so it waits for them as long as opening does."""
        with self._patience(OPEN_TIMEOUT):
            busy, _, _ = self._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0

    @contextmanager
    def _patience(self, seconds: float) -> Iterator[None]:
        """Wait up to ``seconds`` for the lock (and for readers) meanwhile."""
        connection = self._connection()
        before = connection.execute("PRAGMA busy_timeout").fetchone()[0]
        connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
        try:
            yield
        finally:
            connection.execute(f"PRAGMA busy_timeout = {before}")

    def clear(self) -> None:
        """Drop everything, and leave none of it in the file.

        Deleting with ``secure_delete`` would write zeros over every page (up to the whole
        size, at a worker's start); instead the freed pages are cut off the file by VACUUM.
        """
        connection = self._connection()
        with self._patience(OPEN_TIMEOUT):
            connection.execute("PRAGMA secure_delete = OFF")
            try:
                with self._write():
                    connection.execute("DELETE FROM kept")
                    connection.execute("DELETE FROM shown")
                    connection.execute("DELETE FROM people")
                    connection.execute("UPDATE volume SET bytes = 0")
            finally:
                connection.execute("PRAGMA secure_delete = ON")
            connection.execute("VACUUM")
        self.checkpoint()

    def volume(self) -> int:
        """The bytes of the values kept."""
        return self._volume(self._connection())

    def stored_keys(self) -> list[str]:
        """Every key, oldest written first."""
        return [row[0] for row in self._connection().execute("SELECT key FROM kept ORDER BY id")]

    @staticmethod
    def _volume(connection: sqlite3.Connection) -> int:
        return connection.execute("SELECT bytes FROM volume").fetchone()[0]

    @staticmethod
    def _drop(connection: sqlite3.Connection, where: str, parameters) -> int:
        freed, count = connection.execute(
            f"SELECT coalesce(sum(size), 0), count(*) FROM kept WHERE {where}",  # noqa: S608
            parameters,
        ).fetchone()
        if count:
            connection.execute(f"DELETE FROM kept WHERE {where}", parameters)  # noqa: S608
            connection.execute("UPDATE volume SET bytes = bytes - ?", (freed,))
        return count

    def _write(self) -> _Transaction:
        return _Transaction(self._connection())

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            for path in _files(self.path):  # in a folder of the owner's only since before
                if path.exists():
                    path.chmod(0o600)
            connection.execute("PRAGMA synchronous = NORMAL")  # a lost page is only re-rendered
            connection.execute("PRAGMA secure_delete = ON")  # deleted text is overwritten
            local.connection, local.pid = connection, os.getpid()
        return local.connection


def _files(path: Path) -> tuple[Path, ...]:
    """The database file and the two SQLite keeps beside it in WAL mode."""
    return (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"))


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error, a failed COMMIT included."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, _error, _trace) -> None:
        if kind is None:
            try:
                self.connection.execute("COMMIT")
                return
            except BaseException:
                self._rollback()
                raise
        self._rollback()

    def _rollback(self) -> None:
        if self.connection.in_transaction:  # SQLite may have rolled back already
            self.connection.execute("ROLLBACK")
