"""Give every notebook cell without one a default slide type, so a new lesson has a deck at once.

    python slides/tag_cells.py notebooks/06-new-lesson.ipynb

The slide types are the notebook's own metadata (`cell.metadata.slideshow.slide_type`, also
editable in JupyterLab's property inspector); this tool only fills in cells that have none:

- a heading cell (`# …` or `## …`) starts a new slide;
- a `### …` heading or any other text cell starts a sub-slide (reveal.js: arrow down), except
  right after a heading, where it stays on the heading's slide;
- a code cell stays on the slide of the text before it; two code cells in a row are split.

Cells already tagged (say, `skip` or speaker `notes` set by hand) are left as they are, with one
exception: a slide shows at most two code blocks, so a third one on a slide starts a sub-slide
(the build repeats the slide's title on it). The rules cannot see how tall a cell is:
`pytest tests/test_slides.py` names every slide that is too tall for the screen; split it with
a `subslide`, or give one tall cell a layout (`course.css`). Nor can they see how much a slide
says: keep a slide's points in its text cell and put the talk in a `notes` cell after it
(collapsed: metadata `jupyter.source_hidden`); `python slides/measure.py slides/build` and
`pytest tests/test_slide_text.py` count the words a slide shows.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat


def default_type(cell: nbformat.NotebookNode, previous: nbformat.NotebookNode | None) -> str:
    """The slide type a cell gets when it has none, from its kind and the cell before it."""
    text = cell.source.lstrip()
    if cell.cell_type == "markdown":
        if previous is None or text.startswith(("# ", "## ")):
            return "slide"
        after_heading = previous.cell_type == "markdown" and previous.source.lstrip().startswith(
            ("# ", "## "))
        return "-" if after_heading and not text.startswith("### ") else "subslide"
    return "-" if previous is not None and previous.cell_type == "markdown" else "subslide"


MAX_CODE = 2  # code blocks on one slide


def split_crowded(cells: list[nbformat.NotebookNode]) -> int:
    """Start a sub-slide at every third code block of a slide; how many cells changed."""
    changed, code = 0, 0
    for cell in cells:
        slideshow = cell.metadata.setdefault("slideshow", {})
        kind = slideshow.get("slide_type", "-")
        if kind in ("skip", "notes"):
            continue
        if kind in ("slide", "subslide"):
            code = 0
        if cell.cell_type == "code":
            code += 1
            if code > MAX_CODE:
                slideshow["slide_type"], code, changed = "subslide", 1, changed + 1
    return changed


def tag(path: Path) -> int:
    """Tag the untagged cells of one notebook in place; returns how many were tagged."""
    notebook = nbformat.read(path, as_version=4)
    tagged, previous = 0, None
    for cell in notebook.cells:
        slideshow = cell.metadata.setdefault("slideshow", {})
        if "slide_type" not in slideshow:
            slideshow["slide_type"] = default_type(cell, previous)
            tagged += 1
        if slideshow["slide_type"] not in ("skip", "notes"):
            previous = cell
    tagged += split_crowded(notebook.cells)
    if tagged:
        nbformat.write(notebook, path)
    return tagged


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: {tag(Path(name))} cells tagged")
