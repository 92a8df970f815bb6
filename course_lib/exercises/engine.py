"""The ✓/✗ engine behind every `exercise-check` cell: run one check, print one verdict.

A check is a function in `lessonNN.py` that calls the student's object through `call()` with
its cases, and either returns the text after ✓ or raises `Wrong(what, hint)`. `check()` prints
that as a verdict and never raises: nothing a student writes (no return yet, an exception, a
strange value) can turn a check cell red. Texts come in English and Russian (`COURSE_LANG`).
"""

from __future__ import annotations

import contextlib
import importlib
import io
import re
import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from course_lib import config
from course_lib.texts.plural import fill

Texts = Mapping[str, Mapping[str, str]]
EXERCISE_ID = re.compile(r"(\d\d)\.([a-z_][a-z0-9_]*)")  # "01.status_class"
WIDTH = 96  # a verdict fits a slide's 100 columns
MAX_REPR = 90  # a value shown in a verdict is cut after this many characters

TEXTS: Texts = {
    "hint": {"en": "Hint", "ru": "Подсказка"},
    "unknown": {"en": "There is no exercise {exercise!r}: copy the check cell from the lesson.",
                "ru": "Упражнения {exercise!r} нет: скопируйте ячейку проверки из урока."},
    "unknown.hint": {"en": "An exercise is named like '01.status_class' (lesson, name).",
                     "ru": "Упражнение называется как '01.status_class' (урок, имя)."},
    "not_callable": {"en": "{name} is {value}, not a function.",
                     "ru": "{name} — это {value}, а не функция."},
    "not_callable.hint": {"en": "Run the exercise cell (with its `def`) first, then this one.",
                          "ru": "Сначала выполните ячейку упражнения (с `def`), потом эту."},
    "none": {"en": "{call} returned None: the function returns nothing yet.",
             "ru": "{call} вернула None: функция пока ничего не возвращает."},
    "not_written": {"en": "{call} raised NotImplementedError: the function is not written yet.",
                    "ru": "{call} выбросила NotImplementedError: функция ещё не написана."},
    "raised": {"en": "{call} raised {error}.", "ru": "{call} выбросила исключение {error}."},
    "guess.none": {"en": "No guess yet: write it after `guess =` above, run that cell, then this "
                         "one.",
                   "ru": "Догадки пока нет: впишите её после `guess =` выше, выполните ту "
                         "ячейку, потом эту."},
    "guess.wrong": {"en": "It was {actual}, not {guess}.", "ru": "Вышло {actual}, а не {guess}."},
    "guess.right": {"en": "Yes: {actual}. {why}", "ru": "Да: {actual}. {why}"},
    "broken": {"en": "The check itself failed ({error}). If your code looks right, tell your "
                     "instructor.",
               "ru": "Сама проверка сломалась ({error}). Если ваш код кажется верным, сообщите "
                     "преподавателю."},
}


class Wrong(Exception):
    """What a check found wrong (one sentence) and a hint that is not the answer."""

    def __init__(self, what: str, hint: str = "") -> None:
        """Keep both texts."""
        super().__init__(what)
        self.what, self.hint = what, hint


@dataclass(frozen=True)
class Result:
    """A check's verdict: passed or not, and the text `check()` prints."""

    passed: bool
    text: str


def say(texts: Texts, key: str, **fields: object) -> str:
    """The text `key` of a catalog in the course's language, with `fields` filled in."""
    lang = config.lang()
    entry = texts[key]
    return fill(entry.get(lang) or entry["en"], lang, **fields)


def shown(value: object) -> str:
    """A value as a verdict shows it: its repr (sets sorted, so it is the same every run), cut."""
    try:
        text = repr(sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value)
    except Exception:  # a student's object whose repr fails
        text = f"<{type(value).__name__}>"
    return text if len(text) <= MAX_REPR else text[:MAX_REPR - 1] + "…"


def call_text(name: str, *args: object) -> str:
    """How a call is written in a verdict: `status_class(404)`."""
    return f"{name}({', '.join(shown(arg) for arg in args)})"


def need_function(value: object, name: str) -> None:
    """Wrong unless the student handed in something callable."""
    if not callable(value):
        raise Wrong(say(TEXTS, "not_callable", name=name, value=shown(value)),
                    say(TEXTS, "not_callable.hint"))


