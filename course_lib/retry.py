"""Retrying transient failures: a few more tries, further apart each time, never forever.

The backoff is the official `openai` SDK's: 2 retries, exponential `min(base · 2ⁿ, cap)` with
jitter. The server's `Retry-After` is honoured up to 10 s, the course's own cap (the SDK waits up
to 60 s, or 120 s since 2.52): a student watching the chat for a bot's answer should not wait a
minute, and a free model's per-minute window often asks for tens of seconds. A server that asks
for a longer wait than the cap gets no retry at all: the caller learns at once how long to wait
instead of hanging. Only errors marked `retryable` are retried (connection
failures, timeouts, 408, 429, 500, 502, 503, 504); any other 4xx would fail the same way again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from course_lib.openrouter_errors import OpenRouterError

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry; `sleep` and `rand` are seams for tests."""

    retries: int = 2
    base_s: float = 0.5
    cap_s: float = 8.0
    retry_after_cap_s: float = 10.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False)
    rand: Callable[[], float] = field(default=random.random, compare=False)

    def max_wait_s(self) -> float:
        """The longest total time spent sleeping between tries."""
        return self.retries * max(self.cap_s, self.retry_after_cap_s)

    def delay_s(self, attempt: int, error: OpenRouterError) -> float | None:
        """Seconds to wait before retry number `attempt` (0-based), or None for no retry."""
        if not error.retryable or attempt >= self.retries:
            return None
        if error.retry_after is not None:
            return error.retry_after if error.retry_after <= self.retry_after_cap_s else None
        backoff = min(self.base_s * 2**attempt, self.cap_s)
        return backoff * (1 - 0.25 * self.rand())  # jitter: clients retrying at once spread out


DEFAULT_POLICY = RetryPolicy()
NO_RETRY = RetryPolicy(retries=0)


def call_with_retries(attempt: Callable[[], T], policy: RetryPolicy = DEFAULT_POLICY) -> T:
    """Run `attempt()`; on a retryable `OpenRouterError`, wait as the policy says and try again."""
    for n in range(policy.retries + 1):
        try:
            return attempt()
        except OpenRouterError as error:
            delay = policy.delay_s(n, error)
            if delay is None:
                raise
            log.info("OpenRouter: retry %d/%d in %.1f s after %s", n + 1, policy.retries, delay,
                     error)
            policy.sleep(delay)
    raise AssertionError("unreachable: the last attempt returns or raises")
