"""Each worker's front of the kept question pages: a size-bounded LRU in memory.

page_store.SharedPages reads a page here first and from the store shared by the workers when
it is not here (decision 0039). It once also held rendered threads, under the name
``ThreadCache`` (decision 0007, removed by 0050).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from cachetools import Cache, LRUCache


class WorkerPagesLRU:
    """This worker's size-bounded LRU of kept pages and Latest outlines, thread-safe."""

    def __init__(self, max_bytes: int):
        self._entries: LRUCache = LRUCache(maxsize=max_bytes, getsizeof=_size)
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: tuple):
        with self._lock:
            return self._entries.get(key)

    def put(self, key: tuple, entry) -> None:
        with self._lock:
            if _size(entry) <= self._entries.maxsize:
                self._entries[key] = entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def drop(self, dropped: Callable[[tuple], bool]) -> None:
        """Forget every entry whose key is ``dropped``."""
        with self._lock:
            for key in [key for key in self._entries if dropped(key)]:
                del self._entries[key]

    def peek(self, wanted: Callable[[tuple], bool]) -> list[tuple]:
        """(key, entry) of every entry whose key is ``wanted``, leaving the LRU order."""
        with self._lock:
            return [
                (key, Cache.__getitem__(self._entries, key)) for key in self._entries if wanted(key)
            ]

    def __len__(self) -> int:
        return len(self._entries)


def _size(entry) -> int:
    return 256 + entry.size  # a whole page (page_cache.Page) or a question's Latest
