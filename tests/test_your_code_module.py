"""`yours`: a function whose check passed is what later cells and lessons run.

The check keeps it and saves its cell to `your_code/NN/name.py`; `yours("NN.name")` hands it
back (from this kernel, or from the saved file in a later lesson), or the course's solution file
until the student's passes. Each fetch prints one line that says whose. These tests use lesson
01's and 02's exercises and a temporary folder for `COURSE_YOUR_CODE`.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from course_lib.exercises import check, yours
from course_lib.exercises import your_code as yours_module

SOLUTIONS = Path(__file__).resolve().parents[1] / "notebooks" / "solutions"


@pytest.fixture
def saved_to(tmp_path, monkeypatch) -> Path:
    """`COURSE_YOUR_CODE` pointed at a fresh folder, and nothing remembered from before."""
    folder = tmp_path / "your_code"
    monkeypatch.setenv(yours_module.ENV, str(folder))
    yours_module.forget()
    yield folder
    yours_module.forget()


def cell(tmp_path: Path, source: str, name: str) -> object:
    """A function defined from a file of its own, as a notebook cell defines one."""
    path = tmp_path / f"cell_{name}.py"
    path.write_text(source, encoding="utf-8")
    return runpy.run_path(str(path))[name]


def solution(lesson: str, name: str) -> str:
    """The course's solution file of an exercise, as text."""
    return (SOLUTIONS / lesson / f"{name}.py").read_text("utf-8")


def test_a_passing_check_saves_the_whole_cell_and_yours_hands_it_back(saved_to, tmp_path,
                                                                        capsys):
    source = "import json  # the cell's own import comes along\n\n" + solution("01",
                                                                              "status_class")
    status_class = cell(tmp_path, source, "status_class")
    check("01.status_class", status_class)
    assert capsys.readouterr().out.startswith("✓ ")
    assert (saved_to / "01" / "status_class.py").read_text("utf-8") == source
    assert yours("01.status_class") is status_class
    assert capsys.readouterr().out == "status_class: yours (it passed its check in lesson 01)\n"


def test_a_later_lesson_loads_the_saved_cell(saved_to, tmp_path, capsys):
    status_class = cell(tmp_path, solution("01", "status_class"), "status_class")
    check("01.status_class", status_class)
    yours_module.forget()  # a new kernel: only the saved file is left
    capsys.readouterr()
    loaded = yours("01.status_class")
    assert loaded is not status_class and loaded(503) == "server error"
    assert Path(loaded.__code__.co_filename) == saved_to / "01" / "status_class.py"
    assert "yours" in capsys.readouterr().out


def test_a_failing_check_keeps_nothing(saved_to, tmp_path, capsys):
    wrong = cell(tmp_path, "def status_class(code):\n    return 'success'\n", "status_class")
    check("01.status_class", wrong)
    assert capsys.readouterr().out.startswith("✗ ")
    assert not saved_to.exists()
    assert yours("01.status_class") is not wrong


def test_until_yours_passes_the_course_stands_in_and_says_so(saved_to, capsys):
    status_class = yours("01.status_class")
    assert status_class(404) == "client error"
    assert Path(status_class.__code__.co_filename) == SOLUTIONS / "01" / "status_class.py"
    assert capsys.readouterr().out == (
        "status_class: the course's, until yours passes its check in lesson 01\n")


def test_several_at_once_one_line_each(saved_to, capsys):
    mask, duplicates = yours("02.mask", "02.duplicates")
    assert callable(mask) and callable(duplicates)
    assert capsys.readouterr().out.count("\n") == 2


def test_a_lessons_functions_share_one_namespace(saved_to):
    # Lesson 04's chat_once calls explain: whichever explain is in use, chat_once finds it.
    (saved_to / "01").mkdir(parents=True)
    (saved_to / "01" / "parse_response.py").write_text("MARK = 'student'\n"
                                                       "def parse_response(raw):\n"
                                                       "    return MARK\n", encoding="utf-8")
    (saved_to / "01" / "build_request.py").write_text("def build_request(*args):\n"
                                                      "    return MARK.encode()\n",
                                                      encoding="utf-8")
    parse, build = yours("01.parse_response", "01.build_request")
    assert parse(b"") == "student" and build() == b"student"
    assert parse.__globals__ is build.__globals__


def test_saved_code_that_no_longer_runs_gives_the_course_and_says_why(saved_to, capsys):
    (saved_to / "01").mkdir(parents=True)
    (saved_to / "01" / "status_class.py").write_text("import no_such_module_here\n",
                                                     encoding="utf-8")
    status_class = yours("01.status_class")
    assert status_class(200) == "success"
    line = capsys.readouterr().out
    assert line.startswith("status_class: the course's (your saved code in status_class.py "
                           "failed to load: ModuleNotFoundError")
    assert str(saved_to) not in line  # no absolute path of the student's machine


def test_prints_of_the_saved_cell_are_not_shown(saved_to, capsys):
    (saved_to / "01").mkdir(parents=True)
    (saved_to / "01" / "status_class.py").write_text(
        "print('trying it out')\n" + solution("01", "status_class"), encoding="utf-8")
    yours("01.status_class")
    assert "trying it out" not in capsys.readouterr().out


def test_switched_off_nothing_is_saved_or_read(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(yours_module.ENV, "")
    monkeypatch.chdir(tmp_path)
    yours_module.forget()
    assert yours_module.folder() is None
    status_class = cell(tmp_path, solution("01", "status_class"), "status_class")
    check("01.status_class", status_class)
    assert yours("01.status_class") is status_class  # this kernel still remembers it
    assert not (tmp_path / "your_code").exists() and not yours_module.saved("01", "status_class")
    yours_module.forget()


def test_by_default_the_folder_is_your_code_in_the_course(monkeypatch):
    monkeypatch.delenv(yours_module.ENV, raising=False)
    assert yours_module.folder() == yours_module.COURSE / "your_code"
    assert (yours_module.COURSE / "notebooks" / "solutions").is_dir()


def test_the_line_speaks_russian_when_the_course_does(saved_to, monkeypatch, capsys):
    monkeypatch.setenv("COURSE_LANG", "ru")
    status_class = yours("01.status_class")
    assert capsys.readouterr().out == (
        "status_class: пока ваша не прошла проверку в уроке 01, работает версия курса\n")
    # The course's stand-in is its Russian solution: the same code, its texts in Russian.
    assert Path(status_class.__code__.co_filename) == (
        SOLUTIONS.parent / "ru" / "solutions" / "01" / "status_class.py")
    assert status_class(404) == "ошибка клиента"


@pytest.mark.parametrize("bad", ["status_class", "1.status_class", "", None])
def test_an_id_that_is_no_exercise_is_refused(bad, saved_to):
    with pytest.raises(ValueError, match="not an exercise id"):
        yours(bad)


def test_a_value_that_passed_a_prediction_is_not_kept(saved_to):
    yours_module.keep("01.some_prediction", 405)
    assert not saved_to.exists() and "01.some_prediction" not in yours_module._checked
