"""nbval in a pytest of its own, as `make test` runs notebooks: strict, with our settings.

`nbval_differences` compares a copy of a lesson with the stored one as nbval compares a fresh
run with it (its sanitizers, its comparison), without running anything.
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import nbformat
from nbval.plugin import (
    IPyNbCell,
    coalesce_streams,
    find_comment_markers,
    find_metadata_tags,
    get_sanitize_patterns,
    nocolors,
)

ROOT = Path(__file__).resolve().parents[1]


def nbval(paths: list[Path], **env: str) -> subprocess.CompletedProcess:
    """Run nbval on `paths` (notebooks anywhere) with pyproject.toml's options and `env` added."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"),
         "--rootdir", str(ROOT), "-q", "-p", "conftest",  # ours: kernels stop cleanly
         # what nbval does not need: a second of start-up
         "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:hypothesispytest",
         "-p", "no:anyio", *map(str, paths)],
        cwd=ROOT, env={**os.environ, **env}, capture_output=True, text=True, timeout=900)


def every_cell_compared(paths: list[Path], done: subprocess.CompletedProcess) -> bool:
    """Whether nbval's summary counts each code cell of `paths` as passed (none left out)."""
    cells = sum(cell["cell_type"] == "code" for path in paths
                for cell in json.loads(Path(path).read_text("utf-8"))["cells"])
    return re.search(rf"^{cells} passed", done.stdout, re.MULTILINE) is not None


# What nbval leaves out of a comparison (its IPyNbFile.__init__, without --nbdime).
SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name",
                "execution_count", "application/vnd.jupyter.widget-view+json",
                "image/png", "image/jpeg")


class _Cell:
    """What nbval's comparison reads of a cell: its file's sanitizers and skips, and colours."""

    colors = nocolors
    sanitize = IPyNbCell.sanitize
    compare_outputs = IPyNbCell.compare_outputs

    def __init__(self) -> None:
        """Load the sanitizers `make test` gives nbval (pyproject.toml)."""
        rules = (ROOT / "tests" / "nbval_sanitize.cfg").read_text("utf-8")
        patterns = dict(get_sanitize_patterns(rules))
        self.parent = SimpleNamespace(skip_compare=SKIP_COMPARE, sanitize_patterns=patterns)

    def format_output_compare(self, key: str, stored: object, copy: object) -> None:
        """Say how one output differs (nbval's own asks pytest to word it)."""
        self.comparison_traceback.append(f"{key}: stored {stored!r}, now {copy!r}")


@functools.cache
def _judge() -> _Cell:
    """One stand-in cell for every comparison (the sanitizers are read once)."""
    return _Cell()


def nbval_sanitized(text: str) -> str:
    """`text` as nbval compares it, after our sanitizers."""
    return _judge().sanitize(text)


def _options(cell: nbformat.NotebookNode) -> dict:
    """nbval's options for a code cell: its tags, then its comment markers (as nbval reads)."""
    return {**dict(find_metadata_tags(cell.metadata)), **dict(find_comment_markers(cell.source))}


def nbval_differences(copy: Path, stored: Path) -> list[str]:
    """Where nbval would tell `copy` from `stored`: code, its options, or a checked output.

    `make test` runs nbval on the stored lessons: a copy with the same code whose checked
    outputs nbval cannot tell from the stored ones passes it too, without running it again.
    """
    ours, theirs = (nbformat.read(str(path), as_version=4) for path in (copy, stored))
    nbformat.validate(ours)
    found = [] if ours.metadata.get("kernelspec") == theirs.metadata.get("kernelspec") else [
        f"kernelspec {ours.metadata.get('kernelspec')} (stored: {theirs.metadata.kernelspec})"]
    cells = [[cell for cell in nb.cells if cell.cell_type == "code"] for nb in (ours, theirs)]
    if len(cells[0]) != len(cells[1]):
        return [*found, f"{len(cells[0])} code cells, {len(cells[1])} stored"]
    judge = _judge()
    for number, (cell, reference) in enumerate(zip(*cells, strict=True)):
        options = _options(cell)
        if (cell.source, options) != (reference.source, _options(reference)):
            found.append(f"Cell {number}: its code or nbval markers changed")
        elif reference.execution_count is None:
            found.append(f"Cell {number}: never run in the stored lesson")
        elif options.get("check", True) and not options.get("skip") and not judge.compare_outputs(
                coalesce_streams(cell.outputs), coalesce_streams(reference.outputs)):
            found.append(f"Cell {number}: " + "\n".join(judge.comparison_traceback))
    return found
