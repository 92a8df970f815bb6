"""The lesson notebooks as stored: ready to hand to a student.

nbval (`--nbval` on `notebooks/`) checks that the stored outputs equal a fresh run. These tests
read the stored files themselves: every code cell was run, in order; errors appear only where
a cell is marked to raise; no secret, no absolute path of the author's machine, no `input()` or
shell commands; each lesson opens with its numbered steps and ends with a `## Recap` of five
bullets and `## Questions to try`; speaker notes are collapsed; the files are named
`NN-name.ipynb`, numbered 01 to 05 without gaps (a long lesson comes in parts, `04a-…`,
`04b-…`). No notebook a student opens (a lesson, its Russian version, the homework) shows
course_lib's own messages for 500, 502, 503 and 504: explaining those is homework task 3.
In a lesson with exercises, each one is the four cells of `course_lib.exercises` (heading,
skeleton, check, solution), and each prediction its heading, guess and check; every check
says ✗ as stored; a later cell uses what the student wrote only through `yours(…)`, and most
exercises are used again that way. Something checked every few cells, at least three exercises
a lesson, a main path of at most 2,000 words, the rest in "Going further" after the recap.
tests/test_exercises.py runs them.
"""

from __future__ import annotations

import ast
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from course_lib import offline
from course_lib.texts import t
from course_lib.texts.errors import TEXTS as ERROR_TEXTS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
LESSONS = 5  # the course has five lessons (issue 4)
NAME = re.compile(r"(\d\d)([a-z]?)-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb")  # 04b: part b
RAISES = "raises-exception"  # nbval's tag for a cell that fails on purpose
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)"}

# Where a developer's files live; a path like these in a notebook is a path of one machine.
LOCAL_PATH = re.compile(r"(?<![\w.~-])/(?:home|root|work|Users)/|\b[A-Za-z]:\\+Users\\+",
                        re.IGNORECASE)
# Real key and token shapes: OpenRouter, other `sk-` API keys, Telegram bot tokens.
SECRET = re.compile(r"sk-or-v1-[0-9a-f]{20,}|\bsk-[A-Za-z0-9_-]{40,}|\b\d{8,10}:AA[\w-]{30,}")
# What a notebook must not ask for: typing at a prompt, shell commands, installs in a cell.
FORBIDDEN_CODE = {
    "input()": re.compile(r"\binput\("),
    "getpass()": re.compile(r"\bgetpass\("),
    "a shell command (!…)": re.compile(r"^\s*!", re.MULTILINE),
    "%pip / %conda / %sx / %%bash": re.compile(r"^\s*%{1,2}(?:pip|conda|sx|system|bash|sh)\b",
                                               re.MULTILINE),
}
NUMBERED = re.compile(r"^\s*(\d+)\.\s+\S", re.MULTILINE)
# How every lesson ends (course_lib/exercises/__init__.py): a recap, then open questions.
RECAP, QUESTIONS = "## Recap\n", "## Questions to try\n"
GOING_FURTHER = "## Going further"  # after the recap, off the main slides (slide type skip)
BULLET = re.compile(r"^- \S", re.MULTILINE)  # a top-level bullet
RECAP_BULLETS = 5
# The four cells of an exercise (course_lib/exercises/__init__.py).
EXERCISE, CHECK, SOLUTION = "exercise", "exercise-check", "solution"
EXERCISE_HEADING = re.compile(r"### Exercise (\d+): \S")
# A prediction: a heading, the guess cell, the cells that show what happens, its check.
PREDICT, PREDICT_HEADING = "predict", re.compile(r"### Predict: \S")
GUESS = re.compile(r"guess = \.\.\.(?:  # [^\n]*)?")
PREDICT_CALL = re.compile(r'check\("(\d\d)\.([a-z_][a-z0-9_]*)", guess, [^\n]+\)')
MAX_STRETCH = 25  # cells (speaker notes aside) between two checked things
MIN_EXERCISES = 3  # checked exercises per lesson
MAX_MAIN_WORDS = 2000  # words of text on a lesson's main path (Going further aside)
MIN_REUSED = 12  # exercise functions used again later in the course, through yours()
YOURS_CALL = re.compile(r'yours\(([^)]*)\)')
YOURS_ID = re.compile(r'"(\d\d)\.([a-z_][a-z0-9_]*)"')
CHECK_CALL = re.compile(r'check\("(\d\d)\.([a-z_][a-z0-9_]*)"(?:, [^\n]+)?\)')
LOAD = "# %load solutions/{lesson}/{name}.py"
# course_lib's own messages for the server errors: homework task 3 has students write theirs,
# so no lesson shows them. A piece shorter than this ("Try again.") gives nothing away.
HOMEWORK_MESSAGES = ("or.500", "or.502", "or.503", "or.504")
MIN_PIECE = 25
# What may sit in notebooks/ besides the lessons; anything else was left there by a run.
ALLOWED_FILES = {".ipynb"}  # the test set-up lives in tests/ (pyproject.toml, nbval_sanitize.cfg)
ALLOWED_DIRS = {".ipynb_checkpoints", "__pycache__", "solutions", "ru"}


