"""`python -m course_lib doctor`: check the set-up and say what to fix."""

from __future__ import annotations

import argparse
import sys

from course_lib.doctor import report, runner
from course_lib.doctor.context import DEFAULT_TIMEOUT_S, Context

EPILOG = """\
Each line: ✓ fine, ! worth a look (the course still works), ✗ must be fixed, – not checked
(the line says why). Every ! and ✗ comes with a one-line fix.
Exit status: 0 when no line is ✗, else 1. No key is a !, not a ✗: offline mode (the local
fake of OpenRouter) is enough for the course, and the doctor lists what it could not check.
Keys and tokens are always masked. Language: COURSE_LANG=en or ru."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m course_lib doctor`."""
    parser.add_argument("--json", action="store_true",
                        help="print the result as JSON (exit status, offline, checks)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="S",
                        help="seconds to wait for each network request (default: %(default)s)")
    parser.epilog = EPILOG
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    """Run every check, print the checklist (or JSON); 0 if nothing failed, else 1."""
    ctx = Context.build(args.timeout)
    with runner.pinned_language(ctx.env):  # the report's own texts need it too
        checks = runner.run_checks(ctx)
        if args.json:
            text = report.as_json(checks, offline=ctx.key is None)
        else:
            text = report.render(checks, report.symbols_for(sys.stdout.encoding))
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="replace")  # any other character a console cannot show
    print(text)
    return report.exit_status(checks)
