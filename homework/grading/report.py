"""The grader's results: gradebook.csv, gradebook.json, report.html and a feedback file each.

Written only after every worker is done, into the results folder, each file through a
temporary file and a rename: a link a submission might have planted there is replaced, never
followed, and a reader never sees half a file.

Always written, whatever a student sent: text UTF-8 cannot hold (a lone surrogate from a
student's message or a file name) is written as a `\\udcff` escape; a text that cannot be
rendered shows its key; a file that cannot be written is reported and the others are still
written; feedback files are named by a safe id (`homework.grading.ids`). A student's text is
shown inert (`homework.grading.escape`): in the CSV one line and never a formula, in the
feedback Markdown no link, image or HTML; gradebook.json keeps it exact. The CSV and
report.html are made from the same document as gradebook.json, so `python -m homework.grade
merge` can remake them.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from homework.grading import checks, export, report_html
from homework.grading.engine.grader import Graded
from homework.grading.engine.runner_steps import STATUSES, case_name
from homework.grading.escape import csv_cell, markdown
from homework.grading.texts import t
from homework.grading.verdicts import Text, quote

MESSAGE_LIMIT = 600  # characters: what the checks runner keeps of any student text


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` via a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        # backslashreplace: the last guard, should a lone surrogate get this far
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace",
                       newline="") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def clean(value: object) -> object:
    """`value` with every string made encodable: lone surrogates become `\\udcff` escapes."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {clean(key): clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(item) for item in value]
    return value


def say(text: Text | None, lang: str) -> str:
    """A text rendered in `lang` ("" for None); one that cannot be rendered shows its key."""
    if text is None:
        return ""
    try:
        return text.render(lang)
    except Exception:  # a text with a missing field: this row shows the key, the rest goes on
        return f"{text.key} {sorted(text.fields)}"


def status(graded: Graded) -> str:
    """"graded", or "not graded" when the submission could not be graded."""
    return "not graded" if graded.reason else "graded"


def messages(observations: dict | None) -> dict[str, str]:
    """The student's own message for each task-3 status (chat_once on a JSON error), or ""."""
    runner = observations.get("runner") if isinstance(observations, dict) else None
    errors = runner.get("errors") if isinstance(runner, dict) else None
    found = {}
    for code in STATUSES:
        case = errors.get(case_name(code, False)) if isinstance(errors, dict) else None
        answer = case.get("answer") if isinstance(case, dict) else None
        raised = isinstance(answer, dict) and answer.get("outcome") == "raised"
        text = (answer.get("msg") or answer.get("text")) if raised else ""
        found[str(code)] = quote(text, MESSAGE_LIMIT) if isinstance(text, str) else ""
    return found


def _student(one: Graded, lang: str) -> dict:
    """One student's entry in gradebook.json."""
    return {"student": one.student, "status": status(one), "reason": say(one.reason, lang),
            "points": {r.check.id: r.points for r in one.results},
            "hints": {r.check.id: say(r.hint, lang) for r in one.results if r.hint},
            "total": one.total, "maximum": checks.MAX_POINTS,
            "notes": [say(note, lang) for note in one.notes], "seconds": one.seconds,
            "messages": messages(one.observations), "resources": resources(one.observations)}


def resources(observations: dict | None) -> dict:
    """What the submission used: its processes' peak memory together, its worker's peak."""
    found = {}
    with contextlib.suppress(AttributeError, TypeError, KeyError):
        found["peak_memory_mb"] = observations["resources"]["peak_memory_mb"]
    with contextlib.suppress(AttributeError, TypeError, KeyError):
        found["worker_peak_rss_mb"] = observations["worker"]["peak_rss_mb"]
    return found


def _entry(one: Graded, lang: str) -> dict:
    """One student's entry, or, if their result cannot be read, a row that says why."""
    try:
        return _student(one, lang)
    except Exception as exc:  # one broken result must not cost the others their gradebook
        return {"student": str(one.student), "status": "not graded",
                "reason": f"{type(exc).__name__}: {exc}", "points": {}, "hints": {},
                "total": 0, "maximum": checks.MAX_POINTS, "notes": [], "seconds": 0.0,
                "messages": messages(None)}


