"""A size-bounded table of key -> bytes in one SQLite file, shared by the processes of a server.

The store under the kept question pages (page_store.py, decision 0039). It is the standard
library's sqlite3 and nothing else: values are bytes that the caller writes and reads
itself, so nothing in the file is ever unpickled or run.

- **Reads** are one primary-key look-up in WAL mode: they never wait for a writer.
- **Writes** take SQLite's write lock for at most ``timeout`` seconds; a write that would wait
  longer is given up (the caller keeps the page in its own memory only).
- **Size**: the values' bytes are summed in the file; past ``max_bytes`` the oldest values
  (by when they were written) are dropped in the same transaction. A read writes nothing.
- Each process opens its own connection (gunicorn forks workers; a connection does not
  survive a fork), and each thread of it its own.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

FILE_NAME = "pages.sqlite3"
CULL = 16  # values dropped at a time when the file is full
OPEN_TIMEOUT = 5.0  # seconds
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS kept (id INTEGER PRIMARY KEY,"
    " key TEXT NOT NULL UNIQUE, value BLOB NOT NULL, size INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS volume (one INTEGER PRIMARY KEY CHECK (one = 1), bytes INTEGER)",
    "INSERT OR IGNORE INTO volume VALUES (1, 0)",
)


class PageFile:
    """key -> bytes, at most ``max_bytes`` of values, oldest written dropped first."""

    def __init__(self, folder: Path, max_bytes: int, timeout: float, *, empty: bool = False):
        """Open (create) the file; with ``empty``, drop what it holds. Opening waits up to
        OPEN_TIMEOUT for the lock (the workers of a server start together)."""
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / FILE_NAME
        self.max_bytes = max_bytes
        self.timeout = timeout
        self._local = threading.local()
        connection = self._connection()
        connection.execute(f"PRAGMA busy_timeout = {int(OPEN_TIMEOUT * 1000)}")
        with self._write() as connection:
            for statement in SCHEMA:
                connection.execute(statement)
            if empty:
                connection.execute("DELETE FROM kept")
                connection.execute("UPDATE volume SET bytes = 0")
        connection.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")

    def get(self, key: str) -> bytes | None:
        row = self._connection().execute("SELECT value FROM kept WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set(self, key: str, value: bytes) -> None:
        with self._write() as connection:
            old = connection.execute("SELECT size FROM kept WHERE key = ?", (key,)).fetchone()
            connection.execute(
                "INSERT OR REPLACE INTO kept (key, value, size) VALUES (?, ?, ?)",
                (key, value, len(value)),
            )
            grown = len(value) - (old[0] if old else 0)
            connection.execute("UPDATE volume SET bytes = bytes + ?", (grown,))
            while self._volume(connection) > self.max_bytes:
                oldest = connection.execute(
                    "SELECT id, size FROM kept ORDER BY id LIMIT ?", (CULL,)
                ).fetchall()
                if not oldest:
                    break
                connection.executemany("DELETE FROM kept WHERE id = ?", [(i,) for i, _ in oldest])
                freed = sum(size for _, size in oldest)
                connection.execute("UPDATE volume SET bytes = bytes - ?", (freed,))

    def clear(self) -> None:
        with self._write() as connection:
            connection.execute("DELETE FROM kept")
            connection.execute("UPDATE volume SET bytes = 0")

    def volume(self) -> int:
        """The bytes of the values kept."""
        return self._volume(self._connection())

    def stored_keys(self) -> list[str]:
        """Every key, oldest written first."""
        return [row[0] for row in self._connection().execute("SELECT key FROM kept ORDER BY id")]

    @staticmethod
    def _volume(connection: sqlite3.Connection) -> int:
        return connection.execute("SELECT bytes FROM volume").fetchone()[0]

    def _write(self) -> _Transaction:
        return _Transaction(self._connection())

    def _connection(self) -> sqlite3.Connection:
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            connection = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")  # a lost page is only re-rendered
            local.connection, local.pid = connection, os.getpid()
        return local.connection


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""

    def __init__(self, connection: sqlite3.Connection):
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        self.connection.execute("BEGIN IMMEDIATE")
        return self.connection

    def __exit__(self, kind, _error, _trace) -> None:
        self.connection.execute("COMMIT" if kind is None else "ROLLBACK")
