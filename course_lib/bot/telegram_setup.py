"""Setting the Telegram bot up: checked settings, where telebot connects, what it does on errors.

- `telegram_settings()`: the token and the Bot API base, or a `StartError` saying what to fix;
- `point_telebot_at(url)`: telebot's requests go to `url` (a local fake, or api.telegram.org);
- `connecting(...)`: a failed start-up call (getMe with a revoked token…) becomes a `StartError`;
- `KeepPolling`: telebot's exception handler: log, pause, go on polling;
- `hold_database_open(path)`: one idle connection that spares every write a disk sync;
- `configure_logging()` (secrets masked in every log line), `stop_on_signals(event)`: the
  process around `run_polling()`.

A token is never shown whole: `config.mask` leaves its first and last characters only.
"""

from __future__ import annotations

import logging
import re
import signal
import sqlite3
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests
import telebot
from telebot import apihelper
from telebot.apihelper import ApiException, ApiHTTPException, ApiTelegramException

from course_lib import config
from course_lib.bot.telegram_send import describe, trace
from course_lib.texts import t

log = logging.getLogger(__name__)

# BotFather's tokens are "<bot id>:<secret>"; the secret is letters, digits, "-" and "_".
TOKEN_RE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")
POLL_ERROR_PAUSE_S = 3.0  # after a failed getUpdates: no busy loop while the network is down
# A None entry keeps requests from filling that scheme in from HTTP(S)_PROXY / ALL_PROXY, and is
# then dropped: the local fake is reached directly even behind a proxy.
NO_PROXY = {"http": None, "https": None, "all": None}


class StartError(Exception):
    """The bot cannot start; the message says why and what to do. `status`: the exit status."""

    def __init__(self, message: str, status: int = 1) -> None:
        """Keep the message to show and the exit status (2: a setting to fix; 1: the rest)."""
        super().__init__(message)
        self.status = status


def telegram_settings(token: str | None = None, api_url: str | None = None) -> tuple[str, str]:
    """The checked token and the Bot API base (default: TELEGRAM_BOT_TOKEN, TELEGRAM_API_URL)."""
    token = token if token is not None else config.telegram_token()
    if not token or not token.strip():
        raise StartError(t("bot.tg.no_token"), status=2)
    if not TOKEN_RE.fullmatch(token):
        raise StartError(t("bot.tg.bad_token", masked=config.mask(token)), status=2)
    return token, (api_url or config.telegram_api_url()).rstrip("/")


def point_telebot_at(api_url: str) -> None:
    """Send telebot's requests to `api_url`. Module-wide in telebot: one Bot API per process."""
    apihelper.API_URL = api_url + "/bot{0}/{1}"
    apihelper.FILE_URL = api_url + "/file/bot{0}/{1}"
    if config.is_loopback(api_url):
        apihelper.proxy = NO_PROXY
    elif apihelper.proxy is NO_PROXY:  # set by an earlier start against a local fake
        apihelper.proxy = None


@contextmanager
def connecting(token: str, api_url: str) -> Iterator[None]:
    """Turn a failed start-up call into a StartError that says what to fix (token masked)."""
    try:
        yield
    except ApiTelegramException as error:
        if error.error_code == 401:
            raise StartError(t("bot.tg.rejected", masked=config.mask(token))) from None
        raise StartError(t("bot.tg.api_error", url=api_url, status=error.error_code,
                           description=error.description)) from None
    except ApiHTTPException as error:  # not the Bot API at all, e.g. an HTML 404 page
        raise StartError(t("bot.tg.api_error", url=api_url, status=error.result.status_code,
                           description=error.result.reason)) from None
    except (ApiException, requests.RequestException) as error:
        raise StartError(t("bot.tg.unreachable", url=api_url,
                           error=describe(error, token))) from None
    except (KeyError, TypeError, ValueError):  # telebot reading JSON that is not the Bot API's
        raise StartError(t("bot.tg.not_bot_api", url=api_url)) from None


class KeepPolling(telebot.ExceptionHandler):
    """telebot's exception handler: log the error and tell telebot to go on polling."""

    def __init__(self, token: str, stopping: threading.Event | None = None) -> None:
        """`stopping` cuts the pause after a failed poll short when the bot stops."""
        self.token = token
        self.stopping = stopping or threading.Event()

    def handle(self, exception: Exception) -> bool:
        """Log `exception` (token masked); True means "handled": polling goes on."""
        try:
            if isinstance(exception, (ApiException, requests.RequestException)):
                # The message handlers catch their own errors, so this is getUpdates failing:
                # network down, Telegram busy, or 409 (another copy of this bot is polling).
                log.warning("getUpdates failed: %s; next try in %.0f s",
                            describe(exception, self.token), POLL_ERROR_PAUSE_S)
                self.stopping.wait(POLL_ERROR_PAUSE_S)
            else:
                log.error("unexpected error\n%s", trace(exception, self.token))
        except Exception:  # the handler of last resort must not fail itself
            log.error("unexpected %s", type(exception).__name__)
        return True


def hold_database_open(path: Path) -> sqlite3.Connection:
    """An idle connection to the bot's database, to keep open while the bot runs.

    Every handler opens and closes its own connection (one per call: safe across telebot's
    threads). When the last connection to a WAL database closes, SQLite copies the WAL into
    the database and syncs the disk: that made each /note_add ~10 ms slower on a busy disk.
    With this one open, no handler's connection is ever the last (see benchmarks/bench_bot).
    """
    # check_same_thread=False: stop() may run in another thread than start(); it only closes.
    conn = sqlite3.connect(path, check_same_thread=False)
    conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # a read opens the WAL
    return conn


def say(line: str) -> None:
    """A status line for the person running the bot: on stderr, so stdout stays clean."""
    print(line, file=sys.stderr, flush=True)


class MaskSecrets(logging.Filter):
    """Shows the token and the key masked in every log line that would contain them."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message with every secret masked; never drops a record."""
        # At DEBUG level urllib3 logs request URLs, and telebot puts the token in its URLs.
        text = record.getMessage()
        for secret in (config.telegram_token(), config.openrouter_key()):
            if secret and secret in text:
                text = text.replace(secret, config.mask(secret))
        record.msg, record.args = text, None
        return True


def configure_logging() -> None:
    """Log lines with time and level on stderr (unless the program configured logging)."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    telebot.logger.propagate = False  # telebot prints its own lines; not each one twice
    for handler in logging.getLogger().handlers + telebot.logger.handlers:
        if not any(isinstance(f, MaskSecrets) for f in handler.filters):
            handler.addFilter(MaskSecrets())


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Within the block, Ctrl+C (SIGINT) and SIGTERM set `stop` instead of killing the process."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers
        return
    names = [name for name in ("SIGINT", "SIGTERM") if hasattr(signal, name)]
    saved = {name: signal.signal(getattr(signal, name), lambda *_: stop.set()) for name in names}
    try:
        yield
    finally:
        for name, handler in saved.items():
            signal.signal(getattr(signal, name), handler)
