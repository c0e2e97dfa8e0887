"""Privacy-guard benchmark: the generated suite per family and obfuscation, the casus test half,
the older corpus, scan latency of a 5 KB text, start-up and a worker's memory.

Run: python -m benchmarks.privacy [--runs N] [--cases N] [--smoke] [--casus-only]
     python -m benchmarks.privacy --speed-only [--runs N]   (only the 5 KB scan and its parts)
     python -m benchmarks.privacy --tuning   (the casus TUNING halves, with their misses)

The casus test halves are printed as figures only: printing their texts or misses would spoil
them as held-out material. --show-test-misses prints them anyway, for a test half the team has
decided to retire (say so in the decision record that reports its figures).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.privacy_suite import print_casus_corpora, print_suite, run_suite
from kenme.privacy import HARD_KINDS, SOFT_KINDS, scan
from kenme.privacy.evaluation import Example, Report, evaluate, load_corpus

ROOT = Path(__file__).resolve().parent.parent
TARGET_BYTES = 5 * 1024

# Runs in a fresh interpreter: RSS and time before/after importing the app package (Flask)
# and then the guard plus its first scan, so the guard's own cost can be told apart.
_STARTUP_PROBE = """
import json, sys, time
t0 = time.perf_counter()

def rss_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0

def peak_kib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0

base = rss_kib()
import kenme
app_loaded = rss_kib()
t1 = time.perf_counter()
from kenme.privacy import scan
scan(sys.argv[1])
t2 = time.perf_counter()
guard = rss_kib()
# A whole worker: the app created (as wsgi.py does), word lists warm, a few scans done.
app = kenme.create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})
from kenme.privacy import warm_up
warm_up()
for _ in range(20):
    scan(sys.argv[1])
print(json.dumps({
    "rss_base_kib": base, "rss_app_kib": app_loaded, "rss_guard_kib": guard,
    "app_import_s": t1 - t0, "guard_first_scan_s": t2 - t1,
    "worker_rss_kib": rss_kib(), "worker_peak_kib": peak_kib(),
}))
"""


def build_text(examples: list[Example], size: int = TARGET_BYTES) -> str:
    """Concatenate corpus texts (positives and negatives mixed) to about size UTF-8 bytes."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        text = examples[(index * 7) % len(examples)].text
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
        index += 1
    return "\n\n".join(parts)


def time_scans(text: str, runs: int) -> tuple[list[float], list[float]]:
    """Scan text runs times after a warm-up; return wall-clock and CPU durations in seconds."""
    scan(text)
    wall, cpu = [], []
    for _ in range(runs):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        scan(text)
        cpu.append(time.process_time() - cpu_start)
        wall.append(time.perf_counter() - wall_start)
    return wall, cpu


