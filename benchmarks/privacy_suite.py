"""The generated adversarial suite and the casus test half, as tables for benchmarks.privacy.

Per family and per obfuscation kind: how many generated identifiers the guard found (recall),
how many it found at exactly the written span, and how many hard findings it made that were
not the identifier (false alarms in the carrier sentences; precision).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.identifiers import FAMILIES, OBFUSCATIONS, combination, generate, kinds_for
from kenme.privacy import HARD_KINDS, SOFT_KINDS, scan
from kenme.privacy.evaluation import (
    CASUS_CORPORA,
    CasusCorpus,
    Report,
    casus_halves,
    corpus_members,
    evaluate,
    under_decision_0031,
    with_members,
)

COLUMNS = (*OBFUSCATIONS, "combined")
SHORT = {
    "plain": "plain", "entities_decimal": "ent-dec", "entities_hex": "ent-hex",
    "entities_double": "ent-dbl", "percent": "pct", "unicode_digits": "digits",
    "fullwidth": "fullw", "zero_width": "0-width", "separators": "seps",
    "letter_case": "case", "email_words": "[at]", "spoken": "spoken", "spaced": "spaced",
    "ocr": "ocr", "combined": "combined",
}  # fmt: skip


@dataclass
class Cell:
    cases: int = 0
    found: int = 0
    exact: int = 0
    false_hard: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.cases if self.cases else 1.0


def run_suite(cases: int, seed: int = 17) -> dict[tuple[str, str], Cell]:
    """Generate `cases` texts per (family, obfuscation) cell and scan each."""
    rng = random.Random(seed)
    cells: dict[tuple[str, str], Cell] = {}
    for family in FAMILIES:
        for column in COLUMNS:
            if column != "combined" and column not in kinds_for(family):
                continue
            cell = cells.setdefault((family, column), Cell())
            for _ in range(cases):
                kinds = combination(family, rng) if column == "combined" else [column]
                text, start, end, _value = generate(family, kinds, rng)
                findings = scan(text)
                hits = [f for f in findings if f.kind == family and f.start < end and start < f.end]
                cell.cases += 1
                cell.found += bool(hits)
                cell.exact += any(f.start == start and f.end == end for f in hits)
                cell.false_hard += sum(
                    1
                    for f in findings
                    if f.severity == "hard" and not (f.start < end and start < f.end)
                )
    return cells


def print_suite(cells: dict[tuple[str, str], Cell]) -> None:
    """Print recall per family (rows) and obfuscation kind (columns), then the totals."""
    header = f"{'family':<17}" + "".join(f"{SHORT[c]:>9}" for c in COLUMNS)
    print(header)
    for family in FAMILIES:
        row = f"{family:<17}"
        for column in COLUMNS:
            cell = cells.get((family, column))
            row += f"{'—':>9}" if cell is None else f"{cell.recall:>9.2f}"
        print(row)
    print()
    print(f"{'family':<17} {'cases':>6} {'recall':>7} {'exact span':>11} {'false hard':>11}")
    for family in FAMILIES:
        family_cells = [cell for (f, _), cell in cells.items() if f == family]
        total = sum(c.cases for c in family_cells)
        found = sum(c.found for c in family_cells)
        exact = sum(c.exact for c in family_cells)
        false_hard = sum(c.false_hard for c in family_cells)
        precision = found / (found + false_hard) if found + false_hard else 1.0
        print(
            f"{family:<17} {total:>6} {found / total:>7.3f} {exact / total:>11.3f} "
            f"{false_hard:>11}   precision {precision:.3f}"
        )
    print()
    print(f"{'obfuscation':<17} {'cases':>6} {'recall':>7} {'exact span':>11}")
    for column in COLUMNS:
        column_cells = [cell for (_, c), cell in cells.items() if c == column]
        total = sum(c.cases for c in column_cells)
        print(
            f"{column:<17} {total:>6} {sum(c.found for c in column_cells) / total:>7.3f} "
            f"{sum(c.exact for c in column_cells) / total:>11.3f}"
        )


def casus_report(
    casus: CasusCorpus, half: str = "test", *, under_0031: bool = False
) -> tuple[Report, int]:
    """Score one half of a casus corpus (members' @mentions resolved, as the gate does); with
    under_0031, organisations' service numbers labelled `phone` count as look-alikes."""
    tuning, test = casus_halves(casus)
    examples = test if half == "test" else tuning
    if under_0031:
        examples = under_decision_0031(examples)
    members = corpus_members(tuning + test)
    return evaluate(examples, with_members(scan, members)), len(examples)


def print_under_0031(report: Report, labelled: Report) -> None:
    """One line of figures for the reading of decision 0031, if it differs from the labels."""
    if report.look_alikes == labelled.look_alikes:
        return
    hard, phone = report.hard, report.scores["phone"]
    flagged = len({(text, span) for text, span, _ in report.flagged_look_alikes})
    print(
        f"under decision 0031 (service numbers as look-alikes): ALL HARD {hard.expected} "
        f"expected, recall {hard.recall:.1%}, precision {hard.precision:.1%}; phone "
        f"{phone.expected} expected, recall {phone.recall:.1%}; look-alikes flagged {flagged}"
        f" of {report.look_alikes}"
    )


def print_casus(
    report: Report, count: int, label: str = "casus", half: str = "test", excerpts: bool = False
) -> None:
    """Print the figures of one half; texts (misses, wrong findings) only when excerpts is set.

    A test half stays held out only while nobody reads its texts, so callers set excerpts for a
    tuning half, or for a test half the team has decided to retire (--show-test-misses).
    """
    note = "tuning was done on the other half" if half == "test" else "for tuning only"
    print(f"{label}, {half.upper()} half only ({count} texts; {note}):")
    print(f"{'kind':<18} {'sev':<5} {'expected':>8} {'found':>6} {'recall':>7} {'precision':>9}")
    for kind in (*HARD_KINDS, *SOFT_KINDS):
        score = report.scores[kind]
        if not (score.expected or score.found):
            continue
        severity = "hard" if kind in HARD_KINDS else "soft"
        print(
            f"{kind:<18} {severity:<5} {score.expected:>8} {score.found:>6} "
            f"{score.recall:>7.1%} {score.precision:>9.1%}"
        )
    hard = report.hard
    print(
        f"{'ALL HARD':<18} {'hard':<5} {hard.expected:>8} {hard.found:>6} "
        f"{hard.recall:>7.1%} {hard.precision:>9.1%}"
    )
    print(f"texts without personal data blocked (hard): {len(report.blocked_negatives)}"
          f" of {report.negatives}")  # fmt: skip
    if report.look_alikes:
        flagged = {(text, span) for text, span, _ in report.flagged_look_alikes}
        reasons: dict[str, int] = {}
        for _, span in flagged:
            reasons[span.kind] = reasons.get(span.kind, 0) + 1
        per_reason = ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items()))
        print(
            f"labelled look-alikes (not personal data) flagged: {len(flagged)}"
            f" of {report.look_alikes}" + (f" ({per_reason})" if per_reason else "")
        )
    if not excerpts:
        return
    for text, span in report.missed:
        print(f"  missed {span.kind}: {span.text!r} in {text[:60]!r}")
    for text, finding in report.wrong:
        print(f"  wrong {finding.kind}: {finding.text!r} in {text[:60]!r}")
    for text, span, finding in report.flagged_look_alikes:
        print(f"  look-alike {span.kind} {span.text!r} flagged as {finding.kind} in {text[:50]!r}")


def print_casus_corpora(
    corpora: tuple[CasusCorpus, ...] = CASUS_CORPORA,
    *,
    tuning: bool = False,
    show_test_misses: bool = False,
) -> None:
    """Print every casus corpus: the test halves as figures only (unless show_test_misses), or
    with tuning set the tuning halves with their misses, for the people who tune the rules."""
    for casus in corpora:
        half = "tuning" if tuning else "test"
        report, count = casus_report(casus, half)
        print_casus(report, count, casus.label, half, excerpts=tuning or show_test_misses)
        print_under_0031(casus_report(casus, half, under_0031=True)[0], report)
        print()
