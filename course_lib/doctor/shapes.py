"""How a key or token is written: the mistakes people make when they paste one.

Each `*_problem` function names the first problem it finds (a text key of the doctor's
catalog), or None; `shape_check.check` turns that into the checklist's line.
A value of the real shape is never called a placeholder: the words below cannot occur in a
real key (hex digits only), and a token made only of token characters is judged by its shape.
"""

from __future__ import annotations

import re

# Real shapes: an OpenRouter key is "sk-or-v1-" and 64 hex digits; a bot token is the bot's
# numeric id, a colon and 35 characters of [A-Za-z0-9_-].
OPENROUTER_KEY = re.compile(r"sk-or-v1-[0-9a-f]{64}")
TELEGRAM_TOKEN = re.compile(r"[0-9]{8,10}:[A-Za-z0-9_-]{35}")
TELEGRAM_LOOSE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")

PLACEHOLDER_MARKS = ("...", "…", "<", ">", "your", "xxx", "here", "placeholder", "example",
                     "change", "insert", "paste", "todo", "ваш", "ключ", "токен", "сюда")
QUOTES = "\"'`“”„«»‘’"


def is_placeholder(value: str) -> bool:
    """Whether a value is a stand-in such as `sk-or-v1-...`, `<your key>` or `your_key_here`."""
    lower = value.lower()
    bare = lower.rstrip(".…-: ")
    return bare in ("", "sk", "sk-or", "sk-or-v1") or any(m in lower for m in PLACEHOLDER_MARKS)


def written_wrong(raw: str) -> str | None:
    """What is wrong around or inside a secret as written: quotes, spaces, `Bearer `, letters."""
    value = raw.strip()
    if value.lower().startswith("bearer"):
        return "doctor.shape.bearer"
    if value[:1] in QUOTES or value[-1:] in QUOTES:
        return "doctor.shape.quotes"
    if any(ch.isspace() for ch in value):
        return "doctor.shape.space"
    if not value.isascii():
        return "doctor.shape.non_ascii"
    return None


def key_problem(raw: str) -> str | None:
    """The first problem of an OpenRouter key as written, or None if it has the real shape."""
    value = raw.strip()
    if OPENROUTER_KEY.fullmatch(value):
        return None
    if is_placeholder(value):
        return "doctor.shape.placeholder"
    wrong = written_wrong(raw)
    if wrong:
        return wrong
    if not value.startswith("sk-or-"):
        return "doctor.key.other_service" if value.startswith("sk-") else "doctor.key.foreign"
    return "doctor.key.unusual"


def token_problem(raw: str) -> str | None:
    """The first problem of a Telegram bot token as written, or None if it has the real shape."""
    value = raw.strip()
    if TELEGRAM_TOKEN.fullmatch(value):
        return None
    if value.lower().startswith("bot") and TELEGRAM_LOOSE.fullmatch(value[3:]):
        return "doctor.token.bot_prefix"  # copied from a URL: api.telegram.org/bot<token>/
    if TELEGRAM_LOOSE.fullmatch(value):
        # Only digits, a colon and token characters: a real token of an unexpected length, not
        # a placeholder, even if its random part happens to contain "xxx" or "here".
        return "doctor.token.unusual"
    if is_placeholder(value):
        return "doctor.shape.placeholder"
    return written_wrong(raw) or "doctor.token.foreign"


def padded(raw: str) -> bool:
    """Whether there are spaces or line breaks around the value (course_lib strips them)."""
    return raw != raw.strip()

