"""A small local httpbin: an HTTP server that shows you what you sent, for lesson 01.

Like httpbin.org, but on 127.0.0.1 and offline. Routes (any method unless noted):

    /anything[/…]  echoes method, path, query (`args`), headers, body (`data`, `json`, `form`)
                   and the client's address (`origin`: one TCP port per connection)
    /headers       only the request headers
    /status/<code> answers with that status code (and a JSON body saying which)
    /bearer        401 without `Authorization: Bearer …`, 200 with it
    /stream/<n>    GET: n JSON lines, one chunk each (chunked transfer encoding), n ≤ 100
    /delay/<s>     waits s seconds (at most 10), then answers like /anything

HEAD gets the headers a GET would get, without the body; OPTIONS gets `Allow`. A body sent
as `Content-Type: application/json` that is not JSON gets 400. Secrets in echoed headers
(`Authorization`, cookies) are masked, as everywhere in the course.

    with FakeHttpbin() as server:
        requests.get(server.base_url + "/anything?q=1").json()["args"]   # {"q": "1"}
"""

from __future__ import annotations

import io
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

from course_lib.fakes.http_base import Handler
from course_lib.fakes.http_server import BackgroundServer
from course_lib.fakes.recording import _mask_header as mask_header

if TYPE_CHECKING:
    from email.message import Message

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
MAX_LINES = 100  # /stream/<n>: enough for any demo, too few to tie up the server
MAX_DELAY_S = 10.0  # /delay/<s>: httpbin's own bound
# 1xx, 204 and 304 responses never carry a body (RFC 9110), so /status refuses 1xx and
# answers 204/304 without one.
NO_BODY = (204, 304)
ROUTE = re.compile(r"/(anything|headers|status|bearer|stream|delay)(?:/(.*))?")


