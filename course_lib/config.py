"""Settings of the course, read from the environment and from a `.env` file.

Every setting is read when it is needed, never frozen at import: a notebook that sets
`OPENROUTER_API_KEY` halfway through sees the new key on the next call.

A variable set in the environment wins over `.env`, as with python-dotenv's default. That
includes an empty value: `OPENROUTER_API_KEY=` in the shell means "no key" even when `.env`
holds one (the tests use this to stay offline on a developer's machine).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values, find_dotenv

DEFAULT_OPENROUTER_URL = "https://openrouter.ai/api/v1"
DEFAULT_TELEGRAM_URL = "https://api.telegram.org"
DEFAULT_DB_FILE = "course_bot.db"
LANGUAGES = ("en", "ru")
# This machine's own addresses: the local fakes live there, and no proxy ever applies to them.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})

# Parsed `.env` files, keyed by path and modification stamp: reading the file on every call
# would cost a disk read per request, and caching by stamp still picks up an edited file.
_dotenv_cache: dict[tuple[str, int, int], dict[str, str | None]] = {}


def dotenv_path() -> Path | None:
    """The `.env` file in use: the nearest one from the working directory upwards."""
    found = find_dotenv(usecwd=True)
    return Path(found) if found else None


def _dotenv() -> dict[str, str | None]:
    """The variables of the `.env` file in use, or an empty dict if there is none."""
    path = dotenv_path()
    if path is None:
        return {}
    try:
        stat = path.stat()
    except OSError:
        return {}
    stamp = (str(path), stat.st_mtime_ns, stat.st_size)
    if stamp not in _dotenv_cache:
        _dotenv_cache.clear()
        try:
            _dotenv_cache[stamp] = dict(dotenv_values(path, encoding="utf-8-sig"))
        except UnicodeDecodeError:
            # Not UTF-8 (Notepad's UTF-16, Windows-1251…): treated as empty rather than crashing
            # every command; `python -m course_lib doctor` names the problem and the fix.
            _dotenv_cache[stamp] = {}
    return _dotenv_cache[stamp]


def get(name: str) -> str | None:
    """A setting: the environment first, then `.env`; blank counts as unset."""
    value = os.environ[name] if name in os.environ else _dotenv().get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def openrouter_key() -> str | None:
    """The OpenRouter key, or None for offline mode."""
    return get("OPENROUTER_API_KEY")


def openrouter_base_url() -> str:
    """The OpenRouter API base, without a trailing slash."""
    return (get("OPENROUTER_BASE_URL") or DEFAULT_OPENROUTER_URL).rstrip("/")


def telegram_token() -> str | None:
    """The bot token from BotFather, or None."""
    return get("TELEGRAM_BOT_TOKEN")


def telegram_api_url() -> str:
    """The Telegram Bot API base, without a trailing slash."""
    return (get("TELEGRAM_API_URL") or DEFAULT_TELEGRAM_URL).rstrip("/")


def db_path() -> Path:
    """The bot's SQLite file (`COURSE_DB`, else a file in the working directory)."""
    return Path(get("COURSE_DB") or DEFAULT_DB_FILE)


def lang() -> str:
    """The language of replies and friendly errors: `en` (default) or `ru`."""
    value = (get("COURSE_LANG") or "en").lower()
    return value if value in LANGUAGES else "en"


def is_loopback(url: str) -> bool:
    """Whether `url` points at this machine (where the local fakes run)."""
    return urlsplit(url).hostname in LOOPBACK


def mask(secret: str | None) -> str:
    """A key or token shown safely: its prefix and last four characters only."""
    secret = (secret or "").strip()  # only blanks is no secret either
    if not secret:
        from course_lib.texts import t  # the texts read this module's settings

        return t("doctor.secret.not_set")
    if len(secret) < 16:
        return "…" + secret[-2:] if len(secret) > 6 else "…"
    prefix = "sk-or-v1-" if secret.startswith("sk-or-v1-") else secret[:3]
    return f"{prefix}…{secret[-4:]}"
