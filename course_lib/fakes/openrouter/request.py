"""What a valid chat request is: the body of `POST /chat/completions`, checked field by field.

A bad body gets a 400 with a message that names the field, like OpenRouter's own checks.
The model is `model`, or the first of a `models` fallback list, and must be in the catalog.
(Simplification: OpenRouter would try the other models of the list if the first one failed.)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from course_lib import catalog

ROLES = ("system", "user", "assistant", "tool", "developer")


class InvalidRequest(ValueError):
    """A chat request the API refuses with 400 Bad Request; the text is OpenRouter's message."""


@dataclass(frozen=True)
class ChatRequest:
    """A chat request that passed every check."""

    model: str
    messages: list[dict]
    max_tokens: int | None
    temperature: float | None
    stream: bool


def parse_chat(raw: bytes) -> ChatRequest:
    """Check a request body and return what it asks for; a bad body raises `InvalidRequest`."""
    body = _json_object(raw)
    messages = _messages(body)
    temperature = _number(body, "temperature", 0, 2)
    tokens_field = "max_tokens" if body.get("max_tokens") is not None else "max_completion_tokens"
    max_tokens = _count(body, tokens_field)
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise InvalidRequest(f"stream must be true or false, got {json.dumps(stream)}")
    return ChatRequest(_model(body), messages, max_tokens, temperature, stream)


def best_effort(raw: bytes) -> tuple[str, list[dict], bool]:
    """Model, messages and stream flag of a body that may be invalid (faults come before checks)."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        return "openrouter/auto", [], False
    models = body.get("models")
    model = body.get("model") or (models[0] if isinstance(models, list) and models else None)
    messages = body.get("messages") if isinstance(body.get("messages"), list) else []
    messages = [m for m in messages if isinstance(m, dict)]
    return str(model or "openrouter/auto"), messages, body.get("stream") is True


def _json_object(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object."""
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested thousands deep
        raise InvalidRequest(f"Invalid JSON in request body: {exc}") from None
    if not isinstance(body, dict):
        raise InvalidRequest("Request body must be a JSON object")
    return body


def _messages(body: dict[str, Any]) -> list[dict]:
    """`messages` (or a `prompt` string, which OpenRouter also accepts) as a list of messages."""
    if isinstance(body.get("prompt"), str) and body.get("messages") is None:
        return [{"role": "user", "content": body["prompt"]}]
    messages = body.get("messages")
    if messages is None or messages == []:
        raise InvalidRequest('Input required: specify "prompt" or "messages"')
    if not isinstance(messages, list):
        raise InvalidRequest("messages must be an array of {role, content} objects")
    for i, message in enumerate(messages):
        _check_message(i, message)
    return messages


def _check_message(i: int, message: Any) -> None:
    """One message: an object with a known role and text content (or parts)."""
    if not isinstance(message, dict):
        raise InvalidRequest(f"messages[{i}] must be an object with role and content")
    if message.get("role") not in ROLES:
        raise InvalidRequest(f"messages[{i}].role must be one of {', '.join(ROLES)}, "
                             f"got {json.dumps(message.get('role'))}")
    content = message.get("content")
    # An assistant message that called tools may have no content; every other needs some.
    if not isinstance(content, (str, list)) and not (content is None and
                                                     message["role"] == "assistant"):
        raise InvalidRequest(f"messages[{i}].content must be a string or an array of parts")


def _number(body: dict[str, Any], field: str, low: float, high: float) -> float | None:
    """An optional number field within [low, high]."""
    value = body.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise InvalidRequest(f"{field} must be a number between {low} and {high}, "
                             f"got {json.dumps(value)}")
    return float(value)


def _count(body: dict[str, Any], field: str) -> int | None:
    """An optional whole-number field of at least 1."""
    value = body.get(field)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidRequest(f"{field} must be a whole number of at least 1, "
                             f"got {json.dumps(value)}")
    return value


def _model(body: dict[str, Any]) -> str:
    """The requested model id: `model`, else the first of `models`; it must be in the catalog."""
    model = body.get("model")
    models = body.get("models")
    if model is None and isinstance(models, list) and models:
        model = models[0]
    if model is None or model == "":
        raise InvalidRequest('No model given: set "model" to a model ID '
                             '(or "models" to a list of them)')
    if not isinstance(model, str) or catalog.find(model) is None:
        raise InvalidRequest(f"{model} is not a valid model ID")
    return model
