"""The setup doctor: `python -m course_lib doctor` checks a student's set-up and says what to fix.

Every check is a small function `check(ctx) -> Check(id, status, message, fix)`, in a module
per subject: `checks_python`, `checks_env` (.env), `checks_openrouter` (key, URL, network),
`checks_account` (what the key may do), `checks_db` (the bot's database), `checks_telegram`.
`runner` runs them in order, `report` prints the checklist or JSON, `cli` is the command.
`interpreter` runs first of all: it stops a course command started with a Python that lacks
the course's packages, and says which Python to use.
The facts they share: `envfile` (the .env file, line by line), `settings` (each variable and
where it comes from), `shapes` (how a key or token is written), `probe` (one-try requests
through the client's own session), `registry_view` (the models, before the bot ever ran).

From Python (a notebook cell):

    from course_lib.doctor import run_checks
    [c for c in run_checks() if c.status != "ok"]
"""

from __future__ import annotations

from typing import Any

from course_lib.doctor.check import Check

__all__ = ["Check", "run_checks"]


def __getattr__(name: str) -> Any:
    """`run_checks`, imported on first use: `interpreter` (standard library only) must be
    importable from this package where the course's packages are missing."""
    if name == "run_checks":
        from course_lib.doctor.runner import run_checks

        return run_checks
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
