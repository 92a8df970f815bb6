"""The slide decks in a real headless Chromium, with every non-local request blocked.

Needs Debian's Chromium (its headless shell, or the browser; never one downloaded by
Playwright) and npm (for the pinned reveal.js). On a laptop without them these tests skip and
say why; in CI (`CI=true`) they fail instead, since `.ci/run` installs Chromium.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import nbformat
import pytest
from deck_support import LESSONS, build, shared_decks
from lab_support import CHROMIUM, NO_CHROMIUM, missing

if TYPE_CHECKING:  # playwright may be missing on a laptop: the tests then skip
    from playwright.sync_api import Browser, Page, Route

ROOT = Path(__file__).resolve().parents[1]
SLIDES = ROOT / "slides"
ARTIFACTS = ROOT / "test-artifacts" / "slides"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def number(lesson: str) -> str:
    """A lesson's number as its title shows it: `01`, or `04a` for a part (`ru/01`: `01`)."""
    return lesson.rsplit("/", 1)[-1].split("-", 1)[0]


def pinned_reveal() -> str:
    """The reveal.js version `package-lock.json` pins."""
    lock = json.loads((SLIDES / "package-lock.json").read_text("utf-8"))
    return lock["packages"]["node_modules/reveal.js"]["version"]


def installed_reveal() -> str | None:
    """The reveal.js version in `slides/node_modules`, if any."""
    manifest = SLIDES / "node_modules" / "reveal.js" / "package.json"
    return json.loads(manifest.read_text("utf-8"))["version"] if manifest.is_file() else None


def run(command: list[str], cwd: Path) -> None:
    """Run a build step; on failure, fail with its output (not just its exit status)."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    if done.returncode:
        pytest.fail(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def ensure_reveal() -> None:
    """Install the pinned reveal.js with `npm ci` unless that version is there already."""
    if installed_reveal() == pinned_reveal():
        return
    if shutil.which("npm") is None:
        missing("npm is not installed: the decks need the pinned reveal.js from the npm registry "
                "(Debian/Ubuntu: apt-get install npm; macOS: brew install node)")
    run(["npm", "ci", "--no-audit", "--no-fund"], SLIDES)


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> Path:
    """Every lesson's deck, as `make slides` builds them, with reveal.js beside them."""
    ensure_reveal()
    out = shared_decks(tmp_path_factory)  # built once, for test_slide_text.py too
    build.copy_reveal(out)
    return out


def test_make_slides_builds_the_decks_named_with_reveal_beside_them(tmp_path, capsys):
    ensure_reveal()  # `python slides/build.py [NOTEBOOK ...] --out FOLDER`, run in this process
    lesson = ROOT / "notebooks" / "ru" / f"{Path(LESSONS[-1]).name}.ipynb"
    assert build.main(["--out", str(tmp_path), str(lesson)]) == 0
    deck = tmp_path / "ru" / f"{lesson.stem}.slides.html"
    assert capsys.readouterr().out.split() == [str(deck)]
    assert 'src="../reveal.js/dist/reveal.js"' in deck.read_text("utf-8")
    assert (tmp_path / "reveal.js" / "dist" / "reveal.js").is_file()
    with pytest.raises(SystemExit) as refused:
        build.main(["--out", str(tmp_path), "notebooks/99-none.ipynb"])
    assert refused.value.code == 2
    assert "no such notebook: notebooks/99-none.ipynb" in capsys.readouterr().err


@pytest.fixture(scope="module")
def server(decks):
    """A static file server for the decks on 127.0.0.1."""
    handler = functools.partial(QuietFiles, directory=str(decks))
    httpd = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class QuietServer(http.server.ThreadingHTTPServer):
    """Says nothing when the browser hangs up mid-file (a page closed as a test ends)."""

    def handle_error(self, request: object, client_address: object) -> None:
        """Print the traceback of any other error, as the standard server does."""
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


