"""The course in the real JupyterLab front end, where a student clicks: open, run all, save.

JupyterLab runs on a copy of the course folder as `make lab` starts it, and Debian's Chromium
drives it. A student who runs a lesson and saves it (JupyterLab also autosaves) did nothing
wrong, so the saved copies must still pass nbval strictly, exactly as the stored lessons do.
The lab and the browser start once for the file: lessons open from the file browser one after
another, as in class; `make lab` itself starts once more, with COURSE_LANG=ru. Last, a student
loads an exercise's solution in lesson 01 and its check says ✓.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab_support import ROOT, TOKEN, LabServer, chromium_page, course_copy, free_port
from nbval_run import nbval_differences
from test_notebooks import NOTEBOOKS, exercises, load

LESSONS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
LISTING = ".jp-DirListing-content"  # the file browser's rows
CRUMBS = ".jp-FileBrowser .jp-BreadCrumbs-item"  # its path, one folder each


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A fresh copy of the course folder."""
    return course_copy(tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def lab(course) -> Iterator[LabServer]:
    """JupyterLab serving the copy, as `make lab` starts it."""
    server = LabServer(course)
    yield server
    server.close()


@pytest.fixture(scope="module")
def page(lab) -> Iterator[object]:
    """One browser page for the module's tests: the lab loads once, as a student keeps it open."""
    with chromium_page() as page:
        page.goto(lab.url("/"))  # as `make lab` opens it (JupyterLab loads once: seconds of CPU)
        page.locator(LISTING).wait_for(timeout=60_000)
        yield page


def test_the_lab_opens_on_the_lessons_with_the_homework_one_click_away(lab, page):
    with urllib.request.urlopen(lab.url("/")) as answer:  # redirects to the default URL
        assert "/lab/tree/notebooks" in answer.url
    assert "/lab/tree/notebooks" in page.url  # where the page the fixture opened at / landed
    listing = page.locator(LISTING)
    listing.get_by_text(LESSONS[0], exact=True).wait_for(timeout=60_000)
    page.locator(".jp-BreadCrumbs-home").click()  # up to the course folder
    for folder in ("homework", "notebooks"):
        listing.get_by_text(folder, exact=True).wait_for(timeout=10_000)


@pytest.fixture(scope="module")
def make_lab() -> Iterator[str]:
    """`make lab` in the course folder with COURSE_LANG=ru, as a Russian class starts it."""
    port = free_port()
    make = subprocess.Popen(
        ["make", "lab", f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port} "
         f"--IdentityProvider.token={TOKEN}"], env={**os.environ, "COURSE_LANG": "ru"},
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=30)


def test_with_course_lang_ru_the_lab_opens_on_the_russian_lessons(make_lab):
    with urllib.request.urlopen(f"{make_lab}/?token={TOKEN}") as answer:
        assert "/lab/tree/notebooks/ru" in answer.url


def terminal_python(base: str) -> str:
    """Run `python` in a new terminal of the lab at `base`; the prefix it reports."""
    import websocket

    with urllib.request.urlopen(urllib.request.Request(
            f"{base}/api/terminals?token={TOKEN}", method="POST")) as answer:
        name = json.load(answer)["name"]
    socket = websocket.create_connection(
        f"{base.replace('http', 'ws')}/terminals/websocket/{name}?token={TOKEN}", timeout=30)
    try:
        socket.send(json.dumps(["stdin", "python -c 'import sys; print(\"PY=\" + sys.prefix)'\r"]))
        seen = ""
        while "PY=/" not in seen or "\n" not in seen.split("PY=/")[-1]:
            message = json.loads(socket.recv())
            seen += message[1] if message[0] == "stdout" else ""
        return seen.split("PY=")[-1].split()[0]
    finally:
        socket.close()


@pytest.mark.slow
def test_in_the_labs_terminal_python_is_the_courses(make_lab):
    assert Path(terminal_python(make_lab)) == (ROOT / ".venv").absolute()