class HttpbinError(Exception):
    """Answer the request with this status and message instead."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        """Keep what the error response needs."""
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def query_args(query: str) -> dict[str, str | list[str]]:
    """The query string as a dict: one value as a string, a repeated name as a list."""
    return {name: values[0] if len(values) == 1 else values
            for name, values in parse_qs(query, keep_blank_values=True).items()}


def parse_body(body: bytes, content_type: str) -> dict[str, Any]:
    """The body as text (`data`), and parsed as JSON or as a form when its type says so."""
    kind = content_type.split(";")[0].strip().lower()
    parsed: dict[str, Any] = {"data": body.decode("utf-8", "replace"), "json": None, "form": {}}
    if kind == "application/json" and body:
        try:
            parsed["json"] = json.loads(body)
        except (ValueError, RecursionError) as exc:  # the header promised JSON: the client erred
            raise HttpbinError(400, f"the body is not valid JSON ({exc})") from None
    elif kind == "application/x-www-form-urlencoded":
        parsed["form"] = query_args(parsed["data"])
    return parsed


def shown_headers(headers: Message) -> dict[str, str]:
    """The request headers as a dict, with secrets masked."""
    return {name: mask_header(name, value) for name, value in headers.items()}


def bounded_int(text: str | None, low: int, high: int) -> int:
    """`text` as an int in [low, high], else 400."""
    if not text or not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise HttpbinError(400, f"expected a whole number from {low} to {high}, got {text!r}")
    return int(text)


class HttpbinHandler(Handler):
    """Handles one connection: every method goes to `dispatch`."""

    def do_GET(self) -> None:
        """Answer the request, or with the error it deserves."""
        body = self.read_body()
        if body is None:
            return  # too large or malformed: refused already
        self.body = body
        url = urlsplit(self.path)
        try:
            self.dispatch(url.path, url.query)
        except HttpbinError as error:
            self.send_json(error.status, {"error": error.message}, error.headers)

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

    def dispatch(self, path: str, query: str) -> None:
        """Choose the route by the first part of the path."""
        match = ROUTE.fullmatch(path)
        if match is None:
            raise HttpbinError(404, f"no route {path}")
        if self.command == "OPTIONS":  # "which methods may I use here?": the same everywhere
            self.send_bytes(200, b"", "text/plain", {"Allow": ", ".join(METHODS)})
            return
        route, rest = match.groups()
        getattr(self, f"route_{route}")(rest, query)

    def echo(self, query: str) -> dict[str, Any]:
        """What the client sent, as httpbin shows it."""
        host, port = self.client_address[:2]
        return {"method": self.command, "path": urlsplit(self.path).path,
                "args": query_args(query), "headers": shown_headers(self.headers),
                **parse_body(self.body, self.headers.get("Content-Type", "")),
                "origin": f"{host}:{port}"}

    def route_anything(self, rest: str | None, query: str) -> None:
        """Echo the whole request."""
        self.send_json(200, self.echo(query))

    def route_headers(self, rest: str | None, query: str) -> None:
        """Echo the request headers only."""
        self.send_json(200, {"headers": shown_headers(self.headers)})

    def route_status(self, rest: str | None, query: str) -> None:
        """Answer with the status code in the path."""
        status = bounded_int(rest, 200, 599)
        reason = self.responses.get(status, ("Unknown",))[0]
        headers = {"Retry-After": "1"} if status in (429, 503) else {}
        if status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        if status in NO_BODY:
            self.send_bytes(status, b"", "text/plain", headers)
        else:
            self.send_json(status, {"status": status, "reason": reason}, headers)

    def route_bearer(self, rest: str | None, query: str) -> None:
        """200 if the request carries a Bearer token, 401 otherwise (the token is not checked)."""
        scheme, _, token = self.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HttpbinError(401, "missing header: Authorization: Bearer <token>",
                               {"WWW-Authenticate": "Bearer"})
        self.send_json(200, {"authenticated": True})

    def route_stream(self, rest: str | None, query: str) -> None:
        """n JSON lines, each sent as its own chunk as soon as it is ready."""
        if self.command != "GET":
            raise HttpbinError(405, "use GET /stream/<n>", {"Allow": "GET"})
        count = bounded_int(rest, 1, MAX_LINES)
        lines = [json.dumps({"line": i, "of": count}).encode() + b"\n" for i in range(1, count + 1)]
        self.start_chunked(200, "application/x-ndjson", lines[0])
        for line in lines[1:]:
            self.send_chunk(line)
        self.send_chunk(b"", last=True)

    def route_delay(self, rest: str | None, query: str) -> None:
        """Wait, then echo; a stopping server ends the wait (and the connection) at once."""
        try:
            seconds = min(max(float(rest or ""), 0.0), MAX_DELAY_S)
        except ValueError:
            raise HttpbinError(400, f"expected a number of seconds, got {rest!r}") from None
        if self.server.owner.stopping.wait(seconds):  # type: ignore[attr-defined]
            self.drop()
            return
        self.send_json(200, self.echo(query))

    def send_bytes(self, status: int, body: bytes, content_type: str,
                   headers: dict[str, str] | None = None) -> None:
        """As the base class, but a HEAD response stops after the headers (same as GET's)."""
        if self.command != "HEAD":
            super().send_bytes(status, body, content_type, headers)
            return
        # Let the base class build the response into a buffer, then send it without the body:
        # the headers, Content-Length included, are exactly those a GET would get.
        wfile, self.wfile = self.wfile, io.BytesIO()
        try:
            super().send_bytes(status, body, content_type, headers)
            response = self.wfile.getvalue()
        finally:
            self.wfile = wfile
        self.wfile.write(response[: len(response) - len(body)])


class FakeHttpbin(BackgroundServer):
    """The local httpbin, on a free port of 127.0.0.1 unless told otherwise."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Bind at once; serve inside `with` or after `start()`."""
        super().__init__(HttpbinHandler, host, port)

    @property
    def base_url(self) -> str:
        """The server's address, e.g. `http://127.0.0.1:8080` (no trailing slash)."""
        return f"http://{self.host}:{self.port}"
