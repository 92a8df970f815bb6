"""What a student browses holds what a student needs: lessons in notebooks/, the homework's own
files at the top of homework/, test plumbing and the grader elsewhere."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEFTOVERS = {"__pycache__", ".ipynb_checkpoints"}  # made by running things, git-ignored


def shown(folder: Path) -> set[str]:
    """The names in `folder` that git tracks or a student would see (leftovers aside)."""
    return {path.name for path in folder.iterdir()} - LEFTOVERS


def test_the_lessons_folder_holds_lessons_and_their_solutions_only():
    names = shown(ROOT / "notebooks")
    assert "solutions" in names
    assert {n for n in names if not n.endswith(".ipynb")} <= {"solutions", "ru"}
    if (ROOT / "notebooks" / "ru").is_dir():  # the Russian edition: lessons, their sources
        assert {n for n in shown(ROOT / "notebooks" / "ru") if not n.endswith(".ipynb")} == {
            "translations", "solutions"}


def test_the_homework_folder_shows_what_a_student_touches_and_the_grader_in_one_folder():
    assert shown(ROOT / "homework") == {"README.md", "README.ru.md", "homework.ipynb", "starter",
                                         "check.py", "submit.py", "grade.py", "grading",
                                         "__init__.py"}


def test_both_homework_commands_still_start():
    for module in ("homework.check", "homework.grade"):
        done = subprocess.run([sys.executable, "-m", module, "--help"], cwd=ROOT,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and f"python -m {module}" in done.stdout, done.stderr
