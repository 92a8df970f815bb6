"""A local fake of the OpenRouter API, faithful enough for the `openai` SDK and for our client.

It answers `POST /api/v1/chat/completions` (plain and streamed), `GET /api/v1/models` and
`GET /api/v1/key` over real HTTP, with deterministic answers (see `or_answers`), OpenRouter's
error bodies and messages, and every failure a client must survive, on demand.

In Python (tests, notebooks):

    with FakeOpenRouter() as fake:                 # port 0: a free port
        fake.base_url                              # "http://127.0.0.1:PORT/api/v1"
        fake.fail(503, count=2)                    # the next two chat requests get 503
        fake.requests[-1].header("Authorization")  # what the client really sent

From a terminal (live demos): `python -m course_lib fake-openrouter --port 8765` prints the
base URL first, then serves until Ctrl+C. Its control API changes its behaviour meanwhile:

    curl -X POST localhost:8765/_fake/fault -d '{"kind": "fail", "status": 503, "count": 3}'
    curl -X POST localhost:8765/_fake/fault -d '{"kind": "fail", "status": 502, "html": true}'
    curl -X POST localhost:8765/_fake/fault -d '{"kind": "mid_stream_error"}'
    curl -X POST localhost:8765/_fake/fault -d '{"kind": "hang", "seconds": 40}'
    curl -X POST localhost:8765/_fake/fault -d '{"kind": "chaos", "rate": 0.3, "seed": 1}'
    curl -X POST localhost:8765/_fake/settings -d '{"data_policy": true, "latency_ms": 300}'
    curl -X POST localhost:8765/_fake/settings -d '{"free_per_minute": 3}'
    curl -X POST localhost:8765/_fake/revoke -d '{"key": "sk-or-v1-fake-local-key"}'
    curl -X POST localhost:8765/_fake/clear
    curl localhost:8765/_fake/requests?limit=5      # recent requests, keys masked

Every fault kind of the Python API works as `"kind"` (see `or_control`). Faults apply to chat
requests only, after the key check, in the order they were planned.

Limits (`course_lib.fakes.limits`): a body over 64 MiB gets 413 with OpenRouter's JSON
error, at most 128 connections are served at once, idle ones close after 30 s, and `requests`
keeps the newest 10,000 (`request_count` counts them all). A fake that untrusted code talks to
takes `FakeOpenRouter(control=False, limits=GRADING)`: smaller limits, and no `/_fake/…` routes
(they answer 404 like any unknown path), while the Python API above keeps working.
"""

from __future__ import annotations

import argparse
import sys
import threading

from course_lib.config import mask
from course_lib.fakes.http_server import BackgroundServer, serve_until_stopped
from course_lib.fakes.limits import DEFAULT, ServerLimits
from course_lib.fakes.or_faults import Fault, FaultPlan
from course_lib.fakes.or_handler import API, OpenRouterHandler
from course_lib.fakes.or_limits import FreeTierLimits
from course_lib.fakes.recording import RecordedRequest, RecordLog

__all__ = ["FakeOpenRouter", "RecordedRequest", "add_arguments", "run"]


class FakeOpenRouter(BackgroundServer):
    """A local OpenRouter: a real HTTP server with deterministic answers and faults on demand."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *,
                 free_per_minute: int | None = None, free_per_day: int | None = None,
                 data_policy: bool = False, no_credits: bool = False, latency_ms: int = 0,
                 chaos: float = 0.0, seed: int = 0, control: bool = True,
                 limits: ServerLimits = DEFAULT) -> None:
        """Bind at once (port 0 picks a free port); serve inside `with` or after `start()`.

        `control=False` turns the `/_fake/…` HTTP routes off; `limits` bounds what clients
        may send and what is recorded (it is `server_limits`; `self.limits` is the free tier).
        """
        self.faults = FaultPlan()
        self.faults.set_chaos(chaos, seed)  # checks the rate before a port is taken
        super().__init__(OpenRouterHandler, host, port, limits)
        self.control = control
        self.data_policy = data_policy  # free models: 404, as if the privacy setting were off
        self.no_credits = no_credits  # paid models: 402
        self.latency_ms = latency_ms  # added before every API request is handled
        self.key_limit: float | None = None  # the credit limit `GET /key` reports (None: none)
        self._log: RecordLog[RecordedRequest] = RecordLog(limits.max_records)
        self.limits = FreeTierLimits(free_per_minute, free_per_day, max_keys=limits.max_records)
        self._lock = threading.Lock()
        self._revoked: set[str] = set()
        self._usage: dict[str, float] = {}  # key: USD spent

    @property
    def base_url(self) -> str:
        """The API base to give a client, e.g. `http://127.0.0.1:8765/api/v1`."""
        return f"http://{self.host}:{self.port}{API}"

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

    # --- what the handler asks of the fake -------------------------------------------------

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
        cap = self.server_limits.max_record_bytes
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
            if len(self._usage) > self.server_limits.max_records:  # a flood of made-up keys
                del self._usage[next(iter(self._usage))]

    def key_info(self, key: str) -> dict:
        """The `data` of `GET /key` for this key."""
        with self._lock:
            usage = round(self._usage.get(key, 0.0), 12)
        limit = self.key_limit
        return {"label": mask(key), "limit": limit,
                "limit_remaining": None if limit is None else max(limit - usage, 0.0),
                "limit_reset": None, "usage": usage, "is_free_tier": True,
                "is_provisioning_key": False, "rate_limit": self.limits.rate_limit_info()}

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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m course_lib fake-openrouter`."""
    parser.add_argument("--host", default="127.0.0.1", help="address (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8765,
                        help="port, 0 for any free one (default: %(default)s)")
    parser.add_argument("--latency-ms", type=int, default=0, metavar="N",
                        help="delay added to every API request")
    parser.add_argument("--chaos", type=float, default=0.0, metavar="RATE",
                        help="share of chat requests (0..1) failing with a random 429/5xx")
    parser.add_argument("--seed", type=int, default=0, help="seed of --chaos (repeatable)")
    parser.add_argument("--free-limit", type=int, metavar="N",
                        help="free-model requests per minute and key (OpenRouter: 20)")
    parser.add_argument("--free-per-day", type=int, metavar="N",
                        help="free-model requests per day and key (OpenRouter: 50)")
    parser.add_argument("--data-policy", action="store_true",
                        help="free models answer 404, as if the privacy setting were off")
    parser.add_argument("--no-credits", action="store_true", help="paid models answer 402")
    parser.epilog = "Control API while it runs:\n" + (__doc__ or "").partition("meanwhile:\n")[2]
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    """Serve the fake until Ctrl+C or SIGTERM; the base URL is the first line of stdout."""
    try:
        fake = FakeOpenRouter(args.host, args.port, free_per_minute=args.free_limit,
                              free_per_day=args.free_per_day, data_policy=args.data_policy,
                              no_credits=args.no_credits, latency_ms=args.latency_ms,
                              chaos=args.chaos, seed=args.seed)
    except (OSError, ValueError) as exc:
        print(f"fake-openrouter: cannot start on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    root = fake.base_url.removesuffix(API)
    hint = (f"fake OpenRouter ready. Faults for demos: curl -X POST {root}/_fake/fault "
            """-d '{"kind": "fail", "status": 503}'  (more: --help)""")
    return serve_until_stopped(fake, fake.base_url, hint)
