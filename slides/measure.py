"""Count what an audience sees on each slide of a built deck: prose words, notes, verdicts.

    python slides/measure.py [slides/build]      (after make slides; one line per deck)

Prose is the text of the slide's text cells (headings, bullets, tables), the code blocks and
outputs aside; the speaker notes are counted apart. An instructor projects a slide, so it
carries a few points (median at most 40 words, hardly any over 80) and the talk lives in its
speaker notes. tests/test_slide_text.py holds every deck to these numbers.
"""

from __future__ import annotations

import re
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, Tag

MEDIAN_WORDS = 40  # prose words on the median slide
LONG_WORDS = 80  # a slide over this is a page to read, not a slide to look at
LONG_SHARE = 0.05  # at most this share of a deck's slides may be that long
NOTES_SHARE = 0.5  # at least this share of slides tell the instructor what to say
NEAR_EMPTY_LINES = 3  # lines under a repeated title that make a slide worth its own
CONTINUED = ("(continued)", "(продолжение)")  # the title the build repeats on a sub-slide
FAILED = "✗"  # a check's verdict
CHECK = "exercise-check"  # the tag of a check cell, a class `celltag_…` in the deck
WORD = re.compile(r"[^\W_](?:[\w'’.-]*\w)?")  # `don't`, `4xx`, `0.2`, `chat_once`: one word each


@dataclass
class Slide:
    """One slide as the audience sees it."""

    title: str
    prose: int  # words of text, code and outputs aside
    notes: int  # words in its speaker notes
    verdict: bool  # shows a check's ✗ verdict (the lesson is stored unsolved)
    lines: int  # lines of anything below the title: text, code, outputs

    @property
    def near_empty(self) -> bool:
        """A repeated-title slide with next to nothing under its title."""
        return self.title.endswith(CONTINUED) and self.lines < NEAR_EMPTY_LINES


def words(text: str) -> int:
    """How many words `text` has (a number or an identifier is one word)."""
    return len(WORD.findall(text))


def shown(section: Tag) -> Tag:
    """A copy of the slide without its speaker notes."""
    copy = BeautifulSoup(str(section), "html.parser")
    for aside in copy.select("aside.notes"):
        aside.decompose()
    return copy


def prose_of(slide: Tag) -> str:
    """The text of a slide's text cells, code blocks in them aside."""
    parts = []
    for cell in slide.select(".jp-MarkdownCell"):
        cell = BeautifulSoup(str(cell), "html.parser")
        for block in cell.select("pre, a.anchor-link"):
            block.decompose()
        parts.append(cell.get_text(" "))
    return " ".join(parts)


def measure_section(section: Tag) -> Slide:
    """Measure one slide (a `<section>` without nested sections)."""
    slide = shown(section)
    heading = slide.find(["h1", "h2", "h3"])
    title = " ".join(heading.get_text().replace("¶", "").split()) if heading else ""
    notes = " ".join(aside.get_text(" ") for aside in section.select("aside.notes"))
    if heading:
        heading.decompose()
    lines = [line for line in slide.get_text().splitlines() if line.strip()]
    verdict = any(FAILED in cell.get_text() for cell in slide.select(f".celltag_{CHECK}"))
    return Slide(title, words(prose_of(slide)) + words(title), words(notes), verdict, len(lines))


def measure(deck: Path) -> list[Slide]:
    """Every slide of a built deck, in order."""
    soup = BeautifulSoup(deck.read_text("utf-8"), "html.parser")
    sections = [s for s in soup.select(".reveal .slides section") if not s.find("section")]
    return [measure_section(section) for section in sections]


@dataclass
class Summary:
    """A deck's numbers, as the closing note of issue 18 reports them."""

    slides: int
    median: float
    largest: int
    over: int  # slides over LONG_WORDS
    with_notes: int
    verdicts: int
    near_empty: int

    def problems(self) -> list[str]:
        """What keeps the deck from being projected as it is."""
        found = []
        if self.median > MEDIAN_WORDS:
            found.append(f"median {self.median:g} prose words a slide (at most {MEDIAN_WORDS})")
        if self.over > LONG_SHARE * self.slides:
            found.append(f"{self.over} slides over {LONG_WORDS} words "
                         f"(at most {LONG_SHARE:.0%} of {self.slides})")
        if self.with_notes < NOTES_SHARE * self.slides:
            found.append(f"{self.with_notes} of {self.slides} slides have speaker notes "
                         f"(at least {NOTES_SHARE:.0%})")
        if self.verdicts:
            found.append(f"{self.verdicts} slides show a ✗ verdict")
        if self.near_empty:
            found.append(f"{self.near_empty} near-empty '(continued)' slides")
        return found


def summary(slides: list[Slide]) -> Summary:
    """The deck's numbers."""
    prose = [slide.prose for slide in slides]
    return Summary(len(slides), statistics.median(prose), max(prose),
                   sum(p > LONG_WORDS for p in prose), sum(s.notes > 0 for s in slides),
                   sum(s.verdict for s in slides), sum(s.near_empty for s in slides))


HEADER = f"{'deck':34} slides median largest >{LONG_WORDS} notes ✗ near-empty"


def line(name: str, slides: list[Slide]) -> str:
    """One deck's numbers as a row under `HEADER`, then the slides to fix, one a line."""
    numbers = summary(slides)
    row = (f"{name:34} {numbers.slides:6} {numbers.median:6g} {numbers.largest:7} "
           f"{numbers.over:3} {numbers.with_notes:5} {numbers.verdicts:1} {numbers.near_empty:10}")
    worst = [f"\n    {slide.prose:4} words  {slide.title[:60]}" for slide in slides
             if slide.prose > LONG_WORDS or slide.verdict or slide.near_empty]
    return row + "".join(worst)


def main(argv: list[str]) -> int:
    """Print one line per deck under the folder given (default slides/build)."""
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent / "build"
    decks = sorted(folder.rglob("*.slides.html"))
    if not decks:
        sys.exit(f"no decks in {folder}: run `make slides` first")
    print(HEADER)
    bad = 0
    for deck in decks:
        slides = measure(deck)
        print(line(deck.relative_to(folder).as_posix().removesuffix(".slides.html"), slides))
        bad += bool(summary(slides).problems())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
