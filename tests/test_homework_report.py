"""The instructor's side of the results: report.html, the task-3 messages, shards and merge.

Built from `Graded` results made here (grading real submissions takes seconds each); one run
of the real command line grades a tiny class in two shards and merges them.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from homework_cases import MESSAGES, REFERENCE, ROOT, Case, build
from hypothesis import given
from hypothesis import strategies as st

from homework.grading import checks, merge, report, report_html, shards
from homework.grading import cli as grade
from homework.grading.engine.grader import Graded
from homework.grading.sandbox.limits import Limits
from homework.grading.submissions import Submission
from homework.grading.verdicts import Text

HINT = Text("reason.no_files")
CODES = ("500", "502", "503", "504")


def observed(messages: dict[str, str]) -> dict:
    """Observations in which chat_once raised each of `messages` for its status."""
    errors = {f"{code}/json": {"answer": {"outcome": "raised", "msg": text}}
              for code, text in messages.items()}
    return {"runner": {"errors": errors}}


def graded(student: str, passed: object = (), reason: Text | None = None,
           seconds: float = 1.0, messages: dict[str, str] | None = None) -> Graded:
    """A result made by hand: the checks in `passed` pass ("all": every one)."""
    results = [checks.Result(c, None if passed == "all" or c.id in passed else HINT)
               for c in checks.TABLE]
    if reason:
        results = checks.failed_all(reason)
    return Graded(student, results, reason, seconds=seconds,
                  observations=observed(messages) if messages else None)


def page(students: list[Graded], lang: str = "en") -> str:
    """report.html for `students`."""
    return report_html.render(report.document(students, lang, {"language": lang}))


def part(html: str, heading: str) -> str:
    """The piece of the page from the heading `heading` to the next one."""
    start = html.index(f"<h2>{heading}")
    end = html.find("<h2>", start + 4)
    return html[start:end if end > 0 else None]


# --- report.html ---------------------------------------------------------------------------

def test_the_page_loads_nothing_from_anywhere():
    html = page([graded("alice", "all", messages=dict.fromkeys(CODES, "Try later.")),
                 graded("bob", reason=Text("reason.bad_zip"))])
    assert "http://" not in html and "https://" not in html and "//" not in html
    assert "<script" not in html and "src=" not in html and "url(" not in html
    assert "@import" not in html
    assert set(re.findall(r'href="([^"]*)"', html)) == {"feedback/alice.md", "feedback/bob.md"}


def test_everything_a_student_wrote_is_escaped():
    evil = "<script>alert('x')</script>"
    html = page([graded("alice", "all", messages={"500": evil, "502": "a & b"}),
                 graded("bob", reason=Text("reason.crash", {"detail": evil}))])
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "a &amp; b" in html


def test_class_size_mean_and_median():
    students = [graded("a", "all"), graded("b", ("t1.env_key",)), graded("c")]
    html = page(students)
    assert "3 student(s), 3 graded. Mean 36.0, median 8 of 100 points" in html


def test_the_histogram_counts_each_ten_points():
    assert report_html.bins([0, 5, 9, 10, 55, 99, 100], 100) == [3, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    html = part(page([graded("a", "all"), graded("b"), graded("c")]), "Totals")
    assert html.count('class="bar"') == 10
    assert "<td>90–100</td>" in html and 'style="width:50%"' in html  # 1 of the widest 2


def test_the_pass_rate_counts_graded_submissions_only():
    students = [graded("a", "all"), graded("b", ("t1.env_key",)),
                graded("c", reason=Text("reason.bad_zip"))]
    rates = part(page(students), "Pass rate")
    assert "<td>t1.env_key</td><td>The client sends the key from OPENROUTER_API_KEY</td>" \
           "<td>2/2</td><td>100%</td>" in rates
    assert "<td>t1.no_literal</td>" in rates and "<td>1/2</td><td>50%</td>" in rates


def test_the_ten_slowest_and_the_ungraded_with_reasons():
    students = [graded(f"s{n:02}", seconds=float(n)) for n in range(1, 13)]
    students.append(graded("zed", reason=Text("reason.too_deep", {"limit": 64}), seconds=0))
    html = page(students)
    slow = part(html, "Slowest")
    assert slow.count("<tr>") == 11 and "s12" in slow and "s03" in slow
    assert "s02" not in slow and "s01" not in slow
    assert slow.index("s12") < slow.index("s11")
    ungraded = part(html, "Not graded: 1")
    assert "zed" in ungraded and "folders nested more than 64 levels deep" in ungraded


def test_every_student_linked_to_the_feedback_file_that_is_written(tmp_path):
    students = [graded("Иванов_Пётр", "all"), graded("alice")]
    report.write_results(tmp_path, students, "en", {"language": "en"})
    html = (tmp_path / "report.html").read_text("utf-8")
    for href in re.findall(r'href="([^"]*)"', html):
        from urllib.parse import unquote

        assert (tmp_path / unquote(href)).is_file(), href
    assert part(html, "Every student").count("<tr>") == 3


def test_the_four_messages_of_each_student():
    said = {"500": "Server broke.", "502": "Provider down.", "503": "Nobody serves it.",
            "504": "Too slow."}
    html = part(page([graded("alice", "all", messages=said), graded("bob")]), "Task 3")
    row = html[html.index("alice"):]
    assert all(text in row for text in said.values())
    assert "bob" not in html  # no message at all: no row


def test_the_page_in_russian():
    html = page([graded("alice", "all")], "ru")
    assert '<html lang="ru">' in html and "Результаты домашней работы" in html
    assert "Распределение баллов" in html and "проверено" in html


# --- the messages in the gradebook ------------------------------------------------------

@pytest.mark.parametrize("observations", [
    None, {}, {"runner": None}, {"runner": {"errors": []}}, {"runner": {"errors": {
        "500/json": None, "502/json": {"answer": "?"}, "503/json": {"answer": {
            "outcome": "returned", "value": "hi"}}, "504/json": {"answer": {"outcome": "raised",
                                                                            "msg": 42}}}}}])
def test_messages_survive_partial_observations(observations):
    assert report.messages(observations) == dict.fromkeys(CODES, "")


def test_a_message_is_msg_else_the_exceptions_text():
    errors = {"500/json": {"answer": {"outcome": "raised", "msg": "Own words."}},
              "502/json": {"answer": {"outcome": "raised", "msg": None, "text": "[502] x"}},
              "503/json": {"answer": {"outcome": "raised", "msg": "two\nlines"}}}
    assert report.messages({"runner": {"errors": errors}}) == \
        {"500": "Own words.", "502": "[502] x", "503": "two lines", "504": ""}


def test_messages_in_csv_and_json_with_no_spreadsheet_formula(tmp_path):
    said = {"500": "=HYPERLINK(\"x\")", "502": "Fine.", "503": "", "504": "+1"}
    report.write_results(tmp_path, [graded("alice", "all", messages=said)], "en",
                         {"language": "en"})
    with open(tmp_path / "gradebook.csv", encoding="utf-8") as file:
        row = next(csv.DictReader(file))
    assert [row[f"msg_{code}"] for code in CODES] == ["'=HYPERLINK(\"x\")", "Fine.", "", "'+1"]
    students = json.loads((tmp_path / "gradebook.json").read_text("utf-8"))["students"]
    assert students[0]["messages"] == said


# --- shards ---------------------------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [("1/1", (1, 1)), ("3/8", (3, 8)), ("8/8", (8, 8))])
def test_a_shard_is_k_of_n(spec, expected):
    assert shards.parse(spec) == expected


@pytest.mark.parametrize("spec", ["0/3", "4/3", "a/b", "3", "1/0", "-1/2", "1/2/3"])
def test_a_bad_shard_is_a_usage_error(spec):
    with pytest.raises(argparse.ArgumentTypeError):
        shards.parse(spec)


def ids(n: int) -> list[Submission]:
    """`n` submissions with ids, no folders."""
    return [Submission(f"student_{i:04}", Path(".")) for i in range(n)]


@given(st.lists(st.text(min_size=1, max_size=12), unique=True, max_size=60),
       st.integers(1, 9))
def test_the_shards_partition_the_class_exactly(names, count):
    everyone = [Submission(name, Path(".")) for name in names]
    slices = [shards.select(everyone, (k, count)) for k in range(1, count + 1)]
    assert sorted(one.student for piece in slices for one in piece) == sorted(names)


def test_adding_a_student_moves_nobody_else():
    before = ids(300)
    after = sorted([*before, Submission("aaa_late", Path("."))], key=lambda one: one.student)
    for k in range(1, 6):
        old = {one.student for one in shards.select(before, (k, 5))}
        new = {one.student for one in shards.select(after, (k, 5))}
        assert new - {"aaa_late"} == old


def test_the_split_is_the_same_in_every_process():
    here = [shards.shard_of(one.student, 7) for one in ids(50)]
    code = ("from homework.grading import shards; print([shards.shard_of(f'student_{i:04}', 7) "
            "for i in range(50)])")
    there = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                           text=True, env={**os.environ, "PYTHONHASHSEED": "12345"}, check=True)
    assert there.stdout.strip() == str(here)
    assert len(set(here)) == 7  # and it spreads


# --- merge ----------------------------------------------------------------------------------

CLASS = [graded("alice", "all", messages=dict(zip(CODES, MESSAGES.values(), strict=True))),
         graded("bob", ("t1.env_key",), seconds=3.0),
         graded("carol", reason=Text("reason.bad_zip")), graded("dave", "all"),
         graded("erin"), graded("frank", ("t2.count",))]


def write_shards(base: Path, count: int, students: list[Graded] = CLASS) -> list[Path]:
    """Each shard's results folder, as `--shard K/N` writes it."""
    everyone = [Submission(one.student, base) for one in students]
    folders = []
    for k in range(1, count + 1):
        mine = {one.student for one in shards.select(everyone, (k, count))}
        folder = base / f"shard-{k}"
        run = {"language": "en", **shards.describe(everyone, (k, count))}
        report.write_results(folder, [one for one in students if one.student in mine], "en", run)
        folders.append(folder)
    return folders