def percentile(values: list[float], share: float) -> float:
    """Return the value below which the given share of the sorted values lies."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def probe_startup(text: str) -> dict:
    """Start a fresh Python, import the app and the guard, scan once; return the figures."""
    started = time.perf_counter()
    completed = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", _STARTUP_PROBE, text],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(completed.stdout)
    figures["process_wall_s"] = time.perf_counter() - started
    return figures


def _load_average() -> str:
    """Return the 1-minute load average, which explains wall-clock outliers on a busy host."""
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "unknown"


def print_scan_times(text: str, runs: int) -> None:
    """Print p50/p95/mean of wall-clock and CPU time of runs scans of text."""
    wall, cpu = time_scans(text, runs)
    size = len(text.encode("utf-8"))
    print(f"scan of a {size} B text ({len(text)} chars), {runs} runs (target p95 <= 10 ms):")
    for label, durations in (("wall clock", wall), ("CPU time", cpu)):
        print(
            f"  {label:<10} p50 {percentile(durations, 0.50) * 1000:5.1f} ms"
            f"  p95 {percentile(durations, 0.95) * 1000:5.1f} ms"
            f"  mean {statistics.fmean(durations) * 1000:5.1f} ms"
        )
    print(f"  load average while measuring: {_load_average()}")


def print_part_costs(text: str, runs: int) -> None:
    """Print the CPU time of each view and each detector on the 5 KB text (the least of runs
    runs: the cost without the noise of a busy host), as the scan runs them."""
    from kenme.privacy import scanner
    from kenme.privacy.anchored import Tokens
    from kenme.privacy.normalise import normalise, number_view
    from kenme.privacy.spelled import spelled_view

    normalised = normalise(text)
    numbers = number_view(normalised)
    spelled = spelled_view(numbers)
    parts = [
        ("normalise", lambda: normalise(text)),
        ("number_view", lambda: number_view(normalised)),
        ("spelled_view", lambda: spelled_view(numbers)),
    ]
    views = [(numbers, scanner.NUMBER_DETECTORS, "", "number view")]
    views.append(
        (normalised, scanner.TEXT_DETECTORS + scanner.FALLBACK_DETECTORS, "", "normal form")
    )
    if spelled is not numbers:
        views.append((spelled, scanner.NUMBER_DETECTORS, " (spelled view)", "spelled view"))
    for view, detectors, label, name in views:
        # The scan finds a view's starts once for all its detectors (anchored.Tokens): timed
        # on their own here, and each detector on tokens whose starts are found already.
        for starts in ("capitals", "numbers"):
            parts.append(
                (f"{starts} ({name})", lambda v=view, s=starts: getattr(Tokens(v.text), s))
            )
        tokens = Tokens(view.text)
        for detect in detectors:
            parts.append((detect.__name__ + label, lambda d=detect, t=tokens: list(d(t))))
    print(f"\ncost of each part, least CPU time of {runs} runs (ms):")
    total = 0.0
    for name, run in parts:
        least = min(_cpu(run) for _ in range(runs))
        total += least
        print(f"  {name:<36} {least * 1000:6.2f}")
    print(f"  {'sum of the parts':<36} {total * 1000:6.2f}")
    print(f"  {'whole scan':<36} {min(_cpu(lambda: scan(text)) for _ in range(runs)) * 1000:6.2f}")


def _cpu(run) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def print_quality(report: Report) -> None:
    """Print the per-kind table, the hard total and the false blocks on negatives."""
    print(f"{'kind':<18} {'sev':<5} {'expected':>8} {'found':>6} {'recall':>7} {'precision':>9}")
    for kind in (*HARD_KINDS, *SOFT_KINDS):
        score = report.scores[kind]
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
    print(
        f"\nnegatives falsely blocked (hard): {len(report.blocked_negatives)} of {report.negatives}"
    )
    for text, findings in report.blocked_negatives:
        print(f"  - {text[:70]!r}: {[f.text for f in findings]}")
    for text, span in report.missed:
        print(f"  missed {span.kind}: {span.text!r} in {text[:50]!r}")
    for text, finding in report.wrong:
        print(f"  wrong {finding.kind}: {finding.text!r} in {text[:50]!r}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=300, help="timed scans of the 5 KB text")
    parser.add_argument("--cases", type=int, default=200, help="generated texts per cell")
    parser.add_argument("--smoke", action="store_true", help="few runs, for CI")
    parser.add_argument(
        "--tuning",
        action="store_true",
        help="only score the casus TUNING halves, with their misses (for tuning)",
    )
    parser.add_argument(
        "--show-test-misses",
        action="store_true",
        help="also print the texts the casus TEST halves miss; spoils them as held-out material",
    )
    parser.add_argument(
        "--casus-only", action="store_true", help="only the casus test halves' figures"
    )
    parser.add_argument(
        "--speed-only",
        action="store_true",
        help="only time the 5 KB scan, then each view and detector (min CPU of --runs / 4)",
    )
    args = parser.parse_args(argv)
    runs = 20 if args.smoke else args.runs
    cases = 5 if args.smoke else args.cases
    if args.speed_only:
        text = build_text(load_corpus())
        print_scan_times(text, runs)
        print_part_costs(text, max(1, runs // 4))
        return 0
    if args.tuning:
        print_casus_corpora(tuning=True)
        return 0
    if args.casus_only:
        print_casus_corpora(show_test_misses=args.show_test_misses)
        return 0

    print(f"generated suite: {cases} texts per family and obfuscation kind (seed 17)\n")
    print_suite(run_suite(cases))
    print()
    print_casus_corpora(show_test_misses=args.show_test_misses)

    examples = load_corpus()
    negatives = sum(example.is_negative for example in examples)
    print(
        f"older corpus (tests/privacy/corpus.jsonl, seen while building the guard): "
        f"{len(examples)} texts, {negatives} negatives\n"
    )
    print_quality(evaluate(examples, scan))

    text = build_text(examples)
    print()
    print_scan_times(text, runs)

    startup = probe_startup(text)
    guard_mib = (startup["rss_guard_kib"] - startup["rss_app_kib"]) / 1024
    total_mib = (startup["rss_guard_kib"] - startup["rss_base_kib"]) / 1024
    print("\nfresh process:")
    print(f"  import kenme (Flask app package): {startup['app_import_s'] * 1000:.0f} ms")
    print(
        f"  import kenme.privacy + first scan: {startup['guard_first_scan_s'] * 1000:.0f} ms"
        "  (target <= 2 s)"
    )
    print(f"  whole process incl. interpreter start: {startup['process_wall_s'] * 1000:.0f} ms")
    print(f"  RSS added by the guard + first scan: {guard_mib:.1f} MiB  (target <= 300 MB)")
    print(f"  RSS added by kenme + guard + first scan: {total_mib:.1f} MiB")
    print(
        f"  worker (create_app + warm word lists + 20 scans): RSS "
        f"{startup['worker_rss_kib'] / 1024:.1f} MiB, peak {startup['worker_peak_kib'] / 1024:.1f}"
        " MiB  (target: no worker above 300 MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
