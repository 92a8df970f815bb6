"""One line of the doctor's checklist: `Check(id, status, message, fix)`.

Four statuses. `ok` (✓) and `fail` (✗) are the obvious two. `warn` (!) is something to look
at that does not stop the course from working (no key: offline mode). `skip` (–) is a check
that was not done, and says why: it needs a key, or an earlier check failed.
Only `fail` makes the doctor's exit status 1.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

OK, WARN, FAIL, SKIP = "ok", "warn", "fail", "skip"
STATUSES = (OK, WARN, FAIL, SKIP)


@dataclass(frozen=True)
class Check:
    """The outcome of one check; `fix` is one line saying what to do (empty for ✓ and –)."""

    id: str
    status: str
    message: str
    fix: str = ""

    def __post_init__(self) -> None:
        """Refuse a status the report could not show."""
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    def as_dict(self) -> dict[str, str]:
        """The check as JSON-ready data: id, status, message, fix."""
        return asdict(self)


def ok(check_id: str, message: str) -> Check:
    """A passed check."""
    return Check(check_id, OK, message)


def warn(check_id: str, message: str, fix: str) -> Check:
    """Something worth fixing that does not block the course."""
    return Check(check_id, WARN, message, fix)


def fail(check_id: str, message: str, fix: str) -> Check:
    """A problem that stops something from working."""
    return Check(check_id, FAIL, message, fix)


def skip(check_id: str, message: str) -> Check:
    """A check that was not done (the message says why)."""
    return Check(check_id, SKIP, message)


def worst(statuses: list[str]) -> str:
    """The most serious of some statuses: fail, then warn, then ok."""
    for status in (FAIL, WARN):
        if status in statuses:
            return status
    return OK
