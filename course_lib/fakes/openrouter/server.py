"""`FakeOpenRouter`: the fake's state (`state.FakeState`) served by a real HTTP server.

The server binds at once (port 0: a free port) and serves in a background thread inside
`with` or after `start()`; every connection is handled by `handler.OpenRouterHandler`.
"""

from __future__ import annotations

from collections.abc import Iterable

from course_lib.fakes.http_server import BackgroundServer
from course_lib.fakes.limits import DEFAULT, ServerLimits
from course_lib.fakes.openrouter.handler import API, OpenRouterHandler
from course_lib.fakes.openrouter.state import FakeState


class FakeOpenRouter(FakeState, BackgroundServer):
    """A local OpenRouter: a real HTTP server with deterministic answers and faults on demand."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *,
                 free_per_minute: int | None = None, free_per_day: int | None = None,
                 data_policy: bool = False, no_credits: bool = False, latency_ms: int = 0,
                 chaos: float = 0.0, seed: int = 0, control: bool = True,
                 keys: Iterable[str] = (), strict: bool = False, any_key: bool = False,
                 limits: ServerLimits = DEFAULT) -> None:
        """Bind at once (port 0 picks a free port); serve inside `with` or after `start()`.

        `keys` are accepted even when not well-formed; `strict=True` accepts only them (and
        the course's offline key); `any_key=True` accepts every credential (a grader's fake,
        see `keys`). `control=False` turns the `/_fake/…` HTTP routes off;
        `limits` bounds what clients may send and what is recorded (it is `server_limits`;
        `self.limits` is the free tier).
        """
        FakeState.__init__(self, free_per_minute=free_per_minute, free_per_day=free_per_day,
                           data_policy=data_policy, no_credits=no_credits,
                           latency_ms=latency_ms, chaos=chaos, seed=seed, control=control,
                           keys=keys, strict=strict, any_key=any_key, limits=limits)
        BackgroundServer.__init__(self, OpenRouterHandler, host, port, limits)

    @property
    def base_url(self) -> str:
        """The API base to give a client, e.g. `http://127.0.0.1:8765/api/v1`."""
        return f"http://{self.host}:{self.port}{API}"
