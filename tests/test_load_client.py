"""The load test's client must tell acknowledged, never-sent and maybe-stored writes apart."""

from __future__ import annotations

import http.client
import random
import socket
import threading
import urllib.error
import urllib.request

import pytest

from benchmarks.load_client import LOST, REFUSED, TIMEOUT, Backoff, Writes, classify


def _request(port: int, timeout: float = 5) -> BaseException:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=timeout)
    except (OSError, http.client.HTTPException) as error:
        return error
    raise AssertionError("expected a failure")


def _server(behaviour):
    """A loopback socket that accepts one connection and then does `behaviour(conn)`."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    done = threading.Event()

    def serve():
        conn, _ = listener.accept()
        conn.recv(65536)
        behaviour(conn, done)
        conn.close()
        listener.close()

    threading.Thread(target=serve, daemon=True).start()
    return listener.getsockname()[1], done


def test_a_refused_connection_was_never_sent():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound, not listening: the kernel refuses
        assert classify(_request(port)) == REFUSED


def test_a_connection_closed_mid_request_is_a_lost_answer():
    port, _ = _server(lambda conn, done: None)  # reads the request, closes without answering
    assert classify(_request(port)) == LOST


def test_a_truncated_2xx_is_a_lost_answer_not_an_acknowledgement():
    def half(conn, done):
        conn.sendall(b'HTTP/1.1 201 CREATED\r\nContent-Length: 100\r\n\r\n{"id": 1')

    port, _ = _server(half)
    request = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
    with pytest.raises(http.client.IncompleteRead) as raised:
        request.read()
    assert classify(raised.value) == LOST


def test_a_client_timeout_is_its_own_kind():
    port, done = _server(lambda conn, done: done.wait(5))
    error = _request(port, timeout=0.2)
    done.set()
    assert classify(error) == TIMEOUT


def test_other_errors_are_not_swallowed():
    with pytest.raises(ValueError):
        classify(ValueError("a bug in the client"))
    assert classify(urllib.error.URLError(ConnectionRefusedError())) == REFUSED


class _Ceiling(random.Random):
    def uniform(self, a, b):
        return b  # the largest delay the back-off allows


def test_backoff_grows_to_its_cap_and_resets():
    backoff = Backoff(_Ceiling(), base=0.1, cap=1.0)
    ceilings = [round(backoff.next_delay(), 3) for _ in range(7)]
    assert ceilings == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0, 1.0]
    backoff.reset()
    assert backoff.next_delay() == 0.1


def test_only_2xx_acknowledges_and_a_lost_answer_is_maybe():
    writes = Writes()
    writes.record("a", 201)
    writes.record("b", LOST)
    writes.record("c", TIMEOUT)
    writes.record("d", REFUSED)
    writes.record("e", 500)
    writes.record("f", 403)
    assert writes.acknowledged == {"a"}
    assert writes.maybe == {"b", "c"}


def test_a_later_acknowledgement_replaces_a_maybe():
    writes = Writes()
    writes.record(("u", 1), LOST)
    writes.record(("u", 1), 200)
    writes.record(("u", 1), TIMEOUT)
    assert writes.acknowledged == {("u", 1)} and writes.maybe == set()


def test_compare_counts_lost_maybe_and_unexpected():
    writes = Writes()
    for key in ("a", "b", "c"):
        writes.record(key, 201)
    writes.record("m1", LOST)
    writes.record("m2", TIMEOUT)
    writes.record("never", REFUSED)
    stored = {"a", "b", "m1", "never"}
    assert writes.compare(stored) == {
        "acknowledged": 3,
        "maybe": 2,
        "maybe_stored": 1,
        "stored": 4,
        "lost": 1,  # "c"
        "unexpected": 1,  # "never" was refused, yet stored
    }