class QuietFiles(http.server.SimpleHTTPRequestHandler):
    """Serves files without a log line per request."""

    def log_message(self, format: str, *args: object) -> None:
        """Stay silent."""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, driven by Playwright (no browser download)."""
    if CHROMIUM is None:
        missing(NO_CHROMIUM)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is not installed (it is in requirements.txt)")
    with sync_playwright() as playwright:
        # Playwright starts Chromium with a fresh temporary profile (--user-data-dir) itself.
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=FLAGS)
        yield chromium
        chromium.close()


def expected_slides(lesson: str) -> int:
    """Slides of a deck by its notebook's metadata: every `slide` and `subslide` is one.

    As in nbconvert, the first cell that is shown starts a slide whatever its type says.
    """
    notebook = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    types = [c.metadata.get("slideshow", {}).get("slide_type", "-") for c in notebook.cells]
    shown = [kind for kind in types if kind not in ("skip", "notes")]
    return 1 + sum(kind in ("slide", "subslide") for kind in shown[1:])


@dataclass
class Deck:
    """A deck open in a browser, and what went wrong meanwhile in it or in windows it opened."""

    page: Page
    errors: list[str] = field(default_factory=list)  # uncaught exceptions, console errors
    blocked: list[str] = field(default_factory=list)  # requests for anything not local


@contextmanager
def open_deck(browser: Browser, url: str) -> Iterator[Deck]:
    """Open the deck at `url` in a fresh browser context that lets only 127.0.0.1 through."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    errors: list[str] = []
    blocked: list[str] = []

    def watch(page: Page) -> None:
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    def only_local(route: Route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.on("page", watch)  # the deck, and the speaker view it opens
    context.route("**/*", only_local)
    try:
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=20_000)
        yield Deck(page, errors, blocked)
    finally:
        context.close()


# Every slide of the deck in turn: its height, whether a code block scrolls sideways, and its
# first words (to name it in a failure). reveal.js lays out only slides near the current one.
MEASURE_SLIDES = """() => {
  const slides = [];
  Reveal.getHorizontalSlides().forEach((stack, h) => {
    stack.querySelectorAll(':scope > section').forEach((slide, v) => {
      Reveal.slide(h, v);
      const wide = [...slide.querySelectorAll('pre')].some(p => p.scrollWidth > p.clientWidth + 1);
      const words = slide.innerText.trim().split('\\n')[0].slice(0, 60);
      slides.push({h, v, height: slide.scrollHeight, wide, words});
    });
  });
  Reveal.slide(0, 0);
  return {height: Reveal.getConfig().height, slides};
}"""


SLIDE_CONTENTS = """() => [...document.querySelectorAll('.reveal .slides section')]
    .filter(s => !s.querySelector('section'))
    .map((s, i) => ({index: i, titles: s.querySelectorAll('h1, h2, h3').length,
                     code: s.querySelectorAll('.jp-CodeCell').length,
                     words: s.innerText.trim().slice(0, 60)}))"""


@dataclass
class Visit:
    """What one look at a deck saw: a test each reads its part (a deck opens once, not thrice)."""

    total: int  # slides, as reveal.js counts them
    notes: int  # speaker-notes blocks
    start: dict  # where it opened: {"h": 0, "v": 0, "f": None}
    stuck: list[str]  # the arrow keys that did not move it
    measured: dict  # MEASURE_SLIDES
    contents: list[dict]  # SLIDE_CONTENTS
    blocked: list[str]
    errors: list[str]


def arrows_stuck(page: Page) -> list[str]:
    """Press →, ←, and ↓ where the title has a sub-slide; the keys that did not move the deck."""
    from playwright.sync_api import TimeoutError as NotMoved

    stuck = []
    for key, there in (("ArrowRight", "h === 1"), ("ArrowLeft", "h === 0"),
                       ("ArrowDown", "v === 1")):
        if key == "ArrowDown" and not page.evaluate("Reveal.availableRoutes().down"):
            continue
        page.keyboard.press(key)
        try:
            page.wait_for_function(f"() => Reveal.getIndices().{there}", timeout=5_000)
        except NotMoved:
            stuck.append(key)
    return stuck


