"""The OpenRouter client: the one place where the course talks to the LLM API.

Why one module: headers, base URL, timeouts, payload and parsing live here, so a change at
OpenRouter touches one file, and callers always get the same return type or an
`OpenRouterError` with a friendly message (never a raw `requests` or `KeyError` exception).

- `chat_once(...)` → `(text, latency_ms)`: the lecture's function.
- `chat(...)` → `Completion`: the same call, with the model that answered, the provider,
  token usage and cost.
- `chat_stream(...)` → yields the answer's text piece by piece as it arrives.

The key and the base URL are read at call time (`course_lib.config`). Each thread keeps one
`requests.Session`, so connections are reused (keep-alive) and no session is shared between
the bot's worker threads. Proxies and `REQUESTS_CA_BUNDLE` from the environment are honoured,
except that the local fake on 127.0.0.1 is always reached directly.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from course_lib import config, retry
from course_lib import openrouter_errors as errors
from course_lib.openrouter_errors import OpenRouterError
from course_lib.retry import RetryPolicy, call_with_retries
from course_lib.texts import t

__all__ = ["Completion", "OpenRouterError", "chat", "chat_once", "chat_stream"]

# OpenRouter shows apps by these headers on its rankings; they are optional.
APP_URL = "https://github.com/llm-telegram-bot-course"
APP_TITLE = "LLM Telegram Bot Course"
Message = dict[str, str]


@dataclass(frozen=True)
class Completion:
    """One answer of a chat completion, with what OpenRouter reports about it."""

    text: str
    latency_ms: int
    model: str
    provider: str
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    cost: float
    finish_reason: str


_local = threading.local()


def _session(url: str) -> requests.Session:
    """This thread's HTTP session for `url` (created on first use, then kept for keep-alive)."""
    local = config.is_loopback(url)
    name = "loopback_session" if local else "session"
    session = getattr(_local, name, None)
    if session is None:
        session = requests.Session()
        # requests would send even 127.0.0.1 through HTTP(S)_PROXY; the local fake never is
        # behind a proxy, so its session ignores the proxy settings of the environment.
        session.trust_env = not local
        setattr(_local, name, session)
    return session


def _ca_bundle() -> str | bool:
    """The CA file to trust (e.g. a corporate proxy's CA), or True for the default bundle."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        if os.environ.get(name):
            return os.environ[name]
    return True


def _headers(key: str) -> dict[str, str]:
    """Request headers: the key as a Bearer token, and the app's name for OpenRouter."""
    return {
        "Authorization": f"Bearer {key}",
        "HTTP-Referer": APP_URL,
        "X-Title": APP_TITLE,
        "X-OpenRouter-Title": APP_TITLE,  # the newer name of X-Title
    }


def _require_key() -> str:
    """The key, or `OpenRouterError(401)` before any request is sent."""
    key = config.openrouter_key()
    if not key:
        raise OpenRouterError(401, t("or.no_key"), kind="or.no_key")
    return key


def _context(model: str, key: str) -> dict[str, str]:
    """What the friendly messages may mention: model, host, the key (only to mask it)."""
    return {"model": model, "api_key": key, "masked": config.mask(key),
            "host": urlsplit(config.openrouter_base_url()).netloc}


def _post(body: dict, key: str, timeout_s: float, stream: bool = False) -> requests.Response:
    """POST to /chat/completions; any non-2xx answer or network failure → `OpenRouterError`."""
    url = config.openrouter_base_url() + "/chat/completions"
    try:
        resp = _session(url).post(url, json=body, headers=_headers(key), timeout=timeout_s,
                                  stream=stream, verify=_ca_bundle())
    except requests.RequestException as exc:
        raise errors.from_exception(exc, url, timeout_s) from None
    except OSError as exc:  # requests' own check: the CA bundle file named does not exist
        raise OpenRouterError(503, t("or.ca_missing", path=_ca_bundle()),
                              kind="or.ca_missing") from exc
    if not resp.ok:
        raise errors.from_response(resp, _context(body["model"], key))
    return resp


def _stopped_with_error(error: object, kind: str, key: str) -> OpenRouterError:
    """The error for a model that stopped mid-answer (`finish_reason: "error"`, mid-stream)."""
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    status = code if isinstance(code, int) and 400 <= code <= 599 else 502
    detail = errors.clean(str(error.get("message") or ""), key)
    return OpenRouterError(status, t(kind, detail=detail), kind=kind,
                           retryable=kind == "or.finish_error")


