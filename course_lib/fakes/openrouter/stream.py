"""How a streamed answer (`"stream": true`) goes on the wire: server-sent events.

The body is `text/event-stream` in chunked transfer encoding (its length is unknown up front):

    : OPENROUTER PROCESSING                       <- comments keep idle connections open
    data: {"object": "chat.completion.chunk", "choices": [{"delta": {"content": "Hi"}}], ...}
    data: {... "choices": [{"delta": {"content": ""}, "finish_reason": "stop"}]}
    data: {... "choices": [], "usage": {...}}      <- usage comes last, with no choices
    data: [DONE]

Each event goes out in one write (see `http_base`), so none waits for Nagle's algorithm.
Once the first bytes are out the status is 200 for good: a later error can only be an event.
"""

from __future__ import annotations

import json
from typing import Any

from course_lib.fakes.http_base import Handler
from course_lib.fakes.openrouter import wire
from course_lib.fakes.openrouter.answers import Answer, split_tokens

PROCESSING = b": OPENROUTER PROCESSING\n\n"
DONE = b"data: [DONE]\n\n"
MID_STREAM_ERROR = "Provider disconnected unexpectedly"


def event(data: dict[str, Any]) -> bytes:
    """One `data:` event: the JSON on one line, then a blank line."""
    return b"data: " + json.dumps(data, ensure_ascii=False).encode("utf-8") + b"\n\n"


def open_stream(handler: Handler, gen_id: str) -> None:
    """Send the 200 head and two keep-alive comments, as OpenRouter does while a model starts."""
    headers = {"Cache-Control": "no-cache", "X-Generation-Id": gen_id}
    handler.start_chunked(200, "text/event-stream", PROCESSING, headers)
    handler.send_chunk(PROCESSING)


def send_answer(handler: Handler, gen_id: str, model: str, answer: Answer,
                usage: dict[str, Any]) -> None:
    """Stream a whole answer: one token an event, the finish reason, the usage, `[DONE]`."""
    open_stream(handler, gen_id)
    for piece in split_tokens(answer.text):
        handler.send_chunk(event(wire.chunk(gen_id, model, piece)))
    handler.send_chunk(event(wire.chunk(gen_id, model, "", answer.finish_reason)))
    handler.send_chunk(event(wire.usage_chunk(gen_id, model, usage)))
    handler.send_chunk(DONE, last=True)


def send_error(handler: Handler, gen_id: str, model: str, text: str,
               code: int = 502, message: str = MID_STREAM_ERROR) -> None:
    """Stream `text`, then an error event with `finish_reason: "error"`; end without `[DONE]`."""
    open_stream(handler, gen_id)
    for piece in split_tokens(text):
        handler.send_chunk(event(wire.chunk(gen_id, model, piece)))
    handler.send_chunk(event(wire.error_chunk(gen_id, model, code, message)), last=True)


def send_truncated(handler: Handler, gen_id: str, model: str) -> None:
    """A stream whose event breaks off in the middle of its JSON (a broken upstream)."""
    open_stream(handler, gen_id)
    whole = event(wire.chunk(gen_id, model, "Hello"))
    handler.send_chunk(whole[: len(whole) // 2] + b"\n\n", last=True)


def send_unexpected(handler: Handler, gen_id: str, model: str) -> None:
    """A stream of valid JSON events that carry neither choices nor an error."""
    open_stream(handler, gen_id)
    handler.send_chunk(event({"id": gen_id, "object": "chat.completion.chunk", "model": model}))
    handler.send_chunk(DONE, last=True)
