"""The Russian lessons are the English ones with translated text, kept in step by hashes.

`notebooks/ru/translations/build.py` makes each Russian lesson from its English lesson and a
translation file. These tests name every translation block that is missing or stale once an
English cell changes, and check that each stored Russian lesson is exactly what the build makes
of today's English lesson (its code included), outputs aside (nbval checks those).
"""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import nbformat
import pytest
from test_russian_edition import english_runs, string_texts

ROOT = Path(__file__).resolve().parents[1]
RU = ROOT / "notebooks" / "ru"
SPEC = importlib.util.spec_from_file_location("ru_build", RU / "translations" / "build.py")
build = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(build)
RUSSIAN = sorted(RU.glob("[0-9][0-9]*-*.ipynb"))
SOLUTIONS = sorted((ROOT / "notebooks" / "solutions").rglob("*.py"))


def without_outputs(lesson: nbformat.NotebookNode) -> list[tuple]:
    """A lesson's cells as (id, type, source, metadata), outputs and counts aside."""
    return [(c.id, c.cell_type, c.source, {k: v for k, v in c.metadata.items()
                                           if k != "execution"}) for c in lesson.cells]


@pytest.mark.parametrize("path", RUSSIAN, ids=[p.stem for p in RUSSIAN])
def test_every_text_cell_is_translated_from_the_current_english(path):
    english = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
    found = build.problems(english, build.read_blocks(RU / "translations" / f"{path.stem}.md"))
    assert found == [], f"translate again (notebooks/ru/translations/{path.stem}.md): {found}"


@pytest.mark.parametrize("path", RUSSIAN, ids=[p.stem for p in RUSSIAN])
def test_the_stored_russian_lesson_is_what_the_build_makes(path):
    english = nbformat.read(ROOT / "notebooks" / path.name, as_version=4)
    made = build.russian(english, build.read_blocks(RU / "translations" / f"{path.stem}.md"))
    stored = nbformat.read(path, as_version=4)
    assert without_outputs(stored) == without_outputs(made), "run `make ru`"


def lesson(*cells: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A small English lesson."""
    return nbformat.v4.new_notebook(cells=list(cells))


def test_a_changed_english_cell_makes_its_translation_stale(tmp_path):
    text = nbformat.v4.new_markdown_cell("## Status codes", id="t1")
    code = nbformat.v4.new_code_cell("x = 1  # one", id="c1")
    source = tmp_path / "t.md"
    source.write_text(f"<!-- cell: t1 en: {build.digest(text.source)} -->\n## Коды статуса\n\n"
                      f"<!-- cell: c1 en: {build.digest(code.source)} code -->\n"
                      "```python\nx = 1  # один\n```\n", "utf-8")
    blocks = build.read_blocks(source)
    assert build.problems(lesson(text, code), blocks) == []
    made = build.russian(lesson(text, code), blocks)
    assert [c.source for c in made.cells] == ["## Коды статуса", build.LANG_CELL, "x = 1  # один"]
    text.source = "## Status codes, again"
    assert build.problems(lesson(text, code), blocks) == ["t1: stale (the English cell changed)"]
    assert build.russian(lesson(text, code), blocks).cells[0].source == text.source  # English


def test_a_translation_may_change_comments_only(tmp_path):
    code = nbformat.v4.new_code_cell("x = 1  # one\n%env A=b", id="c1")
    source = tmp_path / "t.md"
    source.write_text(f"<!-- cell: c1 en: {build.digest(code.source)} code -->\n"
                      "```python\nx = 2  # два\n%env A=b\n```\n", "utf-8")
    assert build.problems(lesson(code), build.read_blocks(source)) == [
        "c1: its Russian code differs from the English beyond strings and comments"]


ENGLISH_CODE = '''def reply(rows):
    """The /models reply."""
    print("Models:", len(rows), b"raw")
    return f"Model {rows[0]!r:>5} is now active." + "Done"
'''


@pytest.mark.parametrize(("russian", "same"), [
    (ENGLISH_CODE.replace("The /models reply.", "Ответ на /models.")
     .replace('"Models:"', '"Доступные"\n          " модели:"')  # a string wrapped in two
     .replace("Model {", "Модель {").replace("is now active", "выбрана").replace("Done", "Всё"),
     True),
    (ENGLISH_CODE.replace("{rows[0]!r:>5}", "{rows[1]!r:>5}"), False),  # f-string code
    (ENGLISH_CODE.replace("!r:", "!s:"), False),
    (ENGLISH_CODE.replace('b"raw"', '"raw"'), False),  # bytes are not text
    (ENGLISH_CODE.replace("len(rows)", "len(rows) + 1"), False),
    (ENGLISH_CODE.replace('"Models:", ', ""), False),  # a string less
])
def test_a_translation_may_change_the_text_in_strings_but_not_the_code(russian, same):
    assert (build.code_tokens(russian) == build.code_tokens(ENGLISH_CODE)) is same


def test_untranslated_text_and_unknown_cells_are_named(tmp_path):
    text = nbformat.v4.new_markdown_cell("Hello", id="t1")
    source = tmp_path / "t.md"
    source.write_text("<!-- cell: gone en: 00000000 -->\nПока\n", "utf-8")
    assert build.problems(lesson(text), build.read_blocks(source)) == [
        "t1: not translated", "gone: no such cell in the English lesson"]


def test_solutions_load_in_russian_where_there_is_one_and_the_lesson_speaks_russian(
        monkeypatch, tmp_path):
    (tmp_path / "solutions" / "01").mkdir(parents=True)
    (tmp_path / "solutions" / "01" / "status_class.py").write_text("", "utf-8")
    monkeypatch.setattr(build, "RU", tmp_path)
    exercise = nbformat.v4.new_code_cell("# %load solutions/01/status_class.py\n"
                                         "# %load solutions/01/other.py", id="s1")
    made = build.russian(lesson(exercise), {})
    assert [c.source for c in made.cells] == [
        "%env COURSE_LANG=ru",
        "# %load solutions/01/status_class.py\n# %load ../solutions/01/other.py"]


@pytest.mark.parametrize("path", RUSSIAN, ids=[p.stem for p in RUSSIAN])
def test_what_a_cell_prints_is_one_output(path):
    # Streams merged: a cell printing piece by piece must not make dozens of outputs (its
    # slide was once thirty times too tall).
    split = [cell.id for cell in nbformat.read(path, as_version=4).cells
             for first, second in itertools.pairwise(cell.get("outputs", []))
             if first.get("output_type") == second.get("output_type") == "stream"
             and first.get("name") == second.get("name")]
    assert split == []


def test_every_english_lesson_has_its_russian_edition():
    english = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]*-*.ipynb"))
    assert [p.name for p in RUSSIAN] == english
    assert sorted(p.stem for p in (RU / "translations").glob("*.md")) == [
        name.removesuffix(".ipynb") for name in english]


@pytest.mark.parametrize("english", SOLUTIONS, ids=[f"{p.parent.name}.{p.stem}" for p in SOLUTIONS])
def test_every_solution_has_its_russian_twin_the_same_code_in_russian(english):
    russian = RU / "solutions" / english.parent.name / english.name
    assert russian.is_file(), f"no Russian solution {russian.relative_to(ROOT)}"
    text = russian.read_text("utf-8")
    assert build.code_tokens(text) == build.code_tokens(english.read_text("utf-8"))
    assert english_runs_in_strings(text) == []


def english_runs_in_strings(source: str) -> list[str]:
    """English prose in a file's string literals (the scan of test_russian_edition.py)."""
    return [run for text in string_texts(source) for run in english_runs(text)]
