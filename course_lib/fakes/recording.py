"""What a fake remembers of each request it received, for tests and live demos to inspect.

Tests assert on what a client really sent (`fake.requests[-1].header("Authorization")`); the
control API shows recent requests to an audience, so that view masks every secret.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

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
    body: bytes
    client_port: int  # the client's TCP port: one per connection, so it shows keep-alive reuse

    def header(self, name: str) -> str | None:
        """A header's value, whatever the case of its name (None if it was not sent)."""
        wanted = name.lower()
        return next((v for k, v in self.headers.items() if k.lower() == wanted), None)

    @property
    def json(self) -> Any:
        """The body parsed as JSON, or None if it is empty or not JSON."""
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
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