def document(graded: list[Graded], lang: str, run: dict) -> dict:
    """gradebook.json as data: the run, the checks with titles, and every student."""
    table = [{"id": c.id, "task": c.task, "points": c.points, "title": c.title(lang)}
             for c in checks.TABLE]
    return clean({"run": run, "checks": table, "maximum": checks.MAX_POINTS,
                  "students": [_entry(one, lang) for one in graded]})


def gradebook_csv(doc: dict) -> str:
    """One row per student: each check's points, total, maximum, status, reason, messages."""
    ids = [check["id"] for check in doc["checks"]]
    codes = [str(code) for code in STATUSES]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["student", *ids, "total", "maximum", "status", "reason",
                     *(f"msg_{code}" for code in codes)])
    for one in doc["students"]:
        said = one.get("messages") or {}
        writer.writerow([csv_cell(one["student"]), *(one["points"].get(i, 0) for i in ids),
                         one["total"], one["maximum"], one["status"], csv_cell(one["reason"]),
                         *(csv_cell(said.get(code, "")) for code in codes)])
    return out.getvalue()


def gradebook_json(doc: dict) -> str:
    """gradebook.json's text."""
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def _task_section(one: Graded, task: int, lang: str) -> list[str]:
    """A task's heading, its table of checks, and the hints of the failed ones."""
    earned, possible = checks.task_points(one.results, task)
    mine = [r for r in one.results if r.check.task == task]
    lines = [f"## {t(f'task.{task}', lang)}: {earned}/{possible}", "", t("feedback.columns", lang)]
    lines += [f"| {'✓' if r.passed else '✗'} | {markdown(r.check.title(lang))} | "
              f"{r.points}/{r.check.points} |" for r in mine]
    hints = [f"- **{markdown(r.check.title(lang))}**: {markdown(say(r.hint, lang))}"
             for r in mine if r.hint]
    return [*lines, "", *hints, ""] if hints else [*lines, ""]


def feedback_md(one: Graded, lang: str) -> str:
    """A student's feedback: total, each task's checks with points, hints, notes."""
    lines = [f"# {t('feedback.title', lang, student=markdown(one.student))}", "",
             t("feedback.total", lang, total=one.total, maximum=checks.MAX_POINTS), ""]
    if one.reason:
        reason = markdown(say(one.reason, lang))
        return "\n".join([*lines, t("not_graded", lang, reason=reason), ""])
    for task in (1, 2, 3):
        lines += _task_section(one, task, lang)
    if one.notes:
        lines += [f"## {t('feedback.notes', lang)}", ""]
        lines += [f"- {markdown(say(note, lang))}" for note in one.notes] + [""]
    return "\n".join(lines)


def write_all(files: dict[Path, Callable[[], str]]) -> list[tuple[Path, str]]:
    """Make and write each file; the ones that failed, and why (the others are written)."""
    failures = []
    for path, make in files.items():
        try:
            write_atomic(path, make())
        except Exception as exc:  # a full disk, a folder in the way, a bug: report, go on
            failures.append((path, clean(f"{type(exc).__name__}: {exc}")))
    return failures


def summary_files(out: Path, doc: dict) -> dict[Path, Callable[[], str]]:
    """gradebook.csv, gradebook.json and report.html of `doc`, to be written into `out`."""
    return {out / "gradebook.csv": lambda: gradebook_csv(doc),
            out / "gradebook.json": lambda: gradebook_json(doc),
            out / "report.html": lambda: report_html.render(doc)}


def write_results(out: Path, graded: list[Graded], lang: str, run: dict,
                  exports: export.Export | None = None) -> list[tuple[Path, str]]:
    """Write the gradebook, report.html, every feedback file and the exports; what failed."""
    doc = document(graded, lang, run)
    files = {**summary_files(out, doc), **export.files(out, doc, exports or export.Export(), lang)}
    for one in graded:
        files[out / "feedback" / report_html.feedback_name(one.student)] = \
            lambda one=one: str(clean(feedback_md(one, lang)))
    return write_all(files)
