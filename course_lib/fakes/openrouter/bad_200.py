"""Faults that answer HTTP 200 with something wrong inside: the failures naive code misses.

A status check (`resp.ok`) passes on all of them; only code that looks inside the body (an
`error` field, `finish_reason == "error"`, JSON that does not parse, no `choices`) notices.
Each reply takes the handler, the fault, what could be read from the request body, and the
caller's account id (for error bodies).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from course_lib.fakes.http_base import Handler
from course_lib.fakes.openrouter import errors, wire
from course_lib.fakes.openrouter import stream as sse
from course_lib.fakes.openrouter.answers import answer, prompt_tokens
from course_lib.fakes.openrouter.faults import Fault


def _error_in_200(h: Handler, fault: Fault, model: str, messages: list[dict], stream: bool,
                  user: str | None) -> None:
    """HTTP 200 with an error instead of an answer (in a stream: as its only event)."""
    message, metadata = errors.default_error(fault.status, model, fault.message)
    if stream:
        sse.send_error(h, wire.generation_id(), model, "", fault.status, message)
        return
    h.send_json(200, errors.error_body(fault.status, message, metadata, user))


def _stopped_with_error(h: Handler, fault: Fault, model: str, messages: list[dict],
                        stream: bool, user: str | None) -> None:
    """A model that fails after a few words: `finish_reason: "error"`, HTTP status still 200."""
    gen_id, partial = wire.generation_id(), answer(model, messages, max_tokens=5)
    message = fault.message or sse.MID_STREAM_ERROR
    if stream:
        sse.send_error(h, gen_id, model, partial.text, message=message)
        return
    usage = wire.usage(prompt_tokens(messages), partial.completion_tokens)
    body = wire.completion(gen_id, model, partial.text, "error", usage,
                           error={"code": 502, "message": message})
    h.send_json(200, body, {"X-Generation-Id": gen_id})


def _malformed(h: Handler, fault: Fault, model: str, messages: list[dict], stream: bool,
               user: str | None) -> None:
    """HTTP 200 whose body breaks off in the middle of the JSON."""
    gen_id = wire.generation_id()
    if stream:
        sse.send_truncated(h, gen_id, model)
        return
    whole = wire.completion(gen_id, model, "Hello! How can I help?", "stop", wire.usage(10, 6))
    raw = json.dumps(whole).encode("utf-8")
    h.send_bytes(200, raw[: len(raw) // 2], "application/json; charset=utf-8")


def _unexpected_json(h: Handler, fault: Fault, model: str, messages: list[dict], stream: bool,
                     user: str | None) -> None:
    """HTTP 200 with valid JSON that has neither `choices` nor `error`."""
    gen_id = wire.generation_id()
    if stream:
        sse.send_unexpected(h, gen_id, model)
        return
    h.send_json(200, {"id": gen_id, "object": "chat.completion", "model": model})


# fault kind: the function that replies to it
REPLIES: dict[str, Callable[..., None]] = {
    "error_in_200": _error_in_200,
    "finish_reason_error": _stopped_with_error,
    "mid_stream_error": _stopped_with_error,
    "malformed": _malformed,
    "unexpected_json": _unexpected_json,
}
