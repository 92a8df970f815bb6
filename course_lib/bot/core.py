"""The bot's core: one user's text in, the replies out. No Telegram in here.

The Telegram front end (`course_lib.bot.telegram`) and the console (`course_lib.bot.console`)
only carry messages: each calls `BotCore.handle(user_id, text)` and sends what comes back.

    core = BotCore()                   # COURSE_DB; creates the tables if missing
    core.handle(42, "/note_add milk")  # -> [Reply(text="Note #1 saved.")]

`handle` never raises, and it is safe to call from several threads at once: the core keeps no
mutable state, and every database call opens its own SQLite connection.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from course_lib import config, db, notes
from course_lib.bot import ask, model_handlers, notes_handlers
from course_lib.bot.commands import COMMANDS, BadInput, Command, parse, shorten, syntax
from course_lib.bot.request import Handler, Reply, Request
from course_lib.bot.split import split_message
from course_lib.texts import t

__all__ = ["BotCore", "Reply"]
log = logging.getLogger(__name__)

# Arguments up to this long are repeated in a hint to send the command again ("/model 2").
SUGGESTED_ARGS_MAX = 60
# Shapes of an OpenRouter key and of a Telegram token, masked in logged tracebacks.
SECRET_RE = re.compile(r"sk-or-[A-Za-z0-9-]{6,}|\b\d{6,}:[A-Za-z0-9_-]{20,}")


def help_text(req: Request | None = None) -> str:
    """/help: every command, how it is typed and what it does."""
    lines = [f"{syntax(name)} — {t(f'bot.cmd.{name}')}" for name in COMMANDS]
    return "\n".join([t("bot.help.title"), *lines])


def start_text(req: Request | None = None) -> str:
    """/start: a greeting, then the help."""
    return t("bot.start") + "\n\n" + help_text()


HANDLERS: dict[str, Handler] = {
    "start": start_text, "help": help_text,
    "note_add": notes_handlers.note_add, "note_list": notes_handlers.note_list,
    "note_find": notes_handlers.note_find, "note_edit": notes_handlers.note_edit,
    "note_del": notes_handlers.note_del, "note_count": notes_handlers.note_count,
    "note_export": notes_handlers.note_export, "note_stats": notes_handlers.note_stats,
    "models": model_handlers.models, "model": model_handlers.model, "ask": ask.ask,
}


def retyped(name: str, args: str) -> str:
    """A command as the user should send it: `/name args` (the syntax when `args` is long)."""
    if not args:
        return f"/{name}"
    if len(args) > SUGGESTED_ARGS_MAX or "\n" in args:
        return syntax(name)  # a long question or note: the reply shows where it goes
    return f"/{name} {args}"


def _nothing() -> None:
    """The default `on_slow`: no "typing…" to show."""


def _redacted(text: str) -> str:
    """`text` with the configured key and token, and anything shaped like them, masked."""
    for secret in (config.openrouter_key(), config.telegram_token()):
        if secret:
            text = text.replace(secret, config.mask(secret))
    return SECRET_RE.sub(lambda match: config.mask(match.group()), text)


def _as_replies(answer: str | Reply) -> list[Reply]:
    """A handler's answer as messages: a long text becomes several, each within Telegram's limit."""
    if isinstance(answer, Reply):
        return [answer]
    return [Reply(text=part) for part in split_message(answer)]


def _log_unexpected(user_id: int, text: str, error: Exception) -> None:
    """Log an unexpected error with its traceback, keys masked; the user's text stays out."""
    try:
        words = str(text or "").split(maxsplit=1)
        trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        log.error("bot: unexpected error in %s from user %s\n%s",
                  shorten(words[0]) if words else "(empty)", user_id, _redacted(trace))
    except Exception:  # handle() must not raise, not even while logging
        log.error("bot: unexpected %s from user %s", type(error).__name__, user_id)


class BotCore:
    """Answers users' messages: the commands of the course bot, independent of any front end."""

    def __init__(self, db_path: str | Path | None = None, bot_username: str = "course_bot",
                 clock: Callable[[], datetime] = notes.utc_now) -> None:
        """Open (and if needed create) the database; `clock` is a seam for tests."""
        self.db_path = Path(db_path) if db_path is not None else config.db_path()
        self.bot_username = bot_username.lstrip("@")
        self.clock = clock
        db.init_db(self.db_path)
        notes.init_notes(self.db_path)

    def commands(self) -> list[tuple[str, str]]:
        """(command, description) for the command menu (setMyCommands), in the current language."""
        return [(name, t(f"bot.cmd.{name}")) for name in COMMANDS]

    def handle(self, user_id: int, text: str, *,
               on_slow: Callable[[], None] = _nothing) -> list[Reply]:
        """The replies to one message of `user_id`; never raises."""
        try:
            answer = self._answer(user_id, text or "", on_slow)
        except BadInput as bad:
            answer = bad.text
        except Exception as error:  # one bad message must never stop the bot
            _log_unexpected(user_id, text, error)
            answer = t("bot.unexpected")
        return _as_replies(answer)

    def _answer(self, user_id: int, text: str, on_slow: Callable[[], None]) -> str | Reply:
        """The answer to one message: a command's handler, or a hint about what to send."""
        if not text.strip():
            return t("bot.empty")
        command = parse(text)
        if command is None:
            return t("bot.plain_text")
        handler = self._handler(command)
        request = Request(user_id, command.args, self.db_path,
                          self.clock().astimezone(timezone.utc), on_slow)
        return handler(request)

    def _handler(self, command: Command) -> Handler:
        """The handler of a command; a misaddressed, miscased or unknown one raises BadInput."""
        if command.bot and command.bot.casefold() != self.bot_username.casefold():
            # Reply rather than stay silent: in a private chat only this bot reads the message,
            # so silence would look like a broken bot. (Bots in groups stay silent instead.)
            # The hint keeps the arguments: "/model@other 2" -> "/model 2", not "/model".
            name = command.name.lower() if command.name.lower() in HANDLERS else command.name
            raise BadInput(t("bot.other_bot", bot=shorten(command.bot), me=self.bot_username,
                             command=retyped(shorten(name), command.args)))
        if command.name in HANDLERS:
            return HANDLERS[command.name]
        if command.name.lower() in HANDLERS:  # Telegram commands are case-sensitive
            raise BadInput(t("bot.wrong_case",
                             command=retyped(command.name.lower(), command.args)))
        raise BadInput(t("bot.unknown", command="/" + shorten(command.name)))
