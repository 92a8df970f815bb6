"""Student ids as the class folder gives them, and the feedback files named after them.

Two ids once failed: a folder name of 255 bytes was graded but its feedback file could not be
written (exit 1), and a name from a Mac (NFD: `й` as `и` + a combining breve) came out
`Пе_тр_И_орданов`. Now ids are NFC, the gradebook holds each whole, and every feedback file
name fits any file system (255 bytes, eCryptfs' 143, Windows' reserved names), is the same
every time and is the student's own. One run of the real command line (module scope) grades
such a class.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from homework_cases import REFERENCE, ROOT, Case, build, unsafe_without_sandbox
from hypothesis import given
from hypothesis import strategies as st

from homework.grading import checks, ids, report, submissions
from homework.grading.engine.grader import Graded

NFD_NAME = unicodedata.normalize("NFD", "Пётр Йорданов")
LONG = "ж" * 100 + "a" * 55  # 255 bytes: as long as a folder name can be
WINDOWS_BAD = set('<>:"/\\|?*') | {chr(c) for c in range(32)}


def passed(student: str) -> Graded:
    """A submission with every check passed."""
    return Graded(student, [checks.Result(c, None) for c in checks.TABLE])


def name_is_portable(name: str) -> bool:
    """Whether a file name can be made on Linux, macOS and Windows alike."""
    stem = name.split(".")[0].upper()
    return (len(name.encode("utf-8")) <= ids.NAME_BYTES and not WINDOWS_BAD & set(name)
            and stem not in ids.RESERVED and not name.endswith((" ", ".")) and name.endswith(".md")
            and unicodedata.is_normalized("NFC", name))


# --- ids from the class folder -----------------------------------------------------------------

def test_a_name_from_a_mac_is_one_id_not_garbled(tmp_path):
    (tmp_path / NFD_NAME).mkdir()
    with zipfile.ZipFile(tmp_path / unicodedata.normalize("NFD", "Анна Йо.zip"), "w") as zipped:
        zipped.writestr("bot.py", "")
    found = [one.student for one in submissions.discover(tmp_path)]
    assert sorted(found) == ["Анна_Йо", "Пётр_Йорданов"]
    assert all(unicodedata.is_normalized("NFC", one) for one in found)


def test_the_same_name_in_nfc_and_nfd_is_two_students(tmp_path):
    (tmp_path / "Йо").mkdir()
    (tmp_path / unicodedata.normalize("NFD", "Йо")).mkdir()
    found = sorted(one.student for one in submissions.discover(tmp_path))
    assert found == ["Йо", "Йо-2"]


def test_ids_differing_only_in_case_are_two_students(tmp_path):
    for name in ("Alice", "alice"):
        (tmp_path / name).mkdir()
    with zipfile.ZipFile(tmp_path / "ALICE.zip", "w") as zipped:
        zipped.writestr("bot.py", "")
    found = submissions.discover(tmp_path)
    assert len({ids.fold(one.student) for one in found}) == 3
    assert any(note.key == "note.duplicate_id" for one in found for note in one.notes)


def test_an_id_can_be_a_login_or_an_email(tmp_path):
    for name in ("bob+hw1", "carol.smith", "d.o'neil"):
        (tmp_path / name).mkdir()
    with zipfile.ZipFile(tmp_path / "alice@uni.example.zip", "w") as zipped:
        zipped.writestr("bot.py", "")
    found = sorted(one.student for one in submissions.discover(tmp_path))
    assert found == ["alice@uni.example", "bob+hw1", "carol.smith", "d.o_neil"]


def test_a_name_that_is_not_utf8_makes_a_safe_id():
    assert ids.student_id("ab\udcff\udcfecd") == "ab_cd"
    assert ids.student_id("\udcff") == "submission"


# --- feedback file names -------------------------------------------------------------------

def test_a_255_byte_id_is_graded_and_its_feedback_written(tmp_path):
    assert len(LONG.encode("utf-8")) == 255
    assert report.write_results(tmp_path, [passed(LONG), passed("bob")], "en",
                                {"language": "en"}) == []
    names = {path.name for path in (tmp_path / "feedback").iterdir()}
    assert "bob.md" in names and len(names) == 2
    assert all(name_is_portable(name) for name in names)
    with open(tmp_path / "gradebook.csv", encoding="utf-8", newline="") as file:
        assert {row["student"] for row in csv.DictReader(file)} == {LONG, "bob"}
    html = (tmp_path / "report.html").read_text("utf-8")
    for href in ('feedback/' + part.split('"')[0] for part in html.split('href="feedback/')[1:]):
        assert (tmp_path / unquote(href)).is_file()


def test_long_ids_alike_for_200_bytes_get_two_names_every_time():
    first, second = "я" * 100 + "x", "я" * 100 + "y"
    names = {ids.feedback_name(first), ids.feedback_name(second)}
    assert len(names) == 2 and all(map(name_is_portable, names))
    assert ids.feedback_name(first) == ids.feedback_name(first)
    code = f"from homework.grading import ids; print(ids.feedback_name({first!r}))"
    there = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                           text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "7"})
    assert there.stdout.strip() == ids.feedback_name(first)


@pytest.mark.parametrize("student", ["CON", "nul", "Com1", "LPT9", "aux.backup", "COM¹", "PRN"])
def test_names_windows_reserves_are_avoided(student):
    name = ids.feedback_name(student)
    assert name_is_portable(name) and student.split(".")[0] in name


def test_a_short_safe_id_keeps_its_own_name():
    for student in ("alice", "Иванов_Пётр", "alice@uni.example", "a" * 140):
        assert ids.feedback_name(student) == f"{student}.md"


def test_an_id_no_file_could_hold_gets_a_name_of_its_own():
    odd = ["../../escape", "a/b", "a_b", "a b", NFD_NAME, "Пётр_Йорданов"]
    names = [ids.feedback_name(one) for one in odd]
    assert len(set(names)) == len(odd) and all(map(name_is_portable, names))
    assert ids.feedback_name("a_b") == "a_b.md"


@given(st.lists(st.text(min_size=1, max_size=300), max_size=30))
def test_every_id_gets_a_portable_name_of_its_own(students):
    distinct = {ids.fold(one): one for one in students}.values()
    names = [ids.feedback_name(one) for one in distinct]
    assert all(map(name_is_portable, names))
    assert len({name.casefold() for name in names}) == len(names)


# --- end to end ----------------------------------------------------------------------------

def zip_of(folder: Path, target: Path) -> None:
    """Zip `folder` (its files at the top)."""
    with zipfile.ZipFile(target, "w") as archive:
        for path in sorted(folder.rglob("*")):
            archive.write(path, path.relative_to(folder).as_posix())


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    """The real command line on a class named as students name things."""
    base = tmp_path_factory.mktemp("ids")
    folder, built = base / "class", base / "built"
    folder.mkdir()
    build(Case("long", REFERENCE, 100), built).rename(folder / LONG)
    zip_of(build(Case("mac", REFERENCE, 100), built), folder / f"{NFD_NAME}.zip")
    build(Case("con", REFERENCE, 100), built).rename(folder / "CON")
    out = base / "results"
    command = [sys.executable, "-m", "homework.grade", str(folder), "--out", str(out),
               "--jobs", "3", *unsafe_without_sandbox()]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    return {"done": done, "out": out}


def test_the_class_is_graded_and_every_feedback_written(batch):
    done, out = batch["done"], batch["out"]
    assert done.returncode == 0, done.stderr
    students = json.loads((out / "gradebook.json").read_text("utf-8"))["students"]
    assert {one["student"]: one["total"] for one in students} == \
        {LONG: 100, "Пётр_Йорданов": 100, "CON": 100}
    names = sorted(path.name for path in (out / "feedback").iterdir())
    assert len(names) == 3 and "Пётр_Йорданов.md" in names and all(map(name_is_portable, names))
    assert "Пе_тр" not in (out / "gradebook.csv").read_text("utf-8")
