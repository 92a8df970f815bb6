"""Whether a message is mostly the course's own text: course_lib's texts, the lessons, the slides.

A student's explanation may borrow a phrase ("try again in a minute"); it is a copy when most
of it is text the course wrote. A message is compared with each passage of the course word
triple by word triple (`GRAM` words in a row): its closest passage claims every word that lies
in a triple the passage also has, and any other passage the runs of `PIECE` or more such words
(fewer is a phrase in common, which is how people talk). Triples, not the text in order: a
course text with its clauses reordered or a word changed is still a copy, and so is a lesson's
explanation with the course's advice pasted after it; a long explanation in which a short course
text appears is not.

The passages: every text of `course_lib.texts` (English and Russian, with `{fields}` blank)
and every paragraph, list item and table row of the lessons' text cells, both languages,
speaker notes included. The slides are cut from those same cells, so they are in it too. Only
text cells are read: code and outputs change when a student runs a lesson, the grader's copy of
the course must not. Compared after `explanations.normalise` (no numbers, markup or the
server's own words), as every other check of task 3.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path

from course_lib.texts import _all as course_texts

GRAM = 3  # words in a row that make a shared phrase
COPY_SHARE = 0.7  # this share of a message's words the course's text: a copy
PIECE = 5  # words in a row from another passage that count (fewer: a common phrase)
COPY_WORDS = 8  # and at least this many: "OpenRouter had an internal error" is a fact, not a copy
LESSONS = Path(__file__).resolve().parents[2] / "notebooks"
# A paragraph, a list item, a table row: a passage a student could paste as a whole.
PASSAGE_BREAK = re.compile(r"\n\s*\n|\n(?=\s*(?:[-*+|]|\d+\.)\s)")

Gram = tuple[str, ...]


def pieces(positions: set[int]) -> set[int]:
    """The positions that lie in runs of at least `PIECE` consecutive ones."""
    kept, run = set(), []
    for position in [*sorted(positions), None]:
        if run and position != run[-1] + 1:
            kept.update(run if len(run) >= PIECE else ())
            run = []
        if position is not None:
            run.append(position)
    return kept


def grams(words: list[str]) -> list[Gram]:
    """The word triples of `words`, in order (none if it is shorter than one)."""
    return [tuple(words[i:i + GRAM]) for i in range(len(words) - GRAM + 1)]


def lesson_texts(folder: Path = LESSONS) -> Iterator[str]:
    """The text cells of every lesson, English and Russian (none if the lessons are gone)."""
    for path in sorted([*folder.glob("[0-9]*.ipynb"), *folder.glob("ru/[0-9]*.ipynb")]):
        try:
            cells = json.loads(path.read_text("utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue  # a lesson the student broke is no reason to stop grading
        for cell in cells:
            if cell.get("cell_type") == "markdown":
                source = cell.get("source", "")
                yield "".join(source) if isinstance(source, list) else source


def passages(folder: Path = LESSONS) -> Iterator[str]:
    """Every passage of the course's own text."""
    for entry in course_texts().values():
        for text in entry.values():
            yield re.sub(r"\{\w+\}", " ", text)
    for text in lesson_texts(folder):
        yield from PASSAGE_BREAK.split(text)


class Course:
    """The course's passages as sets of word triples, indexed by triple."""

    def __init__(self, texts: Iterator[str], normalise: Callable[[str], str]) -> None:
        """Index every passage of `texts` with at least one triple."""
        self.normalise = normalise
        self.passages: list[frozenset[Gram]] = []
        self.where: dict[Gram, list[int]] = defaultdict(list)
        for text in texts:
            found = frozenset(grams(normalise(text).split()))
            if found:
                for gram in found:
                    self.where[gram].append(len(self.passages))
                self.passages.append(found)

    def covered(self, mine: list[Gram], passage: int) -> set[int]:
        """The positions of the message's words that lie in a triple `passage` also has."""
        return {start + i for start, gram in enumerate(mine) if gram in self.passages[passage]
                for i in range(GRAM)}

    def shared(self, message: str) -> tuple[int, int]:
        """How many of the message's words are the course's text; how many words it has."""
        words = self.normalise(message).split()
        mine = grams(words)
        candidates = {index for gram in mine for index in self.where.get(gram, ())}
        cover = [self.covered(mine, index) for index in candidates]
        taken = max(cover, key=len, default=set()).union(*map(pieces, cover))
        return len(taken), len(words)

    def copied(self, message: str) -> bool:
        """Whether `message` is mostly the course's text."""
        shared, words = self.shared(message)
        return shared >= COPY_WORDS and shared >= COPY_SHARE * words


@cache
def course() -> Course:
    """The course's own text, read once per process."""
    from homework.grading.explanations import normalise

    return Course(passages(), normalise)
