"""Reading a message: which command it is, to which bot, with which arguments.

Nothing here knows Telegram's objects or the database: a message is a string, and a bad
argument raises `BadInput` with the text to send back, which the core turns into a reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from course_lib.texts import t

# The order of /help and of the command menu.
COMMANDS = ("start", "help", "note_add", "note_list", "note_find", "note_edit", "note_del",
            "note_count", "note_export", "note_stats", "models", "model", "ask")
WITH_ARGUMENTS = frozenset({"note_add", "note_list", "note_find", "note_edit", "note_del",
                            "note_stats", "model", "ask"})

# "/name@bot rest": the command is the first word; everything after the first blank is the
# arguments (newlines included, so a note can have several lines).
COMMAND_RE = re.compile(r"/(?P<name>[^\s@]*)(?:@(?P<bot>\S*))?(?:\s+(?P<args>.*))?", re.DOTALL)
# ASCII digits only: str.isdigit() also accepts "²" and "٣", which are not what users mean.
INTEGER_RE = re.compile(r"[+-]?[0-9]+")
FIRST_WORD_RE = re.compile(r"(\S*)(.*)", re.DOTALL)
MAX_DIGITS = 19  # 2**63 has 19 digits; longer numbers are refused before int() reads them


class BadInput(Exception):
    """A message the bot cannot act on; `text` says why and what to send instead."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


@dataclass(frozen=True)
class Command:
    """A message that starts with "/": `/name@bot args`."""

    name: str
    bot: str | None  # the bot it is addressed to, None if not addressed
    args: str  # without surrounding blanks; "" when there are none


def parse(text: str) -> Command | None:
    """The command in `text`, or None if it is not a command (does not start with "/")."""
    match = COMMAND_RE.fullmatch(text.strip())
    if match is None:
        return None
    return Command(match["name"], match["bot"] or None, (match["args"] or "").strip())


def shorten(value: str, limit: int = 40) -> str:
    """A user's value cut to `limit` characters, to show it back in a reply."""
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def syntax(name: str) -> str:
    """How the command is typed, e.g. "/note_edit <id> <text>"."""
    return t(f"bot.syntax.{name}") if name in WITH_ARGUMENTS else f"/{name}"


def usage(name: str) -> str:
    """The usage line of a command: its syntax and what it does."""
    return t("bot.usage", syntax=syntax(name), description=t(f"bot.cmd.{name}"))


def parse_integer(text: str) -> int | None:
    """`text` as an int if it is a plain whole number, else None; huge numbers cap at 10**19."""
    if not INTEGER_RE.fullmatch(text):
        return None
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-").lstrip("0") or "0"
    # Python refuses int() of very long strings (over 4300 digits), and no count or id can be
    # that large anyway: any number past 19 digits is simply "too large".
    return sign * (10**MAX_DIGITS if len(digits) > MAX_DIGITS else int(digits))


def parse_count(text: str, name: str, default: int, maximum: int) -> int:
    """An optional count argument (such as N of /note_list) in 1..maximum; else BadInput."""
    if not text:
        return default
    value = parse_integer(text)
    if value is None:
        raise BadInput(t("bot.number.not_number", value=shorten(text), usage=usage(name)))
    if value < 1:
        raise BadInput(t("bot.number.not_positive", value=shorten(text), usage=usage(name)))
    if value > maximum:
        raise BadInput(t("bot.number.too_large", max=maximum, usage=usage(name)))
    return value


def parse_note_id(text: str) -> int:
    """A note id argument (any size: a huge one simply names no note); else BadInput."""
    value = parse_integer(text)
    if value is None:
        raise BadInput(t("bot.note.bad_id", value=shorten(text)))
    if value < 1:
        raise BadInput(t("bot.note.id_not_positive", value=shorten(text)))
    return value


def split_first(args: str) -> tuple[str, str]:
    """The first word of `args` and the rest, without surrounding blanks."""
    first, rest = FIRST_WORD_RE.fullmatch(args).groups()
    return first, rest.strip()
