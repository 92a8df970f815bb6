"""Reading a request off the socket within limits: time, header size and body size.

The pieces, used by `http_base.Handler`:

- `TimedReader` sits under the handler's `rfile`: waiting for a request's first byte may take
  `idle_s`; from that byte on, the whole request must arrive within `deadline_s`. A socket
  timeout alone cannot do this: a client sending one byte a second never trips it.
- `HeadReader` stands in for `rfile` while `http.server` reads the headers, and raises the
  errors `http.server` already answers with 431 once there are too many or too long ones.
- `read_body` reads a body by Content-Length or in chunked transfer encoding, and stops at
  the limit: a declared length over it is refused before a byte is read.
- `linger` lets a refused client finish sending, so that it reads our 413 and not a reset.
"""

from __future__ import annotations

import contextlib
import http.client
import io
import socket
import time
from email.message import Message
from typing import Any

CHUNK_LINE_MAX = 1024  # a chunk's size line: hex digits and maybe an extension
TRAILERS_MAX = 32  # header lines after the last chunk
LINGER_S = 2.0  # how long a refused client may go on sending before we hang up
DISCARD_BLOCK = 64 * 1024


class BodyTooLarge(Exception):
    """The request body is longer than the limit (answer 413)."""


class BadBody(ValueError):
    """The request body is framed wrongly: a bad Content-Length or chunk (answer 400)."""


class TimedReader(io.RawIOBase):
    """Socket reads with two clocks: the idle wait for a request, then its deadline."""

    def __init__(self, sock: socket.socket, idle_s: float, deadline_s: float) -> None:
        """Read from `sock`; see the module docstring for the two times."""
        self.sock, self.idle_s, self.deadline_s = sock, idle_s, deadline_s
        self.deadline: float | None = None  # None: waiting for the next request's first byte

    def readable(self) -> bool:
        """This is a reader."""
        return True

    def next_request(self) -> None:
        """The previous request is done: the idle clock runs until the next one starts."""
        self.deadline = None

    def cut_at(self, moment: float) -> None:
        """End reading at `moment` (time.monotonic) at the latest."""
        self.deadline = moment if self.deadline is None else min(self.deadline, moment)

    def readinto(self, buffer: Any) -> int:
        """One recv, within whichever clock runs; TimeoutError when it has run out."""
        timeout = self.idle_s
        if self.deadline is not None:
            timeout = self.deadline - time.monotonic()
            if timeout <= 0:
                raise TimeoutError("the request took longer than its deadline")
        self.sock.settimeout(timeout)
        try:
            count = self.sock.recv_into(buffer)
        finally:
            # Writes use the socket's timeout too: a response may wait idle_s for its reader.
            self.sock.settimeout(self.idle_s)
        if count and self.deadline is None:
            self.deadline = time.monotonic() + self.deadline_s
        return count


class HeadReader:
    """`rfile` while headers are read: counts their lines and bytes, as http.client cannot."""

    def __init__(self, rfile: io.BufferedIOBase, max_bytes: int, max_lines: int) -> None:
        """Wrap `rfile` with a budget of bytes and of header lines."""
        self.rfile, self.max_bytes, self.max_lines = rfile, max_bytes, max_lines
        self.bytes = self.lines = 0

    def readline(self, limit: int = -1) -> bytes:
        """One header line; http.server answers the errors raised here with 431."""
        line = self.rfile.readline(limit)
        self.bytes += len(line)
        self.lines += line not in (b"\r\n", b"\n", b"")  # the blank line ends the headers
        if self.bytes > self.max_bytes:
            raise http.client.LineTooLong(f"headers over {self.max_bytes} bytes")
        if self.lines > self.max_lines:
            raise http.client.HTTPException(f"got more than {self.max_lines} headers")
        return line

    def __getattr__(self, name: str) -> Any:
        """Everything else (read, peek…) as the real rfile."""
        return getattr(self.rfile, name)


def declared_length(headers: Message) -> int | None:
    """The Content-Length of a request (None if it has none or is chunked)."""
    if headers.get("Transfer-Encoding"):
        return None
    raw = headers.get("Content-Length")
    if raw is None:
        return None
    if not raw.strip().isdigit():
        raise BadBody(f"Content-Length must be a whole number, got {raw!r}")
    return int(raw)


def read_body(rfile: io.BufferedIOBase, headers: Message, limit: int) -> bytes:
    """The request body, if it is at most `limit` bytes; else `BodyTooLarge`, unread."""
    encoding = (headers.get("Transfer-Encoding") or "").strip().lower()
    if encoding:
        if encoding != "chunked":  # RFC 9112: any other coding we cannot frame is a 400
            raise BadBody(f"unsupported Transfer-Encoding {encoding!r}")
        return read_chunked(rfile, limit)
    length = declared_length(headers) or 0
    if length > limit:
        raise BodyTooLarge(f"the body is {length} bytes, the limit is {limit}")
    return rfile.read(length) if length else b""


def read_chunked(rfile: io.BufferedIOBase, limit: int) -> bytes:
    """A chunked body, read chunk by chunk; `BodyTooLarge` as soon as it passes `limit`."""
    body = bytearray()
    while True:
        line = rfile.readline(CHUNK_LINE_MAX + 1)
        if not line:
            raise ConnectionResetError("the client hung up in the middle of a chunked body")
        if not line.endswith(b"\n") or len(line) > CHUNK_LINE_MAX:
            raise BadBody("a chunk size line is cut off or too long")
        size_text = line.split(b";", 1)[0].strip()  # drop chunk extensions
        try:
            size = int(size_text, 16)
        except ValueError:
            raise BadBody(f"bad chunk size {size_text[:20]!r}") from None
        if size == 0:
            _skip_trailers(rfile)
            return bytes(body)
        if len(body) + size > limit:
            raise BodyTooLarge(f"the chunked body passed the limit of {limit} bytes")
        data = rfile.read(size)
        if len(data) < size:
            raise ConnectionResetError("the client hung up in the middle of a chunk")
        body += data
        if rfile.readline(3).strip():  # the CRLF after each chunk
            raise BadBody("a chunk is longer than its size line says")


def _skip_trailers(rfile: io.BufferedIOBase) -> None:
    """Read the trailer lines after the last chunk, up to the blank line."""
    for _ in range(TRAILERS_MAX):
        if rfile.readline(CHUNK_LINE_MAX + 1) in (b"\r\n", b"\n", b""):
            return
    raise BadBody("too many trailer lines")


def linger(rfile: io.BufferedIOBase, reader: TimedReader, seconds: float = LINGER_S) -> None:
    """Throw away what a refused client still sends, for a while, then let it be closed.

    Closing a socket with unread data in it resets the connection, and a client still
    sending its body would see "connection reset" instead of our 413. So, like nginx's
    lingering close, read and drop (in small blocks: nothing is kept) until the client
    stops or `seconds` pass.
    """
    reader.cut_at(time.monotonic() + seconds)
    with contextlib.suppress(OSError, ValueError):  # timeouts and resets end it, as they should
        while rfile.read1(DISCARD_BLOCK):
            pass
