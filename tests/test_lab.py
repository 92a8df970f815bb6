"""The course in the real JupyterLab front end, where a student clicks: open, run all, save.

JupyterLab runs on a copy of the course folder as `make lab` starts it, and Debian's Chromium
drives it. A student who runs a lesson and saves it (JupyterLab also autosaves) did nothing
wrong, so the saved copy must still pass nbval strictly, exactly as the stored lesson does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab_support import ROOT, TOKEN, LabServer, chromium_page, course_copy, free_port

LESSONS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))


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
    """One browser page for the module's tests."""
    with chromium_page() as page:
        yield page


def test_the_lab_opens_on_the_lessons_with_the_homework_one_click_away(lab, page):
    with urllib.request.urlopen(lab.url("/")) as answer:  # redirects to the default URL
        assert "/lab/tree/notebooks" in answer.url
    page.goto(lab.url("/"))
    listing = page.locator(".jp-DirListing-content")
    listing.get_by_text(LESSONS[0], exact=True).wait_for(timeout=60_000)
    page.locator(".jp-BreadCrumbs-home").click()  # up to the course folder
    for folder in ("homework", "notebooks"):
        listing.get_by_text(folder, exact=True).wait_for(timeout=10_000)


def test_with_course_lang_ru_the_lab_opens_on_the_russian_lessons(course):
    server = LabServer(course, COURSE_LANG="ru")
    try:
        with urllib.request.urlopen(server.url("/")) as answer:
            assert "/lab/tree/notebooks/ru" in answer.url
    finally:
        server.close()


def run_all_and_save(page, lab: LabServer, lesson: str) -> None:
    """Open a lesson, Run → Run All Cells, wait for the kernel, then save with Ctrl+S."""
    page.goto(lab.url(f"/lab/tree/notebooks/{lesson}?reset"))  # this lesson only, no old tabs
    idle = page.get_by_text("Python 3 (ipykernel) | Idle")  # the status bar: kernel connected
    idle.wait_for(timeout=120_000)
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(
        """() => [...document.querySelectorAll(
                   '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')]
                 .every(p => /\\[\\d+\\]/.test(p.textContent))""", timeout=240_000)
    idle.wait_for(timeout=60_000)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").click()
    page.keyboard.press("Control+s")
    page.locator(".jp-mod-dirty").wait_for(state="detached", timeout=30_000)


def nbval(path: Path) -> subprocess.CompletedProcess:
    """nbval, strict, on one saved notebook, with the course's settings (pyproject.toml)."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(ROOT), "-p", "no:cacheprovider", "-n", "0", "-q",
         "-p", "conftest", str(path)],  # the repository's conftest.py: kernels stop cleanly
        cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_a_lesson_run_and_saved_in_jupyterlab_still_passes_nbval(course, lab, page, lesson):
    before = (course / "notebooks" / lesson).read_text("utf-8")
    run_all_and_save(page, lab, lesson)
    saved = course / "notebooks" / lesson
    assert saved.read_text("utf-8") != before  # JupyterLab did write it
    counts = [cell.get("execution_count") for cell in json.loads(saved.read_text("utf-8"))[
        "cells"] if cell["cell_type"] == "code"]
    assert counts == sorted(counts) and None not in counts  # run in order, every cell
    done = nbval(saved)
    assert done.returncode == 0, done.stdout[-3000:]


def test_output_lines_wrap_between_words(lab, page):
    page.goto(lab.url(f"/lab/tree/notebooks/{LESSONS[0]}"))
    output = page.locator(".jp-OutputArea-output pre").first
    output.wait_for(timeout=60_000)
    style = output.evaluate("e => [getComputedStyle(e).wordBreak,"
                            " getComputedStyle(e).overflowWrap]")
    assert style == ["normal", "anywhere"]  # JupyterLab's own is break-all: "rai|se"


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
def test_in_the_labs_terminal_python_is_the_courses():
    port = free_port()
    make = subprocess.Popen(
        ["make", "lab", f"LAB_ARGS=--no-browser --ip=127.0.0.1 --port={port} "
         f"--IdentityProvider.token={TOKEN}"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        assert Path(terminal_python(base)) == (ROOT / ".venv").absolute()
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=30)
