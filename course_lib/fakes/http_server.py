"""What both local fakes share: a threaded HTTP/1.1 server on loopback, run in the background.

One thread serves each connection, and at most `max_connections` (see `limits`) are served at
once: a connection over the limit is closed as soon as it is accepted, before any thread
starts, so a client opening connections in a loop cannot make the fake start threads without
end. `BackgroundServer` is the base of every fake: bind at once, serve in a daemon thread,
stop cleanly (also the connections kept alive).
"""

from __future__ import annotations

import contextlib
import signal
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

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