def test_merged_shards_equal_one_unsharded_run(tmp_path, capsys):
    whole = tmp_path / "whole"
    everyone = [Submission(one.student, tmp_path) for one in CLASS]
    report.write_results(whole, CLASS, "en", {"language": "en",
                                              **shards.describe(everyone, (1, 1))})
    status = merge.main([*map(str, write_shards(tmp_path, 3)), "--out", str(tmp_path / "out")])
    assert status == 1  # carol could not be graded
    out = tmp_path / "out"
    for name in ("gradebook.csv", *(f"feedback/{one.student}.md" for one in CLASS)):
        assert (out / name).read_text("utf-8") == (whole / name).read_text("utf-8"), name
    merged = json.loads((out / "gradebook.json").read_text("utf-8"))
    alone = json.loads((whole / "gradebook.json").read_text("utf-8"))
    assert merged["students"] == alone["students"] and merged["checks"] == alone["checks"]
    assert merged["run"]["shard"] == {"index": 1, "count": 1}
    assert "carol" in (out / "report.html").read_text("utf-8")
    assert "Merged 3 shard(s), 6 student(s)" in capsys.readouterr().err


def test_a_complete_class_all_graded_merges_with_status_0(tmp_path):
    good = [one for one in CLASS if one.reason is None]
    folders = write_shards(tmp_path, 2, good)
    assert merge.main([*map(str, folders), "--out", str(tmp_path / "out")]) == 0


