"""The gradebook for the systems schools use: `--export moodle` and `--export canvas`.

Each is a CSV in the layout its grade import reads (README: how to import it):

- moodle.csv — Moodle's CSV grade import (Grades → Import → CSV file) takes any columns and
  lets the instructor map them: `Student` (Map from) to username, e-mail or ID number (Map to),
  the grade column to a grade item, `Feedback` to its feedback. UTF-8 with a byte-order mark:
  Moodle removes it (lib/csvlib.class.php), and Excel then reads the file as UTF-8 too.
- canvas.csv — Canvas' gradebook import (Grades → Import) reads the columns by position:
  `Student, ID, SIS User ID, SIS Login ID, Section`, then one column per assignment,
  `Name (id)` to update an existing one (or a new name to create it), and a `Points Possible`
  row (app/models/gradebook_importer.rb). The id goes into the column `--canvas-id` names.
  UTF-8 without a byte-order mark.

Points are out of `--points` (default the grader's maximum). A submission that could not be
graded is left out (its grade stays as it is in the school's system, and the grader lists it):
a 0 for a grader's failure must never reach a student's record. Every cell is a spreadsheet
cell made safe (`escape.csv_cell`): an id starting with `=` or `-` gets a leading `'`, so that
row does not match a student and the import says so.
"""

from __future__ import annotations

import argparse
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from homework.grading.escape import csv_cell
from homework.grading.texts import t

FORMATS = ("moodle", "canvas")
CANVAS_IDS = {"sis-login-id": 3, "sis-user-id": 2, "id": 1}  # the column it goes in
CANVAS_HEADER = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
BOM = "\ufeff"


@dataclass(frozen=True)
class Export:
    """What the instructor asked for: the formats, the grade column, the points scale."""

    formats: tuple[str, ...] = ()
    assignment: str = "Homework"
    assignment_id: int | None = None
    points: float | None = None  # None: the grader's maximum
    canvas_id: str = "sis-login-id"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of an export, on `homework.grade` and on `merge`."""
    parser.add_argument("--export", choices=FORMATS, action="append", default=[],
                        help="also write RESULTS/moodle.csv or canvas.csv for that system's "
                             "grade import (may be given twice)")
    parser.add_argument("--assignment", default="Homework", metavar="NAME",
                        help="the grade column: the grade item or assignment (default: Homework)")
    parser.add_argument("--assignment-id", type=int, default=None, metavar="ID",
                        help="Canvas: the assignment's id (in its address), to update it")
    parser.add_argument("--points", type=_positive, default=None, metavar="P",
                        help="grades out of P, the grade item's maximum (default: the grader's)")
    parser.add_argument("--canvas-id", choices=tuple(CANVAS_IDS), default="sis-login-id",
                        help="Canvas: the column the student id goes in (default: sis-login-id)")


def _positive(text: str) -> float:
    """A number above 0 (an argparse type)."""
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number above 0, e.g. 10")
    return value


def from_args(args: argparse.Namespace) -> Export:
    """The export the command line asked for."""
    return Export(tuple(dict.fromkeys(args.export)), args.assignment, args.assignment_id,
                  args.points, args.canvas_id)


def grade(total: float, maximum: float, points: float | None) -> str:
    """`total` of `maximum` on the scale `points`: `85`, `8.5`, `6.67`."""
    value = total * (points or maximum) / (maximum or 1)
    return f"{value:.2f}".rstrip("0").rstrip(".")  # never `1e+03`: both importers read plain


def graded(doc: dict) -> list[dict]:
    """The students who get a grade, every one that was graded, by id (as after a merge)."""
    return sorted((one for one in doc["students"] if one.get("status") == "graded"),
                  key=lambda one: one["student"])


def _table(rows: list[list[object]], bom: str = "") -> str:
    """Rows as CSV (RFC 4180: quoted where needed, CRLF), every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell if isinstance(cell, (int, float)) else csv_cell(cell)
                         for cell in row])
    return bom + out.getvalue()


def feedback(one: dict, doc: dict, lang: str) -> str:
    """A student's points per task, in one line for the school's gradebook."""
    tasks = sorted({check["task"] for check in doc["checks"]})
    parts = []
    for task in tasks:
        mine = [c for c in doc["checks"] if c["task"] == task]
        earned = sum(one["points"].get(c["id"], 0) for c in mine)
        parts.append(f"{t(f'task.{task}', lang)}: {earned}/{sum(c['points'] for c in mine)}")
    return ". ".join(parts) + "."


def moodle_csv(doc: dict, export: Export, lang: str) -> str:
    """moodle.csv: Student, the grade column, Feedback; UTF-8 with a byte-order mark."""
    rows: list[list[object]] = [["Student", export.assignment, "Feedback"]]
    rows += [[one["student"], grade(one["total"], doc["maximum"], export.points),
              feedback(one, doc, lang)] for one in graded(doc)]
    return _table(rows, BOM)


def canvas_column(export: Export) -> str:
    """The assignment's column in Canvas: `Name (id)` for an existing one, else its name."""
    if export.assignment_id is None:
        return export.assignment
    return f"{export.assignment} ({export.assignment_id})"


def canvas_csv(doc: dict, export: Export, lang: str) -> str:
    """canvas.csv: the five student columns, the assignment, the Points Possible row."""
    column = CANVAS_IDS[export.canvas_id]
    rows: list[list[object]] = [[*CANVAS_HEADER, canvas_column(export)],
                                ["Points Possible", "", "", "", "",
                                 grade(doc["maximum"], doc["maximum"], export.points)]]
    for one in graded(doc):
        row = [one["student"], "", "", "", "", grade(one["total"], doc["maximum"],
                                                     export.points)]
        row[column] = one["student"]
        rows.append(row)
    return _table(rows)


MAKERS = {"moodle": moodle_csv, "canvas": canvas_csv}


def files(out: Path, doc: dict, export: Export, lang: str) -> dict[Path, Callable[[], str]]:
    """The export files to write into `out` (name: how to make it)."""
    return {out / f"{kind}.csv": (lambda kind=kind: MAKERS[kind](doc, export, lang))
            for kind in export.formats}


def summary(out: Path, export: Export, lang: str, written: int, left: int) -> list[str]:
    """What to tell the instructor: the files written, and how many students they leave out."""
    if not export.formats:
        return []
    names = ", ".join(str(out / f"{kind}.csv") for kind in export.formats)
    lines = [t("export.written", lang, files=names, count=written)]
    return lines + ([t("export.left_out", lang, count=left)] if left else [])
