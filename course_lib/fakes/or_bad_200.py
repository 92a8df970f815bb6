"""Faults that answer HTTP 200 with something wrong inside: the failures naive code misses.

A status check (`resp.ok`) passes on all of them; only code that looks inside the body (an
`error` field, `finish_reason == "error"`, JSON that does not parse, no `choices`) notices.
Each reply takes the handler, the fault and what could be read from the request body.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from course_lib.fakes import or_errors, or_stream, or_wire
from course_lib.fakes.or_answers import answer, prompt_tokens
from course_lib.fakes.or_faults import Fault

if TYPE_CHECKING:
    from course_lib.fakes.or_handler import OpenRouterHandler


def _error_in_200(h: OpenRouterHandler, fault: Fault, model: str, messages: list[dict],
                  stream: bool) -> None:
    """HTTP 200 with an error instead of an answer (in a stream: as its only event)."""
    message, metadata = or_errors.default_error(fault.status, model, fault.message)
    if stream:
        or_stream.send_error(h, or_wire.generation_id(), model, "", fault.status, message)
        return
    user = or_errors.user_id(h.key) if h.key else None
    h.send_json(200, or_errors.error_body(fault.status, message, metadata, user))


def _stopped_with_error(h: OpenRouterHandler, fault: Fault, model: str, messages: list[dict],
                        stream: bool) -> None:
    """A model that fails after a few words: `finish_reason: "error"`, HTTP status still 200."""
    gen_id, partial = or_wire.generation_id(), answer(model, messages, max_tokens=5)
    message = fault.message or or_stream.MID_STREAM_ERROR
    if stream:
        or_stream.send_error(h, gen_id, model, partial.text, message=message)
        return
    usage = or_wire.usage(prompt_tokens(messages), partial.completion_tokens, 0.0)
    body = or_wire.completion(gen_id, model, partial.text, "error", usage,
                              error={"code": 502, "message": message})
    h.send_json(200, body, {"X-Generation-Id": gen_id})


def _malformed(h: OpenRouterHandler, fault: Fault, model: str, messages: list[dict],
               stream: bool) -> None:
    """HTTP 200 whose body breaks off in the middle of the JSON."""
    gen_id = or_wire.generation_id()
    if stream:
        or_stream.send_truncated(h, gen_id, model)
        return
    whole = or_wire.completion(gen_id, model, "Hello! How can I help?", "stop",
                               or_wire.usage(10, 6, 0.0))
    raw = json.dumps(whole).encode("utf-8")
    h.send_bytes(200, raw[: len(raw) // 2], "application/json; charset=utf-8")


def _unexpected_json(h: OpenRouterHandler, fault: Fault, model: str, messages: list[dict],
                     stream: bool) -> None:
    """HTTP 200 with valid JSON that has neither `choices` nor `error`."""
    gen_id = or_wire.generation_id()
    if stream:
        or_stream.send_unexpected(h, gen_id, model)
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