def test_missing_shards_are_named(tmp_path, capsys):
    folders = write_shards(tmp_path, 4)
    status = merge.main([str(folders[0]), str(folders[2]), "--out", str(tmp_path / "out")])
    assert status == 1
    assert "Missing shard(s) of 4: 2, 4." in capsys.readouterr().err
    merged = json.loads((tmp_path / "out" / "gradebook.json").read_text("utf-8"))
    assert merged["run"]["shard"] is None


def refused(tmp_path: Path, folders: list[Path], capsys) -> str:
    """Merge `folders`, expect a refusal (status 2, nothing written); the message."""
    assert merge.main([*map(str, folders), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    return capsys.readouterr().err


def edit(folder: Path, change) -> None:
    """Change a shard's gradebook.json with `change(document)`."""
    path = folder / "gradebook.json"
    document = json.loads(path.read_text("utf-8"))
    change(document)
    path.write_text(json.dumps(document), "utf-8")


def test_overlapping_shards_are_refused(tmp_path, capsys):
    one, two = write_shards(tmp_path, 2)
    edit(two, lambda doc: doc["students"].append(
        json.loads((one / "gradebook.json").read_text("utf-8"))["students"][0]))
    assert "is in more than one shard" in refused(tmp_path, [one, two], capsys)


def test_shards_graded_with_other_checks_are_refused(tmp_path, capsys):
    one, two = write_shards(tmp_path, 2)
    edit(two, lambda doc: doc["checks"][0].update(points=9))
    assert "other checks" in refused(tmp_path, [one, two], capsys)
    edit(two, lambda doc: (doc["checks"][0].update(points=8), doc.update(maximum=90)))
    assert "other checks" in refused(tmp_path, [one, two], capsys)


def test_shards_of_another_class_n_or_language_are_refused(tmp_path, capsys):
    one, two = write_shards(tmp_path, 2)
    edit(two, lambda doc: doc["run"]["class"].update(sha256="0" * 64))
    assert "another submissions folder" in refused(tmp_path, [one, two], capsys)
    edit(two, lambda doc: doc["run"]["shard"].update(count=3))
    assert "a shard of 3" in refused(tmp_path, [one, two], capsys)
    edit(two, lambda doc: doc["run"].update(language="ru"))
    assert "graded in ru" in refused(tmp_path, [one, two], capsys)


def test_the_same_shard_twice_or_no_gradebook_is_refused(tmp_path, capsys):
    one, two = write_shards(tmp_path, 2)
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "gradebook.json").write_text((one / "gradebook.json").read_text("utf-8"), "utf-8")
    assert "are both shard 1/2" in refused(tmp_path, [one, copy], capsys)
    assert "no readable gradebook.json" in refused(tmp_path, [one, tmp_path / "nowhere"], capsys)
    edit(two, lambda doc: doc["run"].pop("shard"))
    assert "no readable gradebook.json" in refused(tmp_path, [one, two], capsys)


def test_a_missing_feedback_file_is_named_and_the_rest_copied(tmp_path, capsys):
    one, two = write_shards(tmp_path, 2)
    lost = json.loads((one / "gradebook.json").read_text("utf-8"))["students"][0]["student"]
    (one / "feedback" / f"{lost}.md").unlink()
    assert merge.main([str(one), str(two), "--out", str(tmp_path / "out")]) == 1
    assert f"No feedback file for {lost}" in capsys.readouterr().err
    assert len(list((tmp_path / "out" / "feedback").iterdir())) == len(CLASS) - 1


def test_out_must_not_be_a_shard(tmp_path):
    one, two = write_shards(tmp_path, 2)
    with pytest.raises(SystemExit) as usage:
        merge.main([str(one), str(two), "--out", str(one)])
    assert usage.value.code == 2


# --- the command line -------------------------------------------------------------------

def test_help_tells_the_exit_status_and_the_options(capsys):
    with pytest.raises(SystemExit):
        grade.parse_args(["--help"])
    text = capsys.readouterr().out
    assert "Exit status: 0" in text and "--shard K/N" in text and "--unsafe-no-sandbox" in text
    assert "merge" in text


@pytest.mark.parametrize("make", ["missing", "empty", "junk only"])
def test_nothing_to_grade_is_a_usage_error(tmp_path, capsys, make):
    folder = tmp_path / "class"
    if make != "missing":
        folder.mkdir()
    if make == "junk only":
        (folder / ".DS_Store").write_bytes(b"\0")
    args = grade.parse_args([str(folder), "--out", str(tmp_path / "out")])
    assert grade.run(args, Limits()) == 2
    assert "No submissions" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_no_sandbox_is_a_usage_error_with_its_message(tmp_path, capsys, monkeypatch):
    class NoSandbox(Exception):
        def render(self, lang: str) -> str:
            return f"No sandbox here ({lang}): install bubblewrap."

    def refuse(limits, unsafe, lang="en"):
        raise NoSandbox()

    monkeypatch.setattr(grade, "SandboxUnavailable", NoSandbox)
    monkeypatch.setattr(grade, "open_grader", refuse)
    (tmp_path / "class" / "alice").mkdir(parents=True)
    args = grade.parse_args([str(tmp_path / "class"), "--out", str(tmp_path / "out")])
    assert grade.run(args, Limits()) == 2
    assert "No sandbox here (en): install bubblewrap." in capsys.readouterr().err


def test_unsafe_no_sandbox_is_passed_on(monkeypatch):
    seen = []

    class Recorder:
        def __init__(self, limits, require_sandbox: bool = False, lang: str = "en") -> None:
            seen.append((require_sandbox, lang))

    monkeypatch.setattr(grade, "Grader", Recorder)
    grade.open_grader(Limits(), unsafe=False)
    grade.open_grader(Limits(), unsafe=True, lang="ru")  # the students' bots speak it too
    assert seen == [(True, "en"), (False, "ru")]
    assert grade.parse_args(["x", "--out", "y", "--unsafe-no-sandbox"]).unsafe_no_sandbox


# --- end to end: two shards and a merge ----------------------------------------------------

def test_two_shards_graded_apart_merge_into_one_class(tmp_path):
    folder = tmp_path / "class"
    build(Case("alice", REFERENCE, 100), folder)
    (folder / "bob.rar").write_bytes(b"Rar!\x1a\x07\x00")
    (folder / "carol.txt").write_text("my answers", "utf-8")
    (folder / ".dave").mkdir()
    everyone = {"alice", "bob", "carol", "dave"}

    def command(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "homework.grade", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)

    seen = set()
    for k in (1, 2):
        done = command(str(folder), "--out", str(tmp_path / f"r{k}"), "--shard", f"{k}/2",
                       "--jobs", "2", "--unsafe-no-sandbox")
        students = json.loads((tmp_path / f"r{k}" / "gradebook.json").read_text("utf-8"))
        names = {one["student"] for one in students["students"]}
        assert done.returncode == (0 if names <= {"alice"} else 1), done.stderr
        assert students["run"]["shard"] == {"index": k, "count": 2}
        assert not names & seen
        seen |= names
    assert seen == everyone
    done = command("merge", str(tmp_path / "r1"), str(tmp_path / "r2"), "--out",
                   str(tmp_path / "all"))
    assert done.returncode == 1, done.stderr  # bob, carol and dave could not be graded
    merged = json.loads((tmp_path / "all" / "gradebook.json").read_text("utf-8"))
    totals = {one["student"]: one["total"] for one in merged["students"]}
    assert totals == {"alice": 100, "bob": 0, "carol": 0, "dave": 0}
    assert {p.stem for p in (tmp_path / "all" / "feedback").iterdir()} == everyone
