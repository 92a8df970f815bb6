"""The checks that call the student's functions, and what the grader observes around each call.

For each call the grader notes, from outside: the requests its fake OpenRouter received during
the call (how many, and whether `Authorization` carried the grader's key, another key-shaped
key, or none; no key itself is ever written down), and the rows of the database file after it.
The calls run in three groups, each with its own restart budget and in this order: the
database (task 2), the key (task 1), the 5xx errors (task 3, where a slow client is likeliest
to hang), so that one task's timeouts never leave another task's calls without a runner.
"""

from __future__ import annotations

import itertools
import re
import time

from course_lib.fakes.openrouter import FakeOpenRouter
from homework.grading.engine.models_db import Database, active_ids, circuit, read_models
from homework.grading.engine.runner_channel import RunnerChannel

# Every 5xx of the homework, and 599 for the client's generic fallback; JSON, then HTML.
STATUSES = (500, 502, 503, 504)
FALLBACK = 599
ERROR_CASES = tuple((status, html) for html in (False, True) for status in (*STATUSES, FALLBACK))
MAX_SWITCH_MODELS = 20  # 380 switches; a longer list is tested on its first 20 models


def case_name(status: int, html: bool) -> str:
    """The name of an error case in the observations, e.g. "503/html"."""
    return f"{status}/{'html' if html else 'json'}"


OWN_KEY = re.compile(r"sk-or-[A-Za-z0-9_-]{4,}")  # a bearer token shaped like a key


def authorization(value: str | None, key: str) -> str:
    """What a request's Authorization header carried: the grader's key, another, or none."""
    if not value:
        return "none"
    scheme, _, token = value.strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip() == key:
        return "grader_key"
    if key in value:
        return "grader_key_malformed"
    return "own_key" if OWN_KEY.search(value) else "other"


def chat(channel: RunnerChannel, fake: FakeOpenRouter, key: str | None, grader_key: str,
         timeout: float, label: str = "chat") -> dict:
    """One chat_once call (with `key` in the environment, or none) and what the fake saw."""
    # Counted by number, not by the length of the log: the fake keeps only its newest records,
    # and a flood of requests must not make a call look as if it sent none.
    mark = fake.request_count
    answer = channel.call({"op": "chat", "key": key}, timeout, label)
    seen = fake.chat_requests(mark)
    return {"answer": answer, "requests": fake.request_count - mark,
            "auth": [authorization(r.header("Authorization"), grader_key) for r in seen]}


def error_cases(channel: RunnerChannel, fake: FakeOpenRouter, key: str,
                timeout: float) -> dict:
    """chat_once while the fake answers every request with one error status (JSON or HTML)."""
    found = {}
    for status, html in ERROR_CASES:
        fake.fail_always(status, html=html)  # always: a client that retries sees it again
        name = case_name(status, html)
        found[name] = chat(channel, fake, key, key, timeout, name)
        fake.clear()
    return found


def _moves(rows: list[dict]) -> tuple[list[tuple[int | None, int]], int]:
    """The switches to make (a setup switch first if not exactly one is active), and pairs."""
    ids = [row["id"] for row in rows if row["id"] is not None][:MAX_SWITCH_MODELS]
    active = [row["id"] for row in rows if row["active"] == 1]
    current = active[0] if len(active) == 1 and active[0] in ids else None
    start = current if current is not None else ids[0]
    walk = circuit(ids, start)
    setup = [(current, start)] if current != start else []
    return setup + list(itertools.pairwise(walk)), len(ids) * (len(ids) - 1)


def switching(channel: RunnerChannel, db_path: Database, rows: list[dict], timeout: float) -> dict:
    """Switch through every ordered pair of models; after each, read the file ourselves."""
    if len([row for row in rows if row["id"] is not None]) < 2:
        return {"error": "fewer than two models", "pairs": 0, "done": 0}
    moves, pairs = _moves(rows)
    done = 0
    for source, target in moves:
        answer = channel.call({"op": "switch", "id": target}, timeout, f"switch to {target}")
        if answer.get("skipped"):
            return {"pairs": pairs, "done": done, "skipped": answer}
        state = active_ids(db_path)
        if not (answer.get("ok") and state == [target]):
            return {"pairs": pairs, "done": done, "failure": {
                "from": source, "to": target, "active": state,
                "error": answer.get("error") or _no_answer(answer)}}
        done += source is not None
    return {"pairs": pairs, "done": done}


def _no_answer(answer: dict) -> str:
    """Why a call gave no usable answer, or '' if it did."""
    if answer.get("timeout"):
        return "timeout"
    return "process ended" if answer.get("dead") else ""


def _key_shaped(imported: dict | None) -> tuple[dict | None, list[str]]:
    """The import answer without its list of key-shaped variables, and that list."""
    if not isinstance(imported, dict) or "key_shaped" not in imported:
        return imported, []
    names = imported.get("key_shaped")
    rest = {k: v for k, v in imported.items() if k != "key_shaped"}
    return rest, [n for n in names if type(n) is str] if isinstance(names, list) else []


def run_all(channel: RunnerChannel, fake: FakeOpenRouter, db_path: Database, key: str,
            step_s: float) -> dict:
    """Every runner check, group by group: the database (no network), the key, the errors."""
    started = time.monotonic()
    channel.use("db")
    found: dict = {"init_db": channel.call({"op": "init_db"}, step_s, "init_db")}
    found["import"], found["key_shaped"] = _key_shaped(channel.first_import)
    found["registry"] = read_models(db_path)
    found["switching"] = switching(channel, db_path, found["registry"].get("rows", []), step_s)
    channel.use("key")
    found["chat_key"] = chat(channel, fake, key, key, step_s, "chat_once (key set)")
    found["no_key"] = chat(channel, fake, None, key, step_s, "chat_once (no key)")
    channel.use("errors")
    found["errors"] = error_cases(channel, fake, key, step_s)
    found["forged_answers"] = channel.forged
    found["seconds"] = round(time.monotonic() - started, 3)
    return found