def lesson_paths() -> list[Path]:
    """The notebooks in `notebooks/`, by name."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def load(path: Path) -> dict:
    """A notebook as plain JSON (no nbformat needed to read one)."""
    return json.loads(path.read_text("utf-8"))


def text(value: object) -> str:
    """A notebook field as one string (nbformat stores multi-line text as a list of lines)."""
    return "".join(value) if isinstance(value, list) else str(value)


def code_cells(nb: dict) -> list[dict]:
    """The code cells, in order."""
    return [cell for cell in nb["cells"] if cell["cell_type"] == "code"]


def tags(cell: dict) -> list[str]:
    """A cell's tags."""
    return cell.get("metadata", {}).get("tags", [])


def strings(node: object) -> Iterator[str]:
    """Every string anywhere in a JSON value: sources, outputs, tracebacks, metadata."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)


def output_texts(cell: dict) -> Iterator[str]:
    """Every text a code cell shows: streams, results, displays, errors with tracebacks."""
    for output in cell.get("outputs", []):
        yield from strings({k: v for k, v in output.items() if k != "metadata"})


def flat(value: object) -> str:
    """Text with its line breaks and runs of spaces as single spaces (prose wraps anywhere)."""
    return " ".join(text(value).split())


def cell_texts(cell: dict) -> Iterator[str]:
    """A cell's source and each of its outputs, each as one flat text."""
    yield flat(cell["source"])
    for output in cell.get("outputs", []):
        yield flat(" ".join(strings({k: v for k, v in output.items() if k != "metadata"})))


def homework_pieces() -> set[str]:
    """The pieces of course_lib's 5xx messages (en, ru) that none of its other messages has.

    A piece is the text between two `{fields}` or sentence breaks; one shared with another
    message ("Try again, or switch model with /model.") may appear in a lesson.
    """
    breaks = re.compile(r"\{[^}]*\}|(?<=[.!?:;])\s+")
    others = " ".join(flat(value) for key, entry in ERROR_TEXTS.items()
                      if key not in HOMEWORK_MESSAGES for value in entry.values())
    return {piece.strip() for key in HOMEWORK_MESSAGES for value in ERROR_TEXTS[key].values()
            for piece in breaks.split(flat(value))
            if len(piece.strip()) >= MIN_PIECE and piece.strip() not in others}


def names(paths: list[Path]) -> list[str]:
    """Test ids: the file names."""
    return [path.name for path in paths]


