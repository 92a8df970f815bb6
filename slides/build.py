"""Build one reveal.js deck per lesson, cut from the notebooks, that opens with no internet.

    python slides/build.py [--out slides/build]      (or: make slides)
    python slides/build.py notebooks/03-models-table.ipynb      (one deck)

The Russian lessons (notebooks/ru/) get their decks in `build/ru/`.
Which cell goes on which slide is the notebooks' own `slideshow` metadata, so the code on a slide
is the code nbval runs. nbconvert's stock reveal template loads reveal.js, require.js, jQuery,
mermaid and MathJax from CDNs; the course template (`template/course/`) loads nothing from the
internet, and reveal.js itself comes from `node_modules/` (pinned in `package-lock.json`,
installed by `npm ci`) and is copied beside the decks. The theme, `white`, uses fonts shipped
with reveal.js instead of web fonts.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter

HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE.parent / "notebooks"
REVEAL = HERE / "node_modules" / "reveal.js"
REVEAL_PARTS = ("dist", "plugin/notes")  # what the decks load: the core, theme, speaker notes
THEME = "white"
# A 16:9 canvas, scaled to the screen by reveal.js: 100-column code fits at 16px (course.css).
WIDTH, HEIGHT = 1280, 720


def exporter(reveal: str = "reveal.js") -> SlidesExporter:
    """nbconvert's slides exporter, with the course template and reveal.js at `reveal`."""
    return SlidesExporter(template_name="course", extra_template_basedirs=[str(HERE / "template")],
                          reveal_url_prefix=reveal, reveal_theme=THEME,
                          reveal_transition="none", reveal_number="c/t",
                          reveal_width=str(WIDTH), reveal_height=str(HEIGHT),
                          # "In [3]:" prompts would take a tenth of every line on a slide.
                          exclude_input_prompt=True, exclude_output_prompt=True)


def copy_reveal(out: Path) -> None:
    """Copy the parts of reveal.js the decks load into `out/reveal.js`."""
    if not (REVEAL / "dist" / "reveal.js").is_file():
        sys.exit("reveal.js is missing: run `npm ci` in slides/ first (make slides does it).")
    for part in REVEAL_PARTS:
        shutil.copytree(REVEAL / part, out / "reveal.js" / part, dirs_exist_ok=True)


def title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The lesson's title for the browser tab: its first `# ` heading, e.g. `01 · HTTP basics`."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].replace("`", "").strip()
    return fallback


def heading(cell: nbformat.NotebookNode) -> str | None:
    """The text of a markdown cell's first line if it is a `#`…`###` heading."""
    first = cell.source.lstrip().splitlines()[0] if cell.source.strip() else ""
    if cell.cell_type == "markdown" and first.startswith("#") and first.lstrip("#")[:1] == " ":
        return first.lstrip("#").strip()
    return None


def slide_type(cell: nbformat.NotebookNode) -> str:
    """A cell's slide type (`-`: it goes on the current slide)."""
    return cell.metadata.get("slideshow", {}).get("slide_type", "-")


def titled(notebook: nbformat.NotebookNode, continued: str = "continued") -> int:
    """Give every slide that starts without a heading its section's title; how many it got.

    One point under a title: a sub-slide that opens with code or plain text repeats the last
    heading, `### Title (continued)`, as a cell added in memory only (the notebook's code and
    its order are what nbval runs; a title is only words on the slide).
    """
    cells, last, added = [], None, 0
    for cell in notebook.cells:
        kind = slide_type(cell)
        if kind in ("slide", "subslide") and heading(cell) is None and last:
            cells.append(nbformat.v4.new_markdown_cell(
                f"### {last} ({continued})", metadata={"slideshow": {"slide_type": kind}}))
            cell.metadata["slideshow"]["slide_type"] = "-"
            added += 1
        if kind not in ("skip", "notes") and heading(cell):
            last = heading(cell).replace("`", "")
        cells.append(cell)
    notebook.cells = cells
    return added


CHECK = "exercise-check"  # the tag of a check cell (course_lib/exercises)


def tasks_only(notebook: nbformat.NotebookNode) -> int:
    """Drop the stored verdicts of checks (a ✗ and its hint) from the slides; how many.

    A lesson is stored unsolved, so every check says ✗; on a slide that is a wrong answer
    projected to the class. The slide shows the task and the call that checks it.
    """
    checks = [cell for cell in notebook.cells
              if cell.cell_type == "code" and CHECK in cell.metadata.get("tags", [])]
    for cell in checks:
        cell.outputs = []
    return len(checks)


def build_deck(notebook_path: Path, out: Path, russian: bool = False) -> Path:
    """Write the deck of one lesson as `out/NN-name.slides.html`; returns its path."""
    notebook = nbformat.read(notebook_path, as_version=4)
    notebook.metadata["title"] = title(notebook, notebook_path.stem)  # in memory only
    tasks_only(notebook)
    titled(notebook, "продолжение" if russian else "continued")
    reveal = "../reveal.js" if russian else "reveal.js"  # the Russian decks are in ru/
    body, _ = exporter(reveal).from_notebook_node(notebook,
                                                  {"metadata": {"name": notebook_path.stem}})
    deck = out / f"{notebook_path.stem}.slides.html"
    deck.write_text(body, encoding="utf-8")
    return deck


def build(out: Path, notebooks: list[Path] | None = None) -> list[Path]:
    """Write one `NN-name.slides.html` per lesson into `out` (the Russian ones into `out/ru`)."""
    out.mkdir(parents=True, exist_ok=True)
    copy_reveal(out)
    lessons = notebooks or [*sorted(NOTEBOOKS.glob("[0-9][0-9]*-*.ipynb")),  # 01-…, 04a-…
                            *sorted((NOTEBOOKS / "ru").glob("[0-9][0-9]*-*.ipynb"))]
    decks = []
    for notebook in lessons:
        russian = notebook.parent.name == "ru"
        folder = out / "ru" if russian else out
        folder.mkdir(exist_ok=True)
        decks.append(build_deck(notebook, folder, russian))
    return decks


def main(argv: list[str] | None = None) -> int:
    """Build the decks and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="the lessons to build (default: every lesson, both languages)")
    parser.add_argument("--out", type=Path, default=HERE / "build", help="output folder")
    args = parser.parse_args(argv)
    missing = [str(path) for path in args.notebooks if not path.is_file()]
    if missing:
        parser.error(f"no such notebook: {', '.join(missing)}")
    for deck in build(args.out, [path.resolve() for path in args.notebooks]):
        print(deck.relative_to(Path.cwd()) if deck.is_relative_to(Path.cwd()) else deck)
    return 0


if __name__ == "__main__":
    sys.exit(main())
