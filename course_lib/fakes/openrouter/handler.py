"""The fake's routes: `/api/v1/chat/completions`, `/models`, `/key`, and `/_fake/…`.

A chat request goes through the same steps, in the same order, as at OpenRouter:

    record → added latency → key → scripted fault or chaos → body checks → model
    → free-tier limits → data policy (free models) → credits (paid models) → answer

Any step can stop the request with `Abort` (like Flask's `abort()`), which becomes an error
response in OpenRouter's shape. A body over the size limit never gets that far: it is
refused with 413 (in the same shape) before it is read, and not recorded.
The handler reaches the fake's state (`state.FakeState`) through its server; it never
imports the server module, so the imports go one way: server → handler → the rest.
"""

from __future__ import annotations

import functools
import json
from urllib.parse import parse_qs, urlsplit

from course_lib import catalog
from course_lib.fakes.http_base import Handler
from course_lib.fakes.openrouter import bad_200, control, errors, keys, stream, wire
from course_lib.fakes.openrouter.answers import answer, prompt_tokens
from course_lib.fakes.openrouter.faults import Fault
from course_lib.fakes.openrouter.request import ChatRequest, InvalidRequest, best_effort, parse_chat
from course_lib.fakes.openrouter.state import FakeState

API = "/api/v1"
ROUTES = {  # path: (method, name of the handler method)
    f"{API}/chat/completions": ("POST", "chat"),
    f"{API}/models": ("GET", "list_models"),
    f"{API}/key": ("GET", "key_info"),
}


MAX_PAGE = 1000  # the most models one page of `GET /models` may hold


def _whole(query: dict[str, list[str]], name: str, default: int, least: int) -> int:
    """A whole-number query parameter of at least `least`; 400 if it is anything else."""
    value = query.get(name, [str(default)])[0]
    if not value.isdigit() or int(value) < least:
        raise Abort(400, f"{name} must be a whole number of at least {least}, got {value!r}")
    return int(value)


class Abort(Exception):
    """Stop handling a request and answer with this error."""

    def __init__(self, status: int, message: str, metadata: dict | None = None,
                 headers: dict[str, str] | None = None) -> None:
        """Keep what the error response needs."""
        super().__init__(message)
        self.status, self.message = status, message
        self.metadata, self.headers = metadata, headers


