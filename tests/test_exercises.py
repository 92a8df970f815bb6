"""The checked exercises: each check says ✗ on the lesson as stored and ✓ with its solution.

Each lesson with exercises is read as stored, where every `exercise-check` must say ✗ (nbval
runs the stored lessons in the same suite and fails if a fresh run prints anything else), and
runs in a real kernel (nbclient, offline as nbval runs it) with every `exercise` cell replaced by
its solution file, where every check must say ✓ and no cell may fail.

The same runs prove that the bot of lesson 05 runs on the student's code (issue 17): each check
that says ✓ saves the cell to `your_code/` (`COURSE_YOUR_CODE`, a temporary folder here), and
each solution has a recorder appended that logs the function's name at every call
(`COURSE_CALL_LOG`, read at call time; without it nothing is written). Lesson 05 runs after 03,
04a and 04b; the log holds exactly the calls made while its bot answered /models, /model 2, /ask
and the failing /ask. Every `yours` line of lesson 05 must say "yours", the log must name every
function the bot needs, and the bot's replies in the outputs must be right.

The fast tests below run the checks in this process: skeletons and solutions stand alone,
solution files pass ruff, every text exists in both languages, and the checks of lesson 01
catch the usual wrong versions with a hint and never raise. The conventions are in
`course_lib/exercises/__init__.py`; the same checks clicked in JupyterLab are at the end of
`test_lab.py` (it has the lab and the browser).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import re
import runpy
import string
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat
import pytest
from jupyter_client.manager import KernelManager, start_new_kernel
from nbclient import NotebookClient
from test_notebooks import (
    CHECK,
    EXERCISED,
    NOTEBOOKS,
    exercises,
    lesson_paths,
    load,
    names,
    predictions,
    text,
)

import course_lib.exercises as exercises_package
from course_lib.exercises import engine, lesson01, run

if TYPE_CHECKING:  # playwright may be missing on a laptop: the JupyterLab tests then skip
    pass

SOLUTIONS = NOTEBOOKS / "solutions"
RU_SOLUTIONS = NOTEBOOKS / "ru" / "solutions"  # the same code, its texts in Russian
# The check modules, one per lesson with exercises: course_lib/exercises/lessonNN.py.
LESSON_MODULES = [importlib.import_module(f"course_lib.exercises.{info.name}")
                  for info in pkgutil.iter_modules(exercises_package.__path__)
                  if re.fullmatch(r"lesson\d\d", info.name)]
with_exercises = pytest.mark.parametrize("path", EXERCISED, ids=names(EXERCISED))

LOG = "COURSE_CALL_LOG"
BOT_LESSON = NOTEBOOKS / "05-telegram-bot.ipynb"
BOT_NEEDS = ["03-models-table.ipynb", "04a-chat-once.ipynb", "04b-retries-streaming.ipynb"]
WIRING, LAST_ASK = "l05-40b", "l05-p2c"  # the cell that wires the bot; the /ask that meets 503
BOT_CALLS = {"list_models", "get_active_model", "chat_once", "explain", "with_retries",
             "models_reply", "model_reply", "ask_reply", "register"}
WHOSE = re.compile(r"^(\w+): (yours|the course's)", re.MULTILINE)  # the line yours() prints

RECORDER = '''

def _recorded(function, name):
    """`function`, writing `name` to the call log at every call (test_exercises.py)."""
    import functools
    import os

    @functools.wraps(function)
    def recorded(*args, **kwargs):
        if os.environ.get("{log}"):
            with open(os.environ["{log}"], "a", encoding="utf-8") as log:
                log.write(name + "\\n")
        return function(*args, **kwargs)
    return recorded


{name} = _recorded({name}, "{name}")
'''


def exercise_list() -> list[tuple[Path, int, str]]:
    """Every exercise of every lesson: (lesson, index of its exercise cell, name)."""
    return [(path, index, name) for path in EXERCISED for index, name in exercises(load(path))]


EXERCISES = exercise_list()
each_exercise = pytest.mark.parametrize(("path", "index", "name"), EXERCISES,
                                        ids=[f"{p.name[:2]}.{n}" for p, _, n in EXERCISES])


def flat(text: str) -> str:
    """A verdict without its line breaks (it is wrapped to fit a slide)."""
    return " ".join(text.split())


def solution(path: Path, name: str) -> Path:
    """The solution file of an exercise: notebooks/solutions/NN/name.py."""
    return SOLUTIONS / path.name[:2] / f"{name}.py"


def solved_cells(path: Path) -> list[tuple[int, str]]:
    """The cells a solved run replaces: each exercise's skeleton and each prediction's guess."""
    nb = load(path)
    return [*exercises(nb), *predictions(nb)]


def earlier_solutions(path: Path, name: str, folder: Path = SOLUTIONS) -> dict:
    """The lesson's solutions before `name`, run into one namespace (chat_once uses explain)."""
    module = importlib.import_module(f"course_lib.exercises.lesson{path.name[:2]}")
    namespace: dict = {}
    for earlier in list(module.CHECKS)[:list(module.CHECKS).index(name)]:
        file = folder / path.name[:2] / f"{earlier}.py"
        if file.is_file():
            namespace = runpy.run_path(str(file), init_globals=namespace)
    return namespace


