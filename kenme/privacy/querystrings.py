"""Scrub query strings before they reach a log: a path is kept, what a person typed is not.

Search queries, suggest input and every other query string can hold a client's BSN or name,
so no log line may carry them verbatim. ``scrub_query`` keeps each parameter's name and keeps a
value only when it is plainly not typed text (a page number, a sort order, a slug of at most
40 lower-case letters, digits and dashes with fewer than five digits); every other value becomes
``…``. The parameters that always hold typed text (``q``, ``title``, ``text`` …) are always
scrubbed. ``scrub_target`` does the same for a request target ("/zoeken?q=…") and
``scrub_log_line`` for any log line that quotes one ("GET /zoeken?q=… HTTP/1.1").

Pure (standard library only), like the rest of ``kenme.privacy``.
"""

from __future__ import annotations

import logging
import re

REDACTED = "…"
# Parameters whose value is always text a person typed.
FREE_TEXT = frozenset(
    {"q", "query", "title", "text", "term", "terms", "summary", "naam", "name", "zoek", "s"}
)
_SAFE_VALUE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# Where a query starts in a log line: after a path ("/zoeken?") or a URL ("https://h/p?").
_QUERY_START = re.compile(r"(?:https?://[^\s?\"'/]+)?/[^\s?\"']*\?")


def _safe(value: str) -> bool:
    return bool(_SAFE_VALUE.fullmatch(value)) and sum(c.isdigit() for c in value) < 5


def scrub_query(query: str) -> str:
    """Return the query string with typed values replaced by "…" (names are kept)."""
    if not query:
        return query
    parts = []
    for pair in query.split("&"):
        name, sep, value = pair.partition("=")
        if not _safe(name.lower()):
            name = REDACTED
        if sep and (name.lower() in FREE_TEXT or not _safe(value)):
            value = REDACTED
        parts.append(f"{name}{sep}{value}")
    return "&".join(parts)


def scrub_target(target: str) -> str:
    """Return "/path?query" with its query scrubbed; a target without query is unchanged."""
    path, sep, query = target.partition("?")
    return f"{path}?{scrub_query(query)}" if sep else target


def scrub_log_line(line: str) -> str:
    """Scrub every query quoted in a log line (request lines, URLs, Referer headers).

    A query runs to the last " HTTP/" of the line (the dev server logs it decoded, spaces
    and all), else to the next quote, else to the end of the line: scrubbing too much is safe.
    """
    if "?" not in line:
        return line
    out: list[str] = []
    pos = 0
    for match in _QUERY_START.finditer(line):
        start = match.end()
        if match.start() < pos:
            continue
        end = line.rfind(" HTTP/", start)
        if end == -1:
            quotes = [i for i in (line.find('"', start), line.find("'", start)) if i != -1]
            end = min(quotes, default=len(line))
        out.append(line[pos:start])
        out.append(scrub_query(line[start:end]))
        pos = end
    out.append(line[pos:])
    return "".join(out)


class ScrubQueryStrings(logging.Filter):
    """A logging filter that scrubs query strings from every record it sees (dev server)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        scrubbed = scrub_log_line(message)
        if scrubbed != message:
            record.msg, record.args = scrubbed, None
        return True


def install_log_filters(names: tuple[str, ...] = ("werkzeug", "gunicorn.error")) -> None:
    """Put the filter on the loggers that quote request lines (once per logger)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ScrubQueryStrings) for f in logger.filters):
            logger.addFilter(ScrubQueryStrings())
