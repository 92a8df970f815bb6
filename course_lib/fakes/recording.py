"""What a fake remembers of each request it received, for tests and live demos to inspect.

Tests assert on what a client really sent (`fake.requests[-1].header("Authorization")`); the
control API shows recent requests to an audience, so that view masks every secret.

What is kept is bounded (see `limits`): a `RecordLog` keeps the newest records and counts the
others, and a recorded body keeps its first bytes and its full length. A client flooding a
fake cannot grow it without end; the numbers of the records still say what came when.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from course_lib.config import mask

# Headers that carry secrets: never shown whole outside a test.
SECRET_HEADERS = ("authorization", "cookie", "x-api-key", "api-key", "proxy-authorization")
# Anything shaped like an OpenRouter key, wherever it appears.
KEY_SHAPE = re.compile(r"sk-or-[A-Za-z0-9-]{6,}")


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it."""

    method: str
    path: str  # as sent, with the query string
    headers: dict[str, str]
    body: bytes  # the first `max_record_bytes` of it
    client_port: int  # the client's TCP port: one per connection, so it shows keep-alive reuse
    number: int = 0  # 1 for the fake's first recorded request, and so on
    body_size: int = -1  # the whole body's length (-1: len(body), it was kept whole)
    at: float = field(default_factory=time.monotonic)  # when it arrived (time.monotonic())

    @property
    def truncated(self) -> bool:
        """Whether only the start of the body was kept."""
        return self.body_size > len(self.body)

    def header(self, name: str) -> str | None:
        """A header's value, whatever the case of its name (None if it was not sent)."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    @property
    def json(self) -> Any:
        """The body parsed as JSON, or None if it is empty or not JSON."""
        try:
            return json.loads(self.body) if self.body else None
        except (ValueError, RecursionError):  # RecursionError: a crafted, deeply nested body
            return None

    def masked(self) -> dict[str, Any]:
        """A JSON-ready view that is safe to show: secrets masked, body as JSON only."""
        headers = {k: _mask_header(k, v) for k, v in self.headers.items()}
        view = {"method": self.method, "path": self.path, "headers": headers, "json": self.json}
        # A key pasted anywhere else (a message, a custom header) is masked too.
        return json.loads(KEY_SHAPE.sub(lambda m: mask(m.group()), json.dumps(view)))


def _mask_header(name: str, value: str) -> str:
    """A header value with any secret in it masked (`Bearer sk-or-v1-…a1b2`)."""
    if name.lower() not in SECRET_HEADERS:
        return value
    scheme, space, secret = value.partition(" ")
    if space and scheme.lower() in ("bearer", "basic", "token"):
        return f"{scheme} {mask(secret)}"
    return mask(value)


T = TypeVar("T")


class RecordLog(Generic[T]):
    """The newest `limit` records of a stream, plus how many there were in all."""

    def __init__(self, limit: int) -> None:
        """An empty log that keeps at most `limit` records."""
        self._kept: deque[T] = deque(maxlen=limit)
        self._lock = threading.Lock()
        self.total = 0  # every record ever added, the dropped ones too

    def append(self, record: T) -> None:
        """Keep a record; the oldest one goes if the log is full."""
        with self._lock:
            self.total += 1
            self._kept.append(record)

    def append_numbered(self, make: Callable[[int], T]) -> T:
        """Build the next record with `make(its number)`, keep it, and return it."""
        with self._lock:
            self.total += 1
            record = make(self.total)
            self._kept.append(record)
            return record

    def items(self) -> list[T]:
        """The kept records, oldest first."""
        with self._lock:
            return list(self._kept)

    @property
    def dropped(self) -> int:
        """How many records were dropped to keep the newest."""
        with self._lock:
            return self.total - len(self._kept)
