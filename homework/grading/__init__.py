"""The grader: what the student's self-check and the instructor's batch grading share.

- `checks.py` (+ `checks_task1..3`, `explanations`): what is checked, for how many points;
- `engine/`: grading one submission in its sandbox (`sandbox/`) against the local fakes;
- `submissions.py`, `ids.py`, `unpack.py`, `left_out.py`, `tree.py`: reading a class folder
  safely; `static_scan.py`, `key_text.py`: the key scan of every file;
- `report.py`, `report_html.py`, `console.py`, `merge.py`, `shards.py`, `export.py`: the
  results (`escape.py`: a student's text shown inert in each of them);
- `cli.py`: `python -m homework.grade`; `texts*.py`: every message, in English and Russian.
"""