def _completion(payload: dict, model: str, key: str, started: float) -> Completion:
    """A `Completion` from a 200 OK body, or the error it carries instead."""
    if isinstance(payload.get("error"), dict):
        raise errors.from_error_body(502, payload["error"], None, _context(model, key),
                                     suffix=t("or.in_200"))
    choices = payload.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise errors.malformed("or.unexpected", t("or.unexpected.no_choices"))
    choice = choices[0]
    if choice.get("finish_reason") == "error":
        raise _stopped_with_error(choice.get("error"), "or.finish_error", key)
    text = (choice.get("message") or {}).get("content")
    if not isinstance(text, str) or not text.strip():
        raise errors.malformed("or.empty", str(choice.get("finish_reason")))
    usage = payload.get("usage") if isinstance(payload.get("usage"), dict) else {}
    return Completion(
        text=text, latency_ms=round((time.perf_counter() - started) * 1000),
        model=str(payload.get("model") or model), provider=str(payload.get("provider") or ""),
        prompt_tokens=int(usage.get("prompt_tokens") or 0),
        completion_tokens=int(usage.get("completion_tokens") or 0),
        total_tokens=int(usage.get("total_tokens") or 0), cost=float(usage.get("cost") or 0),
        finish_reason=str(choice.get("finish_reason") or ""),
    )


def chat(messages: list[Message], *, model: str, temperature: float = 0.2,
         max_tokens: int = 400, timeout_s: float = 30,
         policy: RetryPolicy | None = None) -> Completion:
    """Ask `model` once and return the answer with its usage; failures raise `OpenRouterError`.

    Transient failures are retried by `policy` (default `retry.DEFAULT_POLICY`: 2 retries).
    Each try waits at most `timeout_s` to connect and for each read, and the waits between
    tries add at most `policy.max_wait_s()` (20 s by default): a call ends within about
    3·timeout_s + 20 s.
    """
    key = _require_key()
    body = {"model": model, "messages": messages, "temperature": temperature,
            "max_tokens": max_tokens}
    started = time.perf_counter()

    def attempt() -> Completion:
        resp = _post(body, key, timeout_s)
        return _completion(errors.parse_json(resp), model, key, started)

    return call_with_retries(attempt, policy or retry.DEFAULT_POLICY)


def chat_once(messages: list[Message], *, model: str, temperature: float = 0.2,
              max_tokens: int = 400, timeout_s: float = 30) -> tuple[str, int]:
    """Ask `model` once; return the answer text and the latency in ms (retries included)."""
    answer = chat(messages, model=model, temperature=temperature, max_tokens=max_tokens,
                  timeout_s=timeout_s)
    return answer.text, answer.latency_ms


def _events(resp: requests.Response) -> Iterator[dict]:
    """The JSON events of a server-sent-events stream, up to `data: [DONE]`."""
    for raw in resp.iter_lines():
        line = raw.decode("utf-8")
        if not line.startswith("data:"):
            continue  # blank separators and `: OPENROUTER PROCESSING` keep-alive comments
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            event = json.loads(data)
        except ValueError:
            raise errors.malformed("or.malformed") from None
        if isinstance(event, dict):
            yield event


def chat_stream(messages: list[Message], *, model: str, temperature: float = 0.2,
                max_tokens: int = 400, timeout_s: float = 30,
                policy: RetryPolicy | None = None) -> Iterator[str]:
    """Ask `model` and yield the answer's text as it arrives (`"stream": true`).

    Only the opening of the stream is retried: once text has been yielded, an error in the
    middle of the stream raises `OpenRouterError` instead of starting over.
    """
    key = _require_key()
    body = {"model": model, "messages": messages, "temperature": temperature,
            "max_tokens": max_tokens, "stream": True}

    def opening() -> requests.Response:
        return _post(body, key, timeout_s, stream=True)

    resp = call_with_retries(opening, policy or retry.DEFAULT_POLICY)
    with resp:
        try:
            for event in _events(resp):
                if "error" in event:
                    raise _stopped_with_error(event["error"], "or.stream_error", key)
                for choice in event.get("choices") or []:
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        yield piece
        except requests.RequestException as exc:
            raise errors.from_exception(exc, resp.url, timeout_s) from None
