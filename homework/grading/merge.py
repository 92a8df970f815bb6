"""`python -m homework.grade merge SHARD_RESULTS... --out RESULTS`: one class from its shards.

Reads the gradebook.json of each shard's results folder (from `python -m homework.grade ...
--shard K/N`). Shards that do not fit together are refused and nothing is written: other
checks (ids, points, maximum), another language, another N, another class folder, the same
shard twice, a student in two shards. Otherwise writes RESULTS/gradebook.csv, gradebook.json
and report.html for all the shards' students (and, with `--export`, moodle.csv or canvas.csv)
and copies every feedback file; a missing shard is named (its students are not in the
gradebook).

Exit status: 0 the class is complete and every submission graded; 1 a shard is missing, a
submission was not graded, or a file could not be copied or written; 2 the shards do not fit.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from homework.grading import export, report, report_html
from homework.grading.escape import visible
from homework.grading.texts import lang_or_default, t
from homework.grading.verdicts import Text


class Misfit(Exception):
    """Shards that cannot be merged; `text` says why."""

    def __init__(self, text: Text) -> None:
        super().__init__(text.key)
        self.text = text


def load(folder: Path) -> dict:
    """A shard's gradebook.json, checked to hold what merging needs."""
    try:
        doc = json.loads((folder / "gradebook.json").read_text("utf-8"))
        need = (doc["run"]["shard"]["index"], doc["run"]["shard"]["count"],
                doc["run"]["class"]["sha256"], doc["checks"], doc["maximum"], doc["students"])
        if not all(isinstance(item, (int, str, list)) for item in need):
            raise TypeError("a field of the wrong type")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        error = f"{type(exc).__name__}: {exc}"
        raise Misfit(Text("merge.unreadable", {"path": str(folder), "error": error})) from exc
    return doc


def _table(doc: dict) -> tuple:
    """What must be equal for shards to be added up: the checks, their points, the maximum."""
    return tuple((check.get("id"), check.get("points")) for check in doc["checks"]), \
        doc["maximum"]


def _mismatch(path: Path, doc: dict, first: Path, ref: dict) -> Text | None:
    """Why the shard `doc` does not fit with the first one, `ref` (None: it fits)."""
    fields = {"path": str(path), "first": str(first)}
    run, ref_run = doc["run"], ref["run"]
    if _table(doc) != _table(ref):
        return Text("merge.checks_differ", fields)
    if run.get("language") != ref_run.get("language"):
        return Text("merge.language_differs", {**fields, "language": run.get("language"),
                                               "first_language": ref_run.get("language")})
    if run["shard"]["count"] != ref_run["shard"]["count"]:
        return Text("merge.count_differs", {**fields, "count": run["shard"]["count"],
                                            "first_count": ref_run["shard"]["count"]})
    if run["class"]["sha256"] != ref_run["class"]["sha256"]:
        return Text("merge.class_differs", fields)
    return None


def check_fit(shards: list[tuple[Path, dict]]) -> None:
    """Refuse (Misfit) shards that do not belong to one grading of one class."""
    first, ref = shards[0]
    seen: dict[int, Path] = {}
    owner: dict[str, Path] = {}
    for path, doc in shards:
        problem = _mismatch(path, doc, first, ref)
        shard = doc["run"]["shard"]
        if problem is None and shard["index"] in seen:
            problem = Text("merge.same_shard", {"path": str(path), "first": str(
                seen[shard["index"]]), "index": shard["index"], "count": shard["count"]})
        if problem:
            raise Misfit(problem)
        seen[shard["index"]] = path
        for one in doc["students"]:
            if one["student"] in owner:
                paths = f"{owner[one['student']]}, {path}"
                raise Misfit(Text("merge.overlap", {"student": one["student"], "paths": paths}))
            owner[one["student"]] = path