def look(browser: Browser, server: str, lesson: str) -> Visit:
    """Open a deck, take its screenshot, count, page through and measure it."""
    with open_deck(browser, f"{server}/{lesson}.slides.html") as deck:
        page = deck.page
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shot = ("ru-" if lesson.startswith("ru/") else "") + number(lesson)
        page.screenshot(path=str(ARTIFACTS / f"{shot}.png"))
        start = page.evaluate("Reveal.getIndices()")
        total, notes = page.evaluate("Reveal.getTotalSlides()"), page.locator("aside.notes").count()
        contents = page.evaluate(SLIDE_CONTENTS)
        stuck = arrows_stuck(page)
        measured = page.evaluate(MEASURE_SLIDES)
        return Visit(total, notes, start, stuck, measured, contents, [*deck.blocked],
                     [*deck.errors])


@pytest.fixture(scope="module")
def visit(browser, server) -> Callable[[str], Visit]:
    """A lesson's `Visit`, made on first use."""
    return functools.cache(lambda lesson: look(browser, server, lesson))


@pytest.mark.parametrize("lesson", LESSONS)
def test_each_deck_works_offline(visit, lesson):
    seen = visit(lesson)
    assert seen.total == expected_slides(lesson)
    assert seen.notes >= 1, "speaker notes for the instructor"
    assert seen.start == {"h": 0, "v": 0, "f": None}
    assert seen.stuck == [], "the arrow keys move through the deck"
    assert seen.blocked == [], "the deck must not load anything from the internet"
    assert seen.errors == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_slide_fits(visit, lesson):
    # Too tall a slide is cut off at the bottom on the projector: split it in the notebook
    # (mark a cell `subslide`), or give a single tall cell a layout (see course.css).
    measured = visit(lesson).measured
    too_tall = [f"{s['h']}/{s['v']} ({s['height']} px) {s['words']!r}"
                for s in measured["slides"] if s["height"] > measured["height"]]
    too_wide = [f"{s['h']}/{s['v']} {s['words']!r}" for s in measured["slides"] if s["wide"]]
    assert too_tall == [], f"slides taller than {measured['height']} px"
    assert too_wide == [], "code that scrolls sideways"


@pytest.mark.parametrize("lesson", LESSONS)
def test_every_slide_is_one_point_under_a_title(visit, lesson):
    # A slide an instructor presents: a title, then at most two code blocks. Split a longer run
    # of code with a `subslide` in the notebook; the title is repeated for it by the build.
    slides = visit(lesson).contents
    untitled = [s["words"] for s in slides if s["titles"] == 0]
    crowded = [f"{s['index']}: {s['code']} code blocks {s['words']!r}" for s in slides
               if s["code"] > 2]
    assert untitled == [] and crowded == []


def test_output_lines_wrap_between_words(browser, server):
    with open_deck(browser, f"{server}/{LESSONS[0]}.slides.html") as deck:
        styles = deck.page.evaluate("""() => [...document.querySelectorAll(
            '.jp-OutputArea-output pre')].map(e => getComputedStyle(e).wordBreak)""")
    assert styles and set(styles) == {"normal"}  # nbconvert's own is break-all: "rai|se"


def test_the_speaker_view_opens_with_the_notes_offline(browser, server):
    with open_deck(browser, f"{server}/{LESSONS[0]}.slides.html") as deck:
        with deck.page.context.expect_page() as opened:
            deck.page.keyboard.press("s")
        speaker = opened.value
        speaker.wait_for_function(
            "() => document.querySelector('.speaker-controls-notes')?.innerText"
            ".includes('Speaker notes')", timeout=10_000)
        assert deck.blocked == []
        assert deck.errors == []


def test_every_lesson_has_a_deck_with_a_title_slide(decks):
    built = sorted(p.relative_to(decks).as_posix() for p in decks.rglob("*.slides.html"))
    assert LESSONS and built == sorted(f"{lesson}.slides.html" for lesson in LESSONS)
    for lesson in LESSONS:
        first = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4).cells[0]
        assert first.metadata["slideshow"]["slide_type"] == "slide"
        assert first.source.startswith(f"# {number(lesson)} ·")


# What a page loads by itself (a link the audience may click, <a href>, loads nothing).
LOADS_FROM_WEB = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=[\"']?(?:https?:)?//"
                            r"|@import\s+url\([\"']?(?:https?:)?//|\b(?:import\s*\(?|from\s+)[\"']https?://",
                            re.IGNORECASE)


