"""Every way an OpenRouter call can fail, turned into one `OpenRouterError` with a friendly message.

Failures that never got an HTTP answer get the status closest in meaning: 408 for a timeout,
503 when the service could not be reached (connection refused, DNS, proxy, TLS). Answers that
look fine but are not (a JSON error inside 200 OK, a body that is not JSON, no `choices`) are
classified by what they carry; malformed or unexpected bodies are 500, as in the lecture.
"""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import requests

from course_lib.config import mask
from course_lib.texts import t

# Statuses worth another try: the same request may well succeed a moment later.
TRANSIENT_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
KEY_SHAPE = re.compile(r"sk-or-[A-Za-z0-9-]{6,}")


class OpenRouterError(Exception):
    """A failed OpenRouter call: `status` and `msg` (friendly text); `str()` is "[status] msg"."""

    def __init__(self, status: int, msg: str, *, kind: str = "", retryable: bool = False,
                 retry_after: float | None = None) -> None:
        """Keep `(status, msg)` as `args` so the error pickles and prints like the lecture's."""
        super().__init__(status, msg)
        self.status = status
        self.msg = msg
        self.kind = kind or str(status)
        self.retryable = retryable
        self.retry_after = retry_after

    def __str__(self) -> str:
        return f"[{self.status}] {self.msg}"


