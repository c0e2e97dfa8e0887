"""The CI dependency audit (.ci/audit.py): fails on a vulnerability with a fix, nothing else.

pip-audit's report is given as a file; the registry is a small JSON server on loopback that
answers ``/pypi/<name>/json`` as PyPI does (and 404 for anything else).
"""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

AUDIT = Path(__file__).resolve().parent.parent / ".ci" / "audit.py"
PAGES = {
    "oldlib": {
        "info": {"version": "2.0.0"},
        "vulnerabilities": [
            {"id": "PYSEC-2099-1", "fixed_in": ["2.0.1"], "withdrawn": None},
            {"id": "PYSEC-2099-2", "fixed_in": [], "withdrawn": None},
        ],
    },
    "nofix": {
        "info": {"version": "1.0"},
        "vulnerabilities": [{"id": "GHSA-none", "fixed_in": [], "withdrawn": None}],
    },
    "withdrawn": {
        "info": {"version": "3.1"},
        "vulnerabilities": [{"id": "GHSA-gone", "fixed_in": ["3.2"], "withdrawn": "2099-01-01"}],
    },
    "clean": {"info": {"version": "5.0"}, "vulnerabilities": []},
}


class Registry(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = self.path.strip("/").split("/")
        page = PAGES.get(parts[1]) if len(parts) == 3 and parts[0] == "pypi" else None
        body = json.dumps(page).encode() if page and parts[2] == "json" else b"{}"
        self.send_response(200 if page and parts[2] == "json" else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def registry():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Registry)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def audit(registry, monkeypatch):
    monkeypatch.setenv("KENME_AUDIT_REGISTRY", registry)
    spec = importlib.util.spec_from_file_location("ci_audit", AUDIT)
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "ci_audit", module)  # dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


def skipped(name: str, version: str) -> dict:
    reason = f"Dependency not found on PyPI and could not be audited: {name} ({version})"
    return {"name": name, "skip_reason": reason}


def run(audit, tmp_path, dependencies, capsys) -> tuple[int, str]:
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"dependencies": dependencies, "fixes": []}))
    code = audit.main(["audit.py", str(report)])
    return code, capsys.readouterr().out


def test_a_vulnerability_with_a_fix_fails_the_run(audit, tmp_path, capsys):
    vulns = [{"id": "PYSEC-1", "fix_versions": ["1.2.4"], "aliases": [], "description": ""}]
    code, out = run(audit, tmp_path, [{"name": "x", "version": "1.2.3", "vulns": vulns}], capsys)
    assert code == 1
    assert "x 1.2.3: PYSEC-1 (fixed in: 1.2.4)" in out and "FAIL" in out


def test_the_registry_page_is_read_for_what_pip_audit_skipped(audit, tmp_path, capsys):
    code, out = run(audit, tmp_path, [skipped("oldlib", "2.0.0")], capsys)
    assert code == 1
    assert "PYSEC-2099-1 (fixed in: 2.0.1)" in out
    assert "PYSEC-2099-2 (fixed in: no fix yet)" in out


@pytest.mark.parametrize(
    "dependencies",
    [
        [skipped("nofix", "1.0")],  # known, but nothing to upgrade to
        [skipped("withdrawn", "3.1")],  # the advisory was withdrawn
        [skipped("clean", "5.0"), {"name": "y", "version": "1", "vulns": []}],
        [skipped("oldlib", "1.0.0")],  # older than the page's release: not audited, reported
        [skipped("unknown-here", "0.1")],  # the registry has no page
        [skipped("kenme", "0.1.0")],  # this project itself
    ],
)
def test_nothing_else_fails_the_run(audit, tmp_path, capsys, dependencies):
    code, out = run(audit, tmp_path, dependencies, capsys)
    assert code == 0, out
    assert out.strip().splitlines()[-1].startswith("dependency audit:")


def test_an_unreachable_registry_does_not_fail_the_run(audit, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(audit, "REGISTRY", "http://127.0.0.1:9")  # discard port: refused
    code, out = run(audit, tmp_path, [skipped("oldlib", "2.0.0")], capsys)
    assert code == 0
    assert "could not be reached" in out
