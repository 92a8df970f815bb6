"""OpenRouter's free-tier rate limits on `:free` models, counted per key.

Real limits: 20 requests a minute, and 50 a day (1000 a day once $10 of credits were bought).
The fake counts in fixed windows, a calendar minute and a UTC day, like the `X-RateLimit-Reset`
timestamps OpenRouter sends. A request counts when it passes the limits; refused ones do not.
The clock can be replaced, so tests can move to the next minute without waiting.
Counters are kept for the `max_keys` keys used last (the fake accepts every well-formed key,
so a client inventing keys must not grow them without end).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from course_lib.fakes.openrouter import errors


@dataclass(frozen=True)
class LimitHit:
    """A request refused by a free-tier limit: the 429's message, HTTP headers and metadata."""

    message: str
    headers: dict[str, str]
    metadata: dict


class FreeTierLimits:
    """Per-key request counters for the per-minute and per-day limits (None: no limit)."""

    def __init__(self, per_minute: int | None = None, per_day: int | None = None,
                 clock: Callable[[], float] = time.time, max_keys: int = 10_000) -> None:
        """Set the limits; `clock` gives Unix time in seconds."""
        self.per_minute = per_minute
        self.per_day = per_day
        self.clock = clock
        self.max_keys = max_keys
        self._lock = threading.Lock()
        self._minutes: dict[str, tuple[int, int]] = {}  # key: (minute number, requests in it)
        self._days: dict[str, tuple[int, int]] = {}  # key: (day number, requests in it)

    def check(self, key: str) -> LimitHit | None:
        """Count one request of `key` if the limits allow it; otherwise say which limit hit."""
        now = self.clock()
        minute, day = int(now // 60), int(now // 86400)
        with self._lock:
            in_minute = _count(self._minutes, key, minute)
            in_day = _count(self._days, key, day)
            if self.per_minute is not None and in_minute >= self.per_minute:
                return _minute_hit(self.per_minute, now, (minute + 1) * 60)
            if self.per_day is not None and in_day >= self.per_day:
                return _day_hit(self.per_day, (day + 1) * 86400)
            for counts, number, seen in ((self._minutes, minute, in_minute),
                                         (self._days, day, in_day)):
                counts.pop(key, None)  # re-added below: the key becomes the newest
                counts[key] = (number, seen + 1)
                if len(counts) > self.max_keys:
                    del counts[next(iter(counts))]  # the key used longest ago
        return None

    def rate_limit_info(self) -> dict:
        """The `rate_limit` object of `GET /key` (-1 requests: no limit)."""
        return {"requests": self.per_minute if self.per_minute is not None else -1,
                "interval": "1m", "note": "This field is deprecated and safe to ignore."}

    def used_today(self, key: str) -> int:
        """Free-model requests `key` made so far in the current UTC day."""
        with self._lock:
            return _count(self._days, key, int(self.clock() // 86400))

    def reset(self) -> None:
        """Forget every count (a fresh minute and day for every key)."""
        with self._lock:
            self._minutes.clear()
            self._days.clear()


def _count(counters: dict[str, tuple[int, int]], key: str, window: int) -> int:
    """Requests of `key` so far in `window` (0 once a new window has begun)."""
    seen_window, count = counters.get(key, (window, 0))
    return count if seen_window == window else 0


def _minute_hit(limit: int, now: float, reset_s: int) -> LimitHit:
    """The per-minute 429: `Retry-After` in seconds, and the `X-RateLimit-*` headers."""
    rate_headers = errors.rate_limit_headers(limit, 0, reset_s * 1000)
    retry_after = max(1, math.ceil(reset_s - now))
    return LimitHit(errors.FREE_PER_MINUTE, {**rate_headers, "Retry-After": str(retry_after)},
                    {"headers": rate_headers, "provider_name": None})


def _day_hit(limit: int, reset_s: int) -> LimitHit:
    """The per-day 429: only the `X-RateLimit-*` headers (waiting is no quick fix here)."""
    rate_headers = errors.rate_limit_headers(limit, 0, reset_s * 1000)
    return LimitHit(errors.FREE_PER_DAY, dict(rate_headers),
                    {"headers": rate_headers, "provider_name": None})