def verdicts(nb: nbformat.NotebookNode) -> dict[str, str]:
    """Each check cell's call and the verdict it printed."""
    return {re.search(r'check\("[^"]+"', cell.source).group(0): text(cell.outputs[0]["text"])
            for cell in nb.cells if CHECK in cell.metadata.get("tags", [])}


class Solved:
    """The exercised lessons run solved, each once, saving to one `your_code/`.

    Every exercise cell and guess is replaced by its solution file, each exercise with a
    recorder appended (it logs the function's name at every call to `COURSE_CALL_LOG`), in a
    real kernel (nbclient, offline as nbval runs it), cell by cell; a failing cell raises.
    Lesson 05 runs after 03, 04a and 04b, so its bot finds their functions in `your_code/`; its
    call log is emptied at the cell that wires the bot and read after the /ask that meets 503.
    """

    def __init__(self, folder: Path) -> None:
        self.folder, self.log = folder, folder / "calls.log"
        self.tmp = folder / "tmp"  # the kernels' files and temporary directory: empty at the end
        self.tmp.mkdir()
        self.env = dict(os.environ, COURSE_YOUR_CODE=str(folder / "your_code"),
                        TMPDIR=str(self.tmp), **{LOG: str(self.log)})
        self.runs: dict[Path, nbformat.NotebookNode] = {}
        self.during = ""  # the calls made while lesson 05's bot answered

    def __call__(self, path: Path) -> nbformat.NotebookNode:
        """The lesson, run solved (once)."""
        if path not in self.runs:
            if path == BOT_LESSON:
                for name in BOT_NEEDS:
                    self(NOTEBOOKS / name)
            self.runs[path] = self.run(solved(path))
        return self.runs[path]

    def run(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        """Run a notebook cell by cell, keeping the call log from the wiring cell to the 503."""
        # Unix sockets where there are any: a TCP port picked free can be taken by another
        # worker's process before the kernel binds it ("Address already in use", seen once).
        unix = os.name == "posix"
        sockets = {"transport": "ipc", "ip": str(self.tmp / "kernel")} if unix else {}
        connection = str(self.tmp / f"kernel-{len(self.runs)}.json")
        client = NotebookClient(nb, timeout=120, kernel_name="python3",
                                km=KernelManager(kernel_name="python3", **sockets,
                                                 connection_file=connection),
                                resources={"metadata": {"path": str(NOTEBOOKS)}})
        # The kernel is ours (km=…), so nbclient would leave it running: it is asked to stop,
        # which lets the lessons remove their temporary folders, as in a student's lab.
        with client.setup_kernel(env=self.env, cleanup_kc=True):
            for index, cell in enumerate(nb.cells):
                if cell.get("id") == WIRING:
                    self.log.write_text("", encoding="utf-8")
                client.execute_cell(cell, index)
                if cell.get("id") == LAST_ASK:
                    self.during = self.log.read_text("utf-8")
        return nb


def solved(path: Path) -> nbformat.NotebookNode:
    """The lesson with every exercise and guess replaced by its solution, exercises recorded."""
    nb = nbformat.read(path, as_version=4)
    functions = {name for _, name in exercises(load(path))}
    for index, name in solved_cells(path):
        source = solution(path, name).read_text("utf-8")
        if name in functions:
            source += RECORDER.format(name=name, log=LOG)
        nb.cells[index].source = source
    return nb


@pytest.fixture(scope="module")
def solved_runs():
    """One `Solved` for the file, its folder removed at the end."""
    with tempfile.TemporaryDirectory(prefix="your-code-") as folder:
        runs = Solved(Path(folder))
        yield runs
        assert list(runs.tmp.iterdir()) == [], "a kernel or its lesson left files behind"
    assert not Path(folder).exists()


def shown(nb: nbformat.NotebookNode, cell_id: str | None = None) -> str:
    """The text outputs of one cell, or of every cell."""
    return "".join(output.get("text", "") for cell in nb.cells
                   if cell.cell_type == "code" and cell_id in (None, cell.get("id"))
                   for output in cell.outputs)


# --- the lessons, run ---------------------------------------------------------------------


@with_exercises
def test_every_check_says_not_yet_on_the_lesson_as_stored(path):
    # nbval proves, in the same run, that a fresh run prints what is stored.
    stored = verdicts(nbformat.read(path, as_version=4))
    assert len(stored) == len(solved_cells(path))
    assert {call: verdict[:2] for call, verdict in stored.items()} == dict.fromkeys(stored, "✗ ")


@with_exercises
def test_every_check_passes_with_the_solutions(path, solved_runs):
    solved = verdicts(solved_runs(path))
    assert len(solved) == len(solved_cells(path))
    failed = {call: verdict for call, verdict in solved.items() if not verdict.startswith("✓ ")}
    assert failed == {}


@pytest.mark.slow
def test_the_bot_of_lesson_05_runs_on_the_students_functions(solved_runs):
    nb = solved_runs(BOT_LESSON)  # after 03, 04a and 04b saved their functions
    saved = {p.stem for p in (solved_runs.folder / "your_code").rglob("*.py")}
    assert {"list_models", "get_active_model", "chat_once", "explain", "with_retries"} <= saved
    whose = WHOSE.findall(shown(nb))
    fetched = {name for name, _ in whose}
    assert {"list_models", "get_active_model", "chat_once", "with_retries", "models_reply",
            "model_reply", "ask_reply", "register"} <= fetched
    assert [line for line in whose if line[1] != "yours"] == []
    during = set(solved_runs.during.split())
    assert during >= BOT_CALLS, sorted(BOT_CALLS - during)

    assert "Models (★ = active):\n★ 1. DeepSeek V3.1 (free)" in shown(nb, "l05-46")
    assert "Active model is now: 2. DeepSeek R1 (free)" in shown(nb, "l05-46")
    assert "(model: deepseek/deepseek-r1:free)" in re.sub(r"\d+ ms; ", "", shown(nb, "l05-48"))
    assert "bot: Error: [503] " in shown(nb, LAST_ASK)  # your explain's words follow
    assert shown(nb, "l05-p2d").startswith("✓ Yes: 3.")  # three requests: your with_retries


# --- exercises, solutions and checks, in this process --------------------------------------


@each_exercise
def test_the_solution_file_passes_and_the_skeleton_does_not(path, index, name):
    exercise = f"{path.name[:2]}.{name}"
    assert engine.find(exercise) is not None, f"no check {name!r} in lesson{path.name[:2]}.py"
    skeleton: dict = {}
    exec(text(load(path)["cells"][index]["source"]), skeleton)  # stands alone, runs
    assert run(exercise, skeleton[name]).text.startswith("✗ ")
    # Needs nothing from the notebook but the lesson's earlier functions.
    solved = runpy.run_path(str(solution(path, name)), init_globals=earlier_solutions(path, name))
    result = run(exercise, solved[name])
    assert result.passed and result.text.startswith("✓ "), result.text


@each_exercise
def test_the_russian_solution_passes_its_check_in_russian(path, index, name, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    file = RU_SOLUTIONS / path.name[:2] / f"{name}.py"
    solved = runpy.run_path(str(file), init_globals=earlier_solutions(path, name, RU_SOLUTIONS))
    result = run(f"{path.name[:2]}.{name}", solved[name])
    assert result.passed and result.text.startswith("✓ "), result.text


def test_every_solution_file_and_every_check_belongs_to_an_exercise():
    wanted = {solution(path, name) for path in EXERCISED for _, name in solved_cells(path)}
    assert set(SOLUTIONS.rglob("*.py")) == wanted
    assert {module.__name__[-2:] for module in LESSON_MODULES} == {p.name[:2] for p in EXERCISED}
    for module in LESSON_MODULES:  # a lesson in parts (04a, 04b) has one module for all parts
        parts = [path for path in lesson_paths() if path.name[:2] == module.__name__[-2:]]
        assert list(module.CHECKS) == [name for path in parts  # in the lessons' order
                                       for _, name in sorted(solved_cells(path))]


def test_the_solution_files_pass_ruff():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", str(SOLUTIONS)],
                          capture_output=True, text=True, cwd=NOTEBOOKS.parent)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("module", [engine, *LESSON_MODULES],
                         ids=lambda module: module.__name__.split(".")[-1])
def test_every_text_is_in_english_and_russian_with_the_same_fields(module):
    for key, entry in module.TEXTS.items():
        assert set(entry) == {"en", "ru"}, key
        assert entry["en"].strip() and entry["ru"].strip(), key
        assert re.search("[а-яё]", entry["ru"].lower()), f"{key}: Russian text in Russian"
        fields = [{name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name}
                  for lang in ("en", "ru")]
        assert fields[0] == fields[1], key


@each_exercise
def test_a_verdict_is_the_same_every_time_and_fits_a_slide(path, index, name):
    skeleton: dict = {}
    exec(text(load(path)["cells"][index]["source"]), skeleton)
    first = run(f"{path.name[:2]}.{name}", skeleton[name]).text
    assert run(f"{path.name[:2]}.{name}", skeleton[name]).text == first
    assert max(len(line) for line in first.splitlines()) <= 100


# --- the engine: a check never raises, and says what went wrong in one line ----------------


def test_a_check_prints_one_verdict_and_returns_nothing(capsys):
    assert engine.check("01.status_class", lambda code: "success") is None
    assert capsys.readouterr().out.startswith("✗ status_class(100) returned 'success'.\n  Hint:")


@pytest.mark.parametrize("handed_in", [None, 42, "status_class"])
def test_something_that_is_no_function_gets_a_verdict(handed_in):
    result = run("01.status_class", handed_in)
    assert not result.passed and "not a function" in flat(result.text)


@pytest.mark.parametrize("exercise", ["01.nothing", "99.status_class", "status_class", "", None])
def test_an_unknown_exercise_gets_a_verdict(exercise):
    result = run(exercise, lambda code: "x")
    assert not result.passed and result.text.startswith("✗ There is no exercise")


def test_what_the_students_code_raises_or_prints_is_one_line():
    def noisy(code):
        print("debugging", code)
        raise ValueError("bad\n  code")

    result = run("01.status_class", noisy)
    assert result.text.splitlines()[0] == "✗ status_class(200) raised ValueError: bad code."
    assert "debugging" not in result.text and "Traceback" not in result.text


def test_not_implemented_and_sys_exit_are_findings_too():
    def later(code):
        raise NotImplementedError

    def leave(code):
        sys.exit(1)

    assert "not written yet" in run("01.status_class", later).text
    assert "raised SystemExit: 1" in run("01.status_class", leave).text


def test_a_strange_value_is_shown_short_and_never_crashes_the_check():
    class Weird:
        def __repr__(self):
            raise RuntimeError("no repr")

        def __eq__(self, other):
            raise RuntimeError("no eq")

    assert "<Weird>" in run("01.status_class", lambda code: Weird()).text
    assert run("01.parse_response", lambda raw: (200, {}, Weird())).text.startswith("✗ ")
    long = run("01.status_class", lambda code: "x" * 500).text
    assert "…" in long and len(long) < 400


def test_the_verdict_speaks_russian_when_the_course_does(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    failed = run("01.status_class", lambda code: None).text
    assert failed.startswith("✗ status_class(200) вернула None") and "Подсказка:" in failed
    solved = runpy.run_path(str(SOLUTIONS / "01" / "status_class.py"))["status_class"]
    assert run("01.status_class", solved).text.startswith("✓ status_class: все коды")


# --- lesson 01: the usual wrong versions fail, with the hint that helps --------------------


def naive_parse(raw: bytes) -> tuple:
    """The lesson's inline parsing as is: split(": "), which needs the space after the colon."""
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    return int(status_line.split(" ")[1]), dict(line.split(": ", 1) for line in lines), body


def split_everywhere(raw: bytes) -> tuple:
    """Splits the whole response at every empty line, so a body with one loses its start."""
    head, *_, body = raw.split(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {n.strip(): v.strip() for n, _, v in (line.partition(":") for line in lines)}
    return int(status_line.split(" ")[1]), headers, body


def all_colons(raw: bytes) -> tuple:
    """Splits a header line at every colon."""
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, value = line.split(":")
        headers[name] = value.strip()
    return int(status_line.split(" ")[1]), headers, body


@pytest.mark.parametrize(("wrong", "said"), [
    (naive_parse, "optional"), (split_everywhere, "first b\"\\r\\n\\r\\n\""),
    (all_colons, "first colon only"),
    (lambda raw: ("200", {}, b""), "a str: make it an int"),
    (lambda raw: (200, {}), "expected three values"),
])
def test_parse_response_catches(wrong, said):
    result = run("01.parse_response", wrong)
    assert not result.passed and said in flat(result.text), result.text


def lf_lines(method, path, host, headers=None, body=b""):
    """Lines ended by \\n alone."""
    return f"{method} {path} HTTP/1.1\nHost: {host}\n\n".encode() + body


def counts_characters(method, path, host, headers=None, body=b""):
    """Content-Length as the length of the text, not of the bytes."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body:
        lines.append(f"Content-Length: {len(body.decode())}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def forgets_none(method, path, host, headers=None, body=b""):
    """Assumes headers is always a dict."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


@pytest.mark.parametrize(("wrong", "said"), [
    (lf_lines, "\\r\\n (carriage return"), (counts_characters, "not its characters"),
    (forgets_none, "headers may be None"),
    (lambda method, path, host, headers=None, body=b"": f"{method} {path} HTTP/1.1\r\n\r\n",
     "a socket sends bytes"),
    (lambda method, path, host, headers=None, body=b"": f"{method} {path}\r\n\r\n".encode(),
     "the method, the path and HTTP/1.1"),
    (lambda method, path, host, headers=None, body=b"":
     f"{method} {path} HTTP/1.1\r\n\r\n".encode(), "HTTP/1.1 requires Host"),
])
def test_build_request_catches(wrong, said):
    result = run("01.build_request", wrong)
    assert not result.passed and said in flat(result.text), result.text


def first_digit(code: int) -> str:
    """Reads only the first digit, so 1000 and 2024 look like status codes."""
    return {"1": "informational", "2": "success", "3": "redirection", "4": "client error",
            "5": "server error"}.get(str(code)[0], "invalid")


@pytest.mark.parametrize(("wrong", "said"), [
    (first_digit, "status_class(1000) returned 'informational'"),
    (lambda code: "Success", "spell it exactly"),
    (lambda code: code // 100, "return the name of the class"),
])
def test_status_class_catches(wrong, said):
    result = run("01.status_class", wrong)
    assert not result.passed and said in flat(result.text), result.text


def test_status_class_never_shows_the_class_it_wanted():
    # For each code, a function that is wrong only there: the verdict names the code and what
    # came back, never the right class (the hint explains the idea instead).
    solved = runpy.run_path(str(SOLUTIONS / "01" / "status_class.py"))["status_class"]
    for code in lesson01.STATUS_CODES:
        right = solved(code)
        wrong = "success" if right != "success" else "server error"
        verdict = run("01.status_class", lambda c, code=code, wrong=wrong:
                      wrong if c == code else solved(c)).text
        assert f"status_class({code})" in verdict and repr(right) not in flat(verdict), verdict


# --- the way a student does it: %load in a kernel, and in JupyterLab ------------------------


def test_percent_load_puts_the_solution_into_the_cell():
    # What the solution cell relies on: IPython's %load replaces the cell's text with the
    # line itself (commented out) and the file, and runs nothing.
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(NOTEBOOKS),
                                       env=dict(os.environ))
    try:
        line = "%load solutions/01/status_class.py"
        reply = client.execute_interactive(line, timeout=60, output_hook=lambda msg: None)
        [payload] = reply["content"]["payload"]
        assert payload["source"] == "set_next_input" and payload["replace"] is True
        file = (SOLUTIONS / "01" / "status_class.py").read_text("utf-8")
        assert payload["text"].strip() == f"# {line}\n{file}".strip()
        asked = client.execute_interactive("", timeout=30, output_hook=lambda msg: None,
                                           user_expressions={"ran": "'status_class' in dir()"})
        assert asked["content"]["user_expressions"]["ran"]["data"]["text/plain"] == "False"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
