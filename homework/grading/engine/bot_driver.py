"""The student's bot, end to end: a conversation through the fake Telegram, seen from outside.

The bot runs as its own process (`python bot.py`) against the fake Telegram and a fake
OpenRouter of its own. The grader plays users and keeps what the bot really sent to Telegram;
after `/models` and after each `/model` it reads the bot's database file itself (what the
list must show, and what a switch really did). Each command comes from a different
user (a different chat), so a late reply can never be taken for the answer to the next one.
"""

from __future__ import annotations

import itertools
import time
from pathlib import Path

from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.telegram import FakeTelegram
from homework.grading.engine.models_db import active_ids, read_models
from homework.grading.engine.procs import StudentProcess
from homework.grading.engine.runner_steps import FALLBACK, STATUSES

QUESTION = "/ask What is HTTP?"
_user_ids = itertools.count(1001)


def wait_until_polling(tg: FakeTelegram, bot: StudentProcess, timeout: float) -> str:
    """'' once the bot asks Telegram for updates, else why not (ended, or too slow)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if any(method == "getUpdates" for method, _ in tg.calls):
            return ""
        if not bot.alive():
            return "ended"
        time.sleep(0.02)
    return "timeout"


class Chat:
    """Commands to the bot, each from a new user; gives up early once the bot is gone."""

    def __init__(self, tg: FakeTelegram, bot: StudentProcess) -> None:
        """Talk through `tg` to the running `bot`."""
        self.tg, self.bot = tg, bot

    def say(self, text: str, timeout: float) -> str | None:
        """Send `text`; the bot's reply (all its messages), or None if none came in time."""
        user_id = next(_user_ids)
        user = self.tg.user(user_id, f"Student{user_id}")
        user.send(text)
        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0 and self.bot.alive():
            try:
                messages = user.wait_replies(1, timeout=min(left, 0.1))
            except TimeoutError:
                continue
            return "\n".join(str(m.get("text") or m.get("caption") or "") for m in messages)
        return None


def ask_with_errors(chat: Chat, fake: FakeOpenRouter, step_s: float) -> dict:
    """/ask while the bot's OpenRouter answers each 5xx (and 599, for the fallback)."""
    replies = {}
    for status in (*STATUSES, FALLBACK):
        fake.fail_always(status)
        replies[str(status)] = chat.say(QUESTION, step_s)
        fake.clear()
    return replies


def _targets(rows: list[dict]) -> tuple[int, int] | None:
    """Two models to switch to: the highest inactive id, then the lowest other one."""
    ids = sorted(row["id"] for row in rows if row["id"] is not None)
    active = {row["id"] for row in rows if row["active"] == 1}
    if len(ids) < 2:
        return None
    high = next(i for i in reversed(ids) if i not in active or i == ids[0])
    low = next(i for i in ids if i != high)
    return high, low


def switch_models(chat: Chat, db_path: Path, reply_s: float) -> dict:
    """/model <high>, /model <low> (downwards: the lecture's switch fails there), /model."""
    found = read_models(db_path)
    if "error" in found:
        return {"error": found["error"]}
    targets = _targets(found["rows"])
    if targets is None:
        return {"error": "few"}
    steps = []
    for target in targets:
        reply = chat.say(f"/model {target}", reply_s)
        steps.append({"to": target, "reply": reply, "active": active_ids(db_path)})
        if steps[-1]["active"] != [target]:
            return {"steps": steps}
    rows = read_models(db_path).get("rows", [])
    shown = next((r for r in rows if r["id"] == targets[1]), {})
    reply = chat.say("/model", reply_s) or ""
    named = bool(shown) and any(v and v in reply for v in (shown["key"], shown["label"]))
    return {"steps": steps, "shows_active": named}


def converse(tg: FakeTelegram, fake: FakeOpenRouter, bot: StudentProcess, db_path: Path,
             limits: dict) -> dict:
    """The whole conversation; what the bot answered, and what its database holds."""
    started = time.monotonic()
    problem = wait_until_polling(tg, bot, limits["startup_s"])
    if problem:
        return {"started": False, "problem": problem}
    chat = Chat(tg, bot)
    found: dict = {"started": True, "models": chat.say("/models", limits["reply_s"])}
    found["models_db"] = read_models(db_path)  # what /models should have listed
    found["ask"] = chat.say(QUESTION, limits["step_s"])
    found["ask_requests"] = fake.request_count
    if found["models"] is None and found["ask"] is None:
        found["problem"] = "silent"  # no answer to either: the rest would only wait
    else:  # switching first: a client that hangs on 5xx may leave the bot busy for long
        found["switch"] = switch_models(chat, db_path, limits["reply_s"])
        found["errors"] = ask_with_errors(chat, fake, limits["step_s"])
    found["seconds"] = round(time.monotonic() - started, 3)
    return found
