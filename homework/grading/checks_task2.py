"""Task 2, ten models and switching: verdicts from the database files and the bot's replies.

The grader reads the `models` table itself after init_db() and after every switch. The
checks of the list's content (ids, labels, one active) apply once the list was extended
beyond the lecture's four models: an untouched starter earns nothing for task 2. The bot's
/models is matched against the bot's own database, whatever the layout: a model counts when
a line names its key, or its label and id; a line with a model id or a "[...]" that names
no model of the database pretends to be one.
"""

from __future__ import annotations

import re
from collections import Counter

from course_lib import catalog
from homework.grading.verdicts import (
    Text,
    Verdict,
    import_problem,
    no_answer,
    not_checked,
    outcome,
    quote,
)

EXPECTED = 10
LECTURE_MODELS = 4
# What looks like a model on a line of /models: a provider/model id, or a numbered "[...]".
MODEL_SHAPED = re.compile(r"(?<![\w./:-])[A-Za-z0-9][\w.-]*/[\w.:-]*\w|"
                          r"^\W*\d+\s*[.)].*\[[^\[\]\s]+\]")


def _rows(observations: dict) -> tuple[list[dict] | None, Verdict]:
    """The rows after init_db(), or the hint saying why there are none."""
    problem = import_problem(observations, "db")
    if problem:
        return None, problem
    runner = observations["runner"]
    init = runner.get("init_db") or {}
    skipped = not_checked(init)
    if skipped:
        return None, skipped
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
        elif not catalog.is_known(key):
            live = " nor in the live one" if catalog.live_ids() is not None else ""
            problems.append(f"{key}: not in the catalog of {catalog.snapshot_date()}{live}")
    return problems


def keys(observations: dict, static: dict) -> Verdict:
    """Unique ids of the right shape, each in the course's catalog or, with a key, the live one.

    The course's catalog is the snapshot it ships, or the copy `models refresh` saved; with
    OPENROUTER_API_KEY set, a model of today's live catalog counts too.
    """
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
    skipped = not_checked(seen.get("skipped"))
    if skipped:
        return skipped
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


def _names(line: str, row: dict) -> bool:
    """Whether `line` names the database model `row`: by its key, or by its label and id."""
    key, label = (row["key"] or "").strip(), (row["label"] or "").strip()
    if key and re.search(rf"(?<![\w./:-]){re.escape(key)}(?![\w./:-])", line):
        return True
    if len(label) < 2 or label not in line or row["id"] is None:
        return False
    return re.search(rf"(?<!\d){row['id']}(?!\d)", line.replace(label, " ")) is not None


def listed(reply: str, rows: list[dict]) -> tuple[set[int], list[str]]:
    """The ids of the database models the reply names, and the lines that only pretend to."""
    named, pretending = set(), []
    for line in reply.splitlines():
        found = {row["id"] for row in rows if _names(line, row)}
        if not found and MODEL_SHAPED.search(line):
            pretending.append(line.strip())
        named |= found
    return named, pretending


def bot_models(observations: dict, static: dict) -> Verdict:
    """/models named every one of the 10 models in the bot's database, and nothing else."""
    problem = bot_problem(observations)
    if problem:
        return problem
    reply = observations["bot"].get("models")
    if reply is None:
        return Text("bot_silent", {"command": "/models"})
    database = observations["bot"].get("models_db") or {"error": "not read"}
    if "error" in database:
        return Text("bot_db", {"error": quote(database["error"])})
    rows = [row for row in database["rows"] if row["id"] is not None]
    named, pretending = listed(reply, rows)
    if pretending:
        return Text("bot_models.padded", {"lines": quote(" | ".join(pretending[:3]))})
    if len(rows) == EXPECTED and len(named) == EXPECTED:
        return None
    missing = [str(row["id"]) for row in rows if row["id"] not in named]
    shown = Text("bot_models.missing", {"ids": ", ".join(missing[:10])}) if missing else ""
    return Text("bot_models", {"count": len(named), "rows": len(rows), "missing": shown})


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
            reply = Text("bot_switch.reply", {"reply": quote(step["reply"])}) \
                if step["reply"] else Text("no_reply")
            return Text("bot_switch", {"target": step["to"], "active": step["active"],
                                       "reply": reply})
    return None if seen.get("shows_active") else Text("bot_switch_show")


VERDICTS = {"t2.count": count, "t2.keys": keys, "t2.labels": labels,
            "t2.one_active": one_active, "t2.switch_all": switch_all,
            "t2.bot_models": bot_models, "t2.bot_switch": bot_switch}