def slide_type(cell: dict) -> str:
    """A cell's slide type (`-` when it has none)."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-")


def has_exercises(path: Path) -> bool:
    """Whether a lesson has at least one exercise cell (the exercise tests apply to it then)."""
    return any(EXERCISE in tags(cell) for cell in load(path)["cells"])


def exercises(nb: dict) -> list[tuple[int, str]]:
    """Each exercise of a lesson: the index of its `exercise` cell, and its name (from the check).

    Fails with what is missing unless the four cells are in place (see the module docstring of
    `course_lib.exercises`).
    """
    cells, found = nb["cells"], []
    for index, cell in enumerate(cells):
        if EXERCISE not in tags(cell):
            continue
        where = f"exercise cell {index}"
        assert cell["cell_type"] == "code" and RAISES not in tags(cell), where
        assert 0 < index < len(cells) - 2, f"{where}: a heading before, check and solution after"
        heading, check, solution = cells[index - 1], cells[index + 1], cells[index + 2]
        assert heading["cell_type"] == "markdown" and EXERCISE_HEADING.match(
            text(heading["source"])), f"{where}: after a cell '### Exercise N: <title>'"
        assert check["cell_type"] == "code" and tags(check) == [CHECK], f"{where}: then {CHECK}"
        call = CHECK_CALL.fullmatch(text(check["source"]).strip())
        assert call, f"{where}: the check is one call check(\"NN.name\", ...)"
        found.append((index, call.group(2)))
        load_line = LOAD.format(lesson=call.group(1), name=call.group(2))
        assert solution["cell_type"] == "code" and tags(solution) == [SOLUTION], f"{where}"
        assert text(solution["source"]).strip() == load_line, f"{where}: then '{load_line}'"
    return found


def predictions(nb: dict) -> list[tuple[int, str]]:
    """Each prediction of a lesson: the index of its `predict` cell, and its name (from the check).

    Heading `### Predict: <question>`, then the cell `guess = ...`, then at most four cells that
    show what happens, then the check `check("NN.name", guess, <what happened>)`.
    """
    cells, found = nb["cells"], []
    for index, cell in enumerate(cells):
        if PREDICT not in tags(cell):
            continue
        where = f"predict cell {index}"
        assert cell["cell_type"] == "code" and GUESS.fullmatch(text(cell["source"]).strip()), (
            f"{where}: exactly 'guess = ...' (a comment may follow)")
        assert index > 0 and PREDICT_HEADING.match(text(cells[index - 1]["source"])), (
            f"{where}: after a cell '### Predict: <question>'")
        after = [(i, c) for i, c in enumerate(cells[index + 1:index + 7], start=index + 1)
                 if CHECK in tags(c)]
        assert after, f"{where}: its check within the next six cells"
        call = PREDICT_CALL.fullmatch(text(after[0][1]["source"]).strip())
        assert call, f"{where}: the check is check(\"NN.name\", guess, <what happened>)"
        found.append((index, call.group(2)))
    return found


def checked_cells(nb: dict) -> list[int]:
    """The indices of the check cells: exercises' and predictions'."""
    return [index for index, cell in enumerate(nb["cells"]) if CHECK in tags(cell)]


def recap_index(nb: dict) -> int:
    """Where the `## Recap` cell is."""
    return next(index for index, cell in enumerate(nb["cells"])
                if cell["cell_type"] == "markdown" and text(cell["source"]).startswith(RECAP))


def words(cell: dict) -> int:
    """Words of a text cell."""
    return len(text(cell["source"]).split())


def main_path_words(nb: dict) -> int:
    """Words of text from the top to the recap, speaker notes aside."""
    cells = nb["cells"][:recap_index(nb) + 1]
    return sum(words(cell) for cell in cells
               if cell["cell_type"] == "markdown" and slide_type(cell) != "notes")


def longest_stretch(nb: dict) -> int:
    """Most cells (speaker notes aside) from the top to a check, between checks, or to the recap."""
    cells, marks = nb["cells"], [-1, *checked_cells(nb), recap_index(nb)]
    return max(sum(slide_type(cell) != "notes" for cell in cells[start + 1:end])
               for start, end in itertools.pairwise(marks))


def reused(paths: list[Path]) -> set[str]:
    """The exercises whose function a cell outside exercises and checks gets via `yours(...)`."""
    found = set()
    for path in paths:
        for cell in load(path)["cells"]:
            roles = {EXERCISE, CHECK, SOLUTION, PREDICT} & set(tags(cell))
            if cell["cell_type"] != "code" or roles:
                continue
            for call in YOURS_CALL.findall(text(cell["source"])):
                found |= {f"{lesson}.{name}" for lesson, name in YOURS_ID.findall(call)}
    return found


def defined(source: str) -> set[str]:
    """The names a cell's top level defines: functions, classes, assigned names."""
    names = set()
    for statement in ast.parse(TransformerManager().transform_cell(source)).body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(statement.name)  # not the names inside its body
        else:
            names |= {node.id for node in ast.walk(statement)
                      if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
    return names


def used(source: str) -> set[str]:
    """The names a cell reads."""
    tree = ast.parse(TransformerManager().transform_cell(source))
    return {node.id for node in ast.walk(tree)
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


notebook = pytest.mark.parametrize("path", lesson_paths(), ids=names(lesson_paths()))
EXERCISED = [path for path in lesson_paths() if has_exercises(path)]
with_exercises = pytest.mark.parametrize("path", EXERCISED, ids=names(EXERCISED))


# --- the set of lessons -------------------------------------------------------------------


def lesson_parts() -> dict[int, list[str]]:
    """Each lesson's number and its parts: `[""]` for a whole lesson, `["a", "b"]` for 04a, 04b."""
    parts: dict[int, list[str]] = {}
    for path in lesson_paths():
        match = NAME.fullmatch(path.name)
        assert match, path.name
        parts.setdefault(int(match.group(1)), []).append(match.group(2))
    return parts


def test_names_are_nn_name_and_numbered_without_gaps():
    parts = lesson_parts()
    assert list(parts) == list(range(1, len(parts) + 1)), parts
    for number, letters in parts.items():  # one file, or parts a, b, … without gaps
        assert letters in ([""], [chr(ord("a") + i) for i in range(len(letters))]), number
        assert letters == [""] or len(letters) >= 2, f"lesson {number}: a part alone"


def test_there_are_five_lessons():
    assert len(lesson_parts()) == LESSONS, [path.name for path in lesson_paths()]


def test_runs_left_no_files_in_the_notebooks_folder():
    # The kernels run in notebooks/: a database or export written to the working directory
    # would land here. Work files belong in tempfile.mkdtemp().
    stray = [p.name for p in NOTEBOOKS.iterdir()
             if (p.is_dir() and p.name not in ALLOWED_DIRS)
             or (p.is_file() and p.suffix not in ALLOWED_FILES)]
    assert stray == []


# --- each lesson --------------------------------------------------------------------------


@notebook
def test_kernel_is_python3_and_metadata_is_clean(path):
    nb = load(path)
    kernelspec = nb["metadata"].get("kernelspec", {})
    assert {key: kernelspec.get(key) for key in KERNEL} == KERNEL
    assert "widgets" not in nb["metadata"], "clear the widget state before committing"
    assert not any(key == "trusted" for cell in nb["cells"] for key in cell.get("metadata", {}))


@notebook
def test_every_code_cell_ran_once_in_order(path):
    cells = code_cells(load(path))
    assert cells, "a lesson without code"
    assert all(text(cell["source"]).strip() for cell in cells), "an empty code cell"
    counts = [cell["execution_count"] for cell in cells]
    assert counts == list(range(1, len(cells) + 1)), "run the notebook top to bottom, then save"


@notebook
def test_errors_only_in_cells_marked_to_raise(path):
    for number, cell in enumerate(code_cells(load(path)), start=1):
        failed = any(out["output_type"] == "error" for out in cell.get("outputs", []))
        marked = RAISES in tags(cell)
        assert failed == marked, (
            f"code cell {number}: " + ("an error, but not tagged " + RAISES if failed
                                       else f"tagged {RAISES}, but shows no error"))
        shown = "".join(output_texts(cell))
        assert "UsageError" not in shown, f"code cell {number}: an IPython UsageError"
        if not marked:  # e.g. a thread's exception printed to stderr
            assert "Traceback (most recent call last)" not in shown, f"code cell {number}"


@notebook
def test_no_absolute_path_of_a_developer_machine(path):
    home = str(Path.home())
    found = [s for s in strings(load(path))
             if LOCAL_PATH.search(s) or str(ROOT) in s or (len(home) > 3 and home in s)]
    assert found == []


@notebook
def test_no_key_or_token(path):
    nb = load(path)
    assert [s for s in strings(nb) if SECRET.search(s)] == []
    # The placeholder key of offline mode is no secret, but printing "the key" is the habit
    # the course warns against: outputs show keys masked.
    shown = [s for cell in code_cells(nb) for s in output_texts(cell) if offline.FAKE_KEY in s]
    assert shown == []


# Every notebook a student opens: the lessons, their Russian versions, the homework itself.
STUDENT_NOTEBOOKS = sorted(p for p in [*NOTEBOOKS.rglob("*.ipynb"), ROOT / "homework" /
                                       "homework.ipynb"]
                           if p.is_file() and ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("path", STUDENT_NOTEBOOKS,
                         ids=[p.relative_to(ROOT).as_posix() for p in STUDENT_NOTEBOOKS])
def test_no_notebook_shows_the_homeworks_5xx_messages(path):
    # Lessons explain what 500, 502, 503 and 504 mean; the messages are the students' to write.
    pieces = homework_pieces()
    found = sorted({piece for cell in load(path)["cells"] for shown in cell_texts(cell)
                    for piece in pieces if piece in shown})
    assert found == []


@notebook
def test_no_input_prompt_or_shell_command(path):
    for number, cell in enumerate(code_cells(load(path)), start=1):
        source = text(cell["source"])
        for what, pattern in FORBIDDEN_CODE.items():
            assert not pattern.search(source), f"code cell {number} uses {what}"


@notebook
def test_opens_with_a_title_and_numbered_steps(path):
    cells = load(path)["cells"]
    assert cells[0]["cell_type"] == "markdown" and text(cells[0]["source"]).startswith("# ")
    intro = ""
    for cell in cells:
        if cell["cell_type"] == "code":
            break
        intro += text(cell["source"]) + "\n"
    steps = [int(n) for n in NUMBERED.findall(intro)]
    assert len(steps) >= 3 and steps == list(range(1, len(steps) + 1)), steps


@notebook
def test_ends_with_a_recap_of_five_bullets_going_further_then_questions_to_try(path):
    nb = load(path)
    cells, recap_at = nb["cells"], recap_index(nb)
    recap, last = cells[recap_at], cells[-1]
    assert last["cell_type"] == "markdown" and text(last["source"]).startswith(QUESTIONS)
    assert len(NUMBERED.findall(text(last["source"]))) >= 2, "at least two questions"
    assert len(BULLET.findall(text(recap["source"]))) == RECAP_BULLETS, "five bullets"
    headings = [text(cell["source"]).startswith((RECAP, QUESTIONS)) for cell in cells]
    assert sum(headings) == 2, "one recap, one closing section"
    further = cells[recap_at + 1:-1]  # nothing, or the Going further section, off the slides
    if further:
        assert text(further[0]["source"]).startswith(GOING_FURTHER), "after the recap"
        assert {slide_type(cell) for cell in further} <= {"skip", "notes"}, "off the slides"
    assert not any(CHECK in tags(cell) for cell in further), "every check before the recap"


@notebook
def test_something_is_checked_every_few_cells(path):
    assert longest_stretch(load(path)) <= MAX_STRETCH


@notebook
def test_at_least_three_checked_exercises(path):
    assert len(exercises(load(path))) >= MIN_EXERCISES


@notebook
def test_the_main_path_is_at_most_2000_words(path):
    assert main_path_words(load(path)) <= MAX_MAIN_WORDS


@notebook
def test_speaker_notes_are_collapsed(path):
    # Students read the lesson, not the instructor's notes; the slides' speaker view has them.
    open_notes = [index for index, cell in enumerate(load(path)["cells"])
                  if slide_type(cell) == "notes"
                  and not cell["metadata"].get("jupyter", {}).get("source_hidden")]
    assert open_notes == [], "set metadata jupyter.source_hidden: true on these cells"


# --- the exercises (in every lesson that has one) ----------------------------------------


@with_exercises
def test_each_exercise_is_heading_skeleton_check_solution(path):
    nb = load(path)
    found = exercises(nb)  # fails with what is missing
    cells = nb["cells"]
    numbers = [int(EXERCISE_HEADING.match(text(cells[index - 1]["source"])).group(1))
               for index, _ in found]
    assert numbers == list(range(1, len(found) + 1)), "exercises numbered 1, 2, … in order"
    lesson = path.name[:2]
    checks = [CHECK_CALL.fullmatch(text(cell["source"]).strip()) for cell in cells
              if CHECK in tags(cell)]
    assert {match.group(1) for match in checks} == {lesson}, "checks of this lesson's exercises"
    names = [name for _, name in found]
    assert len(set(names)) == len(names), "one exercise per name"
    # No check or solution cell without its exercise or prediction, no cell with two roles.
    assert sum(SOLUTION in tags(cell) for cell in cells) == len(found), SOLUTION
    assert sum(CHECK in tags(cell) for cell in cells) == len(found) + len(predictions(nb)), CHECK
    assert all(len({EXERCISE, CHECK, SOLUTION} & set(tags(cell))) <= 1 for cell in cells)


@with_exercises
def test_solutions_exist_and_stay_off_the_slides(path):
    cells = load(path)["cells"]
    for index, name in exercises(load(path)):
        assert (NOTEBOOKS / "solutions" / path.name[:2] / f"{name}.py").is_file(), name
        assert slide_type(cells[index + 2]) == "skip", f"{name}: the solution cell is 'skip'"


@with_exercises
def test_every_check_says_not_yet_as_stored(path):
    # The lesson is stored unsolved: each check ran on the skeleton and said what is missing.
    cells = load(path)["cells"]
    for index, name in exercises(load(path)):
        outputs = cells[index + 1]["outputs"]
        assert [out["output_type"] for out in outputs] == ["stream"], name
        assert text(outputs[0]["text"]).startswith("✗ "), name
        assert "Hint" in text(outputs[0]["text"]), f"{name}: a hint"


@with_exercises
def test_later_cells_use_the_students_code_only_through_yours(path):
    # Run All must work on the unsolved lesson: a later cell gets the student's function with
    # `name = yours("NN.name")`, which hands back the course's version until the check passes.
    # Exercise cells may use each other's functions (chat_once calls explain).
    cells = load(path)["cells"]
    for index, name in exercises(load(path)):
        written = defined(text(cells[index]["source"]))
        assert name in written, f"the exercise cell defines {name}"
        rebound: set[str] = set()
        for later, cell in enumerate(cells[index + 2:], start=index + 2):
            if cell["cell_type"] != "code" or {EXERCISE, CHECK, SOLUTION} & set(tags(cell)):
                continue
            source = text(cell["source"])
            if "yours(" in source:
                rebound |= defined(source)
            unbound = (used(source) & written) - rebound
            assert not unbound, f"cell {later} uses {sorted(unbound)} without yours(...)"
            rebound |= defined(source) & written  # the cell made its own


def test_most_exercise_functions_are_used_again_later():
    # What the student writes is load-bearing: later cells and lessons run it (through yours).
    written = {f"{path.name[:2]}.{name}" for path in EXERCISED for _, name in exercises(load(path))}
    assert len(reused(lesson_paths()) & written) >= MIN_REUSED, sorted(written - reused(
        lesson_paths()))


@notebook
def test_each_prediction_is_heading_guess_check(path):
    nb = load(path)
    for _, name in predictions(nb):  # fails with what is missing
        assert (NOTEBOOKS / "solutions" / path.name[:2] / f"{name}.py").is_file(), (
            f"{name}: solutions/NN/{name}.py holds the right guess (for the tests)")


def test_the_first_lesson_explains_the_exercises_before_the_first_one():
    cells = load(lesson_paths()[0])["cells"]
    first = next(index for index, cell in enumerate(cells) if EXERCISE in tags(cell))
    before = [text(cell["source"]) for cell in cells[:first] if cell["cell_type"] == "markdown"]
    assert any("%load" in part and "✓" in part for part in before)


# --- the checks themselves ----------------------------------------------------------------


def test_the_secret_scan_knows_the_shapes():
    # Built at run time: no key or token shape is stored in the repository.
    assert SECRET.search("sk-or-v1-" + "0123456789abcdef" * 4)
    assert SECRET.search("sk-proj-" + "A1b2C3d4" * 6)
    assert SECRET.search("123456789:AA" + "x" * 33)
    for harmless in ("sk-or-v1-demo-token", "sk-or-v1-…a1b2", offline.FAKE_KEY, "12:30"):
        assert not SECRET.search(harmless), harmless


def test_the_5xx_scan_knows_every_message_in_both_languages():
    pieces = homework_pieces()
    for key in HOMEWORK_MESSAGES:
        for lang in ("en", "ru"):
            message = flat(ERROR_TEXTS[key][lang].replace("{provider}", " (Chutes)"))
            assert any(piece in message for piece in pieces), (key, lang)
    shown = flat(t("or.503"))  # as a lesson would print it, wrapped or not
    assert any(piece in shown for piece in pieces)
    assert not any(piece in flat(t("or.finish_error", detail="x")) for piece in pieces)


@pytest.mark.parametrize("path", ["/home/ann/course", "/root/x", "/work/main/db.py",
                                  "/Users/ann/x", r"C:\Users\ann\x", "C:\\\\Users\\\\ann"])
def test_the_path_scan_finds_developer_paths(path):
    assert LOCAL_PATH.search(f"File {path}:12")


@pytest.mark.parametrize("harmless", ["https://example.org/work/1", "the root/leaf", "~/work/x",
                                      "/tmp/lesson03-x/bot.db", "./home/x"])
def test_the_path_scan_leaves_other_text_alone(harmless):
    assert not LOCAL_PATH.search(harmless)
