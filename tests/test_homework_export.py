"""`--export moodle` and `--export canvas`: the gradebook in each system's grade-import layout.

The layouts are the documented ones (README: Moodle's "Grade import" page and its CSV reader,
lib/csvlib.class.php and grade/import/csv/classes/load_data.php; Canvas' "How do I import grades
in the Gradebook?" and its importer, app/models/gradebook_importer.rb). Each file is read here
the way that importer reads it: Moodle strips a byte-order mark, turns CRLF into LF and needs
every row as long as the header; Canvas wants `Student`, `ID`, then `SIS User ID`, `SIS Login ID`,
`Section` last among the student columns, an assignment `Name (id)`, a `Points Possible` row.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from homework.grading import checks, export, merge, report, shards
from homework.grading import cli as grade
from homework.grading.engine.grader import Graded
from homework.grading.sandbox.limits import Limits
from homework.grading.sandbox.plan import Isolation
from homework.grading.submissions import Submission
from homework.grading.verdicts import Text

HINT = Text("reason.no_files")


def result(student: str, failing: tuple[str, ...] = (), reason: Text | None = None) -> Graded:
    """A graded submission failing the checks `failing` (or not graded, with `reason`)."""
    if reason:
        return Graded(student, checks.failed_all(reason), reason)
    return Graded(student, [checks.Result(c, HINT if c.id in failing else None)
                            for c in checks.TABLE])


CLASS = [result("alice@uni.example"), result("bob", ("t1.env_key", "t2.count")),
         result("Иванов_Пётр", ("t3.500.json",)), result("carol", reason=Text("reason.bad_zip")),
         result("dave", tuple(c.id for c in checks.TABLE))]
TOTALS = {one.student: one.total for one in CLASS if one.reason is None}


def written(tmp_path: Path, students: list[Graded] = CLASS, lang: str = "en",
            **options) -> Path:
    """The results of `students` with the exports `options` asks for."""
    exports = export.Export(**{"formats": export.FORMATS, **options})
    assert report.write_results(tmp_path, students, lang, {"language": lang}, exports) == []
    return tmp_path


def moodle_rows(path: Path) -> list[list[str]]:
    """moodle.csv read as Moodle reads it: BOM removed, CRLF to LF, then fgetcsv."""
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Moodle removes it
    text = data[3:].decode("utf-8").replace("\r\n", "\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert {len(row) for row in rows} == {len(rows[0])}  # else 'csvweirdcolumns'
    return rows


def canvas_rows(path: Path) -> list[list[str]]:
    """canvas.csv read as Canvas reads it (UTF-8, no BOM), checking its header as it does."""
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    header = rows[0]
    assert "Student" in header[0] and "ID" in header[1]  # row_has_student_headers?
    assert re.match(r"SIS\s+User\s+ID", header[2]) and re.match(r"SIS\s+Login\s+ID", header[3])
    assert "Section" in header[4]  # the last student column
    assert "Points Possible" in rows[1][0]
    return rows


# --- Moodle -----------------------------------------------------------------------------------

def test_moodle_has_an_id_column_to_map_a_grade_and_feedback(tmp_path):
    rows = moodle_rows(written(tmp_path) / "moodle.csv")
    assert rows[0] == ["Student", "Homework", "Feedback"]
    assert {row[0]: row[1] for row in rows[1:]} == {k: str(v) for k, v in TOTALS.items()}
    feedback = {row[0]: row[2] for row in rows[1:]}
    assert feedback["bob"] == ("Task 1: the key from the environment: 12/20. Task 2: 10 models, "
                               "switching without errors: 34/40. Task 3: 500, 502, 503 and 504 "
                               "explained: 40/40.")


def test_moodle_feedback_in_russian(tmp_path):
    rows = moodle_rows(written(tmp_path, lang="ru") / "moodle.csv")
    assert rows[1][2].startswith("Задание 1: ключ из окружения: 20/20.")


def test_the_grade_column_is_named_and_scaled_as_asked(tmp_path):
    rows = moodle_rows(written(tmp_path, assignment="ДЗ 2, бот", points=10) / "moodle.csv")
    assert rows[0][1] == "ДЗ 2, бот"
    grades = {row[0]: row[1] for row in rows[1:]}
    assert grades == {"alice@uni.example": "10", "bob": "8.6", "Иванов_Пётр": "9.6",
                      "dave": "0"}


@pytest.mark.parametrize("total, points, shown", [(100, None, "100"), (85, 10, "8.5"),
                                                   (67, 3, "2.01"), (0, 5, "0"), (50, 20, "10"),
                                                   (100, 2000000, "2000000")])
def test_points_on_the_grade_items_scale(total, points, shown):
    assert export.grade(total, 100, points) == shown


# --- Canvas -----------------------------------------------------------------------------------

def test_canvas_reads_the_student_columns_the_assignment_and_points_possible(tmp_path):
    rows = canvas_rows(written(tmp_path, assignment="Homework 2", assignment_id=4321)
                       / "canvas.csv")
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                       "Homework 2 (4321)"]
    title, number = re.match(r"\A(.*)\s\((\d+)\)\Z", rows[0][5]).groups()  # title_and_id
    assert (title, number) == ("Homework 2", "4321")
    assert rows[1] == ["Points Possible", "", "", "", "", "100"]
    students = {row[3]: row for row in rows[2:]}
    assert {k: row[5] for k, row in students.items()} == {k: str(v) for k, v in TOTALS.items()}
    assert all(row[0] == key and row[1] == row[2] == row[4] == "" for key, row in
               students.items())


@pytest.mark.parametrize("column, index", [("sis-user-id", 2), ("id", 1), ("sis-login-id", 3)])
def test_the_id_goes_in_the_canvas_column_asked_for(tmp_path, column, index):
    rows = canvas_rows(written(tmp_path, canvas_id=column, points=20) / "canvas.csv")
    assert rows[1][5] == "20"
    for row in rows[2:]:
        assert [i for i, cell in enumerate(row[1:5], 1) if cell] == [index]
        assert row[index] == row[0]


def test_a_new_canvas_assignment_is_named_without_an_id(tmp_path):
    rows = canvas_rows(written(tmp_path, assignment="LLM bot") / "canvas.csv")
    assert rows[0][5] == "LLM bot"


# --- both ----------------------------------------------------------------------------------------

def test_an_ungraded_submission_is_left_out_not_given_0(tmp_path):
    out = written(tmp_path)
    for rows in (moodle_rows(out / "moodle.csv")[1:], canvas_rows(out / "canvas.csv")[2:]):
        assert "carol" not in {row[0] for row in rows} and len(rows) == len(TOTALS)


HOSTILE = ["=HYPERLINK(\"http://evil.example\",\"x\")", "-A1", "+1", "@SUM(1)", "a\rb",
           "\x1b]8;;http://evil.example\x07x", "b\u202ec", "a,b\"c"]


def test_hostile_ids_are_inert_cells_and_no_row_is_split(tmp_path):
    out = written(tmp_path, [result(one) for one in HOSTILE], assignment="=cmd|' /C calc'!A0")
    for name, skip in (("moodle.csv", 1), ("canvas.csv", 2)):
        data = (out / name).read_bytes()
        assert data.count(b"\r\n") == data.count(b"\n") == len(HOSTILE) + skip
        rows = moodle_rows(out / name) if name == "moodle.csv" else canvas_rows(out / name)
        assert len(rows) == len(HOSTILE) + skip
        for row in rows:
            for cell in row:
                assert not cell.lstrip().startswith(("=", "+", "-", "@"))
                assert not re.search("[\x00-\x1f\x7f-\x9f\u202a-\u202e]", cell)
        assert any(row[0] == 'a,b"c' for row in rows)  # quoted, whole


def test_no_export_unless_asked(tmp_path):
    report.write_results(tmp_path, CLASS, "en", {"language": "en"})
    assert not (tmp_path / "moodle.csv").exists() and not (tmp_path / "canvas.csv").exists()


# --- the command lines ---------------------------------------------------------------------------

class Fake:
    """A grader that hands back CLASS."""

    isolation = Isolation()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def grade_all(self, mine, jobs, progress):
        return CLASS


def test_grade_writes_both_exports_and_says_who_is_left_out(tmp_path, capsys, monkeypatch):
    (tmp_path / "class" / "alice").mkdir(parents=True)
    monkeypatch.setattr(grade, "open_grader", lambda limits, unsafe, lang="en": Fake())
    args = grade.parse_args([str(tmp_path / "class"), "--out", str(tmp_path / "out"),
                             "--export", "moodle", "--export", "canvas", "--points", "10",
                             "--assignment", "HW", "--assignment-id", "7"])
    assert grade.run(args, Limits()) == 1  # carol was not graded
    err = capsys.readouterr().err
    assert "moodle.csv" in err and "canvas.csv" in err and "(4 graded submission(s))" in err
    assert "1 submission(s) that could not be graded are not in it" in err
    assert moodle_rows(tmp_path / "out" / "moodle.csv")[0][1] == "HW"
    assert canvas_rows(tmp_path / "out" / "canvas.csv")[0][5] == "HW (7)"


@pytest.mark.parametrize("bad", [["--export", "blackboard"], ["--points", "0"],
                                 ["--points", "x"], ["--canvas-id", "email"]])
def test_a_bad_export_option_is_a_usage_error(bad):
    with pytest.raises(SystemExit) as usage:
        grade.parse_args(["x", "--out", "y", *bad])
    assert usage.value.code == 2


def test_help_names_the_exports(capsys):
    with pytest.raises(SystemExit):
        grade.parse_args(["--help"])
    text = capsys.readouterr().out
    assert "--export {moodle,canvas}" in text and "--canvas-id" in text and "--points" in text


def test_merged_shards_export_what_one_run_exports(tmp_path, capsys):
    everyone = [Submission(one.student, tmp_path) for one in CLASS]
    whole = tmp_path / "whole"
    options = {"formats": export.FORMATS, "points": 20, "assignment": "HW"}
    report.write_results(whole, CLASS, "en", {"language": "en",
                                              **shards.describe(everyone, (1, 1))},
                         export.Export(**options))
    folders = []
    for k in (1, 2):
        mine = {one.student for one in shards.select(everyone, (k, 2))}
        folder = tmp_path / f"shard-{k}"
        report.write_results(folder, [one for one in CLASS if one.student in mine], "en",
                             {"language": "en", **shards.describe(everyone, (k, 2))})
        folders.append(str(folder))
    status = merge.main([*folders, "--out", str(tmp_path / "out"), "--export", "moodle",
                         "--export", "canvas", "--points", "20", "--assignment", "HW"])
    assert status == 1  # carol
    for name in ("moodle.csv", "canvas.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (whole / name).read_bytes(), name
    assert "not in it" in capsys.readouterr().err


def test_a_complete_merge_with_an_export_still_exits_0(tmp_path):
    good = [one for one in CLASS if one.reason is None]
    everyone = [Submission(one.student, tmp_path) for one in good]
    folder = tmp_path / "shard"
    report.write_results(folder, good, "en", {"language": "en",
                                              **shards.describe(everyone, (1, 1))})
    assert merge.main([str(folder), "--out", str(tmp_path / "out"), "--export", "canvas"]) == 0
    assert len(canvas_rows(tmp_path / "out" / "canvas.csv")) == len(good) + 2