def call(function: Callable, name: str, *args: object, hint: str = "") -> object:
    """The student's `function(*args)`, with its prints swallowed; None or an exception is Wrong.

    `hint` goes with a failure of this call: the checks know which case was hard and why.
    """
    written = call_text(name, *args)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            result = function(*args)
    except NotImplementedError:
        raise Wrong(say(TEXTS, "not_written", call=written), hint) from None
    except (Exception, SystemExit) as error:  # what the student's code raises is a finding
        raise Wrong(say(TEXTS, "raised", call=written, error=one_line(error)), hint) from None
    if result is None:
        raise Wrong(say(TEXTS, "none", call=written), hint)
    return result


def one_line(error: BaseException) -> str:
    """An exception as `Type: message` on one line, without a final full stop (ours follows)."""
    message = " ".join(str(error).split()).rstrip(".")
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def find(exercise: str) -> Callable[..., str] | None:
    """The check of `"NN.name"`: `CHECKS[name]` in `course_lib.exercises.lessonNN`, if any."""
    match = EXERCISE_ID.fullmatch(exercise) if isinstance(exercise, str) else None
    if not match:
        return None
    try:
        module = importlib.import_module(f"course_lib.exercises.lesson{match.group(1)}")
    except ModuleNotFoundError:
        return None
    return getattr(module, "CHECKS", {}).get(match.group(2))


def prediction(texts: Texts, why: str,
               same: Callable[[object, object], bool] | None = None) -> Callable[..., str]:
    """The check of a prediction: `check("NN.name", guess, actual)`; `why` is a key of `texts`.

    No guess yet gives ✗ without the answer (the student may still predict); a wrong guess
    gives ✗ with what happened, and the reason as the hint; a right one ✓ with the reason.
    `same` compares (default: equal, and strings without case and surrounding blanks).
    """
    def check_guess(guess: object, actual: object) -> str:
        """Compare the student's guess with what happened."""
        if guess is Ellipsis or guess is None:
            raise Wrong(say(TEXTS, "guess.none"))
        if not (same or alike)(guess, actual):
            raise Wrong(say(TEXTS, "guess.wrong", actual=shown(actual), guess=shown(guess)),
                        say(texts, why))
        return say(TEXTS, "guess.right", actual=shown(actual), why=say(texts, why))
    return check_guess


def alike(guess: object, actual: object) -> bool:
    """Equal, with strings compared without case and surrounding blanks."""
    if isinstance(guess, str) and isinstance(actual, str):
        return guess.strip().casefold() == actual.strip().casefold()
    return guess == actual and isinstance(guess, bool) == isinstance(actual, bool)  # 1 ≠ True


def verdict(mark: str, what: str, hint: str = "") -> str:
    """The printed verdict: `✓ …`, or `✗ …` and an indented hint line, wrapped for a slide."""
    lines = textwrap.wrap(f"{mark} {what}", WIDTH, subsequent_indent="  ")
    if hint:
        lines += textwrap.wrap(f"{say(TEXTS, 'hint')}: {hint}", WIDTH,
                               initial_indent="  ", subsequent_indent="  ")
    return "\n".join(lines)


def run(exercise: str, *objects: object) -> Result:
    """Check the student's `objects` against exercise `exercise`; the verdict, never an error."""
    checker = find(exercise)
    if checker is None:
        return Result(False, verdict("✗", say(TEXTS, "unknown", exercise=exercise),
                                     say(TEXTS, "unknown.hint")))
    try:
        return Result(True, verdict("✓", checker(*objects)))
    except Wrong as wrong:
        return Result(False, verdict("✗", wrong.what, wrong.hint))
    except Exception as error:  # a bug of the check, or a value it could not even compare
        return Result(False, verdict("✗", say(TEXTS, "broken", error=one_line(error))))


def check(exercise: str, *objects: object) -> None:
    """Print whether the student's `objects` solve `exercise` ("NN.name"): ✓, or ✗ and a hint.

    A function that passes is kept: later cells and lessons run it (`yours`).
    """
    result = run(exercise, *objects)
    if result.passed and objects:
        from course_lib.exercises.your_code import keep  # yours imports this module

        keep(exercise, objects[0])
    print(result.text)
