"""Your code, run again: what you write in an exercise is what later cells and lessons use.

    from course_lib.exercises import yours
    build_request = yours("01.build_request")     # prints one line: yours, or the course's

When a check says ✓, `check()` keeps the function (`keep`) and saves its whole exercise cell to
`your_code/NN/name.py` in the course folder, next to `notebooks/solutions/NN/name.py`. Later,
in this lesson or in another one, `yours("NN.name")` gives that function back. A function whose
check has not passed yet is taken from the course's solution file instead (in Russian,
`COURSE_LANG=ru`, the Russian one, `notebooks/ru/solutions/`: the same code, its texts in
Russian), and the line it prints says so: Run All on an untouched lesson still works.

The functions of one lesson are loaded together, into one namespace, like one module: your
`chat_once` finds your `explain` (or the course's, if yours is not checked yet).

`COURSE_YOUR_CODE` moves the folder; set but empty, nothing is saved or read (the tests use
this, so a developer's own answers never change a lesson's stored outputs).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import linecache
import os
from pathlib import Path

from course_lib import config
from course_lib.exercises.engine import EXERCISE_ID, Texts, say

ENV = "COURSE_YOUR_CODE"
COURSE = Path(__file__).resolve().parents[2]  # the course folder (an editable install)
SOLUTIONS = COURSE / "notebooks" / "solutions"
RU_SOLUTIONS = COURSE / "notebooks" / "ru" / "solutions"

TEXTS: Texts = {
    "yours": {"en": "{name}: yours (it passed its check in lesson {lesson})",
              "ru": "{name}: ваша (прошла проверку в уроке {lesson})"},
    "course": {"en": "{name}: the course's, until yours passes its check in lesson {lesson}",
               "ru": "{name}: пока ваша не прошла проверку в уроке {lesson}, работает версия "
                     "курса"},
    "broken": {"en": "{name}: the course's (your saved code in {path} failed to load: {error})",
               "ru": "{name}: версия курса (ваш сохранённый код в {path} не загрузился: "
                     "{error})"},
}

# The functions that passed their check in this kernel, by exercise id ("01.build_request").
_checked: dict[str, object] = {}


def folder() -> Path | None:
    """Where checked code goes: `COURSE_YOUR_CODE`, else `your_code/`; None when switched off."""
    if ENV in os.environ:
        value = os.environ[ENV].strip()
        return Path(value).expanduser() if value else None
    return COURSE / "your_code"


def cell_source(function: object) -> str | None:
    """The whole cell (or file) a function was defined in, imports included, if Python kept it."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    lines = linecache.getlines(code.co_filename)  # IPython registers each cell's source here
    return "".join(lines) or None


def keep(exercise: str, function: object) -> None:
    """Remember a function that passed its check, and save its cell for the lessons after."""
    if not callable(function):  # a prediction's guess: nothing to run later
        return
    _checked[exercise] = function
    place, source = folder(), cell_source(function)
    if place is None or source is None:
        return
    lesson, name = exercise.split(".")
    target = place / lesson / f"{name}.py"
    with contextlib.suppress(OSError):  # a read-only folder costs the later lessons, not this one
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")


def names(lesson: str) -> list[str]:
    """The exercise names of a lesson, in the lesson's order (its checks' order)."""
    module = importlib.import_module(f"course_lib.exercises.lesson{lesson}")
    return list(getattr(module, "CHECKS", {}))


def saved(lesson: str, name: str) -> Path | None:
    """Your saved cell of an exercise, if there is one."""
    place = folder()
    path = place / lesson / f"{name}.py" if place else None
    return path if path is not None and path.is_file() else None


def lesson_namespace(lesson: str) -> tuple[dict, dict[str, str]]:
    """A lesson's functions run into one namespace (yours where saved); each name's line."""
    namespace: dict = {"__name__": f"your_lesson{lesson}"}
    origin: dict[str, str] = {}  # name -> the line that says whose it is
    for name in names(lesson):
        mine, course = saved(lesson, name), solution(lesson, name)
        for kind, path in (("yours", mine), ("course", course)):
            if path is None or not path.is_file():
                continue
            try:
                run_file(path, namespace)
            except Exception as error:  # your saved cell no longer runs: the course's stands in
                origin[name] = say(TEXTS, "broken", name=name, path=path.name,
                                   error=f"{type(error).__name__}: {error}")
                continue
            origin.setdefault(name, say(TEXTS, kind, name=name, lesson=lesson))
            break
    return namespace, origin


def solution(lesson: str, name: str) -> Path:
    """The course's solution file, in the course's language where it has one."""
    russian = RU_SOLUTIONS / lesson / f"{name}.py"
    if config.lang() == "ru" and russian.is_file():
        return russian
    return SOLUTIONS / lesson / f"{name}.py"


def run_file(path: Path, namespace: dict) -> None:
    """Run a saved cell into `namespace`, with whatever it prints swallowed."""
    code = compile(path.read_text("utf-8"), str(path), "exec")
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        exec(code, namespace)


def one(exercise: str, cache: dict[str, tuple[dict, dict[str, str]]]) -> tuple[object, str]:
    """The function of one exercise and the line that says whose it is."""
    lesson, name = exercise.split(".")
    if exercise in _checked:
        return _checked[exercise], say(TEXTS, "yours", name=name, lesson=lesson)
    if lesson not in cache:
        cache[lesson] = lesson_namespace(lesson)
    namespace, origin = cache[lesson]
    return namespace.get(name), origin.get(name, say(TEXTS, "course", name=name, lesson=lesson))


def yours(*exercises: str) -> object:
    """Your function of each exercise ("NN.name"), or the course's; one line each says whose."""
    cache: dict[str, tuple[dict, dict[str, str]]] = {}
    found = []
    for exercise in exercises:
        if not (isinstance(exercise, str) and EXERCISE_ID.fullmatch(exercise)):
            raise ValueError(f"not an exercise id like '01.build_request': {exercise!r}")
        function, line = one(exercise, cache)
        print(line)
        found.append(function)
    return found[0] if len(found) == 1 else tuple(found)


def forget() -> None:
    """Forget the functions checked in this kernel (for tests)."""
    _checked.clear()


__all__ = ["forget", "keep", "yours"]