def clean(text: str, key: str | None = None, limit: int = 200) -> str:
    """Server words made safe to show: no key, no HTML tags, one line, at most `limit` chars."""
    if key:
        text = text.replace(key, mask(key))
    text = KEY_SHAPE.sub(lambda m: mask(m.group()), text)
    text = " ".join(re.sub(r"<[^>]+>", " ", text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def retry_after_s(headers: Any, metadata: dict) -> float | None:
    """Seconds to wait from `Retry-After` (seconds or HTTP date) or `X-RateLimit-Reset` (ms)."""
    value = headers.get("Retry-After") if headers is not None else None
    if value:
        try:
            return max(0.0, float(value))
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
                return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())
            except (TypeError, ValueError):
                return None
    reset = (metadata.get("headers") or {}).get("X-RateLimit-Reset")
    if reset:
        return max(0.0, float(reset) / 1000 - time.time())
    return None


def _kind_and_text(status: int, message: str, metadata: dict, ctx: dict) -> tuple[str, str]:
    """The message key and friendly text for an HTTP status and OpenRouter's own message."""
    lower = message.lower()
    if status == 400 and "not a valid model" in lower:
        return "or.400.model", t("or.400.model", model=ctx["model"])
    if status == 401 and ("missing authentication" in lower or "no auth" in lower):
        return "or.401.missing_header", t("or.401.missing_header", detail=ctx["detail"])
    if status == 403 and metadata.get("reasons"):
        return "or.403.moderation", t("or.403.moderation", detail=", ".join(metadata["reasons"]))
    if status == 404 and "data policy" in lower:
        return "or.404.privacy", t("or.404.privacy")
    if status == 404 and "no endpoints" in lower:
        return "or.404.model", t("or.404.model", model=ctx["model"], detail=ctx["detail"])
    if status == 429:
        return _rate_limit(lower, metadata, ctx)
    if status == 502:
        provider = metadata.get("provider_name")
        return "or.502", t("or.502", provider=f" ({provider})" if provider else "")
    if status in (400, 401, 402, 403, 404, 408, 500, 503, 504):
        return f"or.{status}", t(f"or.{status}", **ctx)
    return "or.other", t("or.other", status=status)


def _rate_limit(lower: str, metadata: dict, ctx: dict) -> tuple[str, str]:
    """The 429 variants: per-minute and per-day free limits, and the upstream provider's limit."""
    wait = ctx["wait"]
    if "per-day" in lower:
        return "or.429.day", t("or.429.day")
    if "per-min" in lower:
        return "or.429.minute", t("or.429.minute", wait=wait)
    raw = metadata.get("raw")
    if raw:
        return "or.429.upstream", t("or.429.upstream", model=ctx["model"],
                                    detail=clean(str(raw), ctx["api_key"]))
    return "or.429", t("or.429", wait=wait)


def _reason(status: int) -> str:
    """The HTTP reason phrase of a status ("Forbidden"), or the number for an unknown one."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return str(status)


def from_error_body(status: int, error: dict, headers: Any, ctx: dict,
                    suffix: str = "") -> OpenRouterError:
    """The error for OpenRouter's `{"error": {"code", "message", "metadata"}}` object."""
    code = error.get("code")
    status = code if isinstance(code, int) and 400 <= code <= 599 else status
    metadata = error.get("metadata") if isinstance(error.get("metadata"), dict) else {}
    message = str(error.get("message") or "")
    wait = retry_after_s(headers, metadata)
    # No message of OpenRouter's (a proxy's HTML page): the status's own name fills its place.
    detail = clean(message, ctx["api_key"]) or _reason(status)
    ctx = {**ctx, "detail": detail, "wait": round(wait) if wait else 60}
    kind, text = _kind_and_text(status, message, metadata, ctx)
    retryable = status in TRANSIENT_STATUSES and kind != "or.429.day"
    return OpenRouterError(status, text + suffix, kind=kind, retryable=retryable,
                           retry_after=wait)


def from_response(resp: requests.Response, ctx: dict) -> OpenRouterError:
    """The error for a non-2xx answer: OpenRouter's JSON error, or a proxy's HTML page."""
    try:
        error = resp.json().get("error")
    except (ValueError, AttributeError):
        error = None
    if isinstance(error, dict):
        return from_error_body(resp.status_code, error, resp.headers, ctx)
    title = re.search(r"<title>(.*?)</title>", resp.text, re.I | re.S)
    page = title.group(1) if title else resp.text
    detail = clean(page, ctx["api_key"], 80) or str(resp.status_code)
    return from_error_body(resp.status_code, {"message": ""}, resp.headers, ctx,
                           suffix=t("or.html", detail=detail))


def from_exception(exc: requests.RequestException, url: str, timeout_s: float) -> OpenRouterError:
    """The error for a request that got no HTTP answer at all."""
    host = urlsplit(url).hostname or url
    text = str(exc)
    if isinstance(exc, requests.exceptions.SSLError):
        detail = "CERTIFICATE_VERIFY_FAILED" if "CERTIFICATE_VERIFY_FAILED" in text else "TLS"
        return OpenRouterError(503, t("or.tls", host=host, detail=detail), kind="or.tls")
    if isinstance(exc, requests.exceptions.ProxyError):
        return OpenRouterError(503, t("or.proxy", host=host), kind="or.proxy")
    if isinstance(exc, requests.exceptions.Timeout):
        return OpenRouterError(408, t("or.timeout", host=host, timeout=timeout_s),
                               kind="or.timeout", retryable=True)
    if re.search(r"NameResolution|getaddrinfo|Name or service not known|nodename", text):
        return OpenRouterError(503, t("or.dns", host=host), kind="or.dns")
    return OpenRouterError(503, t("or.connect", host=host), kind="or.connect", retryable=True)


def malformed(kind: str, detail: str = "") -> OpenRouterError:
    """The error for a 2xx answer the client cannot use (status 500, as in the lecture)."""
    return OpenRouterError(500, t(kind, detail=detail), kind=kind, retryable=kind == "or.malformed")


def parse_json(resp: requests.Response) -> dict:
    """The JSON object of a 2xx answer, or `OpenRouterError(500)` if it is not one."""
    try:
        payload = json.loads(resp.content)
    except ValueError:
        raise malformed("or.malformed") from None
    if not isinstance(payload, dict):
        raise malformed("or.unexpected",
                        t("or.unexpected.not_object", kind=type(payload).__name__))
    return payload
