"""Nobody of our user may read the grader's memory: `protect()`, also run on import.

The process that forks the grading workers starts with the instructor's environment (which may
hold a real key). Made non-dumpable, it cannot be traced and its /proc files (environ, mem)
cannot be read by other processes of the same user, such as a submission's; its forks, the
workers, inherit this. The forkserver imports this module first, which protects it.
Linux only; elsewhere a no-op.
"""

import sys


def protect() -> None:
    """Make this process non-dumpable (Linux)."""
    if sys.platform.startswith("linux"):
        from homework.grading.sandbox.linux import not_dumpable

        not_dumpable()


protect()