def test_nothing_in_the_decks_points_at_the_internet(decks):
    # The same promise as the browser test, read from the files: the decks, and the theme
    # (several reveal.js themes import web fonts; ours must not).
    theme = decks / "reveal.js" / "dist" / "theme" / "white.css"
    files = [*decks.glob("*.slides.html"), decks / "reveal.js" / "dist" / "reveal.css", theme]
    found = [f"{path.name}: {match.group(0)}" for path in files
             for match in LOADS_FROM_WEB.finditer(path.read_text("utf-8"))]
    assert found == []


@pytest.mark.parametrize("loads", [
    '<script src="https://unpkg.com/reveal.js@4.0.2/dist/reveal.js">',
    "<link rel=stylesheet href='//cdn.example/x.css'>",
    "@import url(https://fonts.googleapis.com/css?family=Lato:400,700);",
    "import mermaid from 'https://cdn.example/mermaid.esm.min.mjs';",
    'const mermaid = (await import("https://cdn.example/mermaid.mjs")).default;',
])
def test_the_scan_finds_what_loads_from_the_web(loads):
    assert LOADS_FROM_WEB.search(loads)


def test_the_scan_leaves_links_and_local_files_alone():
    for harmless in ('<a href="https://openrouter.ai/settings/privacy">privacy</a>',
                     '<script src="reveal.js/dist/reveal.js">',
                     "@import url(./fonts/source-sans-pro/source-sans-pro.css);"):
        assert not LOADS_FROM_WEB.search(harmless), harmless


@pytest.mark.parametrize("lesson", [LESSONS[0], LESSONS[-1]])  # an English and a Russian deck
def test_every_slide_shows_its_number(browser, server, lesson):
    with open_deck(browser, f"{server}/{lesson}.slides.html") as deck:
        total = deck.page.evaluate("Reveal.getTotalSlides()")
        deck.page.keyboard.press("ArrowRight")
        deck.page.wait_for_function("() => Reveal.getIndices().h === 1", timeout=5_000)
        current = deck.page.evaluate("Reveal.getSlidePastCount() + 1")
        number = deck.page.locator(".reveal .slide-number")
        assert number.is_visible() and current > 1
        assert number.inner_text().replace(" ", "") == f"{current}/{total}"
        shown, arrows = number.bounding_box(), deck.page.locator(".reveal .controls").bounding_box()
        assert shown["x"] + shown["width"] < arrows["x"], "not under the arrows"


PAGE = re.compile(rb"/Type\s*/Page\b(?!s)")  # a page object of a PDF (not the /Pages tree)
# reveal.js's print view makes one `.pdf-page` sheet per slide, as tall as the pages the slide
# needs (a slide taller than a page gets a sheet of two): each sheet's height in pages.
SHEETS = """() => [...document.querySelectorAll('.pdf-page')].map(
    sheet => sheet.getBoundingClientRect().height)"""
PRINTED = [LESSONS[0], LESSONS[-1]]  # an English and a Russian deck, printed to PDF


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_handout_prints_each_slide_on_one_page(browser, server, lesson):
    # reveal.js's print view (?print-pdf): every slide on a sheet of one page. Two decks are
    # also printed as the browser's "Save as PDF" does, to show a sheet is a page of the PDF
    # (printing all twelve would add a minute of Chromium to the suite and prove nothing more).
    with open_deck(browser, f"{server}/{lesson}.slides.html?print-pdf") as deck:
        deck.page.wait_for_function("() => document.querySelectorAll('.pdf-page').length > 0",
                                    timeout=20_000)
        total = deck.page.evaluate("Reveal.getTotalSlides()")
        sheets = deck.page.evaluate(SHEETS)
        pdf = deck.page.pdf(prefer_css_page_size=True, print_background=True) if (
            lesson in PRINTED) else None
    assert len(sheets) == total
    assert max(sheets) - min(sheets) < 2, "a slide that needs more than one page"
    if pdf is not None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / f"{lesson.replace('/', '-')}.pdf").write_bytes(pdf)
        assert len(PAGE.findall(pdf)) == total
