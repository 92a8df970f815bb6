"""Command line of the course: `python -m course_lib <command> [options]`.

Each command lives in its own module, which provides `add_arguments(parser)` and
`run(args) -> int` (the exit status). This file only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from course_lib.doctor.interpreter import exit_if_outside

if __name__ == "__main__":  # first: a Python without the course's packages gets what to run
    exit_if_outside(["-m", "course_lib", *sys.argv[1:]])

# command -> (module, one-line help). The modules are imported only when needed.
COMMANDS: dict[str, tuple[str, str]] = {
    "bot": ("course_lib.bot.cli",
            "run the course bot on Telegram (long polling), or in the terminal with --console"),
    "doctor": ("course_lib.doctor.cli",
               "check your set-up (.env, key, network, TLS, models, bot) and say what to fix"),
    "models": ("course_lib.models_check",
               "`models check`: check every registry model against the catalog and with a "
               "tiny request; `models refresh`: download the live catalog for the course"),
    "fake-openrouter": ("course_lib.fakes.openrouter",
                        "serve the local OpenRouter fake; prints its base URL first"),
    "fake-telegram": ("course_lib.fakes.telegram",
                      "serve the local Telegram Bot API fake; prints its base URL first"),
}


def present(module_name: str) -> bool:
    """Whether a module exists (without importing it)."""
    try:
        return importlib.util.find_spec(module_name) is not None
    except ModuleNotFoundError:  # its parent package is missing
        return False


def available() -> dict[str, tuple[str, str]]:
    """The commands whose module is present in this version of the course."""
    return {name: spec for name, spec in COMMANDS.items() if present(spec[0])}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one sub-command per available command."""
    parser = argparse.ArgumentParser(prog="python -m course_lib",
                                     description="Tools of the LLM Telegram bot course.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in available().items():
        module = importlib.import_module(module_name)
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command; returns its exit status."""
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
