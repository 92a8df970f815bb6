"""The proof that the bot of lesson 05 runs on the student's code (issue 17).

A student who solved every exercise: lessons 03, 04a and 04b run in real kernels with each
exercise cell (and each prediction's guess) replaced by its solution file, as
tests/test_exercises.py runs them, so each check says ✓ and saves the cell to `your_code/`
(`COURSE_YOUR_CODE`, a temporary folder here). Each solution has a recorder appended: it wraps
the function so that every call appends the function's name to a log file (`COURSE_CALL_LOG`,
read at call time; without it nothing is written). Then lesson 05 runs solved the same way,
cell by cell: the log is emptied before the cell that wires the bot (`yours("05.register")`) and
read after the 503 of section 5, so it holds exactly the calls made while the bot answered
/models, /model 2, /ask and the failing /ask. The test asserts that every `yours` line of lesson
05 says "yours", that the log names every function of lessons 03 and 04 the bot needs and
lesson 05's own, and that the bot's replies in the outputs are right. The folder is removed.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from test_exercises import solution, solved_cells
from test_notebooks import NOTEBOOKS, exercises, load

LOG = "COURSE_CALL_LOG"
EARLIER = ["03-models-table.ipynb", "04a-chat-once.ipynb", "04b-retries-streaming.ipynb"]
LESSON = NOTEBOOKS / "05-telegram-bot.ipynb"
WIRING, LAST_ASK = "l05-40b", "l05-p2c"  # the cell that wires the bot; the /ask that meets 503
NEEDED = {"list_models", "get_active_model", "chat_once", "explain", "with_retries",
          "models_reply", "model_reply", "ask_reply", "register"}
WHOSE = re.compile(r"^(\w+): (yours|the course's)", re.MULTILINE)  # the line yours() prints

RECORDER = '''

def _recorded(function, name):
    """`function`, writing `name` to the call log at every call (test_your_code.py)."""
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


def run(nb: nbformat.NotebookNode, env: dict, log: Path) -> str:
    """Run a notebook cell by cell; the call log from the wiring cell to the last /ask."""
    client = NotebookClient(nb, timeout=120, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOKS)}})
    during = ""
    with client.setup_kernel(env=env):
        for index, cell in enumerate(nb.cells):
            if cell.get("id") == WIRING:
                log.write_text("", encoding="utf-8")
            client.execute_cell(cell, index)
            if cell.get("id") == LAST_ASK:
                during = log.read_text("utf-8")
    return during


def shown(nb: nbformat.NotebookNode, cell_id: str | None = None) -> str:
    """The text outputs of one cell, or of every cell."""
    return "".join(output.get("text", "") for cell in nb.cells
                   if cell.cell_type == "code" and cell_id in (None, cell.get("id"))
                   for output in cell.outputs)


@pytest.mark.slow
def test_the_bot_of_lesson_05_runs_on_the_students_functions():
    with tempfile.TemporaryDirectory(prefix="your-code-") as folder:
        log = Path(folder) / "calls.log"
        env = dict(os.environ, COURSE_YOUR_CODE=str(Path(folder) / "your_code"))
        for name in EARLIER:  # each saves its checked functions, nothing logged yet
            run(solved(NOTEBOOKS / name), env, log)
        saved = {p.stem for p in (Path(folder) / "your_code").rglob("*.py")}
        assert {"list_models", "get_active_model", "chat_once", "explain",
                "with_retries"} <= saved
        nb = solved(LESSON)
        during = run(nb, dict(env, **{LOG: str(log)}), log)
    assert not Path(folder).exists()

    whose = WHOSE.findall(shown(nb))
    fetched = {name for name, _ in whose}
    assert {"list_models", "get_active_model", "chat_once", "with_retries", "models_reply",
            "model_reply", "ask_reply", "register"} <= fetched
    assert [line for line in whose if line[1] != "yours"] == []
    assert set(during.split()) >= NEEDED, sorted(NEEDED - set(during.split()))

    assert "Models (★ = active):\n★ 1. DeepSeek V3.1 (free)" in shown(nb, "l05-46")
    assert "Active model is now: 2. DeepSeek R1 (free)" in shown(nb, "l05-46")
    assert "(model: deepseek/deepseek-r1:free)" in re.sub(r"\d+ ms; ", "", shown(nb, "l05-48"))
    assert "bot: Error: [503] " in shown(nb, LAST_ASK)  # your explain's words follow
    assert shown(nb, "l05-p2d").startswith("✓ Yes: 3.")  # three requests: your with_retries
