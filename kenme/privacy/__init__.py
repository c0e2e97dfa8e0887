"""Privacy guard: find personal data of clients in a text before it is stored.

`scan(text)` is pure and deterministic; every write path (web, API, CLI import) calls it.
"""

from kenme.privacy.findings import ALL_KINDS, HARD_KINDS, SOFT_KINDS, Finding
from kenme.privacy.lexicon import warm_up
from kenme.privacy.scanner import MAX_TEXT_CHARS, TextTooLarge, scan

__all__ = [
    "ALL_KINDS",
    "HARD_KINDS",
    "MAX_TEXT_CHARS",
    "SOFT_KINDS",
    "Finding",
    "TextTooLarge",
    "scan",
    "warm_up",
]
