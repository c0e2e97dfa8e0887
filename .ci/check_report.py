"""Fail CI when a test was skipped or the PostgreSQL or browser tests did not run."""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET


def main(path: str) -> int:
    cases = list(ET.parse(path).getroot().iter("testcase"))  # noqa: S314 (our own report)
    skipped = [c for c in cases if c.find("skipped") is not None]
    ran = [c for c in cases if c.find("skipped") is None]
    postgres = [c for c in ran if "[postgresql" in c.get("name", "")]
    browser = [c for c in ran if c.get("classname", "").startswith("tests.browser.")]
    print(
        f"tests run: {len(ran)}, on PostgreSQL: {len(postgres)}, in Chromium: {len(browser)}, "
        f"skipped: {len(skipped)}"
    )
    problems = []
    if skipped:
        names = ", ".join(f"{c.get('classname')}::{c.get('name')}" for c in skipped[:10])
        problems.append(f"{len(skipped)} test(s) skipped: {names}")
    if not postgres:
        problems.append("no test ran against PostgreSQL")
    if not browser:
        problems.append("no browser test ran in Chromium")
    for problem in problems:
        print(f"CI FAILURE: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
