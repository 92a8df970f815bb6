"""`python -m course_lib bot`: the bot on Telegram, or with `--console` in this terminal."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m course_lib bot`."""
    parser.add_argument("--console", action="store_true",
                        help="chat with the bot in this terminal instead of Telegram")


def _tolerant(stream: TextIO) -> None:
    """Replace characters the terminal's encoding cannot take (★ on an old Windows console)."""
    if hasattr(stream, "reconfigure"):
        stream.reconfigure(errors="replace")


def run(args: argparse.Namespace) -> int:
    """Run the bot; returns the exit status."""
    if args.console:
        from course_lib.bot.console import run_console

        _tolerant(sys.stdin)
        _tolerant(sys.stdout)
        return run_console(sys.stdin, sys.stdout)
    # Imported here: telebot is needed only for Telegram, and the console runs without it.
    from course_lib.bot.telegram import run_polling

    return run_polling()
