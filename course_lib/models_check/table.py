"""The results of `models check` as a table for people, or as JSON for programs."""

from __future__ import annotations

import json
import textwrap

from course_lib.doctor.check import FAIL, OK, SKIP
from course_lib.models_check.checker import ModelResult
from course_lib.texts import t

WIDTH = 100


def key_width(keys: list[str]) -> int:
    """The width of the model column: the longest id, at least the column title."""
    return max([len(t("models.column.model")), *map(len, keys)])


def header(width: int) -> str:
    """The table's column titles."""
    return (f"{t('models.column.id'):>3}   {t('models.column.model'):<{width}}  "
            f"{t('models.column.catalog'):<8} {t('models.column.answer')}")


def _answer(result: ModelResult, symbols: dict[str, str]) -> str:
    """The answer column: ✓ and the latency, ✗ and the status, or – when not asked."""
    if result.answered:
        latency = result.latency_ms
        return symbols[OK] + (" " + t("models.latency", ms=latency) if latency is not None else "")
    if not result.requested:
        return symbols[SKIP]
    return f"{symbols[FAIL]} {result.status}"


def row(result: ModelResult, width: int, symbols: dict[str, str]) -> list[str]:
    """One model's line, then the explanation of a failure (or a note) under it."""
    star = symbols["active"] if result.active else " "
    listed = symbols[OK] if result.in_catalog else symbols[FAIL]
    lines = [f"{result.id:>3} {star} {result.key:<{width}}  {listed:<8} "
             f"{_answer(result, symbols)}"]
    notes = [result.message] if result.message else []
    if result.suggestions:
        notes.append(t("models.suggest", models=", ".join(result.suggestions)))
    for note in notes:
        lines += textwrap.wrap(note, WIDTH, initial_indent="      ", subsequent_indent="      ")
    return lines


def summary(results: list[ModelResult], offline: bool) -> str:
    """The last line: how many passed, and what offline results mean."""
    passed = sum(result.passed for result in results)
    text = (t("models.summary.passed", total=len(results)) if passed == len(results)
            else t("models.summary.failed", passed=passed, total=len(results)))
    return text + (" " + t("models.summary.offline") if offline else "")


def as_json(results: list[ModelResult], info: dict, exit_status: int) -> str:
    """Everything as JSON: exit status, mode, catalog, registry, spacing, and each model."""
    return json.dumps({"exit_status": exit_status, **info,
                       "passed": sum(result.passed for result in results),
                       "total": len(results),
                       "models": [result.as_dict() for result in results]},
                      ensure_ascii=False, indent=2)
