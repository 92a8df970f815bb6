"""The shapes of OpenRouter's successful answers: a completion, the chunks of a stream, a model.

OpenRouter's responses are OpenAI's chat-completion format (with `system_fingerprint`, null
when the provider sends none) plus fields of its own: `provider` (who ran the model) and, in
`usage`, the cost in USD with its breakdown (`cost_details`) and the token details. Each answer
gets a fresh generation id (`gen-<time>-<random>`), also sent in the `X-Generation-Id` header.
"""

from __future__ import annotations

import secrets
import string
import time
from typing import Any

# Who serves a model, by the vendor part of its id. Free variants mostly run on Chutes.
PROVIDERS = {
    "openai": "OpenAI", "anthropic": "Anthropic", "google": "Google AI Studio",
    "deepseek": "DeepSeek", "mistralai": "Mistral", "meta-llama": "DeepInfra",
    "qwen": "Alibaba", "z-ai": "Z.AI", "moonshotai": "Moonshot AI", "nvidia": "Nebius",
}
FREE_PROVIDER = "Chutes"
# `error.metadata.error_type` of a mid-stream error, by the status it stands for.
ERROR_TYPES = {400: "invalid_request", 401: "authentication", 402: "payment_required",
               403: "permission_denied", 404: "not_found", 408: "timeout",
               429: "rate_limit_exceeded", 500: "server", 502: "provider_unavailable",
               503: "provider_overloaded", 504: "timeout"}
_ID_ALPHABET = string.ascii_letters + string.digits


def provider_for(model: str) -> str:
    """A plausible provider name for a model id."""
    if model.endswith(":free"):
        return FREE_PROVIDER
    return PROVIDERS.get(model.split("/", 1)[0], "Together")


def generation_id() -> str:
    """A new id in OpenRouter's format, e.g. `gen-1757930000-Ab3dE…` (20 random characters)."""
    tail = "".join(secrets.choice(_ID_ALPHABET) for _ in range(20))
    return f"gen-{int(time.time())}-{tail}"


def usage(prompt_tokens: int, completion_tokens: int, prompt_cost: float = 0.0,
          completion_cost: float = 0.0) -> dict[str, Any]:
    """The `usage` object: token counts and details, the cost in USD and its breakdown."""
    prompt_cost, completion_cost = round(prompt_cost, 12), round(completion_cost, 12)
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "cost": round(prompt_cost + completion_cost, 12), "is_byok": False,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "cost_details": {"upstream_inference_cost": None,
                             "upstream_inference_prompt_cost": prompt_cost,
                             "upstream_inference_completions_cost": completion_cost},
            "completion_tokens_details": {"reasoning_tokens": 0, "image_tokens": 0}}


def _envelope(gen_id: str, model: str, kind: str) -> dict[str, Any]:
    """The fields every answer and every chunk starts with."""
    return {"id": gen_id, "provider": provider_for(model), "model": model, "object": kind,
            "created": int(time.time())}


def completion(gen_id: str, model: str, text: str, finish_reason: str,
               usage_: dict[str, Any], error: dict | None = None) -> dict[str, Any]:
    """A whole `chat.completion`; with `error`, one that stopped with `finish_reason: "error"`."""
    choice: dict[str, Any] = {
        "index": 0, "logprobs": None, "finish_reason": finish_reason,
        "native_finish_reason": finish_reason,
        "message": {"role": "assistant", "content": text, "refusal": None, "reasoning": None},
    }
    if error is not None:
        choice["error"] = error
    body = _envelope(gen_id, model, "chat.completion")
    body.update(choices=[choice], system_fingerprint=None, usage=usage_)
    return body


def chunk(gen_id: str, model: str, content: str,
          finish_reason: str | None = None) -> dict[str, Any]:
    """One `chat.completion.chunk` carrying a piece of the answer in `delta.content`."""
    body = _envelope(gen_id, model, "chat.completion.chunk")
    body["choices"] = [{
        "index": 0, "delta": {"role": "assistant", "content": content},
        "finish_reason": finish_reason, "native_finish_reason": finish_reason, "logprobs": None,
    }]
    return body


def usage_chunk(gen_id: str, model: str, usage_: dict[str, Any]) -> dict[str, Any]:
    """The last chunk of a stream: no choices, only the usage."""
    body = _envelope(gen_id, model, "chat.completion.chunk")
    body.update(choices=[], usage=usage_)
    return body


def error_chunk(gen_id: str, model: str, code: int, message: str) -> dict[str, Any]:
    """The event of an error mid-stream: `error` beside a choice with `finish_reason: "error"`.

    `code` is the HTTP status the error would have had, an integer, as OpenRouter sends it
    (and as its SDK's schema requires); `metadata.error_type` names the kind of failure.
    """
    body = chunk(gen_id, model, "", finish_reason="error")
    body["error"] = {"code": code, "message": message,
                     "metadata": {"error_type": ERROR_TYPES.get(code, "server")}}
    return body


def model_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A catalog entry as `GET /models` sends it today.

    The shipped snapshot is from before OpenRouter added `default_parameters`,
    `supported_voices` and `links`; they are filled as OpenRouter fills them for a model that
    has no defaults and no voices: `{}`, null, and the endpoints URL of its canonical slug.
    An entry that has them (a refreshed catalog) is sent unchanged.
    """
    slug = entry.get("canonical_slug") or entry["id"]
    return {**entry, "default_parameters": entry.get("default_parameters", {}),
            "supported_voices": entry.get("supported_voices"),
            "links": entry.get("links") or {"details": f"/api/v1/models/{slug}/endpoints"}}
