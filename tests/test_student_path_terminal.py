"""The terminal where `python` is not the course's: commands say what to run, never a traceback.

In JupyterLab's terminal `python` is the system's Python. The course's commands started with it
must say, in the student's language, which Python ran and the exact command to run instead,
and exit with a non-zero status. Debian's /usr/bin/python3 (without the course's packages)
plays that Python here, started from the course folder as a student would.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from course_lib.doctor import interpreter

ROOT = Path(__file__).resolve().parents[1]
SYSTEM_PYTHON = "/usr/bin/python3"


def _system_python_lacks_the_course() -> bool:
    """Whether /usr/bin/python3 exists and misses one of the course's packages at least."""
    if not Path(SYSTEM_PYTHON).exists():
        return False
    probe = "import importlib.util as u; print(all(u.find_spec(m) for m in %r))"
    done = subprocess.run([SYSTEM_PYTHON, "-I", "-c", probe % list(interpreter.NEEDED)],
                          capture_output=True, text=True, timeout=30)
    return done.stdout.strip() == "False"


outside = pytest.mark.skipif(not _system_python_lacks_the_course(),
                             reason="needs a system Python without the course's packages")


def system_python(*args: str, lang: str | None = None, cwd: Path = ROOT):
    """Run /usr/bin/python3 ARGS from the course folder, with no course variable set."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "COURSE_LANG", "PYTHONHOME")}
    if lang:
        env["COURSE_LANG"] = lang
    return subprocess.run([SYSTEM_PYTHON, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=60)


@outside
@pytest.mark.parametrize("command, make", [
    (["-m", "homework.check"], "make check"),
    (["-m", "course_lib", "doctor"], "make doctor"),
    (["-m", "course_lib", "bot", "--console"], "make demo"),
    (["-m", "course_lib", "models", "check"], None),
    (["-m", "course_lib", "--help"], None),
])
def test_the_system_python_is_told_the_command_to_run(command, make):
    done = system_python(*command)
    said = done.stdout + done.stderr
    assert done.returncode == 2, said
    assert "Traceback" not in said and "No module named" not in said
    assert "This Python (/usr/bin/python3) is not the course's environment" in said
    assert "    .venv/bin/python " + " ".join(command) + "\n" in said
    assert (("    " + make + "\n") in said) if make else "make " not in said
    assert "0/100" not in said and "Total" not in said  # nothing was graded


@outside
def test_the_self_check_outside_speaks_russian_and_keeps_the_arguments():
    done = system_python("-m", "homework.check", "my copy", "--lang", "ru")
    assert done.returncode == 2
    assert "не окружение курса" in done.stderr and "Traceback" not in done.stderr
    assert "    .venv/bin/python -m homework.check 'my copy' --lang ru\n" in done.stderr


@outside
def test_course_lang_from_the_environment_picks_russian_for_the_doctor():
    done = system_python("-m", "course_lib", "doctor", lang="ru")
    assert done.returncode == 2 and "Запустите ту же команду" in done.stderr
    assert "    make doctor\n" in done.stderr


@outside
def test_from_another_folder_the_command_starts_with_cd(tmp_path):
    env_root = f"import sys; sys.path.insert(0, {str(ROOT)!r}); import runpy; "
    done = system_python("-c", env_root + "sys.argv = ['x']; "
                         "runpy.run_module('homework.check', run_name='__main__')", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert f"    cd {ROOT}\n    .venv/bin/python -m homework.check\n" in done.stderr


# --- the message itself, for the cases this machine does not have ------------------------------

@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A course folder at tmp_path, not yet installed, and not the Python running the test."""
    monkeypatch.setattr(interpreter, "COURSE", tmp_path.resolve())
    monkeypatch.setattr(interpreter, "inside_course_venv", lambda: False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_a_venv_the_message_says_make_install_first(elsewhere):
    text = interpreter.message(["-m", "homework.check"], ["pyTelegramBotAPI"], "en",
                               windows=False)
    assert "does not exist yet" in text
    assert text.index("    make install\n") < text.index("    .venv/bin/python -m homework.check")


def test_on_windows_the_commands_use_the_scripts_folder(elsewhere):
    text = interpreter.message(["-m", "homework.check"], ["requests"], "en", windows=True)
    assert "    py -3 -m venv .venv\n" in text
    assert "    .venv\\Scripts\\python -m pip install -r requirements.txt -e .\n" in text
    assert "    .venv\\Scripts\\python -m homework.check" in text
    (elsewhere / ".venv" / "Scripts").mkdir(parents=True)
    (elsewhere / ".venv" / "Scripts" / "python.exe").write_bytes(b"")
    text = interpreter.message(["-m", "course_lib", "doctor"], ["requests"], "ru", windows=True)
    assert "    .venv\\Scripts\\python -m course_lib doctor" in text
    assert "make" not in text  # no make on Windows


def test_inside_the_course_venv_a_partial_install_says_reinstall(monkeypatch):
    monkeypatch.setattr(interpreter, "inside_course_venv", lambda: True)
    monkeypatch.chdir(ROOT)
    text = interpreter.message(["-m", "homework.check"], ["pyTelegramBotAPI"], "en",
                               windows=False)
    assert "lacks pyTelegramBotAPI" in text
    assert "    .venv/bin/python -m pip install -r requirements.txt -e .\n" in text


def test_the_language_comes_from_lang_then_course_lang_then_dotenv(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_LANG", raising=False)
    assert interpreter.language([]) == "en"
    (tmp_path / ".env").write_text("COURSE_LANG=en\nCOURSE_LANG=ru\n", encoding="utf-8")
    assert interpreter.language([]) == "ru"
    monkeypatch.setenv("COURSE_LANG", "en")
    assert interpreter.language([]) == "en"
    assert interpreter.language(["x", "--lang=ru"]) == "ru"
    assert interpreter.language(["--lang", "ru"]) == "ru"


BLOCK_TELEBOT = """
import importlib.abc, runpy, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "telebot":
            raise ModuleNotFoundError("No module named 'telebot'", name=name)
sys.meta_path.insert(0, Block())
sys.argv = ["x", *sys.argv[1:]]
runpy.run_module(sys.argv.pop(1), run_name="__main__", alter_sys=True)
"""


def test_the_course_venv_without_telebot_still_runs_the_doctor(tmp_path):
    if not interpreter.inside_course_venv():
        pytest.skip("the tests do not run in the course's .venv")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COURSE_DB": str(tmp_path / "bot.db")}
    doctor = subprocess.run([sys.executable, "-c", BLOCK_TELEBOT, "course_lib", "doctor"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert "✗ Packages the course needs are missing or broken: pyTelegramBotAPI" in doctor.stdout
    assert done_without_traceback(doctor)
    check = subprocess.run([sys.executable, "-c", BLOCK_TELEBOT, "homework.check"],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert check.returncode == 2 and done_without_traceback(check)
    assert "installation is incomplete" in check.stderr


def done_without_traceback(done: subprocess.CompletedProcess) -> bool:
    """No traceback anywhere in what a process printed."""
    return "Traceback" not in done.stdout + done.stderr
