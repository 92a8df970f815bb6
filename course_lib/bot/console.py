"""The bot in a terminal: the same core as on Telegram, one local user, no Telegram needed.

`python -m course_lib bot --console` (or `make demo`) runs it. With `OPENROUTER_API_KEY` set,
/ask goes to OpenRouter (or to `OPENROUTER_BASE_URL`); without a key, a local fake OpenRouter
starts inside this process, so the demo works offline. The banner says which one is in use.

`run_console(stdin, stdout)` takes the streams as arguments, so tests can drive it.

Two things differ from Telegram. A document (/note_export) is saved in `exports/` of the
working directory, which the course's .gitignore keeps out of git. And a terminal hands over
at most a fixed number of bytes per line (Linux: 4095 and the Enter; macOS: 1024 with it), so
a longer paste arrives cut: such a line is not sent to the bot, and the reply says why.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from course_lib import notes, offline
from course_lib.bot.core import BotCore, Reply
from course_lib.texts import t

# No Telegram account has id 0, so the console's notes never mix with a Telegram user's when
# both front ends share one COURSE_DB.
CONSOLE_USER_ID = 0
QUIT_COMMANDS = frozenset({"/quit", "/exit"})
EXPORTS = Path("exports")  # in the working directory; git-ignored in the course folder
LINUX_LINE_BYTES = 4096  # the kernel's line buffer (N_TTY_BUF_SIZE), the Enter included


def line_limit(stream: TextIO, platform: str = sys.platform) -> int | None:
    """The most bytes a line read from `stream` can have, Enter included (None: no limit)."""
    if not stream.isatty() or platform == "win32":
        return None  # a pipe or a file has no line limit
    if platform.startswith("linux"):
        return LINUX_LINE_BYTES  # fpathconf says 255 here, which the kernel does not enforce
    try:
        return os.fpathconf(stream.fileno(), "PC_MAX_CANON")  # macOS: 1024
    except (OSError, ValueError, AttributeError):
        return None


def cut_by_terminal(line: str, limit: int | None) -> bool:
    """Whether a line read from the terminal filled its line buffer (so the rest was lost)."""
    if limit is None:
        return False
    # Bytes, not characters: a Cyrillic letter takes two. A letter cut in half was read as
    # U+FFFD (stdin decodes with errors="replace"), which only makes the line longer.
    return len(line.rstrip("\n").encode("utf-8", "replace")) >= limit - 1


def _say(stdout: TextIO, text: str) -> None:
    """Print one block of text and flush (a pipe would otherwise hold it back)."""
    stdout.write(text + "\n")
    stdout.flush()


def show(reply: Reply, stdout: TextIO, save_dir: Path) -> None:
    """Print a reply; a document is saved in `save_dir` (created if needed), its path printed."""
    if reply.document is None:
        _say(stdout, f"{reply.text}\n")
        return
    save_dir.mkdir(parents=True, exist_ok=True)
    # Path(...).name: a file name from the core, never a path that could point elsewhere.
    path = save_dir / Path(reply.filename or "document.txt").name
    path.write_bytes(reply.document)
    _say(stdout, t("bot.console.saved", path=path.resolve(), caption=reply.caption or "") + "\n")


def chat(core: BotCore, stdin: TextIO, stdout: TextIO, save_dir: Path) -> None:
    """Read messages line by line until end of input or /quit, and print the replies."""
    interactive, limit = stdin.isatty(), line_limit(stdin)
    while True:
        if interactive:
            stdout.write("> ")
            stdout.flush()
        line = stdin.readline()
        text = line.strip()
        if not line or text in QUIT_COMMANDS:  # "" only at end of input (Ctrl+D)
            return
        if not text:  # an empty Enter is not a message (Telegram cannot send one either)
            continue
        if cut_by_terminal(line, limit):  # never store or ask half of what was pasted
            _say(stdout, t("bot.console.line_cut", limit=limit - 1,
                           cyrillic=(limit - 1) // 2, max=notes.MAX_NOTE_CHARS) + "\n")
            continue
        for reply in core.handle(CONSOLE_USER_ID, text,
                                 on_slow=lambda: _say(stdout, t("bot.console.typing"))):
            show(reply, stdout, save_dir)


def run_console(stdin: TextIO, stdout: TextIO, *, db_path: str | Path | None = None,
                save_dir: str | Path | None = None) -> int:
    """Chat with the bot on these streams until end of input, /quit or Ctrl+C; returns 0."""
    try:
        with offline.openrouter(lambda line: _say(stdout, line)):
            core = BotCore(db_path)
            _say(stdout, t("bot.console.db", path=core.db_path.resolve()))
            _say(stdout, t("bot.console.banner", user_id=CONSOLE_USER_ID) + "\n")
            chat(core, stdin, stdout, Path(save_dir) if save_dir else EXPORTS)
    except KeyboardInterrupt:  # Ctrl+C is the ordinary way out of a terminal program
        stdout.write("\n")
    _say(stdout, t("bot.console.bye"))
    return 0
