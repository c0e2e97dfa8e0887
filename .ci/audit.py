"""Dependency audit for CI: pip-audit over the dependencies installed for this run.

Fails (exit 1) when a dependency has a known vulnerability for which a fixed version exists;
lists vulnerabilities without a fix, and dependencies that could not be audited, without
failing on them.

Only the package registry is asked (PyPI's JSON API; no other vulnerability service):
- pip-audit's "pypi" service reads ``/pypi/<name>/<version>/json``;
- where the registry does not answer that (a mirror may serve only ``/pypi/<name>/json``),
  the project page is read instead: its ``vulnerabilities`` list belongs to the latest
  release, so it counts when the installed version is that release (pip installs the
  latest allowed one); an older installed version is reported as not audited;
- when the registry cannot be reached at all, the audit says so and does not fail the run:
  a network outage is not a vulnerability.

Usage: python .ci/audit.py [pip-audit JSON report]  (without one, pip-audit is run here).
``KENME_AUDIT_REGISTRY`` points at another registry (the tests use one on loopback).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REGISTRY = os.environ.get("KENME_AUDIT_REGISTRY", "https://pypi.org").rstrip("/")
SKIP = {"kenme"}  # this project itself


@dataclass
class Finding:
    name: str
    version: str
    vuln_id: str
    fixes: list[str]


@dataclass
class Audit:
    audited: int = 0
    findings: list[Finding] = field(default_factory=list)
    not_audited: list[str] = field(default_factory=list)
    unreachable: int = 0

    @property
    def fixable(self) -> list[Finding]:
        return [f for f in self.findings if f.fixes]


def run_pip_audit() -> dict:
    """Run pip-audit on this interpreter's environment; its JSON report."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "audit.json"
        command = [
            sys.executable,
            "-m",
            "pip_audit",
            "--vulnerability-service",
            "pypi",
            "--skip-editable",
            "--progress-spinner",
            "off",
            "--format",
            "json",
            "--output",
            str(out),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if not out.exists():
            print(result.stderr[-2000:], file=sys.stderr)
            raise SystemExit("pip-audit wrote no report")
        return json.loads(out.read_text())


def installed_version(dependency: dict) -> str:
    """pip-audit leaves the version out of a skipped dependency; its reason names it."""
    if dependency.get("version"):
        return dependency["version"]
    match = re.search(r"\(([^()\s]+)\)\s*$", dependency.get("skip_reason", ""))
    return match.group(1) if match else ""


def project_page(name: str) -> dict | None:
    """The registry's JSON page of a project; None when it has none; raises when unreachable."""
    url = f"{REGISTRY}/pypi/{name}/json"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (https or loopback)
            return json.load(response)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise


def audit(report: dict) -> Audit:
    """Findings from pip-audit's report, with the project-page fallback for skipped ones."""
    result = Audit()
    for dependency in report.get("dependencies", []):
        name, version = dependency["name"], installed_version(dependency)
        if name.lower() in SKIP:
            continue
        if "skip_reason" not in dependency:
            result.audited += 1
            for vuln in dependency.get("vulns", []):
                result.findings.append(
                    Finding(name, version, vuln["id"], list(vuln.get("fix_versions") or []))
                )
            continue
        try:
            page = project_page(name)
        except (urllib.error.URLError, TimeoutError, OSError):
            result.unreachable += 1
            result.not_audited.append(f"{name} {version} (registry unreachable)")
            continue
        if page is None or page.get("info", {}).get("version") != version:
            result.not_audited.append(f"{name} {version} (not the registry's latest release)")
            continue
        result.audited += 1
        for vuln in page.get("vulnerabilities") or []:
            if vuln.get("withdrawn"):
                continue
            fixes = list(vuln.get("fixed_in") or [])
            result.findings.append(Finding(name, version, vuln.get("id", "?"), fixes))
    return result


def main(argv: list[str]) -> int:
    report = json.loads(Path(argv[1]).read_text()) if len(argv) > 1 else run_pip_audit()
    result = audit(report)
    for finding in result.findings:
        fix = ", ".join(finding.fixes) if finding.fixes else "no fix yet"
        print(f"  {finding.name} {finding.version}: {finding.vuln_id} (fixed in: {fix})")
    for line in result.not_audited:
        print(f"  not audited: {line}")
    print(
        f"dependency audit: {result.audited} audited, {len(result.findings)} known "
        f"vulnerabilities ({len(result.fixable)} with a fix), {len(result.not_audited)} "
        "not audited"
    )
    if result.fixable:
        print("FAIL: upgrade the dependencies above to a fixed version (pyproject.toml).")
        return 1
    if result.unreachable and not result.audited:
        print("the package registry could not be reached: audit not done (not failing)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
