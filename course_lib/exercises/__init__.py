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

Later cells never use what an exercise cell defines (they use `course_lib`, or code of their
own): Run All and nbval run the unsolved lesson, and each check's stored output is the ✗ of the
skeleton. The principle of the course: the student builds it inline, then meets `course_lib`
(or `requests`) as the finished version.

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
do), then the last cell, `## Questions to try` (open questions, not checked). All exercises come
before the recap. Speaker-notes cells (slide type `notes`) carry
`"jupyter": {"source_hidden": true}`: collapsed for students in JupyterLab, still in the speaker
view of the slides.
"""

from course_lib.exercises.engine import Result, check, run

__all__ = ["Result", "check", "run"]
