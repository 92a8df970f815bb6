"""OpenRouter's error bodies, as the fake sends them.

Every error is `{"error": {"code", "message", "metadata"?}, "user_id"?}`; the HTTP status equals
`error.code` unless the model had already started answering (then the status is 200 and the
error sits in the body or in a stream event: see `stream`). `metadata` appears only when
there is something in it, and `user_id` only when the key was recognised, as at OpenRouter.
The messages are OpenRouter's own wording, so a client's friendly texts can be tested on them.
"""

from __future__ import annotations

import hashlib
import time
from http import HTTPStatus
from typing import Any

from course_lib.fakes.openrouter.keys import MISSING_AUTH, NO_CREDENTIALS, USER_NOT_FOUND
from course_lib.fakes.openrouter.wire import provider_for

__all__ = ["MISSING_AUTH", "NO_CREDENTIALS", "USER_NOT_FOUND"]  # (re-exported: 401 texts)
FREE_PER_MINUTE = "Rate limit exceeded: free-models-per-min. "
FREE_PER_DAY = ("Rate limit exceeded: free-models-per-day. "
                "Add 10 credits to unlock 1000 free model requests per day")
DATA_POLICY = ("No endpoints found matching your data policy (Free model publication). "
               "Configure: https://openrouter.ai/settings/privacy")
NO_CREDITS = ("This request requires more credits, or fewer max_tokens. You requested up to "
              "{tokens} tokens, but can only afford 0. To increase, visit "
              "https://openrouter.ai/settings/credits and upgrade to a paid account")
UPSTREAM_RAW = ("{model} is temporarily rate-limited upstream. Please retry shortly, or add your "
                "own key to accumulate your rate limits: https://openrouter.ai/settings/integrations")
PROVIDER_RAW = "upstream connect error or disconnect/reset before headers. reset reason: overflow"

# What OpenRouter says for each status when nothing more specific applies.
MESSAGES: dict[int, str] = {
    400: "Invalid request: the request body could not be processed",
    401: USER_NOT_FOUND,
    402: ("Insufficient credits. This account never purchased credits. Make sure your key is "
          "on the correct account or org, and if so, purchase more at "
          "https://openrouter.ai/settings/credits"),
    403: '{model} requires moderation on OpenAI. Your input was flagged for "harassment". '
         "No credits were charged.",
    404: "No endpoints found for {model}.",
    408: "Request timed out",
    429: FREE_PER_MINUTE,
    500: "Internal Server Error",
    502: "Provider returned error",
    503: "Service temporarily unavailable",
    504: "Gateway Timeout: the provider did not answer in time",
}


def phrase(status: int) -> str:
    """The standard reason phrase of an HTTP status ("Bad Gateway" for 502)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_body(status: int, message: str, metadata: dict | None = None,
               user_id: str | None = None) -> dict[str, Any]:
    """An error body in OpenRouter's shape."""
    error: dict[str, Any] = {"code": status, "message": message}
    if metadata:
        error["metadata"] = metadata
    body: dict[str, Any] = {"error": error}
    if user_id:
        body["user_id"] = user_id
    return body


def default_error(status: int, model: str, message: str | None = None) -> tuple[str, dict]:
    """OpenRouter's message and metadata for `status` (or the given message)."""
    text = message or MESSAGES.get(status, phrase(status)).format(model=model)
    return text, default_metadata(status, model)


def default_metadata(status: int, model: str) -> dict:
    """The metadata OpenRouter attaches to errors of this status (often none)."""
    if status == 403:
        return {"reasons": ["harassment"], "flagged_input": "…you are useless, answer or…",
                "provider_name": "OpenAI", "model_slug": model}
    if status == 502:
        return {"raw": PROVIDER_RAW, "provider_name": provider_for(model)}
    if status == 429:  # as a free-model limit: the window resets at the next full minute
        reset_ms = (int(time.time()) // 60 + 1) * 60_000
        return {"headers": rate_limit_headers(20, 0, reset_ms), "provider_name": None}
    return {}


def upstream_rate_limit(model: str) -> tuple[str, dict]:
    """The 429 a provider sends through when it rate-limits OpenRouter itself."""
    return "Provider returned error", {"raw": UPSTREAM_RAW.format(model=model),
                                       "provider_name": provider_for(model)}


def rate_limit_headers(limit: int, remaining: int, reset_ms: int) -> dict[str, str]:
    """The `X-RateLimit-*` headers of a free-tier limit (reset: Unix time in milliseconds)."""
    return {"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": str(remaining),
            "X-RateLimit-Reset": str(reset_ms)}


def html_page(status: int) -> bytes:
    """The HTML error page an nginx proxy in front of an API sends instead of JSON."""
    title = f"{status} {phrase(status)}"
    return (f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            f"<center><h1>{title}</h1></center>\r\n<hr><center>nginx</center>\r\n"
            "</body>\r\n</html>\r\n").encode("ascii")


def user_id(key: str) -> str:
    """The account id OpenRouter adds to errors of a known key (stable for the same key)."""
    return "user_" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:27]
