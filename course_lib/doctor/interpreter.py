"""Is this Python the course's environment? Asked before any course module is imported.

In JupyterLab's terminal, as in any new terminal, `python` is often the system's Python, not
the course's `.venv`. There `python -m homework.check` or `python -m course_lib doctor` would
die on `import dotenv` with a traceback that looks like a broken bot. `exit_if_outside()` asks
`importlib.util.find_spec` (nothing is imported) whether the course's packages are here; if not,
it prints one short message naming this Python and the exact command to run instead, and exits
with status 2. The self-check also runs the student's bot with this same Python, so the same
packages are what the student's code needs.

Standard library only: this runs where python-dotenv is missing, so the language is read from
COURSE_LANG (or a COURSE_LANG line of `.env`) without `course_lib.config`.
"""

from __future__ import annotations

import importlib.util
import os
import shlex
import subprocess
import sys
import textwrap
from pathlib import Path

from course_lib.texts.venv import TEXTS

# module -> package: what course_lib (and a student's bot) imports first.
NEEDED = {"requests": "requests", "dotenv": "python-dotenv", "telebot": "pyTelegramBotAPI"}
# The doctor starts with these two and reports the rest of a partial install itself.
DOCTOR_NEEDS = ("requests", "dotenv")
COURSE = Path(__file__).resolve().parents[2]
# The make target that runs a command, when there is one.
MAKE_TARGETS = {("homework.check",): "check", ("course_lib", "doctor"): "doctor",
                ("course_lib", "bot", "--console"): "demo"}
INSTALL = "-m pip install -r requirements.txt -e ."
LANGUAGES = ("en", "ru")
WIDTH = 88


def missing(modules: tuple[str, ...] = tuple(NEEDED)) -> list[str]:
    """The packages of `modules` (default: all the course needs) this Python cannot import."""
    absent = []
    for module in modules:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            absent.append(NEEDED[module])
    return absent


def course_python(windows: bool) -> Path:
    """The Python of the course's environment (which may not exist yet)."""
    return COURSE / ".venv" / ("Scripts/python.exe" if windows else "bin/python")


def inside_course_venv() -> bool:
    """Whether this Python is the course's `.venv`."""
    return Path(sys.prefix).resolve() == (COURSE / ".venv").resolve()


def language(argv: list[str]) -> str:
    """en or ru: a `--lang` argument, else COURSE_LANG (the environment, then `.env`)."""
    for i, arg in enumerate(argv):
        chosen = argv[i + 1] if arg == "--lang" and i + 1 < len(argv) else arg[len("--lang="):]
        if arg.startswith("--lang") and chosen in LANGUAGES:
            return chosen
    value = os.environ.get("COURSE_LANG")
    value = (_dotenv_lang(Path.cwd()) if value is None else value) or ""
    return value.strip().lower() if value.strip().lower() in LANGUAGES else "en"


def _dotenv_lang(folder: Path) -> str | None:
    """COURSE_LANG from the nearest `.env` (its last such line, as python-dotenv would)."""
    for place in (folder, *folder.parents):
        path = place / ".env"
        if path.is_file():
            try:
                lines = path.read_text(encoding="utf-8-sig").splitlines()
            except (OSError, UnicodeDecodeError):
                return None
            found = [line.split("=", 1)[1] for line in lines
                     if line.strip().startswith("COURSE_LANG=")]
            return found[-1].strip().strip("'\"") if found else None
    return None


def _quote(argv: list[str], windows: bool) -> str:
    """A command line as the user's shell reads it."""
    return subprocess.list2cmdline(argv) if windows else shlex.join(argv)


def _block(lines: list[str]) -> str:
    """Commands, one per line, indented: each copied whole, nothing after it."""
    return "\n".join("    " + line for line in lines)


def venv_command(argv: list[str], windows: bool) -> str:
    """`argv` run by the course's Python, from the course folder."""
    return _quote([r".venv\Scripts\python" if windows else ".venv/bin/python", *argv], windows)


def message(argv: list[str], absent: list[str], lang: str, windows: bool | None = None) -> str:
    """What to say when this Python lacks `absent`: the command `argv` (after `python`) to
    run instead, with the course's Python."""
    windows = sys.platform == "win32" if windows is None else windows
    python = course_python(windows)
    cd = [] if Path.cwd().resolve() == COURSE else [_quote(["cd", str(COURSE)], windows)]
    fields = {"python": sys.executable or "python", "missing": ", ".join(absent)}
    run = _block([*cd, venv_command(argv, windows)])
    if inside_course_venv():
        return TEXTS["venv.partial"][lang].format(
            commands=_block([*cd, venv_command(INSTALL.split(), windows)]), **fields)
    if not python.exists():
        setup = (["py -3 -m venv .venv", venv_command(INSTALL.split(), windows)] if windows
                 else ["make install"])
        return "\n".join([TEXTS["venv.no_venv"][lang].format(commands=_block([*cd, *setup]),
                                                              **fields),
                          TEXTS["venv.then"][lang].format(commands=run)])
    parts = [TEXTS["venv.outside"][lang].format(commands=run, **fields)]
    target = MAKE_TARGETS.get(tuple(a for a in argv if a != "-m"))
    if target and not windows:
        parts.append(TEXTS["venv.or_make"][lang].format(commands=_block([*cd, f"make {target}"])))
    parts.append(TEXTS["venv.activate"][lang])
    return "\n".join(parts)


def needs(argv: list[str]) -> tuple[str, ...]:
    """The modules `argv` cannot start without: all, but fewer for the doctor in `.venv`."""
    if argv[1:3] == ["course_lib", "doctor"] and inside_course_venv():
        return DOCTOR_NEEDS  # its "packages" line names the rest, with the fix
    return tuple(NEEDED)


def exit_if_outside(argv: list[str]) -> None:
    """Exit with status 2, saying what to run instead, if this Python lacks the course's
    packages; `argv` is the command after `python`, e.g. ["-m", "homework.check"]."""
    absent = missing(needs(argv))
    if not absent:
        return
    text = message(argv, absent, language(argv))
    # Prose wrapped to the terminal's usual width; the indented commands never are.
    lines = [line if line.startswith("    ") else textwrap.fill(line, WIDTH)
             for line in text.rstrip("\n").split("\n")]
    sys.stderr.write("\n".join(lines) + "\n")
    raise SystemExit(2)
