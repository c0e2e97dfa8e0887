"""Timings through the Flask test client, as a member logged in through the real form."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask
from sqlalchemy import Engine, event

from benchmarks.common import BENCH_EMAIL, BENCH_PASSWORD
from benchmarks.scenarios import Endpoint, csrf_token

USER_AGENT = "KenMe-benchmark/1.0"


class EndpointFailed(Exception):
    """An endpoint answered with an unexpected status; the run reports it and goes on."""


class QueryCounter:
    """Count SQL statements sent by any engine (before_cursor_execute).

    The app has more than one on PostgreSQL: the page cache reads with its own.
    """

    def __init__(self):
        self.count = 0
        event.listen(Engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args) -> None:
        self.count += 1

    def close(self) -> None:
        event.remove(Engine, "before_cursor_execute", self._seen)


class Session:
    """A logged-in test client with the CSRF token and cookie a browser would hold."""

    def __init__(self, app: Flask):
        self.client = app.test_client()
        self.client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
        page = self.client.get("/inloggen")
        token = csrf_token(page.get_data(as_text=True))
        response = self.client.post(
            "/inloggen",
            data={
                "email": BENCH_EMAIL,
                "password": BENCH_PASSWORD,
                "csrf_token": token,
            },
        )
        if response.status_code != 302 or "/inloggen" in response.headers.get("Location", ""):
            raise SystemExit(f"Logging in as {BENCH_EMAIL} failed ({response.status_code}).")
        home = self.client.get("/")
        self.csrf = csrf_token(home.get_data(as_text=True))
        if self.csrf is None:
            raise SystemExit("No CSRF token on the start page after logging in.")

    @property
    def cookie(self) -> str:
        """The signed session cookie (with the login and the CSRF secret in it).

        A page is shown first, so that no flash message is left in it: the load generator
        sends this cookie unchanged, and a browser would have shown the message once.
        """
        self.client.get("/toegankelijkheid")
        return self.client.get_cookie("session").value

    def request(self, endpoint: Endpoint, path: str):
        if endpoint.method == "POST":
            data = {**endpoint.form, "csrf_token": self.csrf, "submit": "Antwoord plaatsen"}
            return self.client.post(path, data=data)
        return self.client.get(path)


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95 and p99 by the nearest-rank method."""
    ordered = sorted(samples_ms)

    def rank(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, int(p * len(ordered) + 0.5) - 1))], 2)

    return {"p50_ms": rank(0.50), "p95_ms": rank(0.95), "p99_ms": rank(0.99)}


def time_calls(
    call: Callable[[], object], requests: int, warmup: int, max_seconds: float = 3600
) -> list[float]:
    """Time `requests` calls after a warm-up, stopping early (after 20) at `max_seconds`."""
    for _ in range(warmup):
        call()
    samples = []
    deadline = time.perf_counter() + max_seconds
    for _ in range(requests):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
        if len(samples) >= 20 and started > deadline:
            break
    return samples


def measure(
    session: Session, endpoint: Endpoint, requests: int, warmup: int, max_seconds: float
) -> list[float]:
    """Time requests to an endpoint; a wrong status raises EndpointFailed."""
    paths = endpoint.cycle()

    def call():
        path = next(paths)
        response = session.request(endpoint, path)
        if response.status_code not in endpoint.expect:
            raise EndpointFailed(f"{path} answered {response.status_code}")

    return time_calls(call, requests, warmup, max_seconds)


def queries_for(session: Session, counter: QueryCounter, endpoint: Endpoint) -> int:
    """The most SQL statements one warm request to the endpoint needed, over its paths."""
    most = 0
    for path in endpoint.paths[:8]:
        session.request(endpoint, path)  # warm per-process caches, as steady traffic would
        counter.count = 0
        session.request(endpoint, path)
        most = max(most, counter.count)
    return most
