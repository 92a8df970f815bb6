"""`python -m homework.check [PATH]`: the student's self-check, the grader's checks exactly.

Runs every check of the grader against your working copy (default: homework/starter) with the
local fakes: offline, no key needed. Prints each check with ✓ or ✗, its points and a hint;
exits with 0 only if everything passes. COURSE_LANG=ru (or --lang ru) for Russian: the report,
and your bot while it is checked (it runs with that COURSE_LANG, as it does for you).
Started with a Python that lacks the course's packages (the system's, in a terminal where
`.venv` is not active), it says which command to run instead and checks nothing: your bot would
run with that same Python and fail on its imports, which is not your bot's fault.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from course_lib.doctor.interpreter import exit_if_outside

if __name__ == "__main__":  # before the grader's modules, which need the course's packages
    exit_if_outside(["-m", "homework.check", *sys.argv[1:]])

from homework.grading import console
from homework.grading.engine.grader import Grader
from homework.grading.sandbox.limits import Limits
from homework.grading.submissions import Submission
from homework.grading.texts import LANGUAGES, lang_or_default, t

STARTER = Path(__file__).parent / "starter"


def self_check(path: str | Path = STARTER, lang: str | None = None,
               limits: Limits | None = None) -> int:
    """Check the working copy at `path`, print the report; the points earned (-1: no folder)."""
    lang = lang_or_default(lang)
    folder = Path(path)
    if not folder.is_dir():
        print(t("check.not_found", lang, path=path))
        return -1
    print(t("check.header", lang, path=path), end="\n\n")
    # One submission, maybe from the homework notebook's kernel: workers spawned, no forkserver.
    with Grader(limits, start_method="spawn", lang=lang) as grader:
        graded = grader.grade(Submission(folder.resolve().name, folder))
    print(console.self_check_report(graded, lang))
    return graded.total


def _shown(path: Path) -> str:
    """`path` relative to the working directory when it is below it (shorter to read)."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def main(argv: list[str] | None = None) -> int:
    """Entry point: exit status 0 only if every check passes."""
    parser = argparse.ArgumentParser(prog="python -m homework.check", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", nargs="?", default=None,
                        help="your working copy (default: homework/starter)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the report and of your bot (default: COURSE_LANG)")
    parser.add_argument("--time-scale", type=float, default=1.0, metavar="F",
                        help="multiply every timeout by F (a slow machine: 2)")
    args = parser.parse_args(argv)
    from homework.grading.checks import MAX_POINTS

    total = self_check(args.path or _shown(STARTER), args.lang, Limits().scaled(args.time_scale))
    return 0 if total == MAX_POINTS else 1


if __name__ == "__main__":
    sys.exit(main())
