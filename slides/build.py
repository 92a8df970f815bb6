"""Build one reveal.js deck per lesson, cut from the notebooks, that opens with no internet.

    python slides/build.py [--out slides/build]      (or: make slides)

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

from nbconvert import SlidesExporter

HERE = Path(__file__).resolve().parent
NOTEBOOKS = HERE.parent / "notebooks"
REVEAL = HERE / "node_modules" / "reveal.js"
REVEAL_PARTS = ("dist", "plugin/notes")  # what the decks load: the core, theme, speaker notes
THEME = "white"


def exporter() -> SlidesExporter:
    """nbconvert's slides exporter, with the course template and reveal.js beside the deck."""
    return SlidesExporter(template_name="course", extra_template_basedirs=[str(HERE / "template")],
                          reveal_url_prefix="reveal.js", reveal_theme=THEME,
                          reveal_transition="none", reveal_scroll=True)


def copy_reveal(out: Path) -> None:
    """Copy the parts of reveal.js the decks load into `out/reveal.js`."""
    if not (REVEAL / "dist" / "reveal.js").is_file():
        sys.exit("reveal.js is missing: run `npm ci` in slides/ first (make slides does it).")
    for part in REVEAL_PARTS:
        shutil.copytree(REVEAL / part, out / "reveal.js" / part, dirs_exist_ok=True)


def build(out: Path, notebooks: list[Path] | None = None) -> list[Path]:
    """Write one `NN-name.slides.html` per lesson into `out`; returns the deck paths."""
    out.mkdir(parents=True, exist_ok=True)
    copy_reveal(out)
    decks = []
    for notebook in notebooks or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        body, _ = exporter().from_filename(str(notebook))
        deck = out / f"{notebook.stem}.slides.html"
        deck.write_text(body, encoding="utf-8")
        decks.append(deck)
    return decks


def main(argv: list[str] | None = None) -> int:
    """Build the decks and list them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE / "build", help="output folder")
    args = parser.parse_args(argv)
    for deck in build(args.out):
        print(deck.relative_to(Path.cwd()) if deck.is_relative_to(Path.cwd()) else deck)
    return 0


if __name__ == "__main__":
    sys.exit(main())
