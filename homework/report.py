"""The grader's results: gradebook.csv, gradebook.json and one feedback file per student.

Written only after every worker is done, into the results folder, each file through a
temporary file and a rename: a link a submission might have planted there is replaced, never
followed, and a reader never sees half a file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

from homework import checks
from homework.engine.grader import Graded
from homework.texts import t


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def status(graded: Graded) -> str:
    """"graded", or "not graded" when the submission could not be graded."""
    return "not graded" if graded.reason else "graded"


def gradebook_csv(graded: list[Graded], lang: str) -> str:
    """One row per student: each check's points, total, maximum, status, reason."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *(c.id for c in checks.TABLE), "total", "maximum", "status",
                     "reason"])
    for one in graded:
        writer.writerow([one.student, *(r.points for r in one.results), one.total,
                         checks.MAX_POINTS, status(one),
                         one.reason.render(lang) if one.reason else ""])
    return out.getvalue()


def _student(one: Graded, lang: str) -> dict:
    """One student's entry in gradebook.json."""
    return {"student": one.student, "status": status(one),
            "reason": one.reason.render(lang) if one.reason else "",
            "points": {r.check.id: r.points for r in one.results},
            "hints": {r.check.id: r.hint.render(lang) for r in one.results if r.hint},
            "total": one.total, "maximum": checks.MAX_POINTS,
            "notes": [note.render(lang) for note in one.notes], "seconds": one.seconds}


def gradebook_json(graded: list[Graded], lang: str, run: dict) -> str:
    """The same as the CSV, with titles, hints and notes, and how the run was isolated."""
    table = [{"id": c.id, "task": c.task, "points": c.points, "title": c.title(lang)}
             for c in checks.TABLE]
    document = {"run": run, "checks": table, "maximum": checks.MAX_POINTS,
                "students": [_student(one, lang) for one in graded]}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _task_section(one: Graded, task: int, lang: str) -> list[str]:
    """A task's heading, its table of checks, and the hints of the failed ones."""
    earned, possible = checks.task_points(one.results, task)
    mine = [r for r in one.results if r.check.task == task]
    lines = [f"## {t(f'task.{task}', lang)}: {earned}/{possible}", "", t("feedback.columns", lang)]
    lines += [f"| {'✓' if r.passed else '✗'} | {r.check.title(lang)} | "
              f"{r.points}/{r.check.points} |" for r in mine]
    hints = [f"- **{r.check.title(lang)}**: {r.hint.render(lang)}" for r in mine if r.hint]
    return [*lines, "", *hints, ""] if hints else [*lines, ""]


def feedback_md(one: Graded, lang: str) -> str:
    """A student's feedback: total, each task's checks with points, hints, notes."""
    lines = [f"# {t('feedback.title', lang, student=one.student)}", "",
             t("feedback.total", lang, total=one.total, maximum=checks.MAX_POINTS), ""]
    if one.reason:
        return "\n".join([*lines, t("not_graded", lang, reason=one.reason.render(lang)), ""])
    for task in (1, 2, 3):
        lines += _task_section(one, task, lang)
    if one.notes:
        lines += [f"## {t('feedback.notes', lang)}", ""]
        lines += [f"- {note.render(lang)}" for note in one.notes] + [""]
    return "\n".join(lines)


def write_results(out: Path, graded: list[Graded], lang: str, run: dict) -> None:
    """Write the gradebook (CSV and JSON) and every feedback file into `out`."""
    write_atomic(out / "gradebook.csv", gradebook_csv(graded, lang))
    write_atomic(out / "gradebook.json", gradebook_json(graded, lang, run))
    for one in graded:
        write_atomic(out / "feedback" / f"{one.student}.md", feedback_md(one, lang))
