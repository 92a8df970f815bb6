"""Errors of the Telegram Bot API fake, in Telegram's own words.

A failed Bot API call answers `{"ok": false, "error_code": N, "description": "..."}` with the
HTTP status N; a 429 adds `"parameters": {"retry_after": seconds}`. The texts below are the
ones the real server sends, so a student who meets them here recognises them in production.
"""

from __future__ import annotations

from typing import Any

UNAUTHORIZED = "Unauthorized"
NOT_FOUND = "Not Found"
CONFLICT_POLLING = ("Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running")
CONFLICT_WEBHOOK = ("Conflict: can't use getUpdates method while webhook is active; "
                    "use deleteWebhook to delete the webhook first")

# What a fault injected with `fail(method, status)` says when no description is given.
DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: UNAUTHORIZED,
    403: "Forbidden: bot was blocked by the user",
    404: NOT_FOUND,
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


class BotApiError(Exception):
    """A Bot API error: the HTTP status, Telegram's description and optional parameters."""

    def __init__(self, status: int, description: str,
                 parameters: dict[str, Any] | None = None) -> None:
        """Keep the parts of the error body."""
        super().__init__(f"[{status}] {description}")
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        """The JSON body Telegram sends for this error."""
        payload: dict[str, Any] = {"ok": False, "error_code": self.status,
                                   "description": self.description}
        if self.parameters:
            payload["parameters"] = self.parameters
        return payload


def bad_request(reason: str) -> BotApiError:
    """A 400 error: Telegram prefixes every such description with "Bad Request: "."""
    return BotApiError(400, f"Bad Request: {reason}")


def td_error(message: str) -> BotApiError:
    """A 400 from a tdlib error text, worded as telegram-bot-api words it (`fail_query_with_error`):
    the first letter lower-cased, unless the text is an UPPER_CASE code ("MESSAGE_TOO_LONG")."""
    if len(message) >= 2 and (message[1] == "_" or message[1].isupper()):
        return bad_request(message)
    return bad_request(message[:1].lower() + message[1:])


def fault(status: int, retry_after: int | None = None,
          description: str | None = None) -> BotApiError:
    """The error an injected fault produces, with Telegram's usual text for that status."""
    if status == 429:
        seconds = 1 if retry_after is None else retry_after
        text = description or f"Too Many Requests: retry after {seconds}"
        return BotApiError(429, text, {"retry_after": seconds})
    text = description or DEFAULT_DESCRIPTIONS.get(status, f"Error {status}")
    params = {"retry_after": retry_after} if retry_after is not None else None
    return BotApiError(status, text, params)
