"""The homework of the course: what students touch is at the top, the grader is in `grading/`.

- `homework.ipynb`: the three tasks, and the self-check cell;
- `starter/`: the bot as it stands at the end of the lecture; students edit these files;
- `check.py`: `python -m homework.check [PATH]`, the student's self-check;
- `submit.py`: packs a working copy as `<student id>.zip`;
- `grade.py`: `python -m homework.grade SUBMISSIONS --out RESULTS`, the instructor's grader;
- `grading/`: the grading engine both front ends share (see its `__init__`).
"""
