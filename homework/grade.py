"""`python -m homework.grade SUBMISSIONS --out RESULTS`: grade a whole class (instructors).

The grader itself is `homework/grading/` (its command line: `grading/cli.py`); this file only
keeps the command short. `--help` lists the options.
"""

import sys

from homework.grading.cli import main

if __name__ == "__main__":
    sys.exit(main())
