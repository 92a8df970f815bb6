"""`nbval_differences`: nbval's own comparison of a lesson copy with the stored lesson.

test_lab uses it for the lessons a student ran and saved in JupyterLab. It must tell them apart
exactly where nbval would: a changed output or line of code, not a port or a date that nbval's
sanitizers replace on both sides.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nbval_run import ROOT, nbval_differences, nbval_sanitized

LESSON = ROOT / "notebooks" / "01-http-basics.ipynb"


def changed(tmp_path: Path, change) -> Path:
    """A copy of lesson 01 with `change(cells)` applied to its code cells."""
    nb = json.loads(LESSON.read_text("utf-8"))
    change([cell for cell in nb["cells"] if cell["cell_type"] == "code"])
    copy = tmp_path / LESSON.name
    copy.write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
    return copy


def first_output(cells: list[dict], output_type: str) -> dict:
    """The first output of that type in the cells."""
    return next(out for cell in cells for out in cell["outputs"]
                if out["output_type"] == output_type)


def test_an_unchanged_copy_has_no_difference(tmp_path):
    assert nbval_differences(changed(tmp_path, lambda cells: None), LESSON) == []


def test_what_nbval_sanitizes_is_no_difference(tmp_path):
    def rerun(cells):
        for cell in cells:
            cell["execution_count"] += 100  # run again later in the session
            for out in cell["outputs"]:
                if out["output_type"] == "execute_result":
                    out["execution_count"] += 100
                    text = "".join(out["data"]["text/plain"])
                    out["data"]["text/plain"] = text.replace("127.0.0.1:", "127.0.0.1:1")
    assert nbval_differences(changed(tmp_path, rerun), LESSON) == []


@pytest.mark.parametrize("where", ["stream", "execute_result"])
def test_a_changed_output_is_found_in_its_cell(tmp_path, where):
    def edit(cells):
        out = first_output(cells, where)
        if where == "stream":
            out["text"] = "something else\n"
        else:
            out["data"]["text/plain"] = "'something else'"
    found = nbval_differences(changed(tmp_path, edit), LESSON)
    assert len(found) == 1 and "something else" in found[0], found


def test_changed_code_is_found(tmp_path):
    def edit(cells):
        cells[3]["source"] = "print('mine')"
    assert nbval_differences(changed(tmp_path, edit), LESSON) == [
        "Cell 3: its code or nbval markers changed"]


def test_an_output_nbval_is_told_to_ignore_is_no_difference(tmp_path):
    def ignored(text):
        def edit(cells):
            cells[3]["metadata"]["tags"] = ["nbval-ignore-output"]
            cells[3]["outputs"][0]["text"] = text
        return edit
    (tmp_path / "stored").mkdir()
    stored = changed(tmp_path / "stored", ignored("as stored\n"))
    assert nbval_differences(changed(tmp_path, ignored("another run\n")), stored) == []


@pytest.mark.parametrize(("one", "another"), [
    ("after 0.5 s", "after 0.6 s"),
    ("через 0,2 с", "через 0,3 с"),
    ("через 0.5 с", "через 0.6 с"),  # a lesson's own `:.1f` in a Russian sentence
    ("(12 мс; модель: x)", "(7 мс; модель: x)"),
    ("127.0.0.1:44335", "127.0.0.1:40321"),
])
def test_the_sanitizers_make_timings_and_ports_alike(one, another):
    assert nbval_sanitized(one) == nbval_sanitized(another)


@pytest.mark.parametrize(("one", "another"), [
    ("Подождите 20 с", "Подождите 30 с"),  # a whole number of seconds is the lesson's own
    ("status 200", "status 201"),
])
def test_the_sanitizers_leave_other_numbers_alone(one, another):
    assert nbval_sanitized(one) != nbval_sanitized(another)
