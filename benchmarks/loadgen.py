"""Gunicorn on loopback and a small load generator that stops by itself.

The generator sends pre-built HTTP/1.1 requests over plain sockets from a few threads: sync
workers close every connection, so a request is connect, send, read to EOF. Keeping the
client this thin matters on a 2-core machine where it shares the CPU with the server.
"""

from __future__ import annotations

import itertools
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

PROJECT_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn master with N sync workers serving one WSGI app on 127.0.0.1."""

    def __init__(self, app_spec: str, env: dict[str, str], workers: int = 2):
        self.port = free_port()
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115 (kept open for the run)
            prefix="kenme-bench-gunicorn-", suffix=".log", delete=False
        )
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]
        self.process = subprocess.Popen(  # noqa: S603 (fixed arguments)
            [
                *command,
                "-w",
                str(workers),
                "-b",
                f"{HOST}:{self.port}",
                "--timeout",
                "120",
                app_spec,
            ],
            cwd=PROJECT_ROOT,
            env={**os.environ, **env},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, path: str = "/toegankelijkheid", timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log.name}")
            try:
                status, _ = fetch(self.port, raw_request("GET", path, self.port))
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log.name}")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def worker_rss_mb(self) -> float:
        """The largest resident set size of the workers, from /proc/<pid>/status."""
        largest = 0.0
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    largest = max(largest, int(line.split()[1]) / 1024)
        return round(largest, 1)

    def worker_cpu_s(self) -> float:
        """The CPU time (user + system) the workers have used, from /proc/<pid>/stat."""
        ticks = 0
        for pid in self.worker_pids():
            stat = Path(f"/proc/{pid}/stat").read_text()
            fields = stat.rpartition(")")[2].split()  # after the command name
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self, keep_log: bool = False) -> None:
        """Stop the master (it stops its workers); keep the log only when asked to."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        if keep_log:
            print(f"  gunicorn log kept: {self.log.name}")
        else:
            Path(self.log.name).unlink(missing_ok=True)


def raw_request(
    method: str,
    path: str,
    port: int,
    *,
    cookie: str = "",
    user_agent: str = "",
    form: dict[str, str] | None = None,
    extra_headers: tuple[str, ...] = (),
) -> bytes:
    headers = [
        f"{method} {path} HTTP/1.1",
        f"Host: {HOST}:{port}",
        "Accept: text/html",
        "Connection: close",
        *extra_headers,
    ]
    if user_agent:
        headers.append(f"User-Agent: {user_agent}")
    if cookie:
        headers.append(f"Cookie: session={cookie}")
    body = b""
    if form is not None:
        body = urlencode(form).encode()
        headers += [
            "Content-Type: application/x-www-form-urlencoded",
            f"Content-Length: {len(body)}",
        ]
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def fetch(port: int, request: bytes, timeout: float = 60) -> tuple[int, int]:
    """Send one request; return (status, response bytes). The server closes the connection."""
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    data = b"".join(chunks)
    return int(data[9:12]), len(data)


@dataclass
class LoadResult:
    requests: int = 0
    errors: int = 0
    seconds: float = 0.0
    client_cpu_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    first_error: str = ""

    def add(self, other: LoadResult) -> None:
        """Pool another burst into this result."""
        self.requests += other.requests
        self.errors += other.errors
        self.seconds += other.seconds
        self.client_cpu_s += other.client_cpu_s
        self.latencies_ms += other.latencies_ms
        self.first_error = self.first_error or other.first_error

    @property
    def rps(self) -> float:
        return round(self.requests / self.seconds, 1) if self.seconds else 0.0

    @property
    def p95_ms(self) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered) + 0.5) - 1)], 2)


def run_load(
    port: int,
    requests: list[bytes],
    expect: tuple[int, ...],
    *,
    total: int,
    max_seconds: float,
    min_seconds: float = 0.0,
    concurrency: int = 4,
    warmup: int = 8,
) -> LoadResult:
    """Send `total` requests (cycling through `requests`) and go on for at least
    `min_seconds`; stop after `max_seconds` in any case.

    A throughput needs a window of some length: a few hundred requests of a fast page take a
    fifth of a second, in which a worker's first renders of each page weigh as much as the rest.
    """
    for index in range(warmup):
        fetch(port, requests[index % len(requests)])
    result = LoadResult()
    lock = threading.Lock()
    counter = itertools.count()
    now = time.monotonic()
    deadline, long_enough = now + max_seconds, now + min(min_seconds, max_seconds)

    def worker():
        local: list[float] = []
        errors, first_error = 0, ""
        for index in counter:
            now = time.monotonic()
            if now > deadline or (index >= total and now >= long_enough):
                break
            started = time.perf_counter()
            try:
                status, _ = fetch(port, requests[index % len(requests)])
            except OSError as error:
                status, first_error = 0, first_error or repr(error)
            local.append((time.perf_counter() - started) * 1000)
            if status not in expect:
                errors += 1
                first_error = first_error or f"status {status}"
        with lock:
            result.latencies_ms += local
            result.errors += errors
            result.first_error = result.first_error or first_error

    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    result.client_cpu_s = (cpu_after.ru_utime - cpu_before.ru_utime) + (
        cpu_after.ru_stime - cpu_before.ru_stime
    )
    result.requests = len(result.latencies_ms)
    return result