class OpenRouterHandler(Handler):
    """Handles one connection to the fake; `self.fake` holds the shared state."""

    key: str | None = None  # the caller's key once it passed the check (errors then name a user)
    query: str = ""  # the query string of the request being handled

    @property
    def fake(self) -> FakeState:
        """The state of the fake this server belongs to."""
        return self.server.owner  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        """Handle any method the same way: the routes decide what is allowed."""
        self.dispatch(self.command)

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def dispatch(self, method: str) -> None:
        """Read the request, hand it to the control API or to an API route."""
        self.key = None  # one handler serves every request of a keep-alive connection
        body = self.read_body()
        if body is None:
            return  # too large or malformed: refused already
        url = urlsplit(self.path)
        self.query = url.query
        if url.path.startswith("/_fake/") and self.fake.control:
            status, payload = control.handle(self.fake, method, url.path, url.query, body)
            self.send_json(status, payload)
            return
        self.fake.record(method, self.path, dict(self.headers.items()), body,
                         self.client_address[1])
        if not self.fake.pause(self.fake.latency_ms / 1000):
            self.drop()  # the fake is stopping
            return
        try:
            self.route(method, url.path.rstrip("/"), body)
        except Abort as abort:
            error = errors.error_body(abort.status, abort.message, abort.metadata,
                                         errors.user_id(self.key) if self.key else None)
            self.send_json(abort.status, error, abort.headers)

    def send_body_error(self, status: int, message: str) -> None:
        """A refused body (413, 400) gets OpenRouter's JSON error."""
        self.send_json(status, errors.error_body(status, message))

    def route(self, method: str, path: str, body: bytes) -> None:
        """Call the route's method, or answer 404 (unknown path) or 405 (wrong method)."""
        if path not in ROUTES:
            raise Abort(404, f"Not Found: no route {method} {path or '/'}")
        allowed, name = ROUTES[path]
        if method != allowed:
            raise Abort(405, f"Method Not Allowed: use {allowed} {path}",
                        headers={"Allow": allowed})
        getattr(self, name)(body)

    def authenticate(self) -> str:
        """The caller's key from `Authorization: Bearer <key>`; 401 as OpenRouter's if refused."""
        credential = keys.bearer(self.headers.get("Authorization"))
        problem = self.fake.key_problem(credential)
        if problem is not None or credential is None:
            raise Abort(401, problem or keys.MISSING_AUTH)
        self.key = credential
        return self.key

    def list_models(self, body: bytes) -> None:
        """`GET /models`: the catalog, in today's model schema; no key needed.

        Without `offset` and `limit` the whole list comes as `{"data": [...]}`; with either
        (the `openrouter` SDK always sends both), one page plus `links.next` and `total_count`.
        Other filters (`category`, `sort`, …) are accepted and ignored.
        """
        version = (catalog.snapshot_date(), catalog.is_refreshed(), len(catalog.ids()))
        models, whole = _served(version)
        query = parse_qs(self.query)
        if "offset" not in query and "limit" not in query:
            self.send_bytes(200, whole, "application/json; charset=utf-8")
            return
        offset, limit = _whole(query, "offset", 0, 0), _whole(query, "limit", 500, 1)
        if limit > MAX_PAGE:
            raise Abort(400, f"limit must be at most {MAX_PAGE}, got {limit}")
        following = offset + limit
        next_url = f"{API}/models?offset={following}&limit={limit}"
        self.send_json(200, {"data": models[offset:following],
                             "links": {"next": next_url if following < len(models) else None},
                             "total_count": len(models)})

    def key_info(self, body: bytes) -> None:
        """`GET /key`: the key's label, limit and usage."""
        self.send_json(200, {"data": self.fake.key_info(self.authenticate())})

    def chat(self, body: bytes) -> None:
        """`POST /chat/completions`: the steps of the module docstring, in order."""
        key = self.authenticate()
        fault = self.fake.faults.next()
        if fault is not None and self.apply_fault(fault, body):
            return
        try:
            request = parse_chat(body)
        except InvalidRequest as exc:
            raise Abort(400, str(exc)) from None
        self.check_access(key, request)
        self.send_answer(key, request)

    def check_access(self, key: str, request: ChatRequest) -> None:
        """Free-tier limits and data policy for free models, credits for paid ones."""
        if request.model.endswith(":free"):
            hit = self.fake.limits.check(key)
            if hit is not None:
                raise Abort(429, hit.message, hit.metadata, hit.headers)
            if self.fake.data_policy:
                raise Abort(404, errors.DATA_POLICY)
        elif self.fake.no_credits:
            wanted = request.max_tokens or catalog.find(request.model)["context_length"]
            raise Abort(402, errors.NO_CREDITS.format(tokens=wanted))

    def send_answer(self, key: str, request: ChatRequest) -> None:
        """Answer, as one JSON body or as a stream, and add the cost to the key's usage."""
        reply = answer(request.model, request.messages, request.max_tokens)
        prompt = prompt_tokens(request.messages)
        usage = wire.usage(prompt, reply.completion_tokens,
                           catalog.price_usd(request.model, prompt, 0),
                           catalog.price_usd(request.model, 0, reply.completion_tokens))
        self.fake.add_usage(key, usage["cost"])
        gen_id = wire.generation_id()
        if request.stream:
            stream.send_answer(self, gen_id, request.model, reply, usage)
            return
        body = wire.completion(gen_id, request.model, reply.text, reply.finish_reason, usage)
        self.send_json(200, body, {"X-Generation-Id": gen_id})

    def apply_fault(self, fault: Fault, body: bytes) -> bool:
        """Answer with the fault; False if the request should then go on (after a hang)."""
        model, messages, streamed = best_effort(body)
        if fault.kind == "hang":
            if self.fake.pause(fault.seconds):
                return False
            self.drop()  # stopping: do not keep the server waiting
        elif fault.kind == "drop":
            self.drop()
        elif fault.kind == "fail":
            self.fail(fault, model)
        elif fault.kind == "upstream_rate_limit":
            raise Abort(429, *errors.upstream_rate_limit(model))
        else:
            user = errors.user_id(self.key) if self.key else None
            bad_200.REPLIES[fault.kind](self, fault, model, messages, streamed, user)
        return True

    def fail(self, fault: Fault, model: str) -> None:
        """An HTTP error status: OpenRouter's JSON error, or a proxy's HTML page."""
        headers = {"Retry-After": str(fault.retry_after)} if fault.retry_after is not None else {}
        if fault.html:
            self.send_bytes(fault.status, errors.html_page(fault.status),
                            "text/html; charset=utf-8", headers)
            return
        message, metadata = errors.default_error(fault.status, model, fault.message)
        headers.update(metadata.get("headers", {}))  # a 429's X-RateLimit-* go in both places
        raise Abort(fault.status, message, metadata, headers)



@functools.lru_cache(maxsize=2)
def _served(version: tuple) -> tuple[list[dict], bytes]:
    """The catalog in today's schema, and all of it encoded: made once per catalog `version`.

    32 clients asking for the whole list at once must not each build 325 entries and 400 KB of
    JSON (that held 70 MB in a grading worker); the list never changes while it is served.
    """
    models = [wire.model_entry(m) for m in catalog.models()]
    return models, json.dumps({"data": models}, ensure_ascii=False).encode("utf-8")
