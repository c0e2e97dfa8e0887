"""A pytest plugin that records every text scan() is given, for benchmarks.scan_equality.

    SCAN_RECORD=/tmp/texts.jsonl python -m pytest -p benchmarks.scan_recorder tests/privacy

Loaded before the test modules are imported, it wraps kenme.privacy.scan (and the scanner's
own name), so every caller that imports scan afterwards records too. Each distinct text is
written once, as a JSON string per line.
"""

from __future__ import annotations

import json
import os

import kenme.privacy
import kenme.privacy.scanner

_PATH = os.environ.get("SCAN_RECORD")
_seen: set[str] = set()
_original = kenme.privacy.scanner.scan


def _recording_scan(text):
    if _PATH and isinstance(text, str) and text not in _seen:
        _seen.add(text)
        with open(_PATH, "a", encoding="utf-8", errors="surrogatepass") as out:
            out.write(json.dumps(text) + "\n")
    return _original(text)


kenme.privacy.scan = _recording_scan
kenme.privacy.scanner.scan = _recording_scan
