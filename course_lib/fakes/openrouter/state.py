"""What a fake OpenRouter knows and remembers, apart from its HTTP server.

The keys it accepts, the requests it received, the faults planned for the next chat requests,
the free-tier counters, the revoked keys and each key's spending. The handler and the control
API read and change this state; `server.FakeOpenRouter` adds the HTTP server around it.
Everything here is thread-safe: every connection has its own handler thread.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from course_lib.fakes.limits import DEFAULT, ServerLimits
from course_lib.fakes.openrouter.errors import user_id
from course_lib.fakes.openrouter.faults import Fault, FaultPlan
from course_lib.fakes.openrouter.free_tier import FreeTierLimits
from course_lib.fakes.openrouter.keys import USER_NOT_FOUND, KeyPolicy
from course_lib.fakes.recording import RecordedRequest, RecordLog

FREE_PER_DAY_REAL = 50  # OpenRouter's daily free-model cap without bought credits


class FakeState:
    """The state of one fake OpenRouter, with the methods tests and the control API call."""

    stopping: threading.Event  # set by the server while it stops (ends waits early)

    def __init__(self, *, free_per_minute: int | None = None, free_per_day: int | None = None,
                 data_policy: bool = False, no_credits: bool = False, latency_ms: int = 0,
                 chaos: float = 0.0, seed: int = 0, control: bool = True,
                 keys: Iterable[str] = (), strict: bool = False, any_key: bool = False,
                 limits: ServerLimits = DEFAULT) -> None:
        """Start with no requests, no usage and the faults, limits and modes given."""
        self.faults = FaultPlan()
        self.faults.set_chaos(chaos, seed)  # checks the rate before a port is taken
        self.control = control
        self.data_policy = data_policy  # free models: 404, as if the privacy setting were off
        self.no_credits = no_credits  # paid models: 402
        self.latency_ms = latency_ms  # added before every API request is handled
        self.key_limit: float | None = None  # the credit limit `GET /key` reports (None: none)
        self.keys = KeyPolicy(keys, strict, any_key)
        self.record_limits = limits
        self._log: RecordLog[RecordedRequest] = RecordLog(limits.max_records)
        self.limits = FreeTierLimits(free_per_minute, free_per_day, max_keys=limits.max_records)
        self._lock = threading.Lock()
        self._revoked: set[str] = set()
        self._usage: dict[str, float] = {}  # key: USD spent

    @property
    def free_per_minute(self) -> int | None:
        """Free-model requests a key may make per minute (None: no limit)."""
        return self.limits.per_minute

    @free_per_minute.setter
    def free_per_minute(self, value: int | None) -> None:
        self.limits.per_minute = value

    @property
    def free_per_day(self) -> int | None:
        """Free-model requests a key may make per day (None: no limit)."""
        return self.limits.per_day

    @free_per_day.setter
    def free_per_day(self, value: int | None) -> None:
        self.limits.per_day = value

    @property
    def strict(self) -> bool:
        """Whether only the keys given (and the offline key) are accepted."""
        return self.keys.strict

    @strict.setter
    def strict(self, value: bool) -> None:
        self.keys.strict = value

    # --- requests ----------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """The recorded API requests, oldest first: the newest `max_records` of them."""
        return self._log.items()

    @property
    def request_count(self) -> int:
        """How many API requests were recorded in all, dropped ones included."""
        return self._log.total

    def record(self, method: str, path: str, headers: dict[str, str], body: bytes,
               client_port: int) -> None:
        """Remember one API request (called from the handler threads); long parts are cut."""
        cap = self.record_limits.max_record_bytes
        self._log.append_numbered(lambda number: RecordedRequest(
            method, path[:cap], headers, body[:cap], client_port, number, len(body)))

    def chat_requests(self, since: int = 0) -> list[RecordedRequest]:
        """The recorded `POST …/chat/completions` requests numbered after `since`.

        To see what one step sent: `mark = fake.request_count`, then `chat_requests(mark)`;
        unlike counting the list, this stays right once old records are being dropped.
        """
        return [r for r in self.requests if r.number > since and r.method == "POST"
                and r.path.split("?")[0].endswith("/chat/completions")]

    def pause(self, seconds: float) -> bool:
        """Wait `seconds` unless the fake stops first; True if it is still running."""
        return not self.stopping.wait(seconds) if seconds > 0 else not self.stopping.is_set()

    # --- keys --------------------------------------------------------------------------------

    def key_problem(self, credential: str | None) -> str | None:
        """OpenRouter's 401 message for a credential, or None if the fake accepts it."""
        problem = self.keys.problem(credential)
        if problem is None and self.is_revoked(credential or ""):
            return USER_NOT_FOUND
        return problem

    def accept_key(self, key: str) -> None:
        """Accept `key` from now on, also in strict mode (and un-revoke it)."""
        with self._lock:
            self._revoked.discard(key)
        self.keys.keys = self.keys.keys | {key}

    def revoke(self, key: str) -> None:
        """Revoke a key: from now on it gets 401 "User not found."."""
        with self._lock:
            self._revoked.add(key)

    def is_revoked(self, key: str) -> bool:
        """Whether a key was revoked."""
        with self._lock:
            return key in self._revoked

    def add_usage(self, key: str, cost: float) -> None:
        """Add the cost of one answer to the key's usage."""
        with self._lock:
            self._usage[key] = self._usage.pop(key, 0.0) + cost  # re-added: now the newest
            if len(self._usage) > self.record_limits.max_records:  # a flood of made-up keys
                del self._usage[next(iter(self._usage))]

    def key_info(self, key: str) -> dict:
        """The `data` of `GET /key` for this key, with every field OpenRouter documents."""
        with self._lock:
            usage = round(self._usage.get(key, 0.0), 12)
        limit = self.key_limit
        used_today = self.limits.used_today(key)
        day_limit = self.limits.per_day or FREE_PER_DAY_REAL
        return {
            "label": label(key), "limit": limit,
            "limit_remaining": None if limit is None else max(limit - usage, 0.0),
            "limit_reset": None, "expires_at": None, "include_byok_in_limit": False,
            "usage": usage, "usage_daily": usage, "usage_weekly": usage, "usage_monthly": usage,
            "byok_usage": 0.0, "byok_usage_daily": 0.0, "byok_usage_weekly": 0.0,
            "byok_usage_monthly": 0.0, "is_free_tier": True, "is_management_key": False,
            "is_provisioning_key": False, "creator_user_id": user_id(key),
            "organization_id": None, "workspace_id": None, "allowed_data_regions": ["global"],
            "budgets": [], "effective_budget": None,
            "free_model_daily_requests": {"limit": day_limit, "used": used_today,
                                          "remaining": max(day_limit - used_today, 0)},
            "rate_limit": self.limits.rate_limit_info(),
        }

    # --- faults: each applies to the next chat request(s), in the order planned -----------

    def fail(self, status: int, count: int = 1, *, html: bool = False,
             message: str | None = None, retry_after: int | None = None) -> None:
        """The next `count` chat requests get `status` (JSON error, or a proxy's HTML page)."""
        self.faults.add(Fault("fail", status, html, message, retry_after), count)

    def fail_always(self, status: int, *, html: bool = False, message: str | None = None) -> None:
        """Every chat request gets `status` until `clear()` (after any queued faults)."""
        self.faults.set_sticky(Fault("fail", status, html, message))

    def error_in_200(self, count: int = 1, status: int = 502) -> None:
        """HTTP 200 with `{"error": {...}}` and no choices."""
        self.faults.add(Fault("error_in_200", status), count)

    def finish_reason_error(self, count: int = 1) -> None:
        """HTTP 200 with a few words and `finish_reason: "error"` plus `choices[0].error`."""
        self.faults.add(Fault("finish_reason_error"), count)

    def mid_stream_error(self, count: int = 1) -> None:
        """A stream that stops with an error event after some text (non-streamed: as above)."""
        self.faults.add(Fault("mid_stream_error"), count)

    def upstream_rate_limit(self, count: int = 1) -> None:
        """429 "Provider returned error": the model's provider rate-limited OpenRouter."""
        self.faults.add(Fault("upstream_rate_limit", 429), count)

    def malformed(self, count: int = 1) -> None:
        """HTTP 200 `application/json` whose body is cut off mid-JSON."""
        self.faults.add(Fault("malformed"), count)

    def unexpected_json(self, count: int = 1) -> None:
        """HTTP 200 with valid JSON that has neither `choices` nor `error`."""
        self.faults.add(Fault("unexpected_json"), count)

    def drop(self, count: int = 1) -> None:
        """Close the connection without any response."""
        self.faults.add(Fault("drop"), count)

    def hang(self, seconds: float, count: int = 1) -> None:
        """Wait `seconds`, then answer normally (a stop of the fake ends the wait)."""
        self.faults.add(Fault("hang", seconds=float(seconds)), count)

    def chaos(self, rate: float, seed: int = 0) -> None:
        """Fail each chat request with a random 429/500/502/503/504 with probability `rate`."""
        self.faults.set_chaos(rate, seed)

    def clear(self) -> None:
        """Drop every queued and sticky fault and switch chaos off."""
        self.faults.clear()


def label(key: str) -> str:
    """The key's label as `GET /key` shows it: `sk-or-v1-` + 3 characters, `...`, the last 3."""
    body = key.removeprefix("sk-or-v1-")
    return f"sk-or-v1-{body[:3]}...{body[-3:]}" if len(body) > 6 else "sk-or-v1-..."
