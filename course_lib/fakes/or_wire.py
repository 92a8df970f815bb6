"""The shapes of OpenRouter's successful answers: a whole completion, or the chunks of a stream.

OpenRouter's responses are OpenAI's chat-completion format plus two fields of its own:
`provider` (who ran the model) and `usage.cost` (USD). Each answer gets a fresh generation id
(`gen-<time>-<random>`), which OpenRouter also sends in the `X-Generation-Id` header.
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


def usage(prompt_tokens: int, completion_tokens: int, cost: float) -> dict[str, Any]:
    """The `usage` object: token counts and the cost in USD."""
    return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens, "cost": cost}


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
    body.update(choices=[choice], usage=usage_)
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


def error_chunk(gen_id: str, model: str, code: int | str, message: str) -> dict[str, Any]:
    """The event of an error mid-stream: `error` beside a choice with `finish_reason: "error"`."""
    body = chunk(gen_id, model, "", finish_reason="error")
    body["error"] = {"code": code, "message": message}
    return body
