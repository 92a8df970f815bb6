"""The fault plan: which chat requests the fake answers badly, and how.

Scripted faults wait in a queue and are used up in order (first in, first out), one per chat
request. When the queue is empty, a sticky fault (`fail_always`) applies to every request, and
after that chaos mode may pick a random transient failure. Everything here is thread-safe:
requests arrive on many threads while a test or an instructor changes the plan.
"""

from __future__ import annotations

import random
import threading
from collections import deque
from dataclasses import asdict, dataclass

# What each kind of fault does to a chat request (the handler implements them).
KINDS = {
    "fail": "answer with an HTTP error status and OpenRouter's JSON error (or a proxy's HTML)",
    "error_in_200": "HTTP 200 whose body is an error and has no choices",
    "finish_reason_error": "HTTP 200, choices[0].finish_reason == 'error' with choices[0].error",
    "mid_stream_error": "a stream that stops with an error event after some text",
    "upstream_rate_limit": "429 'Provider returned error': the provider rate-limited OpenRouter",
    "malformed": "HTTP 200 whose body is cut off: not valid JSON",
    "unexpected_json": "HTTP 200, valid JSON with neither choices nor error",
    "drop": "close the connection without any response",
    "hang": "wait some seconds, then answer normally (for client timeouts)",
}
# Failures that go away on their own: what chaos mode picks from, and what clients retry.
TRANSIENT = (429, 500, 502, 503, 504)
MAX_HANG_S = 600.0


@dataclass(frozen=True)
class Fault:
    """One planned failure of a chat request."""

    kind: str
    status: int = 502
    html: bool = False
    message: str | None = None
    retry_after: int | None = None
    seconds: float = 0.0

    def __post_init__(self) -> None:
        """Refuse faults that make no sense, with a message that says why."""
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(KINDS)}")
        if not isinstance(self.status, int) or not 400 <= self.status <= 599:
            raise ValueError(f"status must be an HTTP error status 400..599, got {self.status!r}")
        if not 0 <= self.seconds <= MAX_HANG_S:
            raise ValueError(f"seconds must be between 0 and {MAX_HANG_S:g}, got {self.seconds}")
        if self.retry_after is not None and self.retry_after < 0:
            raise ValueError(f"retry_after must be 0 or more, got {self.retry_after}")


class FaultPlan:
    """Queued, sticky and random faults for chat requests."""

    def __init__(self) -> None:
        """Start with no faults."""
        self._lock = threading.Lock()
        self._queue: deque[list] = deque()  # [fault, how many more requests it applies to]
        self._sticky: Fault | None = None
        self._chaos_rate = 0.0
        self._rng = random.Random(0)

    def add(self, fault: Fault, count: int = 1) -> None:
        """Apply `fault` to the next `count` chat requests (after the faults already queued)."""
        if not isinstance(count, int) or count < 1:
            raise ValueError(f"count must be a whole number of at least 1, got {count!r}")
        with self._lock:
            self._queue.append([fault, count])

    def set_sticky(self, fault: Fault | None) -> None:
        """Apply `fault` to every chat request once the queue is empty (None: no sticky fault)."""
        with self._lock:
            self._sticky = fault

    def set_chaos(self, rate: float, seed: int = 0) -> None:
        """Fail each chat request with probability `rate` (0..1); `seed` makes it repeatable."""
        if not 0.0 <= rate <= 1.0:
            raise ValueError(f"chaos rate must be between 0 and 1, got {rate}")
        with self._lock:
            self._chaos_rate = float(rate)
            self._rng = random.Random(seed)

    @property
    def chaos_rate(self) -> float:
        """The current probability of a random failure."""
        return self._chaos_rate

    def clear(self) -> None:
        """Drop every queued and sticky fault and switch chaos off."""
        with self._lock:
            self._queue.clear()
            self._sticky = None
            self._chaos_rate = 0.0

    def next(self) -> Fault | None:
        """The fault for the chat request now being handled, or None to answer normally."""
        with self._lock:
            if self._queue:
                entry = self._queue[0]
                entry[1] -= 1
                if entry[1] == 0:
                    self._queue.popleft()
                return entry[0]
            if self._sticky is not None:
                return self._sticky
            if self._chaos_rate and self._rng.random() < self._chaos_rate:
                status = self._rng.choice(TRANSIENT)
                return Fault("fail", status, retry_after=1 if status == 429 else None)
            return None

    def describe(self) -> dict:
        """The plan as JSON-ready data (for the control API)."""
        with self._lock:
            queued = [dict(asdict(f), count=n) for f, n in self._queue]
            sticky = asdict(self._sticky) if self._sticky else None
            return {"queued": queued, "sticky": sticky, "chaos": self._chaos_rate}
