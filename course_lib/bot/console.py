"""The bot in a terminal: the same core as on Telegram, one local user, no Telegram needed.

`python -m course_lib bot --console` (or `make demo`) runs it. With `OPENROUTER_API_KEY` set,
/ask goes to OpenRouter (or to `OPENROUTER_BASE_URL`); without a key, a local fake OpenRouter
starts inside this process, so the demo works offline. The banner says which one is in use.

`run_console(stdin, stdout)` takes the streams as arguments, so tests can drive it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from course_lib import offline
from course_lib.bot.core import BotCore, Reply
from course_lib.texts import t

# No Telegram account has id 0, so the console's notes never mix with a Telegram user's when
# both front ends share one COURSE_DB.
CONSOLE_USER_ID = 0
QUIT_COMMANDS = frozenset({"/quit", "/exit"})
def _say(stdout: TextIO, text: str) -> None:
    """Print one block of text and flush (a pipe would otherwise hold it back)."""
    stdout.write(text + "\n")
    stdout.flush()


def show(reply: Reply, stdout: TextIO, save_dir: Path) -> None:
    """Print a reply; a document is saved in `save_dir` and its path printed."""
    if reply.document is None:
        _say(stdout, f"{reply.text}\n")
        return
    # Path(...).name: a file name from the core, never a path that could point elsewhere.
    path = save_dir / Path(reply.filename or "document.txt").name
    path.write_bytes(reply.document)
    _say(stdout, t("bot.console.saved", path=path, caption=reply.caption or "") + "\n")


def chat(core: BotCore, stdin: TextIO, stdout: TextIO, save_dir: Path) -> None:
    """Read messages line by line until end of input or /quit, and print the replies."""
    interactive = stdin.isatty()
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
            chat(core, stdin, stdout, Path(save_dir) if save_dir else Path.cwd())
    except KeyboardInterrupt:  # Ctrl+C is the ordinary way out of a terminal program
        stdout.write("\n")
    _say(stdout, t("bot.console.bye"))
    return 0
