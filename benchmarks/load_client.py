"""The load test's client side: what a failed request means, back-off, and the write ledger.

A write has three outcomes for the client, and the verification must keep them apart:
- acknowledged: a complete 2xx response arrived; the write must be stored;
- not sent: the connection was refused, so the server never saw it; it must not be stored;
- maybe: the request may have reached the server but its answer was lost (the server was
  killed mid-request, the connection was reset, or the client gave up waiting); the write may
  or may not be stored, and either is correct.
Counting a maybe as lost would report phantom losses after a kill; counting it as acknowledged
would hide real ones. Refused connections and lost answers are the client's view only; they
are reported apart from HTTP statuses, and a server 5xx is always an HTTP status.
"""

from __future__ import annotations

import http.client
import random
import urllib.error
from dataclasses import dataclass, field

REFUSED = "refused"  # never reached the server
LOST = "lost"  # connection reset or closed before a complete response
TIMEOUT = "timeout"  # the client stopped waiting; the server may still finish the request
CLIENT_SIDE = (REFUSED, LOST, TIMEOUT)


def classify(error: BaseException) -> str:
    """Name a failed request by what the server may have done with it."""
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, ConnectionRefusedError):
        return REFUSED
    if isinstance(reason, TimeoutError):
        return TIMEOUT
    if isinstance(reason, OSError | http.client.HTTPException):
        return LOST
    raise error


class Backoff:
    """Exponential back-off with full jitter, reset by any HTTP answer.

    Without it 50 users hammer a port nobody listens on while the server restarts, which
    burns the CPU the new server needs to start and fills the numbers with refusals.
    """

    def __init__(self, rnd: random.Random, base: float = 0.05, cap: float = 2.0):
        self.rnd, self.base, self.cap = rnd, base, cap
        self.failures = 0

    def reset(self) -> None:
        self.failures = 0

    def next_delay(self) -> float:
        ceiling = min(self.cap, self.base * 2**self.failures)
        self.failures += 1
        return self.rnd.uniform(0, ceiling)


@dataclass
class Writes:
    """One kind of write: keys acknowledged, keys whose answer was lost."""

    acknowledged: set = field(default_factory=set)
    maybe: set = field(default_factory=set)

    def record(self, key, status) -> None:
        if isinstance(status, int) and 200 <= status < 300:
            self.acknowledged.add(key)
            self.maybe.discard(key)
        elif status in (LOST, TIMEOUT) and key not in self.acknowledged:
            self.maybe.add(key)

    def compare(self, stored: set) -> dict:
        """Acknowledged but missing is lost; stored but never sent is unexpected."""
        lost = self.acknowledged - stored
        unexpected = stored - self.acknowledged - self.maybe
        return {
            "acknowledged": len(self.acknowledged),
            "maybe": len(self.maybe),
            "maybe_stored": len(self.maybe & stored),
            "stored": len(stored),
            "lost": len(lost),
            "unexpected": len(unexpected),
        }
