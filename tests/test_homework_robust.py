"""One submission never stops the batch: deep folders, names that are not UTF-8, odd hand-ins.

Each test names a submission that stopped a whole run once (a RecursionError in the copy, a
UnicodeEncodeError in the reports, a crash in the grader) and asserts it now gets its own row
and a reason while the others are graded. One end-to-end run of `python -m homework.grade`
(module scope) grades a small class of such hand-ins.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from homework_cases import LAST_FRIENDLY, MESSAGES, REFERENCE, ROOT, Case, build

from homework.grading import checks, report, static_scan, submissions, tree
from homework.grading.engine.grader import Graded, Grader, remove
from homework.grading.sandbox.plan import Isolation
from homework.grading.verdicts import Text

POSIX_FDS = pytest.mark.skipif(os.open not in os.supports_dir_fd,
                               reason="folder handles (dir_fd) are POSIX-only")
BAD_NAME = b"key\xff\xfe.txt"  # not valid UTF-8


def deep_tree(top: Path, levels: int, name: str = "d") -> None:
    """`levels` folders nested in `top`, made through folder handles: no long path, no recursion."""
    fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for _ in range(levels):
            os.mkdir(name, dir_fd=fd)
            inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
            os.close(fd)
            fd = inner
        bottom = os.open("bottom.py", os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=fd)
        os.write(bottom, b"print('deep')\n")
        os.close(bottom)
    finally:
        os.close(fd)


def bad_name_file(folder: Path, data: bytes = b"hello\n") -> bool:
    """Write a file whose name is not UTF-8 into `folder`; False where the filesystem refuses."""
    try:
        fd = os.open(os.fsencode(folder) + b"/" + BAD_NAME, os.O_CREAT | os.O_WRONLY, 0o644)
    except OSError:  # macOS and Windows keep names in Unicode
        return False
    os.write(fd, data)
    os.close(fd)
    return True


@pytest.fixture()
def scratch(tmp_path):
    """A temporary folder removed with `rm -rf` (not our code, not a recursion) afterwards."""
    yield tmp_path
    if shutil.which("rm"):
        subprocess.run(["rm", "-rf", str(tmp_path)], check=False)


def starter_copy(parent: Path, name: str) -> Path:
    """A small project folder (bot.py only) named `name`."""
    folder = parent / name
    folder.mkdir(parents=True)
    (folder / "bot.py").write_text("print('hi')\n", "utf-8")
    return folder


# --- the copy ------------------------------------------------------------------------------

@POSIX_FDS
def test_a_folder_1100_levels_deep_is_refused_not_a_crash(scratch):
    folder = starter_copy(scratch, "deep")
    deep_tree(folder, 1100)
    with pytest.raises(submissions.Refused) as refused:
        submissions.prepare(submissions.Submission("deep", folder), scratch / "out")
    assert refused.value.reason.key == "reason.too_deep"
    assert refused.value.reason.fields["limit"] == tree.MAX_DEPTH


def test_a_zip_nested_too_deep_is_refused(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "s.zip", "w") as archive:
        archive.writestr("s/bot.py", "print('hi')\n")
        archive.writestr("s/" + "d/" * 200 + "x.py", "")
    with pytest.raises(submissions.Refused) as refused:
        submissions.prepare(submissions.Submission("s", tmp_path / "s.zip"), tmp_path / "out")
    assert refused.value.reason.key == "reason.too_deep"


@pytest.mark.parametrize("extra, refused", [(0, False), (1, True)])
def test_the_depth_limit_is_exact(tmp_path, extra, refused):
    folder = starter_copy(tmp_path, "s")
    inner = folder.joinpath(*["d"] * (tree.MAX_DEPTH + extra))
    inner.mkdir(parents=True)
    (inner / "x.py").write_text("", "utf-8")
    submission = submissions.Submission("s", folder)
    if refused:
        with pytest.raises(submissions.Refused):
            submissions.prepare(submission, tmp_path / "out")
    else:
        work = submissions.prepare(submission, tmp_path / "out")
        assert (work.joinpath(*["d"] * tree.MAX_DEPTH) / "x.py").is_file()


def test_a_name_that_is_not_utf8_is_skipped_with_a_note(tmp_path):
    folder = starter_copy(tmp_path, "s")
    if not bad_name_file(folder):
        pytest.skip("this filesystem keeps names in Unicode")
    submission = submissions.Submission("s", folder)
    work = submissions.prepare(submission, tmp_path / "out")
    assert sorted(os.listdir(os.fsencode(work))) == [b"bot.py"]
    assert [n.key for n in submission.notes] == ["note.bad_names"]
    assert submission.notes[0].fields == {"count": 1}


def test_an_unreadable_file_refuses_that_submission_only(tmp_path, monkeypatch):
    folder = starter_copy(tmp_path, "s")

    def broken(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(shutil, "copyfile", broken)
    with pytest.raises(submissions.Refused) as refused:
        submissions.prepare(submissions.Submission("s", folder), tmp_path / "out")
    assert refused.value.reason.key == "reason.unreadable"
    assert "Permission denied" in refused.value.reason.render("en")


def test_env_files_are_never_copied(tmp_path):
    folder = starter_copy(tmp_path, "s")
    (folder / ".env").write_text("OPENROUTER_API_KEY=secret\n", "utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / ".env").write_text("X=1\n", "utf-8")
    submission = submissions.Submission("s", folder)
    work = submissions.prepare(submission, tmp_path / "out")
    assert not (work / ".env").exists() and not (work / "sub" / ".env").exists()
    assert [n.key for n in submission.notes] == ["note.env_removed"]


# --- the hand-ins it cannot read ------------------------------------------------------------

def odd_class(folder: Path) -> Path:
    """A class folder with every kind of hand-in the grader cannot read, and two it can."""
    starter_copy(folder, "alice")
    starter_copy(folder, "hidden")
    starter_copy(folder, ".hidden")
    with tarfile.open(folder / "bob.tar.gz", "w:gz") as archive:
        archive.add(folder / "alice", "bob")
    (folder / "carol.rar").write_bytes(b"Rar!\x1a\x07\x00")
    (folder / "dave").symlink_to(folder / "alice", target_is_directory=True)
    (folder / "notes.txt").write_text("not a submission", "utf-8")
    (folder / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    (folder / "Thumbs.db").write_bytes(b"\0")
    return folder


def test_every_hand_in_gets_a_row_with_a_reason(tmp_path):
    found = {s.student: s for s in submissions.discover(odd_class(tmp_path))}
    assert set(found) == {"alice", "hidden", "hidden-2", "bob", "carol", "dave", "notes"}
    reasons = {name: s.refused.key if s.refused else None for name, s in found.items()}
    assert reasons == {"alice": None, "hidden": None, "hidden-2": "reason.hidden",
                       "bob": "reason.archive", "carol": "reason.archive",
                       "dave": "reason.link", "notes": "reason.not_submission"}
    assert found["hidden"].source.name == "hidden"  # the real folder keeps its name
    assert found["bob"].refused.fields == {"kind": ".tar.gz"}


def test_prepare_raises_the_preset_refusal_first(tmp_path):
    submission = {s.student: s for s in submissions.discover(odd_class(tmp_path))}["dave"]
    with pytest.raises(submissions.Refused) as refused:
        submissions.prepare(submission, tmp_path / "out")
    assert refused.value.reason.key == "reason.link"
    assert not (tmp_path / "out" / "raw").exists()


# --- the grader's own scratch folders ------------------------------------------------------

@POSIX_FDS
def test_remove_deletes_a_tree_deeper_than_path_max(scratch):
    outside = scratch / "outside"
    starter_copy(scratch, "outside")
    top = scratch / "top"
    top.mkdir()
    deep_tree(top, 3000, name="dd")  # 3 bytes a level: 9,000 bytes, over PATH_MAX
    (top / "link").symlink_to(outside, target_is_directory=True)
    (top / "locked").mkdir()
    (top / "locked" / "f.txt").write_text("x", "utf-8")
    os.chmod(top / "locked", 0)
    remove(top)
    assert not top.exists()
    assert (outside / "bot.py").is_file()  # the link was removed, not followed


def test_remove_leaves_nothing_of_a_folder_made_unwritable(tmp_path):
    top = starter_copy(tmp_path, "top")
    (top / "a" / "b").mkdir(parents=True)
    (top / "a" / "b" / "c.txt").write_text("x", "utf-8")
    for path in (top / "a" / "b", top / "a", top):
        os.chmod(path, 0o500)
    remove(top)
    assert not top.exists()
    remove(tmp_path / "never-existed")  # nothing to do, no error


@POSIX_FDS
def test_the_key_scan_survives_a_deep_tree(scratch):
    (scratch / "bot.py").write_text('KEY = "sk-or-v1-abc"\n', "utf-8")
    deep_tree(scratch, 1100)
    (scratch / "loop").symlink_to(scratch, target_is_directory=True)
    assert static_scan.scan(scratch) == {"places": ["bot.py:1"]}


# --- the batch goes on ---------------------------------------------------------------------

class Flaky(Grader):
    """A grader that fails with an exception of its own on the submission named 'bob'."""

    def grade(self, submission: submissions.Submission) -> Graded:
        if submission.student == "bob":
            raise RuntimeError("disk on fire\nsecond line")
        return Graded(submission.student, [checks.Result(c, None) for c in checks.TABLE])


def test_any_exception_while_grading_one_becomes_that_students_row(tmp_path):
    done = []
    with Flaky(isolation=Isolation()) as grader:
        graded = grader.grade_all([submissions.Submission(name, tmp_path) for name in
                                   ("alice", "bob", "carol")], 2, done.append)
    assert [g.student for g in graded] == ["alice", "bob", "carol"]
    assert [g.total for g in graded] == [checks.MAX_POINTS, 0, checks.MAX_POINTS]
    bob = graded[1]
    assert bob.reason.key == "reason.internal"
    assert bob.reason.render("en").count("RuntimeError: disk on fire") == 1
    assert "second line" not in bob.reason.render("en")
    assert sorted(g.student for g in done) == ["alice", "bob", "carol"]


def test_a_failing_progress_callback_does_not_stop_grading(tmp_path):
    def broken(graded: Graded) -> None:
        raise OSError("stderr is gone")

    with Flaky(isolation=Isolation()) as grader:
        graded = grader.grade_all([submissions.Submission("alice", tmp_path)], 1, broken)
    assert graded[0].total == checks.MAX_POINTS


# --- the reports ---------------------------------------------------------------------------

def surrogate_student() -> Graded:
    """A graded submission whose hint, note and message carry a lone surrogate."""
    results = [checks.Result(c, Text("import_failed", {"module": "db", "error": "bad \udcff"})
                             if c.id == "t2.count" else None) for c in checks.TABLE]
    errors = {"500/json": {"answer": {"outcome": "raised", "msg": "Oops \udcff 500"}}}
    return Graded("mallory", results, notes=[Text("note.duplicate_id", {"student": "m\ud800"})],
                  observations={"runner": {"errors": errors}})


def test_unencodable_text_is_escaped_and_every_file_written(tmp_path):
    failed = Graded("zed", checks.failed_all(Text("reason.crash", {"detail": "\udcff!"})),
                    Text("reason.crash", {"detail": "\udcff!"}))
    report.write_results(tmp_path, [surrogate_student(), failed], "en", {"language": "en"})
    for name in ("gradebook.csv", "gradebook.json", "report.html", "feedback/mallory.md",
                 "feedback/zed.md"):
        text = (tmp_path / name).read_text("utf-8")  # valid UTF-8 throughout
        assert "\\udcff" in text or "\\\\udcff" in text, name
    with open(tmp_path / "gradebook.csv", encoding="utf-8") as file:
        row = next(csv.DictReader(file))
    assert row["msg_500"] == "Oops \\udcff 500"


def test_one_students_broken_data_does_not_stop_the_others(tmp_path):
    wrong = Text("reason.crash", {"not_detail": 1})  # a field missing: rendering it fails
    broken = Graded("broken", checks.failed_all(wrong), wrong)
    fine = Graded("fine", [checks.Result(c, None) for c in checks.TABLE])
    blocked = Graded("blocked", [checks.Result(c, None) for c in checks.TABLE])
    (tmp_path / "feedback" / "blocked.md").mkdir(parents=True)  # no file can replace it
    failures = report.write_results(tmp_path, [broken, blocked, fine], "en", {"language": "en"})
    assert [path.name for path, _ in failures] == ["blocked.md"]
    assert (tmp_path / "feedback" / "fine.md").is_file()
    assert "reason.crash" in (tmp_path / "feedback" / "broken.md").read_text("utf-8")
    students = json.loads((tmp_path / "gradebook.json").read_text("utf-8"))["students"]
    assert [s["total"] for s in students] == [0, checks.MAX_POINTS, checks.MAX_POINTS]


def test_a_result_that_cannot_be_read_is_a_row_and_the_others_are_written(tmp_path):
    unreadable = Graded("odd", None)  # no results at all: even its total fails
    fine = Graded("fine", [checks.Result(c, None) for c in checks.TABLE])
    failures = report.write_results(tmp_path, [unreadable, fine], "en", {"language": "en"})
    assert [path.name for path, _ in failures] == ["odd.md"]
    with open(tmp_path / "gradebook.csv", encoding="utf-8") as file:
        table = {row["student"]: row for row in csv.DictReader(file)}
    assert table["odd"]["status"] == "not graded" and "TypeError" in table["odd"]["reason"]
    assert table["fine"]["total"] == str(checks.MAX_POINTS)
    assert "odd" in (tmp_path / "report.html").read_text("utf-8")


def test_student_ids_in_file_names_are_safe(tmp_path):
    odd = Graded("../../escape", [checks.Result(c, None) for c in checks.TABLE])
    report.write_results(tmp_path / "out", [odd], "en", {"language": "en"})
    assert not (tmp_path / "escape.md").exists()
    names = [p.name for p in (tmp_path / "out" / "feedback").iterdir()]
    assert len(names) == 1 and names[0].startswith("escape~")  # not a safe id: a hashed name


# --- end to end ----------------------------------------------------------------------------

def surrogate_case() -> Case:
    """The reference, with a lone surrogate written as an escape in its 500 message."""
    line = '    500: "Internal error \\udcff: not your fault, try again in a minute.",\n'
    edits = tuple(e for e in REFERENCE if not (e[0] == "openrouter_client.py"
                                                 and e[1] == LAST_FRIENDLY))
    rest = "".join(f"    {s}: {json.dumps(m)},\n" for s, m in MESSAGES.items() if s != 500)
    return Case("mallory", (*edits, ("openrouter_client.py", LAST_FRIENDLY,
                                     LAST_FRIENDLY + line + rest)), 0)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> dict:
    """One run of the command line over a class of odd hand-ins and two real submissions."""
    base = tmp_path_factory.mktemp("robust")
    folder = odd_class(base / "class")
    shutil.rmtree(folder / "alice")
    reference = build(Case("alice", REFERENCE, 100), base / "built")
    has_bad_name = bad_name_file(reference, b'KEY = "sk-or-v1-abcdef"\n')
    reference.rename(folder / "alice")
    build(surrogate_case(), folder)
    if os.open in os.supports_dir_fd:
        deep_tree(starter_copy(folder, "deep"), 1100)
    out = base / "results"
    command = [sys.executable, "-m", "homework.grade", str(folder), "--out", str(out),
               "--jobs", "2", "--unsafe-no-sandbox"]  # sandboxed where there is one
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    yield {"done": done, "out": out, "bad_name": has_bad_name}
    subprocess.run(["rm", "-rf", str(folder / "deep")], check=False)


def test_the_batch_writes_every_row_and_exits_1(batch):
    done = batch["done"]
    assert done.returncode == 1, done.stderr
    document = json.loads((batch["out"] / "gradebook.json").read_text("utf-8"))
    students = {s["student"]: s for s in document["students"]}
    expected = {"alice", "mallory", "hidden", "hidden-2", "bob", "carol", "dave", "notes"}
    assert set(students) == expected | ({"deep"} if os.open in os.supports_dir_fd else set())
    # Her file with a name that is not UTF-8 holds a key: read all the same, it costs the 4.
    assert students["alice"]["total"] == checks.MAX_POINTS - (4 if batch["bad_name"] else 0)
    assert students["alice"]["status"] == "graded"
    for name in ("hidden-2", "bob", "carol", "dave", "notes", "deep"):
        if name in students:
            assert students[name]["status"] == "not graded" and students[name]["reason"], name
            assert f"  {name}: " in done.stderr
    assert sorted(p.stem for p in (batch["out"] / "feedback").glob("*.md")) == sorted(students)


def test_the_batch_keeps_a_bad_name_and_a_surrogate_out_of_harms_way(batch):
    document = json.loads((batch["out"] / "gradebook.json").read_text("utf-8"))
    students = {s["student"]: s for s in document["students"]}
    assert "\\udcff" in students["mallory"]["messages"]["500"]
    assert students["mallory"]["messages"]["502"] == MESSAGES[502]
    if batch["bad_name"]:
        assert any("UTF-8" in note for note in students["alice"]["notes"])
        assert "key\\xff\\xfe.txt:1" in students["alice"]["hints"]["t1.no_literal"]
    assert (batch["out"] / "report.html").is_file()
