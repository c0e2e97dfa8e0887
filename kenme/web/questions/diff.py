"""A readable line-and-word diff between two revisions, as data the template escapes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

CONTEXT = 2
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass
class DiffLine:
    """One row of the diff: kind is same, removed, added, changed or skipped."""

    kind: str
    old_number: int | None = None
    new_number: int | None = None
    # (op, text) with op "same", "del" or "ins"; for skipped rows the text is the line count.
    parts: list[tuple[str, str]] = field(default_factory=list)


def revision_text(title: str, body: str) -> str:
    """The text compared for a revision: the title (questions) above the body."""
    return f"{title}\n\n{body}" if title else body


def _word_parts(old: str, new: str) -> list[tuple[str, str]]:
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(("del", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(("ins", "".join(b[j1:j2])))
    return parts


def _same_run(rows: list[DiffLine], first: bool, last: bool) -> list[DiffLine]:
    """Unchanged lines, with long runs folded to a little context around the changes."""
    head = 0 if first else CONTEXT
    tail = 0 if last else CONTEXT
    if len(rows) <= head + tail + 1:
        return rows
    skipped = DiffLine("skipped", parts=[("same", str(len(rows) - head - tail))])
    return [*rows[:head], skipped, *rows[len(rows) - tail :]]


def diff_lines(old_text: str, new_text: str) -> list[DiffLine]:
    """Compare two texts line by line; changed lines are compared word by word."""
    old, new = old_text.splitlines(), new_text.splitlines()
    opcodes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    rows: list[DiffLine] = []
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            same = [
                DiffLine("same", i + 1, j1 + i - i1 + 1, [("same", old[i])]) for i in range(i1, i2)
            ]
            rows.extend(_same_run(same, index == 0, index == len(opcodes) - 1))
            continue
        pairs = min(i2 - i1, j2 - j1) if op == "replace" else 0
        for k in range(pairs):
            rows.append(
                DiffLine("changed", i1 + k + 1, j1 + k + 1, _word_parts(old[i1 + k], new[j1 + k]))
            )
        for i in range(i1 + pairs, i2):
            rows.append(DiffLine("removed", i + 1, None, [("del", old[i])]))
        for j in range(j1 + pairs, j2):
            rows.append(DiffLine("added", None, j + 1, [("ins", new[j])]))
    return rows