def open_lesson(page, lesson: str) -> None:
    """Close every tab, then open `notebooks/lesson` in the file browser, as a student does."""
    from playwright.sync_api import TimeoutError as Slow

    page.get_by_role("menuitem", name="File", exact=True).click()
    page.get_by_role("menuitem", name="Close All Tabs", exact=True).click()
    for attempt in range(3):  # a click the lab missed (seen once in many runs): the walk again
        try:
            return walk_to(page, lesson)
        except (AssertionError, Slow) as error:
            if attempt == 2:
                raise AssertionError(f"{lesson} did not open; the file browser showed "
                                     f"{file_browser(page)!r}") from error


def walk_to(page, lesson: str) -> None:
    """From the course folder into notebooks/, then double-click `lesson` there."""
    from playwright.sync_api import expect

    # Each double-click waits for the listing it aims at: one still drawing the folder it left
    # (a slow machine) would take the click on whatever row then lies under the pointer.
    crumbs = page.locator(CRUMBS)
    listing = page.locator(LISTING)
    page.locator(".jp-BreadCrumbs-home").click()  # from the course folder, wherever it was
    expect(crumbs).to_have_count(0, timeout=30_000)
    expect(listing.get_by_text("notebooks", exact=True)).to_be_visible(timeout=20_000)
    listing.get_by_text("notebooks", exact=True).dblclick(timeout=10_000)
    expect(crumbs).to_have_text(["notebooks"], timeout=20_000)
    expect(listing.get_by_text(lesson, exact=True)).to_be_visible(timeout=20_000)
    listing.get_by_text(lesson, exact=True).dblclick(timeout=10_000)
    tab = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab.lm-mod-current")
    expect(tab).to_contain_text(lesson, timeout=20_000)  # the lesson, not a neighbour


def file_browser(page) -> str:
    """What the file browser shows: its path and its first rows (for a failure's message)."""
    crumbs = page.locator(CRUMBS).all_inner_texts()
    rows = page.locator(f"{LISTING} .jp-DirListing-itemText").all_inner_texts()
    return f"/{'/'.join(crumbs)}: {', '.join(rows[:12])}"


