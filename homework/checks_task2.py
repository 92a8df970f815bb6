"""Task 2, ten models and switching: verdicts from the database files and the bot's replies.

The grader reads the `models` table itself after init_db() and after every switch. The
checks of the list's content (ids, labels, one active) apply once the list was extended
beyond the lecture's four models: an untouched starter earns nothing for task 2.
"""

from __future__ import annotations

import re
from collections import Counter

from course_lib import catalog
from homework.verdicts import Text, Verdict, import_problem, no_answer, outcome, quote

EXPECTED = 10
LECTURE_MODELS = 4
# One line of /models: "{★ or blank} {id}. {label} [{key}]"
MODEL_LINE = re.compile(r"^\s*(?:★\s*)?\d+\.\s.*\[[^\[\]\s]+\]\s*$")


def _rows(observations: dict) -> tuple[list[dict] | None, Verdict]:
    """The rows after init_db(), or the hint saying why there are none."""
    problem = import_problem(observations, "db")
    if problem:
        return None, problem
    runner = observations["runner"]
    init = runner.get("init_db") or {}
    if no_answer(init) or init.get("ok") is False:
        return None, Text("init_failed", {"error": outcome(init)})
    registry = runner.get("registry") or {}
    if "error" in registry:
        return None, Text("db_unreadable", {"error": quote(registry["error"])})
    return registry["rows"], None


def count(observations: dict, static: dict) -> Verdict:
    """Exactly 10 rows."""
    rows, problem = _rows(observations)
    if problem:
        return problem
    return None if len(rows) == EXPECTED else Text("count", {"count": len(rows)})


def _extended(observations: dict) -> tuple[list[dict] | None, Verdict]:
    """The rows, if the list was extended beyond the lecture's four; else the hint."""
    rows, problem = _rows(observations)
    if problem:
        return None, problem
    if len(rows) <= LECTURE_MODELS:
        return None, Text("not_extended", {"count": len(rows)})
    return rows, None


def _key_problems(rows: list[dict]) -> list[str]:
    """What is wrong with the keys, one short phrase each."""
    keys = [(row["key"] or "").strip() for row in rows]
    problems = [f"{key or '(empty)'}: duplicate" for key, n in Counter(keys).items() if n > 1]
    for key in keys:
        if not catalog.is_valid_id(key):
            problems.append(f"{quote(key, 60) or '(empty)'}: not provider/model")
        elif catalog.find(key) is None:
            problems.append(f"{key}: not in the catalog of {catalog.snapshot_date()}")
    return problems


def keys(observations: dict, static: dict) -> Verdict:
    """Unique ids of the right shape, each in the catalog snapshot."""
    rows, problem = _extended(observations)
    if problem:
        return problem
    found = _key_problems(rows)
    return Text("keys", {"problems": "; ".join(found[:5])}) if found else None


def labels(observations: dict, static: dict) -> Verdict:
    """No empty label."""
    rows, problem = _extended(observations)
    if problem:
        return problem
    empty = [str(row["id"]) for row in rows if not (row["label"] or "").strip()]
    return Text("labels", {"ids": ", ".join(empty)}) if empty else None


def one_active(observations: dict, static: dict) -> Verdict:
    """Exactly one active row after init_db()."""
    rows, problem = _extended(observations)
    if problem:
        return problem
    active = sum(1 for row in rows if row["active"] == 1)
    return None if active == 1 else Text("one_active", {"count": active})


def switch_all(observations: dict, static: dict) -> Verdict:
    """Every ordered pair switched, each confirmed in the database file."""
    problem = _rows(observations)[1]
    if problem:
        return problem
    seen = observations["runner"]["switching"]
    if seen.get("error"):
        return Text("few_models")
    failure = seen.get("failure")
    if failure is None:
        return None
    fields = {"source": failure["from"], "target": failure["to"], "done": seen["done"],
              "pairs": seen["pairs"], "active": failure["active"],
              "error": quote(failure["error"]) or ""}
    return Text("switch_error" if failure["error"] else "switch_state", fields)


def bot_problem(observations: dict) -> Verdict:
    """The hint if the bot never started polling."""
    bot = observations.get("bot") or {}
    if bot.get("started"):
        return None
    stderr = ((observations.get("processes") or {}).get("bot") or {}).get("stderr") or ""
    return Text("bot_not_started", {"problem": bot.get("problem", "?"),
                                    "stderr": quote(stderr[-400:], 400) or "-"})


def bot_models(observations: dict, static: dict) -> Verdict:
    """/models answered with 10 model lines."""
    problem = bot_problem(observations)
    if problem:
        return problem
    reply = observations["bot"].get("models")
    if reply is None:
        return Text("bot_silent", {"command": "/models"})
    lines = sum(1 for line in reply.splitlines() if MODEL_LINE.match(line))
    return None if lines == EXPECTED else Text("bot_models", {"count": lines})


def bot_switch(observations: dict, static: dict) -> Verdict:
    """/model <high>, /model <low> switched (seen in the bot's database); /model shows it."""
    problem = bot_problem(observations)
    if problem:
        return problem
    seen = observations["bot"].get("switch")
    if seen is None:
        return Text("bot_silent", {"command": "/models, /ask"})
    if seen.get("error") == "few":
        return Text("few_models")
    if "error" in seen:
        return Text("bot_db", {"error": quote(seen["error"])})
    for step in seen["steps"]:
        if step["active"] != [step["to"]]:
            reply = quote(step["reply"]) if step["reply"] else Text("no_reply")
            return Text("bot_switch", {"target": step["to"], "active": step["active"],
                                       "reply": reply})
    return None if seen.get("shows_active") else Text("bot_switch_show")


VERDICTS = {"t2.count": count, "t2.keys": keys, "t2.labels": labels,
            "t2.one_active": one_active, "t2.switch_all": switch_all,
            "t2.bot_models": bot_models, "t2.bot_switch": bot_switch}
