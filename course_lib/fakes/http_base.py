"""What both local fakes share: a threaded HTTP/1.1 server on loopback, run in the background.

The fakes are real HTTP servers, so real clients (requests, the `openai` SDK, telebot) talk to
them unchanged. Two details keep them fast: connections stay open between requests
(keep-alive), and every response goes out in one write with TCP_NODELAY set, so Nagle's
algorithm and delayed ACKs cannot add ~40 ms stalls between the headers and the body.

Every server also has `ServerLimits` (see `limits`): body and header sizes, open connections
(so threads too: one per connection), and how long a request may take to arrive.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from course_lib.fakes import http_io
from course_lib.fakes.limits import DEFAULT, ServerLimits


class QuietServer(ThreadingHTTPServer):
    """A threaded HTTP server whose worker threads never keep the process alive."""

    daemon_threads = True
    allow_reuse_address = True
    # Many clients connect at once in load tests; the default backlog of 5 would refuse some.
    request_queue_size = 128

    def __init__(self, *args: Any, limits: ServerLimits = DEFAULT, **kwargs: Any) -> None:
        """Bind as usual, and start with no open connections."""
        self.limits = limits
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def verify_request(self, request: Any, client_address: Any) -> bool:
        """Take a connection if there is room (remembered for `close_connections`).

        A connection over the limit is closed here, in the accepting thread, before a
        handler thread starts: threads stay bounded by `max_connections`.
        """
        with self._connections_lock:
            if len(self._connections) >= self.limits.max_connections:
                return False
            self._connections.add(request)
        return True

    @property
    def open_connections(self) -> int:
        """How many connections are being served right now."""
        with self._connections_lock:
            return len(self._connections)

    def shutdown_request(self, request: Any) -> None:
        """Forget a connection once its handler is done with it."""
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open keep-alive connection (their handler threads then return)."""
        with self._connections_lock:
            connections = list(self._connections)
        for conn in connections:
            with contextlib.suppress(OSError):  # already closed by the client
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore clients that hang up mid-request: normal for timeouts and stopped tests."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


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
        self.rfile.close()  # the stdlib's reader: it would keep the socket's file open
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


class BackgroundServer:
    """Runs a `QuietServer` in a daemon thread; a context manager giving its address."""

    def __init__(self, handler: type[BaseHTTPRequestHandler], host: str = "127.0.0.1",
                 port: int = 0, limits: ServerLimits = DEFAULT) -> None:
        """Bind at once (port 0 picks a free port), serve after `start()`."""
        self.server_limits = limits  # (FakeOpenRouter's `limits` are its free-tier limits)
        self.httpd = QuietServer((host, port), handler, limits=limits)
        self.httpd.owner = self  # handlers reach the fake's state through `self.server.owner`
        # Set while stopping: handlers that wait (latency, long polls) wait on it, so a stop
        # never has to sit out a sleeping handler.
        self.stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        """The address the server listens on."""
        return self.httpd.server_address[0]

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return self.httpd.server_address[1]

    def start(self) -> BackgroundServer:
        """Start serving in a background thread."""
        self.stopping.clear()
        # The serve loop checks for `stop()` this often: short, so a test's teardown is quick.
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True,
                                        kwargs={"poll_interval": 0.01})
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, end open connections and release the port."""
        self.stopping.set()
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        # Keep-alive connections would otherwise go on being served by their threads.
        self.httpd.close_connections()
        self.httpd.server_close()

    def __enter__(self) -> BackgroundServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def serve_until_stopped(server: BackgroundServer, first_line: str, hint: str | None = None) -> int:
    """Print `first_line` (the base URL), then serve until Ctrl+C or SIGTERM; exit code 0.

    `hint`, if given, goes to stderr after the first line, so stdout stays machine-readable.
    """
    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with server:
        print(first_line, flush=True)
        if hint:
            print(hint, file=sys.stderr, flush=True)
        while not stop.wait(0.2):
            pass
    return 0
