"""How much a fake lets one client take: body and header sizes, connections, time, memory.

A real service protects itself from its clients; so must a fake that grades untrusted code.
Without limits, two 300 MB request bodies grew a grading worker to 624 MB and a client that
opened one connection per thread got 256 threads. With them, every resource a client can
make the fake hold is bounded, and what the fake records stays small:

- a request body over `max_body_bytes` is refused with 413 before it is read;
- request line, header block and header count are capped (431, 414 otherwise);
- at most `max_connections` connections are served at once, one thread each; a connection
  over the limit is closed at once, before any thread starts;
- a kept-alive connection that sends nothing for `idle_timeout_s` is closed, and a request
  (line, headers, body) must arrive within `request_deadline_s` of its first byte, so a
  client that sends a byte a second cannot hold a thread for ever;
- recorded requests, calls and messages keep the newest `max_records` (the rest are
  counted), each recorded body its first `max_record_bytes`; uploaded files share
  `max_file_bytes`, the oldest files going first.

`DEFAULT` keeps every lesson, demo and benchmark working; `GRADING` is for the fakes a
submission talks to: the homework's largest request is a sendMessage of at most 4096
characters (≈ 49 KB in telebot's URL) or a chat request of a few KB.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class ServerLimits:
    """What one fake server allows its clients (see the module docstring)."""

    max_body_bytes: int = 64 * MIB  # a 50 MB Telegram upload plus its form fields
    max_line_bytes: int = 64 * KIB  # the request line; the stdlib's own limit
    max_header_bytes: int = 64 * KIB  # every header line together
    max_headers: int = 100  # the stdlib's own limit
    max_connections: int = 128  # load tests open a few dozen
    idle_timeout_s: float = 30.0  # also the longest a response may wait for a slow reader
    request_deadline_s: float = 60.0  # from a request's first byte to its last
    max_records: int = 10_000  # requests, calls, messages kept of each kind
    max_record_bytes: int = 64 * KIB  # of each recorded body or call's parameters
    max_file_bytes: int = 256 * MIB  # all uploaded files together

    def __post_init__(self) -> None:
        """Refuse limits that would stop every client (zero or negative)."""
        for name, value in vars(self).items():
            if value <= 0:
                raise ValueError(f"ServerLimits.{name} must be positive, got {value!r}")


DEFAULT = ServerLimits()

# Telegram URLs are long: telebot puts a message's text in the query string, and a 4096-emoji
# text is a ~49 KB line. 1 MiB lets a text that is merely too long get Telegram's own 400.
TELEGRAM_DEFAULT = replace(DEFAULT, max_line_bytes=1 * MIB)

# For the fakes inside the grading worker. JSON parsed into Python objects takes up to ~25
# times its size, so bodies are kept small: 32 connections × 256 KiB stay under ~200 MB even
# for a crafted body, and a recorded request takes at most ~48 KB (path, headers, body).
GRADING = ServerLimits(
    max_body_bytes=256 * KIB,
    max_line_bytes=64 * KIB,  # still fits the longest legal telebot sendMessage
    max_header_bytes=16 * KIB,
    max_headers=50,
    max_connections=32,
    idle_timeout_s=10.0,
    request_deadline_s=10.0,
    max_records=200,  # the grader looks at a few dozen requests per fake
    max_record_bytes=16 * KIB,  # still a whole 4096-character message
    max_file_bytes=4 * MIB,
)