def missing(shards: list[tuple[Path, dict]]) -> list[int]:
    """The shards of 1..N that were not given."""
    count = shards[0][1]["run"]["shard"]["count"]
    return sorted(set(range(1, count + 1)) - {doc["run"]["shard"]["index"] for _, doc in shards})


def combine(shards: list[tuple[Path, dict]]) -> dict:
    """The whole class's gradebook.json document, students sorted by id."""
    ref = shards[0][1]
    ordered = sorted(shards, key=lambda pair: pair[1]["run"]["shard"]["index"])
    students = sorted((one for _, doc in shards for one in doc["students"]),
                      key=lambda one: one["student"])
    complete = not missing(shards)
    run = {"language": ref["run"].get("language"), "class": ref["run"]["class"],
           "shard": {"index": 1, "count": 1} if complete else None,
           "isolation_text": ref["run"].get("isolation_text", ""),
           "shards": [doc["run"] for _, doc in ordered]}
    return {"run": run, "checks": ref["checks"], "maximum": ref["maximum"], "students": students}


def feedback(out: Path, shards: list[tuple[Path, dict]]) -> tuple[dict, list[Text]]:
    """The feedback files to copy into `out` (name: how to read it) and the ones missing."""
    files: dict[Path, Callable[[], str]] = {}
    absent = []
    for folder, doc in shards:
        for one in doc["students"]:
            name = report_html.feedback_name(one["student"])
            source = folder / "feedback" / name
            if source.is_symlink() or not source.is_file():  # a link is not followed
                absent.append(Text("merge.no_feedback", {"student": one["student"],
                                                         "path": str(folder)}))
                continue
            files[out / "feedback" / name] = \
                lambda source=source: source.read_text("utf-8", errors="replace")
    return files, absent


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line of `merge`."""
    parser = argparse.ArgumentParser(prog="python -m homework.grade merge", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shards", type=Path, nargs="+", metavar="SHARD_RESULTS",
                        help="the results folder of each shard")
    parser.add_argument("--out", type=Path, required=True, help="folder for the class's results")
    export.add_arguments(parser)
    args = parser.parse_args(argv)
    if args.out.resolve() in {shard.resolve() for shard in args.shards}:
        parser.error("--out must be a folder of its own, not one of the shards")
    return args


def write(args: argparse.Namespace, shards: list[tuple[Path, dict]], merged: dict,
          lang: str) -> list[str]:
    """Write the class's results and copy the feedback; the problems to report."""
    files, absent = feedback(args.out, shards)
    exports = export.files(args.out, merged, export.from_args(args), lang)
    failures = report.write_all({**report.summary_files(args.out, merged), **files, **exports})
    problems = [text.render(lang) for text in absent]
    problems += [t("grade.write_failed", lang, path=path, error=error) for path, error in failures]
    gaps = missing(shards)
    if gaps:
        count = shards[0][1]["run"]["shard"]["count"]
        problems.append(t("merge.missing", lang, count=count, missing=", ".join(map(str, gaps))))
    return problems


def main(argv: list[str]) -> int:
    """Merge, write, say what is missing; the exit status."""
    args = parse_args(argv)
    try:
        shards = [(folder, load(folder)) for folder in args.shards]
        check_fit(shards)
    except Misfit as misfit:
        print(visible(misfit.text.render(lang_or_default(None))), file=sys.stderr)
        return 2
    merged = report.clean(combine(shards))
    lang = lang_or_default(merged["run"]["language"])
    problems = write(args, shards, merged, lang)
    written = len(export.graded(merged))
    told = export.summary(args.out, export.from_args(args), lang, written,
                          len(merged["students"]) - written)
    for line in [*problems, *told]:
        print(visible(line), file=sys.stderr)  # ids and paths: no ESC or CR raw
    print(t("merge.done", lang, shards=len(shards), students=len(merged["students"]),
            out=args.out), file=sys.stderr)
    graded = all(one["status"] == "graded" for one in merged["students"])
    return 0 if graded and not problems else 1
