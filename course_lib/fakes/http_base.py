"""What the fakes' request handlers share: HTTP/1.1 keep-alive, fast writes, bounded reads.

The fakes are real HTTP servers (see `http_server`), so real clients (requests, the `openai`
SDK, telebot) talk to them unchanged. Two details keep them fast: connections stay open
between requests (keep-alive), and every response goes out in one write with TCP_NODELAY set,
so Nagle's algorithm and delayed ACKs cannot add ~40 ms stalls between the headers and the
body. Reading is bounded by the server's `ServerLimits` (see `limits` and `http_io`): a request
line, headers and body over their limits are refused, and a request must arrive in time.
"""

from __future__ import annotations

import contextlib
import io
import json
import socket
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any

from course_lib.fakes import http_io

if TYPE_CHECKING:
    from course_lib.fakes.http_server import QuietServer


class Handler(BaseHTTPRequestHandler):
    """Base request handler: HTTP/1.1 keep-alive, single-write responses, no console log."""

    protocol_version = "HTTP/1.1"
    server_version = "course-fake/1.0"
    server: QuietServer

    def setup(self) -> None:
        """Turn Nagle off, and read through a `TimedReader` that enforces the time limits."""
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        limits = self.server.limits
        self.connection.settimeout(limits.idle_timeout_s)
        self.rfile.close()  # the stdlib's reader goes: left open, it would hold the socket open
        self.reader = http_io.TimedReader(self.connection, limits.idle_timeout_s,
                                          limits.request_deadline_s)
        self.rfile = io.BufferedReader(self.reader, http_io.DISCARD_BLOCK)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay silent: a fake in a notebook or test must not print a line per request."""

    def handle_one_request(self) -> None:
        """Read one request within the limits and answer it (the stdlib's loop, bounded)."""
        self.reader.next_request()
        try:
            if self.read_head():
                self.answer()
                self.wfile.flush()
        except TimeoutError:  # idle too long, too slow to send a request, or to read ours
            self.close_connection = True

    def read_head(self) -> bool:
        """Read the request line and headers; False if the connection ended or got an error."""
        limit = self.server.limits.max_line_bytes
        line = self.rfile.readline(limit + 1)
        if not line:
            self.close_connection = True
            return False
        if len(line) > limit:
            self.requestline, self.request_version, self.command = "", "", ""
            self.send_error(HTTPStatus.REQUEST_URI_TOO_LONG)
            return False
        self.raw_requestline = line
        return self.parse_request()  # on False it has answered (400, 431…) already

    def parse_request(self) -> bool:
        """The stdlib's parsing, with the header block limited in bytes and in lines."""
        limits = self.server.limits
        rfile = self.rfile
        self.rfile = http_io.HeadReader(rfile, limits.max_header_bytes,  # type: ignore[assignment]
                                        limits.max_headers)
        try:
            return super().parse_request()
        finally:
            self.rfile = rfile

    def handle_expect_100(self) -> bool:
        """Say "100 Continue" only to a body we would take; a too large one gets 413 at once."""
        try:
            length = http_io.declared_length(self.headers)
        except http_io.BadBody:
            length = None
        if length is not None and length > self.server.limits.max_body_bytes:
            return True  # no 100: `read_body` answers 413, and the client never sends it
        return super().handle_expect_100()

    def answer(self) -> None:
        """Call `do_<METHOD>`, or answer 501 as the stdlib does."""
        method = getattr(self, f"do_{self.command}", None)
        if method is None:
            self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")
            return
        method()

    def read_body(self) -> bytes | None:
        """The request body (b"" if none); None once a too large or malformed one was refused."""
        try:
            return http_io.read_body(self.rfile, self.headers,
                                     self.server.limits.max_body_bytes)
        except http_io.BodyTooLarge as exc:
            self.refuse_body(413, f"Request Entity Too Large: {exc}")
        except http_io.BadBody as exc:
            self.refuse_body(400, f"Bad Request: {exc}")
        return None

    def refuse_body(self, status: int, message: str) -> None:
        """Answer a body we will not read, then hang up (the rest of it is unread)."""
        self.close_connection = True
        self.send_body_error(status, message)
        http_io.linger(self.rfile, self.reader)

    def send_body_error(self, status: int, message: str) -> None:
        """The error for a refused body, in the service's shape (subclasses use their own)."""
        self.send_json(status, {"error": message})

    def send_bytes(
        self,
        status: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Send status line, headers and body in one write."""
        head = [f"HTTP/1.1 {status} {self.responses.get(status, ('Error',))[0]}"]
        head.append(f"Server: {self.server_version}")
        head.append(f"Date: {self.date_time_string()}")
        head.append(f"Content-Type: {content_type}")
        head.append(f"Content-Length: {len(body)}")
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}")
        if self.close_connection:
            head.append("Connection: close")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body
        self.wfile.write(raw)
        self.log_request(status, len(body))

    def send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        """Send a JSON response in one write."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_bytes(status, body, "application/json; charset=utf-8", headers)

    def start_chunked(self, status: int, content_type: str, first_chunk: bytes,
                      headers: dict[str, str] | None = None) -> None:
        """Start a chunked response (length unknown): status, headers and first chunk, one write."""
        head = [f"HTTP/1.1 {status} {self.responses.get(status, ('Error',))[0]}"]
        head.append(f"Server: {self.server_version}")
        head.append(f"Date: {self.date_time_string()}")
        head.append(f"Content-Type: {content_type}")
        head.append("Transfer-Encoding: chunked")
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + _chunk(first_chunk)
        self.wfile.write(raw)
        self.log_request(status)

    def send_chunk(self, data: bytes, last: bool = False) -> None:
        """Send one chunk in one write; `last=True` also ends the body (the zero-size chunk)."""
        self.wfile.write(_chunk(data) + (b"0\r\n\r\n" if last else b""))

    def drop(self) -> None:
        """Close the connection without sending anything (a crashed server or a cut cable)."""
        self.close_connection = True
        with contextlib.suppress(OSError):  # the client is gone already
            self.connection.shutdown(socket.SHUT_RDWR)


def _chunk(data: bytes) -> bytes:
    """One chunk of HTTP/1.1 chunked transfer encoding (empty data gives nothing)."""
    return f"{len(data):X}\r\n".encode("ascii") + data + b"\r\n" if data else b""
