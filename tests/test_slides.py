"""The slide decks in a real headless Chromium, with every non-local request blocked.

Needs Debian's Chromium (`/usr/bin/chromium`, never a browser downloaded by Playwright) and npm
(for the pinned reveal.js). On a laptop without them these tests skip and say why; in CI
(`CI=true`) they fail instead, since `.ci/run` installs Chromium.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SLIDES = ROOT / "slides"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts" / "slides"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LESSONS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def missing(reason: str) -> None:
    """Skip on a laptop without the tool; fail in CI, which must have installed it."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI installs it: see .ci/run)")
    pytest.skip(reason)


def ensure_reveal() -> None:
    """Install the pinned reveal.js with `npm ci` unless it is there already."""
    if (SLIDES / "node_modules" / "reveal.js" / "dist" / "reveal.js").is_file():
        return
    if shutil.which("npm") is None:
        missing("npm is not installed: the decks need the pinned reveal.js from the npm registry")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=SLIDES, check=True,
                   capture_output=True, timeout=300)


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> Path:
    """The five decks built into a temporary folder, as `make slides` builds them."""
    ensure_reveal()
    out = tmp_path_factory.mktemp("decks")
    subprocess.run([sys.executable, str(SLIDES / "build.py"), "--out", str(out)], check=True,
                   capture_output=True, timeout=300)
    return out


@pytest.fixture(scope="module")
def server(decks):
    """A static file server for the decks on 127.0.0.1."""
    handler = functools.partial(QuietFiles, directory=str(decks))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay silent."""


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if CHROMIUM is None:
        missing("Chromium is not installed (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=FLAGS)
        yield chromium
        chromium.close()


def expected_slides(lesson: str) -> int:
    """Slides of a deck by its notebook's metadata: every `slide` and `subslide` is one."""
    notebook = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    types = [c.metadata.get("slideshow", {}).get("slide_type") for c in notebook.cells]
    return sum(kind in ("slide", "subslide") for kind in types)


def open_deck(browser, url: str) -> tuple:
    """A page showing the deck at `url`; records page errors and blocked requests."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    errors, blocked = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def only_local(route) -> None:
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith("data:") or host == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(url)
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20_000)
    return page, errors, blocked


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_deck_works_offline(browser, server, lesson):
    page, errors, blocked = open_deck(browser, f"{server}/{lesson}.slides.html")
    try:
        assert blocked == [], "the deck must not load anything from the internet"
        assert errors == []
        assert page.evaluate("Reveal.getTotalSlides()") == expected_slides(lesson)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{lesson[:2]}.png"))
        assert page.evaluate("Reveal.getIndices().h") == 0
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => Reveal.getIndices().h === 1", timeout=5_000)
        page.keyboard.press("ArrowLeft")
        page.wait_for_function("() => Reveal.getIndices().h === 0", timeout=5_000)
    finally:
        page.close()


def test_every_lesson_has_a_deck_with_a_title_slide(decks):
    assert LESSONS and [p.name for p in sorted(decks.glob("*.slides.html"))] == [
        f"{lesson}.slides.html" for lesson in LESSONS]
    for lesson in LESSONS:
        first = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4).cells[0]
        assert first.metadata["slideshow"]["slide_type"] == "slide"
        assert first.source.startswith(f"# {lesson[:2]} ·")


def test_the_decks_reference_no_cdn(decks):
    for deck in decks.glob("*.slides.html"):
        html = deck.read_text("utf-8")
        for cdn in ("unpkg.com", "cdnjs", "jsdelivr", "fonts.googleapis", "mathjax"):
            assert cdn not in html.lower(), f"{deck.name} loads {cdn}"
