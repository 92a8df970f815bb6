"""`python -m homework.check`: the student's self-check, as a student runs it."""

from __future__ import annotations

import subprocess
import sys

from homework_cases import ROOT, build
from homework_cases.faulty import CASES

REFERENCE = next(case for case in CASES if case.name == "reference")


def self_check(*args: str) -> subprocess.CompletedProcess:
    """Run the self-check from the course folder, as the notebook's instructions say."""
    return subprocess.run([sys.executable, "-m", "homework.check", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_the_untouched_starter_fails_every_check_with_a_hint():
    done = self_check()
    assert done.returncode == 1
    assert done.stdout.count("  ✗ ") == 22 and "✓" not in done.stdout
    assert done.stdout.count("hint: ") == 22 and "Total: 0/100" in done.stdout
    assert done.stdout.startswith("Self-check of homework/starter (offline: local fakes, no key")


def test_a_finished_homework_passes_in_russian_and_its_env_stays_home(tmp_path):
    folder = build(REFERENCE, tmp_path)
    (folder / ".env").write_text("OPENROUTER_API_KEY=my-own-secret\n", "utf-8")
    done = self_check(str(folder), "--lang", "ru")
    assert done.returncode == 0, done.stdout
    assert "Итого: 100/100" in done.stdout and "Всё проходит: можно сдавать." in done.stdout
    assert done.stdout.count("✓") == 22 and ".env" not in done.stdout
    assert (folder / ".env").exists()  # the working copy is never changed


def test_a_wrong_path_says_so():
    done = self_check("no/such/folder")
    assert done.returncode == 1 and "No such folder: no/such/folder" in done.stdout
