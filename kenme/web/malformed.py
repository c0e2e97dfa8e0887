"""Malformed requests get a 4xx: JSON nested too deep, ids beyond the database's integers.

- JSON is parsed only when it nests at most MAX_JSON_DEPTH deep: Python's parser (and every
  walk over the result) recurses per level, and 1,000 levels end in a RecursionError.
- an ``<int:…>`` in a URL above 2**31 - 1 is a 404: every id column is a 32-bit integer on
  PostgreSQL (and a 64-bit one on SQLite), so a larger number can name nothing. Without the
  bound, /vragen/9223372036854775808 reached the database and came back as an error (500)
  instead of "niet gevonden" (404).
"""

from __future__ import annotations

import re

from flask import Flask, Request, abort
from werkzeug.exceptions import BadRequest

MAX_JSON_DEPTH = 32
MAX_ID = 2**31 - 1
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(data: bytes) -> int:
    """How deep arrays and objects nest in a JSON text (strings do not count)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub(b"", data)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class TooDeep(BadRequest):
    description = f"De JSON is te diep genest (hooguit {MAX_JSON_DEPTH} niveaus)."


class KenMeRequest(Request):
    """A request whose JSON body is checked for depth before it is parsed."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        if (force or self.is_json) and json_depth(self.get_data(cache=True)) > MAX_JSON_DEPTH:
            if silent:
                return None
            raise TooDeep()
        return super().get_json(force=force, silent=silent, cache=cache)


def _bounded_ids(_endpoint, values) -> None:
    """404 for an ``<int:…>`` beyond the id columns, before any view or database sees it.

    Checked after routing rather than in the converter: a converter that refuses a value
    makes werkzeug try the route's other methods and answer 405 instead of 404.
    """
    if values and any(type(v) is int and v > MAX_ID for v in values.values()):
        abort(404)


def init_malformed(app: Flask) -> None:
    """Install the id bound and the depth-checked request."""
    app.url_value_preprocessor(_bounded_ids)
    app.request_class = KenMeRequest
