"""JupyterLab and a browser for the tests that click where a student clicks.

`course_copy` lays out a copy of the course folder (lessons, homework notebook, the lab's
settings in `.jupyter/`); `LabServer` runs `jupyter lab` on it the way `make lab` does
(JUPYTER_CONFIG_DIR=.jupyter, so the course's own lab configuration applies), on 127.0.0.1
with a token; `chromium_page` opens Debian's headless Chromium through Playwright (never a
browser Playwright downloads). Without Chromium or Playwright the tests skip on a laptop and
fail in CI, which installs them (.ci/run).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Chromium's headless shell where it is installed: Playwright's own choice for headless runs,
# the same engine, and a third less CPU than the whole browser (whose window it never shows).
CHROMIUM = (shutil.which("chromium-headless-shell") or shutil.which("chromium")
            or shutil.which("chromium-browser"))
NO_CHROMIUM = ("Chromium is not installed (Debian, Ubuntu: apt-get install "
               "chromium-headless-shell, or chromium)")
TOKEN = "course-lab-test"
# No news pop-ups. Cells are windowed as a student's lab does by default (content-visibility:
# every cell is in the page, the browser skips drawing those off screen).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
}


def missing(reason: str) -> None:
    """Skip on a laptop without the tool; fail in CI, which must have installed it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


def course_copy(target: Path) -> Path:
    """A copy of what a student's lab shows: lessons, solutions, homework, lab settings."""
    shutil.copytree(ROOT / "notebooks", target / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    (target / "homework").mkdir()
    shutil.copy(ROOT / "homework" / "homework.ipynb", target / "homework")
    shutil.copytree(ROOT / ".jupyter", target / ".jupyter",
                    ignore=shutil.ignore_patterns("lab", "migrated"))
    for name, values in LAB_SETTINGS.items():
        path = target / ".jupyter" / "lab" / "user-settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), "utf-8")
    return target


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LabServer:
    """`jupyter lab` on a course copy, as `make lab` starts it; `base` is its URL."""

    def __init__(self, course: Path, **settings: str) -> None:
        """Start it in `course` (with more environment `settings`) and wait until it answers."""
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **settings, "JUPYTER_CONFIG_DIR": str(course / ".jupyter"),
               "JUPYTER_DATA_DIR": str(course / ".jupyter-data"),
               "JUPYTER_RUNTIME_DIR": str(course / ".jupyter-runtime")}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
             f"--port={self.port}", f"--IdentityProvider.token={TOKEN}", "--allow-root",
             "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
            cwd=course, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait()

    def _wait(self) -> None:
        """Until the server answers (a minute at most)."""
        for _ in range(300):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(self.url("/api/status"), timeout=1)
                return
            if self.process.poll() is not None:
                raise RuntimeError("jupyter lab ended at start")
            time.sleep(0.2)
        raise RuntimeError("jupyter lab did not answer within a minute")

    def url(self, path: str) -> str:
        """A URL of the lab, with the token."""
        return f"{self.base}{path}{'&' if '?' in path else '?'}token={TOKEN}"

    def close(self) -> None:
        """Stop the server (it shuts its kernels down)."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@contextlib.contextmanager
def chromium_page() -> Iterator[object]:
    """A page of headless Debian Chromium, only for 127.0.0.1."""
    if CHROMIUM is None:
        missing(NO_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("Playwright is not installed (it is in requirements.txt)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", lambda route: route.continue_()
                          if route.request.url.startswith("http://127.0.0.1") else route.abort())
            yield context.new_page()
        finally:
            browser.close()
