"""The access logs of the dev server and of gunicorn (README settings) never carry a query.

Real servers on loopback, real requests, the real log output read back from their streams.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kenme.gunicorn_logging import ACCESS_LOG_FORMAT
from kenme.privacy import scan
from kenme.privacy.querystrings import scrub_log_line, scrub_query

ROOT = Path(__file__).resolve().parents[2]
BSN = "111222333"
TARGETS = [
    f"/zoeken?q=BSN+{BSN}&pagina=2",
    "/zoeken?q=%31%31%31%32%32%32%33%33%33",
    "/zoeken?q=BSN%20111%20222%20333&sort=nieuw",
    f"/api/v1/search?q=NL91ABNA0417164300+{BSN}",
    f"/api/v1/search/suggest?title=klant+{BSN}+wil+bijstand",
    f"/questions?x={BSN}",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 180) -> None:
    """Wait until the server listens. Only a guard against a hang: importing the app and building
    its API schema takes 30-50 s on a loaded 2-core machine (measured under CI load 9-10), so a
    tighter bound made the test depend on machine speed."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server stopped with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("server did not start")


def _get(port: int, target: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{target}",
        headers={"Referer": f"http://127.0.0.1:{port}/zoeken?q=klant+{BSN}"},
    )
    try:
        # Generous: gunicorn's arbiter accepts connections before its worker has imported the
        # app, which takes more than 10 s on a loaded machine; this only guards against a hang.
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def server_env(sqlite_template, tmp_path):
    database = tmp_path / "served.sqlite3"
    shutil.copy(sqlite_template, database)
    env = {
        **os.environ,
        "KENME_DATABASE_URL": f"sqlite:///{database}",
        "KENME_SECRET_KEY": "log-test-secret-key-that-is-long-enough-1234567",
        "MEILISEARCH_URL": "",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("KENME_ENV", None)
    return env


def _wait_for_lines(log: Path, count: int, seconds: float = 120) -> None:
    """Wait until the server has written an access line for each request: it writes the line
    after the answer, so on a busy machine the last one can come well after the client is done.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        text = log.read_text()
        if sum(text.count(target.partition("?")[0] + "?") for target in TARGETS) >= count:
            return
        time.sleep(0.05)


def _run(command: list[str], env: dict, log: Path, port: int) -> str:
    with log.open("w") as out:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
        try:
            _wait_for(port, process)
            statuses = [_get(port, target) for target in TARGETS]
            _wait_for_lines(log, len(TARGETS))
        finally:
            process.terminate()
            process.wait(timeout=15)
    text = log.read_text()
    assert all(status < 500 for status in statuses), (statuses, text[-2000:])
    return text


def _assert_scrubbed(text: str) -> None:
    for target in TARGETS:  # every request was logged, with its path and a scrubbed query
        path, _, query = target.partition("?")
        assert f"{path}?{scrub_query(query)}" in text, (target, text[-3000:])
    for needle in (BSN, "%31%31%31", "111 222 333", "NL91ABNA"):
        assert needle not in text, f"{needle!r} in the log:\n{text}"
    assert not [f for f in scan(text) if f.kind in ("bsn", "iban")], text


def test_the_dev_server_access_log_has_no_query(server_env, tmp_path):
    port = _free_port()
    command = [sys.executable, "-m", "flask", "--app", "kenme", "run", "--port", str(port)]
    _assert_scrubbed(_run(command, server_env, tmp_path / "werkzeug.log", port))


def test_gunicorn_with_the_readme_settings_logs_no_query(server_env, tmp_path):
    port = _free_port()
    command = [  # the README's settings
        *(sys.executable, "-m", "gunicorn", "-w", "1", "-b", f"127.0.0.1:{port}"),
        *("--logger-class", "kenme.gunicorn_logging.ScrubbingLogger", "--access-logfile", "-"),
        *("--access-logformat", ACCESS_LOG_FORMAT, "wsgi:app"),
    ]
    text = _run(command, server_env, tmp_path / "gunicorn.log", port)
    _assert_scrubbed(text)
    assert '"http://127.0.0.1:' in text and "/zoeken?q=…" in text  # the Referer, scrubbed


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=abc&pagina=2", "q=…&pagina=2"),
        ("sort=nieuw&onderwerp=kostendelersnorm", "sort=nieuw&onderwerp=kostendelersnorm"),
        ("x=123456789", "x=…"),
        ("title=Mag+dat", "title=…"),
        ("Q=abc", "Q=…"),
        ("a%20b=c", "…=c"),
    ],
)
def test_scrub_query_keeps_names_and_plain_choices(query, expected):
    assert scrub_query(query) == expected


def test_a_query_with_a_fake_http_version_is_scrubbed_to_the_last_one():
    line = f'"GET /zoeken?q=x HTTP/1.1 {BSN} HTTP/1.1" 200 -'
    assert BSN not in scrub_log_line(line)
