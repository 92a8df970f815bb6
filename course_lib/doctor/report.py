"""The doctor's answer: a checklist for people, or JSON for programs, and the exit status.

Exit status 0 when no line is ✗, 1 otherwise: `!` and `–` never fail the run, so a student
with no key (offline mode) and no bot token yet gets 0.
"""

from __future__ import annotations

import json
import textwrap

from course_lib.doctor.check import FAIL, OK, SKIP, STATUSES, WARN, Check
from course_lib.texts import t

SYMBOLS = {OK: "✓", WARN: "!", FAIL: "✗", SKIP: "–", "fix": "→", "active": "★"}
# For a terminal that cannot show them (an old Windows console code page).
ASCII_SYMBOLS = {OK: "+", WARN: "!", FAIL: "x", SKIP: "-", "fix": "->", "active": "*"}
WIDTH = 100


def symbols_for(encoding: str | None) -> dict[str, str]:
    """The symbols a stream with this encoding can print."""
    try:
        "".join(SYMBOLS.values()).encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return ASCII_SYMBOLS
    return SYMBOLS


def exit_status(checks: list[Check]) -> int:
    """0 when nothing failed, 1 otherwise."""
    return 1 if any(check.status == FAIL for check in checks) else 0


def _line(check: Check, symbols: dict[str, str]) -> list[str]:
    """One check: its symbol and message, then the fix, each wrapped and indented."""
    out = textwrap.wrap(check.message, WIDTH, initial_indent=f"  {symbols[check.status]} ",
                        subsequent_indent="    ")
    if check.fix:
        out += textwrap.wrap(check.fix, WIDTH, initial_indent=f"      {symbols['fix']} ",
                             subsequent_indent="        ")
    return out


def summary(checks: list[Check], symbols: dict[str, str] = SYMBOLS) -> str:
    """The last line: how many of each, and whether anything must be fixed."""
    counts = {status: sum(c.status == status for c in checks) for status in STATUSES}
    key = "doctor.report.failed" if counts[FAIL] else "doctor.report.passed"
    return t(key, ok=counts[OK], warn=counts[WARN], fail=counts[FAIL], skip=counts[SKIP],
             x=symbols[FAIL])


def render(checks: list[Check], symbols: dict[str, str] = SYMBOLS) -> str:
    """The checklist as text, grouped by section (Python, .env, OpenRouter, bot, Telegram)."""
    lines = [t("doctor.report.title")]
    section = None
    for check in checks:
        head = check.id.split(".")[0]
        if head != section:
            lines += ["", t(f"doctor.section.{head}")]
            section = head
        lines += _line(check, symbols)
    return "\n".join([*lines, "", textwrap.fill(summary(checks, symbols), WIDTH)])


def as_json(checks: list[Check], offline: bool) -> str:
    """The result for programs: exit status, offline mode, and every check."""
    return json.dumps({"exit_status": exit_status(checks), "offline": offline,
                       "checks": [check.as_dict() for check in checks]},
                      ensure_ascii=False, indent=2)
