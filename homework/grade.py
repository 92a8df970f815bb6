"""`python -m homework.grade SUBMISSIONS --out RESULTS`: grade a whole class.

Every sub-folder or .zip file of SUBMISSIONS is one student (the id is its name without
.zip). Writes RESULTS/gradebook.csv, RESULTS/gradebook.json and RESULTS/feedback/<id>.md,
shows a progress bar on stderr, and ends with the submissions it could not grade and why.
The same submission gets the same points every time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from homework import console, report
from homework.engine import harden
from homework.engine.grader import Grader
from homework.sandbox.limits import Limits, cores
from homework.submissions import discover
from homework.texts import LANGUAGES, lang_or_default, t


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m homework.grade", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", type=Path, help="folder of sub-folders and .zip files")
    parser.add_argument("--out", type=Path, required=True, help="folder for the results")
    parser.add_argument("--jobs", type=int, default=cores(),
                        help="submissions graded at once (default: the number of cores)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the feedback (default: COURSE_LANG, else en)")
    parser.add_argument("--time-scale", type=float, default=1.0, metavar="F",
                        help="multiply every timeout by F (a slow machine: 2)")
    return parser.parse_args(argv)


def run(args: argparse.Namespace, limits: Limits) -> int:
    """Grade, write the results, print the summary; the exit status."""
    lang = lang_or_default(args.lang)
    if not args.submissions.is_dir():
        print(t("grade.none", lang, path=args.submissions), file=sys.stderr)
        return 2
    submissions = discover(args.submissions)
    if not submissions:
        print(t("grade.none", lang, path=args.submissions), file=sys.stderr)
        return 2
    started = time.monotonic()
    with Grader(limits) as grader:
        isolation = console.describe_isolation(grader.isolation, lang)
        print(t("grade.start", lang, count=len(submissions), jobs=args.jobs,
                isolation=isolation), file=sys.stderr)
        graded = grader.grade_all(submissions, args.jobs, console.Progress(len(submissions)))
        run_info = {"isolation": grader.isolation.as_dict(), "isolation_text": isolation,
                    "limits": limits.as_dict(), "language": lang}
    # Every worker has ended, and with it every student process: now the results are written.
    report.write_results(args.out, graded, lang, run_info)
    summary(graded, lang)
    print(t("grade.done", lang, seconds=round(time.monotonic() - started, 1), out=args.out),
          file=sys.stderr)
    return 0


def summary(graded: list, lang: str) -> None:
    """List the submissions that could not be graded, with the reason (stderr)."""
    failed = [g for g in graded if g.reason]
    if failed:
        print(t("grade.failed", lang, count=len(failed)), file=sys.stderr)
        for one in failed:
            print(f"  {one.student}: {one.reason.render(lang)}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    harden.protect()
    args = parse_args(argv)
    return run(args, Limits().scaled(args.time_scale))


if __name__ == "__main__":
    sys.exit(main())
