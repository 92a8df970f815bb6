"""Checked exercises: the student writes the lecture's code, and one cell says ✓ or what is wrong.

    from course_lib.exercises import check        # in the lesson's set-up cell
    check("01.status_class", status_class)         # ✓ …   or   ✗ …  /  Hint: …

The conventions of every lesson. `tests/test_notebooks.py` enforces the cell layout in each
lesson with at least one `exercise` cell, and the recap and collapsed notes in every lesson;
`tests/test_exercises.py` runs each lesson unsolved (every check must say ✗) and with every
exercise replaced by its solution (every check must say ✓).

**An exercise is four cells in a row:**

1. markdown starting `### Exercise N: <title>` (N = 1, 2, … through the lesson): what to write,
   its exact signature and return values, and the cases that matter. A check tests nothing the
   text did not ask for.
2. code tagged `exercise`: the student's starting point, a skeleton that runs without error and
   needs no other cell (a `def` with its signature and docstring, body `...`).
3. code tagged `exercise-check`: exactly one call, `check("NN.name", obj, ...)`, where NN is the
   lesson's number and `name` the exercise's id; it prints one verdict.
4. code tagged `solution`: exactly `# %load solutions/NN/name.py`. A comment, so Run All does
   nothing; a student who deletes the `# ` and runs the cell gets the solution loaded into it
   (IPython's `%load`), runs it, then runs the check again. `notebooks/solutions/NN/name.py`
   replaces the whole exercise cell, needs nothing from the notebook and passes ruff. On the
   slides this cell is `skip`. Lesson 01 explains the mechanism once, before its first exercise.

**Your code is load-bearing.** When a check says ✓, the function is kept (`your_code.keep`): its
cell is saved to `your_code/NN/name.py`. A later cell (in the same lesson or a later one) that
runs the student's function gets it with `name = yours("NN.name")`, which prints one line: yours,
or the course's (the solution file) until yours passes its check. Run All on the untouched
lesson works (and nbval compares the course's line), and a student who solved the exercises
sees their own code do the work. A later cell never uses an exercise's name without `yours`.
Exercise cells of one lesson may call each other's functions (chat_once calls explain): the
lesson's functions are loaded together, in the lesson's order (`CHECKS` is in that order).

**A prediction** (a question to answer before running something) is three or more cells:

1. markdown starting `### Predict: <question>`: what to guess, and in what form (a number,
   True/False, one of a few words).
2. code tagged `predict`: exactly `guess = ...` (a comment may follow: `# a status code`).
3. one to four ordinary cells that run it and show what happens.
4. code tagged `exercise-check`: `check("NN.name", guess, <what happened>)`: ✓ and why, or ✗
   with what it was and why. Its check in `lessonNN.py` is made with `engine.prediction`.
   `notebooks/solutions/NN/name.py` holds the right guess (`guess = 405`) for the tests only:
   no `%load` cell in the lesson.

**Something checked every few minutes:** at most 25 cells (speaker notes aside) between two
checks, or from the top to the first, or from the last to the recap; at least three exercises
in every lesson; at most 2,000 words of text on the main path (up to the recap, notes aside).

**A check** is a function in `lessonNN.py`, listed in its `CHECKS = {"name": function}`. It
tests behaviour: it calls the student's object with cases (the ordinary one first, then the edge
cases a quick version gets wrong), never reads the source. Every call goes through
`engine.call()`, so `None` returned (a body still `...`), an exception or stray prints become a
one-line finding. At the first wrong answer it raises `Wrong(what, hint)`: `what` names the call
and what came back; the hint points at the idea, never at the expected value or the code. When
all cases pass it returns the text after ✓. A check works offline, gives the same text on every
run (nbval compares it), takes well under a second, needs no notebook state (it makes its own
temporary database or local fake, and cleans up) and cannot hang (a timeout on anything that
waits). Every text is in the module's `TEXTS`, in English and Russian; `say(TEXTS, key)` picks
`COURSE_LANG`.

**Every lesson ends the same way:** a `## Recap` cell of exactly five bullets (what you can now
do); then, if the lesson has one, `## Going further`: what is good to know but not needed to go
on, every cell of it slide type `skip` (off the slides); then the last cell, `## Questions to
try` (open questions, not checked). All exercises and predictions come before the recap.
Speaker-notes cells (slide type `notes`) carry `"jupyter": {"source_hidden": true}`: collapsed
for students in JupyterLab, still in the speaker view of the slides.
"""

from course_lib.exercises.engine import Result, check, run
from course_lib.exercises.your_code import yours

__all__ = ["Result", "check", "run", "yours"]
