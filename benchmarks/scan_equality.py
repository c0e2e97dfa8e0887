"""Dump every finding of scan() over a fixed, large set of texts, to prove that a change which
should only make the scan faster changes no finding (decision 0064).

Run on the old and the new code and compare the two files byte for byte:

    python -m benchmarks.scan_equality --out /tmp/old.tsv [--texts recorded.jsonl]
    python -m benchmarks.scan_equality --out /tmp/new.tsv [--texts recorded.jsonl]
    cmp /tmp/old.tsv /tmp/new.tsv

The texts: every text of every privacy corpus (both halves: this is equality, not scoring, so
no labels are read), the generated adversarial suite (seed 17), the 5 KB benchmark text,
Hypothesis-generated texts, and the texts the tests scanned. Both are drawn once and fed to
both sides as files (``--texts``), since neither is drawn the same way twice (Hypothesis with a
fixed seed still adapts its drawing to the run):

    python -m benchmarks.scan_equality --draw 3000 --out /tmp/hypothesis.jsonl
    SCAN_RECORD=/tmp/tests.jsonl python -m pytest -p benchmarks.scan_recorder tests/privacy
    python -m benchmarks.scan_equality --out /tmp/old.tsv --texts /tmp/hypothesis.jsonl \
        --texts /tmp/tests.jsonl
 A line holds the source, the index, a hash of
the text (never the text itself: the test halves stay held out) and the findings as
(kind, start, end, severity, suggestion).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from benchmarks.identifiers import FAMILIES, combination, generate, kinds_for
from benchmarks.privacy import build_text
from benchmarks.privacy_suite import COLUMNS
from kenme.privacy import scan
from kenme.privacy.evaluation import load_corpus

ROOT = Path(__file__).resolve().parent.parent
CORPORA = sorted((ROOT / "tests" / "privacy").glob("*.jsonl"))
HYPOTHESIS_SEED = 6417


def corpus_texts() -> Iterator[tuple[str, str]]:
    """Every text of every corpus file, in file order."""
    for path in CORPORA:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield path.name, json.loads(line)["text"]


def suite_texts(cases: int, seed: int = 17) -> Iterator[tuple[str, str]]:
    """The texts of the generated suite, drawn as benchmarks.privacy_suite.run_suite draws them."""
    rng = random.Random(seed)
    for family in FAMILIES:
        for column in COLUMNS:
            if column != "combined" and column not in kinds_for(family):
                continue
            for _ in range(cases):
                kinds = combination(family, rng) if column == "combined" else [column]
                yield f"suite:{family}:{column}", generate(family, kinds, rng)[0]


def hypothesis_texts(count: int) -> list[str]:
    """count texts drawn by Hypothesis with a fixed seed (generation only, nothing scanned while
    drawing, so both sides draw the same texts): corpus words, identifiers in every obfuscation,
    number words, markup and arbitrary characters, mixed."""
    from hypothesis import HealthCheck, Phase, given, seed, settings
    from hypothesis import strategies as st

    words = sorted({w for _, text in corpus_texts() for w in text.split()})
    fragments = [
        "BSN", "mevrouw", "dhr.", "klant", "van der", "de", "is", "jaar", "oud", "(16)",
        "34-jarige", "nummer", "straat", "twee", "negentien", "zevenentwintig", "een", "één",
        "nul", "zes",
        "&#49;", "%31", "[at]", "(punt)", "\u200b", "\u00ad", "٣", "９", "\n", "\t", "  ", " | ",
        "- ", ": ", ", ", ". ", "Naam:", "werkt bij", "Bakkerij", "B.V.", "O", "l", "I",
    ]  # fmt: skip
    identifier = st.builds(
        lambda family, rng: generate(family, combination(family, rng), rng)[0],
        st.sampled_from(sorted(FAMILIES)),
        st.randoms(use_true_random=False),
    )
    piece = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.capitalize),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(fragments),
        identifier,
        st.text(st.characters(exclude_categories=("Cs",)), max_size=6),
        st.integers(0, 10**10).map(str),
    )
    joint = st.sampled_from([" ", " ", " ", "\n", ", ", ". ", "-", "/", "", "  "])
    text = st.lists(st.tuples(piece, joint), max_size=60).map(
        lambda parts: "".join(p + j for p, j in parts)
    )
    drawn: list[str] = []

    @seed(HYPOTHESIS_SEED)
    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(text)
    def draw(value: str) -> None:
        drawn.append(value)

    draw()
    return drawn


def recorded_texts(path: Path) -> Iterator[tuple[str, str]]:
    for line in path.read_text(encoding="utf-8", errors="surrogatepass").splitlines():
        yield path.name, json.loads(line)


def all_texts(cases: int, recorded: list[Path]) -> Iterator[tuple[str, str]]:
    yield from corpus_texts()
    yield from suite_texts(cases)
    yield "benchmark_5kb", build_text(load_corpus())
    for path in recorded:
        yield from recorded_texts(path)


def dump_line(source: str, index: int, text: str) -> str:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    try:
        findings = [[f.kind, f.start, f.end, f.severity, f.suggestion] for f in scan(text)]
    except Exception as error:  # an error is a result to compare too
        findings = [["error", type(error).__name__, str(error)]]
    return f"{source}\t{index}\t{digest}\t{json.dumps(findings, ensure_ascii=False)}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--cases", type=int, default=200, help="suite texts per cell")
    parser.add_argument("--draw", type=int, help="only draw this many Hypothesis texts to --out")
    parser.add_argument(
        "--texts", type=Path, action="append", default=[], help="drawn or recorded texts"
    )
    args = parser.parse_args(argv)
    if args.draw:
        with args.out.open("w", encoding="utf-8", errors="surrogatepass") as out:
            out.writelines(json.dumps(text) + "\n" for text in hypothesis_texts(args.draw))
        return 0
    total = 0
    with args.out.open("w", encoding="utf-8", errors="surrogatepass") as out:
        for index, (source, text) in enumerate(all_texts(args.cases, args.texts)):
            out.write(dump_line(source, index, text))
            total += 1
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"{total} texts, dump sha256 {digest}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
