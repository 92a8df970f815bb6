"""The homework of the course: the starter kit, the self-check and the batch grader.

- `starter/`: the bot as it stands at the end of the lecture; students edit these files;
- `check.py`: `python -m homework.check [PATH]`, the student's self-check;
- `grade.py`: `python -m homework.grade SUBMISSIONS --out RESULTS`, the instructor's grader;
- `checks.py`: what is checked and for how many points (one table for both front ends);
- `engine/`: grading one submission in a sandbox (`sandbox/`) against the local fakes.
"""
