"""`python -m homework.grade SUBMISSIONS --out RESULTS`: grade a whole class.

Every entry of SUBMISSIONS is one student's row. A sub-folder or a .zip file is graded (the id
is its name without .zip); anything else (another archive, a symbolic link, a hidden name, a
loose file) gets 0 points and the reason. Writes RESULTS/gradebook.csv, RESULTS/gradebook.json,
RESULTS/report.html (the class at a glance) and RESULTS/feedback/<id>.md, shows a progress bar
on stderr, and ends with the submissions it could not grade and why. The same submission gets
the same points every time. `--export moodle` / `--export canvas` also write RESULTS/moodle.csv
or canvas.csv for that system's grade import (see the README: how to import it).

A class too big for one machine: `--shard K/N` grades the K-th of N slices (a student's slice
comes from a hash of their id), each into its own RESULTS; then
`python -m homework.grade merge RESULTS-1 ... RESULTS-N --out RESULTS` makes one gradebook.
Every shard grades the same SUBMISSIONS folder with the same grader.

Exit status: 0 every submission was graded; 1 at least one could not be (it still has its row
and reason) or a results file could not be written; 2 a usage error: no such folder, nothing
to grade, no sandbox on this machine (see --unsafe-no-sandbox).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from homework.grading import console, export, merge, report, shards
from homework.grading.engine import harden
from homework.grading.engine.grader import Grader
from homework.grading.escape import visible
from homework.grading.sandbox.limits import Limits, default_jobs
from homework.grading.sandbox.plan import SandboxUnavailable
from homework.grading.submissions import Submission, discover
from homework.grading.texts import LANGUAGES, lang_or_default, t


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m homework.grade", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", type=Path, help="folder of sub-folders and .zip files")
    parser.add_argument("--out", type=Path, required=True, help="folder for the results")
    parser.add_argument("--jobs", type=int, default=default_jobs(),
                        help="submissions graded at once (default: twice the number of cores)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the feedback and of the students' bots while graded "
                             "(their COURSE_LANG; default: COURSE_LANG, else en)")
    parser.add_argument("--time-scale", type=float, default=1.0, metavar="F",
                        help="multiply every timeout by F (a slow machine: 2)")
    parser.add_argument("--shard", type=shards.parse, default=(1, 1), metavar="K/N",
                        help="grade only the K-th of N slices of the class (1 <= K <= N), "
                             "for `merge` to join")
    parser.add_argument("--unsafe-no-sandbox", action="store_true",
                        help="grade even where no sandbox is available (student code then "
                             "runs with your rights: only for code you trust)")
    export.add_arguments(parser)
    return parser.parse_args(argv)


def open_grader(limits: Limits, unsafe: bool, lang: str = "en") -> Grader:
    """The grader; without --unsafe-no-sandbox it refuses a machine with no sandbox."""
    return Grader(limits, require_sandbox=not unsafe, lang=lang)


def grade(mine: list[Submission], args: argparse.Namespace, limits: Limits,
          lang: str) -> tuple[list, dict]:
    """Grade `mine`; the results and how the run was isolated (SandboxUnavailable: none)."""
    with open_grader(limits, args.unsafe_no_sandbox, lang) as grader:
        isolation = console.describe_isolation(grader.isolation, lang)
        print(t("grade.start", lang, count=len(mine), jobs=args.jobs, isolation=isolation),
              file=sys.stderr)
        graded = grader.grade_all(mine, args.jobs, console.Progress(len(mine)))
        run_info = {"isolation": grader.isolation.as_dict(), "isolation_text": isolation,
                    "limits": limits.as_dict(), "language": lang}
    return graded, run_info


def find(folder: Path) -> list[Submission]:
    """Every submission in `folder` ([] if it is no folder or cannot be listed)."""
    try:
        return discover(folder) if folder.is_dir() else []
    except OSError:
        return []


def run(args: argparse.Namespace, limits: Limits) -> int:
    """Grade, write the results, print the summary; the exit status."""
    lang = lang_or_default(args.lang)
    found = find(args.submissions)
    if not found:
        print(t("grade.none", lang, path=args.submissions), file=sys.stderr)
        return 2
    mine = shards.select(found, args.shard)
    if args.shard != (1, 1):
        print(t("grade.shard", lang, index=args.shard[0], count=args.shard[1], mine=len(mine),
                size=len(found)), file=sys.stderr)
    started = time.monotonic()
    try:
        graded, run_info = grade(mine, args, limits, lang)
    except SandboxUnavailable as exc:
        print(exc.render(lang), file=sys.stderr)
        return 2
    # Every worker has ended, and with it every student process: now the results are written.
    failures = report.write_results(args.out, graded, lang,
                                    {**run_info, **shards.describe(found, args.shard)},
                                    export.from_args(args))
    summary(graded, failures, lang, args)
    print(t("grade.report", lang, path=args.out / "report.html"), file=sys.stderr)
    print(t("grade.done", lang, seconds=round(time.monotonic() - started, 1), out=args.out),
          file=sys.stderr)
    return 0 if not failures and all(one.reason is None for one in graded) else 1


def summary(graded: list, failures: list, lang: str, args: argparse.Namespace) -> None:
    """List the submissions not graded, the files not written, the exports (stderr)."""
    failed = [g for g in graded if g.reason]
    if failed:
        print(t("grade.failed", lang, count=len(failed)), file=sys.stderr)
    # A student's id and a reason quoting their file name: shown inert (escape.visible).
    lines = [f"  {one.student}: {report.say(one.reason, lang)}" for one in failed]
    lines += [t("grade.write_failed", lang, path=path, error=error) for path, error in failures]
    lines += export.summary(args.out, export.from_args(args), lang, len(graded) - len(failed),
                            len(failed))
    for line in lines:
        print(visible(line), file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point: `merge ...` merges shards, anything else grades a class."""
    harden.protect()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["merge"]:  # a class folder named merge: write ./merge
        return merge.main(argv[1:])
    args = parse_args(argv)
    return run(args, Limits().scaled(args.time_scale))


if __name__ == "__main__":
    sys.exit(main())