def run_all_and_save(page, lesson: str, code_cells: int) -> None:
    """Open a lesson, Run → Run All Cells, wait for the kernel, then save with Ctrl+S."""
    open_lesson(page, lesson)
    idle = page.get_by_text("Python 3 (ipykernel) | Idle")  # the status bar: kernel connected
    idle.wait_for(timeout=120_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    # Every code cell numbered (the lab attaches cells while idle: all of them counted). Four
    # looks a second, not one a frame: a frame-by-frame wait keeps the browser drawing.
    page.wait_for_function(
        """(n) => {const prompts = [...document.querySelectorAll(
                     '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
                   return prompts.length === n
                          && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));}""",
        arg=code_cells, polling=250, timeout=240_000)
    idle.wait_for(timeout=60_000)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").click()
    page.keyboard.press("Control+s")
    page.locator(".jp-mod-dirty").wait_for(state="detached", timeout=30_000)


def only_tab(page) -> str:
    """The title of the lab's only tab ("" if there are more, or none)."""
    tabs = page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab")
    return tabs.first.inner_text() if tabs.count() == 1 else ""


@pytest.fixture
def lesson_01(page) -> None:
    """Lesson 01 open in the lab (the only tab), its kernel idle; left open if it already is."""
    if LESSONS[0] not in only_tab(page):  # opening it again would only cost a kernel start
        open_lesson(page, LESSONS[0])
    page.get_by_text("Python 3 (ipykernel) | Idle").wait_for(timeout=90_000)


@pytest.mark.slow
@pytest.mark.usefixtures("lesson_01")
def test_in_jupyterlab_the_notes_are_collapsed_and_the_solutions_hidden(page):
    # Before any Run All: JupyterLab shows a markdown cell's source again when it runs it.
    from playwright.sync_api import expect

    cells, nb = page.locator(".jp-Notebook .jp-Cell"), load(NOTEBOOKS / "01-http-basics.ipynb")
    expect(cells).to_have_count(len(nb["cells"]), timeout=30_000)  # attached while it is idle
    for index, cell in enumerate(nb["cells"]):
        if cell["metadata"].get("slideshow", {}).get("slide_type") == "notes":
            assert cells.nth(index).locator(".jp-InputPlaceholder").is_visible(), index
            assert cells.nth(index).locator(".jp-MarkdownOutput").is_hidden(), index
    for index, name in exercises(nb):
        cells.nth(index + 2).scroll_into_view_if_needed()  # an editor draws when seen
        expect(cells.nth(index + 2).locator(".cm-content")).to_have_text(
            f"# %load solutions/01/{name}.py", timeout=10_000)  # and nothing of the answer


@pytest.mark.usefixtures("lesson_01")  # as stored, with its outputs
def test_output_lines_wrap_between_words(page):
    output = page.locator(".jp-OutputArea-output pre").first
    output.wait_for(timeout=60_000)
    style = output.evaluate("e => [getComputedStyle(e).wordBreak,"
                            " getComputedStyle(e).overflowWrap]")
    assert style == ["normal", "anywhere"]  # JupyterLab's own is break-all: "rai|se"


SAVED: list[Path] = []  # the lessons run and saved in the lab, for nbval after the last


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_runs_all_and_is_saved_in_jupyterlab(course, page, lesson):
    before = (course / "notebooks" / lesson).read_text("utf-8")
    code = sum(cell["cell_type"] == "code" for cell in json.loads(before)["cells"])
    run_all_and_save(page, lesson, code)
    saved = course / "notebooks" / lesson
    assert saved.read_text("utf-8") != before  # JupyterLab did write it
    counts = [cell.get("execution_count") for cell in json.loads(saved.read_text("utf-8"))[
        "cells"] if cell["cell_type"] == "code"]
    assert counts == sorted(counts) and None not in counts  # run in order, every cell
    SAVED.append(saved)


@pytest.mark.usefixtures("page")  # the lab's lessons, run: without a browser it skips as they do
def test_the_lessons_saved_in_jupyterlab_still_pass_nbval():
    # nbval passes the stored lessons (`make test` runs it on them); a saved copy with the same
    # code whose outputs nbval cannot tell from the stored ones passes it too. Comparing them
    # as nbval does (its sanitizers, its comparison) spares running six lessons again: 20 s.
    if not SAVED:
        pytest.skip("no lesson was run in the lab (run the whole file)")
    for saved in SAVED:
        assert nbval_differences(saved, NOTEBOOKS / saved.name) == [], saved.name


# --- last, as it leaves lesson 01 changed and unsaved: a student solves an exercise -------


CELL = "(i) => document.querySelectorAll('.jp-Notebook .jp-Cell')[i]"


@pytest.mark.slow
@pytest.mark.usefixtures("lesson_01")
def test_in_jupyterlab_a_student_loads_a_solution_and_the_check_says_yes(page):
    cells, nb = page.locator(".jp-Notebook .jp-Cell"), load(NOTEBOOKS / "01-http-basics.ipynb")
    index = next(index for index, name in exercises(nb) if name == "status_class")
    check, answer = cells.nth(index + 1), cells.nth(index + 2)

    def run_cell(cell) -> None:
        cell.locator(".jp-InputArea-prompt").first.click()
        page.keyboard.press("Control+Enter")  # run it, stay on it

    setup = next(i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code")
    run_cell(cells.nth(setup))  # the set-up cell: `check` and the fakes
    answer.locator(".cm-content").click()  # as the lesson says: delete the "# " and run it
    page.keyboard.press("Control+Home")
    page.keyboard.press("Delete")
    page.keyboard.press("Delete")
    page.keyboard.press("Control+Enter")
    page.wait_for_function(f"({CELL})({index + 2}).querySelector('.cm-content')"
                           ".innerText.includes('def status_class')", timeout=30_000)
    page.keyboard.press("Control+Enter")  # run the loaded solution
    assert check.locator(".jp-OutputArea").inner_text().startswith("✗")  # as stored
    run_cell(check)
    page.wait_for_function(f"({CELL})({index + 1}).querySelector('.jp-OutputArea')"
                           ".innerText.startsWith('✓')", timeout=30_000)
