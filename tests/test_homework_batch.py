"""`python -m homework.grade` on a class folder: folders and zips, good, faulty and unreadable.

One run of the real command line (module scope); the tests read what it wrote.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from homework_cases import MESSAGES, ROOT, build, unsafe_without_sandbox
from homework_cases.faulty import CASES

from homework.grading import checks

CASE = {case.name: case for case in CASES}
UNREADABLE = {"dave": "reason.traversal", "eve": "reason.bad_zip", "frank": "reason.no_files",
              "notes": "reason.not_submission"}


def zip_folder(folder: Path, target: Path, prefix: str) -> None:
    """Zip `folder` with every path under `prefix` (as students' zip tools do)."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, f"{prefix}/{path.relative_to(folder).as_posix()}")


def class_folder(base: Path) -> Path:
    """A class: folders, zips (one nested deep), unreadable ones, a duplicate name."""
    built, folder = base / "built", base / "submissions"
    folder.mkdir()
    build(CASE["reference"], built).rename(folder / "alice")
    zip_folder(build(CASE["starter"], built), folder / "bob.zip", "bob")
    zip_folder(build(CASE["nine_models"], built), folder / "carol.zip", "carol/homework/starter")
    with zipfile.ZipFile(folder / "dave.zip", "w") as archive:
        archive.writestr("dave/bot.py", "print('hi')\n")
        archive.writestr("../escaped.py", "print('out')\n")
    (folder / "eve.zip").write_bytes(b"this is not a zip file at all")
    (folder / "frank").mkdir()
    (folder / "frank" / "answers.txt").write_text("I did it all", "utf-8")
    grace = build(CASE["reference"], built / "g")
    (grace / ".env").write_text("OPENROUTER_API_KEY=whatever-grace-had\n", "utf-8")
    grace.rename(folder / "grace")
    zip_folder(built / "starter", folder / "alice.zip", "alice")
    (folder / "notes.txt").write_text("not a submission", "utf-8")
    return folder


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    """One run of the command line, in Russian, with a link planted in the results folder."""
    base = tmp_path_factory.mktemp("batch")
    out = base / "results"
    (out / "feedback").mkdir(parents=True)
    canary = base / "canary.txt"
    canary.write_text("untouched", "utf-8")
    (out / "feedback" / "alice.md").symlink_to(canary)
    command = [sys.executable, "-m", "homework.grade", str(class_folder(base)), "--out", str(out),
               "--jobs", "4", "--lang", "ru", "--time-scale", "0.75", *unsafe_without_sandbox()]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return {"done": done, "out": out, "canary": canary}


def rows(batch: dict) -> dict[str, dict]:
    """The gradebook's rows by student."""
    with open(batch["out"] / "gradebook.csv", encoding="utf-8") as file:
        return {row["student"]: row for row in csv.DictReader(file)}


def test_every_submission_gets_a_row_with_its_points(batch):
    assert batch["done"].returncode == 1, batch["done"].stderr  # some could not be graded
    table = rows(batch)
    assert set(table) == {"alice", "alice-2", "bob", "carol", "dave", "eve", "frank", "grace",
                          "notes"}
    totals = {name: int(row["total"]) for name, row in table.items()}
    assert totals == {"alice": 100, "alice-2": 0, "bob": 0, "carol": 89, "dave": 0, "eve": 0,
                      "frank": 0, "grace": 100, "notes": 0}
    assert all(row["maximum"] == str(checks.MAX_POINTS) for row in table.values())
    assert table["carol"]["t2.count"] == "0" and table["carol"]["t2.switch_all"] == "15"


def test_the_csv_has_a_column_per_check(batch):
    header = (batch["out"] / "gradebook.csv").read_text("utf-8").splitlines()[0].split(",")
    assert header == ["student", *(c.id for c in checks.TABLE), "total", "maximum", "status",
                      "reason", "msg_500", "msg_502", "msg_503", "msg_504"]


def test_json_holds_the_same_with_titles_hints_and_isolation(batch):
    document = json.loads((batch["out"] / "gradebook.json").read_text("utf-8"))
    students = {s["student"]: s for s in document["students"]}
    assert {k: s["total"] for k, s in students.items()} == \
        {k: int(r["total"]) for k, r in rows(batch).items()}
    assert document["maximum"] == 100 and len(document["checks"]) == len(checks.TABLE)
    assert document["checks"][0]["title"].startswith("Клиент")  # --lang ru
    assert "isolation" in document["run"] and document["run"]["language"] == "ru"
    assert students["carol"]["hints"]["t2.count"].startswith("После init_db()")


def test_unreadable_submissions_are_listed_with_the_reason(batch):
    stderr = batch["done"].stderr
    assert "Не удалось проверить работ: 4" in stderr
    table = rows(batch)
    for name in UNREADABLE:
        assert table[name]["status"] == "not graded" and table[name]["reason"]
        assert f"  {name}: " in stderr
    assert "../" in table["dave"]["reason"] and "zip" in table["eve"]["reason"]


def test_a_progress_bar_on_stderr(batch):
    progress = [line for line in batch["done"].stderr.splitlines() if line.startswith("[")]
    assert len(progress) == 9 and progress[-1].startswith("[" + "#" * 30 + "] 9/9")


def test_feedback_per_student_in_the_chosen_language(batch):
    names = sorted(p.stem for p in (batch["out"] / "feedback").glob("*.md"))
    assert names == sorted(rows(batch))
    carol = (batch["out"] / "feedback" / "carol.md").read_text("utf-8")
    assert "**Итого: 89 из 100 баллов**" in carol and "✗" in carol and "✓" in carol
    grace = (batch["out"] / "feedback" / "grace.md").read_text("utf-8")
    assert ".env" in grace and "whatever-grace-had" not in grace
    assert "Не проверено" in (batch["out"] / "feedback" / "dave.md").read_text("utf-8")


def test_a_link_planted_in_the_results_is_replaced_not_followed(batch):
    assert batch["canary"].read_text("utf-8") == "untouched"
    assert not (batch["out"] / "feedback" / "alice.md").is_symlink()
    assert not (batch["out"].parent / "escaped.py").exists()


def test_each_students_task3_messages_are_in_the_gradebook(batch):
    table = rows(batch)
    assert {code: table["alice"][f"msg_{code}"] for code in MESSAGES} == \
        {code: text for code, text in MESSAGES.items()}
    assert all(table["dave"][f"msg_{code}"] == "" for code in MESSAGES)
    document = json.loads((batch["out"] / "gradebook.json").read_text("utf-8"))
    grace = next(s for s in document["students"] if s["student"] == "grace")
    assert grace["messages"] == {str(code): text for code, text in MESSAGES.items()}
    page = (batch["out"] / "report.html").read_text("utf-8")
    assert MESSAGES[503] in page and 'href="feedback/carol.md"' in page
