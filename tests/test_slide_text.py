"""What each deck puts on a slide, counted in the built decks (English and Russian).

An instructor projects the deck as it is: a slide carries a few points (median at most 40
words of prose, at most 5 % of slides over 80), the talk is in the speaker notes (at least half
of the slides have them), an exercise shows its task and never the stored ✗, no slide is a
near-empty "(continued)", the deck opens on the lesson's title and goal and ends on its recap.
Needs neither a browser nor npm: the decks are exported with nbconvert and read as HTML.
`python slides/measure.py slides/build` prints the same numbers, and the slides to fix; the
tests write them to test-artifacts/slides/text.txt.
"""

from __future__ import annotations

import nbformat
import pytest
from deck_support import LESSONS, ROOT, build, measure, shared_decks  # slides/build.py, measure.py

GOAL = ("Goal:", "Цель:")  # how the title slide states the lesson's goal
RECAP = ("Recap", "Итоги")
ARTIFACTS = ROOT / "test-artifacts" / "slides"


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, list[measure.Slide]]:
    """Every lesson's deck, built as `make slides` builds it, measured slide by slide."""
    out = shared_decks(tmp_path_factory)
    measured = {lesson: measure.measure(out / f"{lesson}.slides.html") for lesson in LESSONS}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)  # the numbers, for the record
    (ARTIFACTS / "text.txt").write_text("\n".join(
        [measure.HEADER, *(measure.line(name, slides) for name, slides in measured.items())])
        + "\n", "utf-8")
    return measured


def named(slides: list[measure.Slide], which) -> list[str]:
    """The slides `which` picks, by number and title, to name them in a failure."""
    return [f"{number}: {slide.prose} words, {slide.title[:50]!r}"
            for number, slide in enumerate(slides, 1) if which(slide)]


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_slide_carries_a_few_points(decks, lesson):
    # Move the slide's explanation into a speaker-notes cell under it (slide type `notes`,
    # collapsed in the notebook) and keep its points on the slide.
    numbers = measure.summary(decks[lesson])
    long = named(decks[lesson], lambda s: s.prose > measure.LONG_WORDS)
    assert numbers.median <= measure.MEDIAN_WORDS
    assert len(long) <= measure.LONG_SHARE * numbers.slides, long


@pytest.mark.parametrize("lesson", LESSONS)
def test_at_least_half_the_slides_tell_the_instructor_what_to_say(decks, lesson):
    numbers = measure.summary(decks[lesson])
    assert numbers.with_notes >= measure.NOTES_SHARE * numbers.slides, named(
        decks[lesson], lambda s: s.notes == 0)


@pytest.mark.parametrize("lesson", LESSONS)
def test_an_exercise_slide_shows_its_task_not_a_failed_check(decks, lesson):
    assert named(decks[lesson], lambda s: s.verdict) == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_slide_is_a_near_empty_continuation(decks, lesson):
    # Put the cell back on the slide before it (slide type `-`), or give it more to show.
    assert named(decks[lesson], lambda s: s.near_empty) == []


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_deck_opens_with_the_title_and_the_goal(decks, lesson):
    first = decks[lesson][0]
    notebook = nbformat.read(ROOT / "notebooks" / f"{lesson}.ipynb", as_version=4)
    opening = notebook.cells[0].source
    assert first.title == " ".join(build.title(notebook, "").split())
    assert any(f"**{goal}**" in opening for goal in GOAL), "a line **Goal:** … under the title"
    assert first.prose <= measure.MEDIAN_WORDS and first.notes > 0


@pytest.mark.parametrize("lesson", LESSONS)
def test_the_deck_ends_with_the_recap(decks, lesson):
    assert decks[lesson][-1].title.startswith(RECAP)


def test_the_counts_see_what_a_slide_shows(tmp_path):
    # The measure itself: prose is the text cells' words, code and notes apart; a check's ✗
    # counts only where the slide shows it.
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 09 · A title\n\n**Goal:** one two three.",
                                      metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_markdown_cell("What the instructor says, in many words here.",
                                      metadata={"slideshow": {"slide_type": "notes"}}),
        nbformat.v4.new_markdown_cell("## Next\n\n- a point\n\n```\nnot prose at all\n```",
                                      metadata={"slideshow": {"slide_type": "slide"}}),
        nbformat.v4.new_code_cell("check('09.x', x)", outputs=[nbformat.v4.new_output(
            "stream", text="✗ x(1) returned None\n")],
            metadata={"slideshow": {"slide_type": "-"}, "tags": ["exercise-check"]}),
        nbformat.v4.new_code_cell("print('✗ shown')", outputs=[nbformat.v4.new_output(
            "stream", text="✗ shown\n")], metadata={"slideshow": {"slide_type": "subslide"}}),
    ])
    path = tmp_path / "09-a-title.ipynb"
    nbformat.write(notebook, path)
    first, second, third = measure.measure(build.build_deck(path, tmp_path))
    assert (first.title, first.prose, first.notes) == ("09 · A title", 7, 8)
    assert (second.prose, second.notes, second.verdict) == (3, 0, False)  # the ✗ is dropped
    assert third.title == "Next (continued)" and third.near_empty and not third.verdict
    assert measure.summary([first, second, third]).problems() == [
        "1 of 3 slides have speaker notes (at least 50%)", "1 near-empty '(continued)' slides"]
