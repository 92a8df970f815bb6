"""The student's bot, end to end: a conversation through the fake Telegram, seen from outside.

The bot runs as its own process (`python bot.py`) against the fake Telegram and a fake
OpenRouter of its own. The grader plays users and keeps what the bot really sent to Telegram;
after `/models` and after each `/model` it reads the bot's database file itself (what the
list must show, and what a switch really did). Each command comes from a different
user (a different chat), so a late reply can never be taken for the answer to the next one.

A bot may answer in steps ("Thinking…" edited into the answer, a list in two messages,
"Switching…" before the switch): the reply is everything in the chat, edits applied (a
message sent twice counted once: a bot whose polling restarted may get an update again), once
the bot has been quiet for a moment, and the database is read only then. Quiet means no
new message or edit for a few times the bot's quickest reply (within bounds), and no
OpenRouter request since the chat last changed: a bot that asked OpenRouter after its last
message is still working on the answer (retrying, say) and is waited for. The quiet moment
is timed on a clock that slows when the machine is overloaded (see `Chat._until_quiet`).
"""

from __future__ import annotations

import secrets
import time
from pathlib import Path

from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.telegram import FakeTelegram
from homework.grading.engine.models_db import active_ids, read_models
from homework.grading.engine.procs import StudentProcess
from homework.grading.engine.runner_steps import FALLBACK, STATUSES, authorization
from homework.grading.sandbox import persona

# What users ask and who they are: drawn anew, so no bot can tell the grader by its question.
QUESTIONS = ("What is HTTP and HTTPS?", "Explain what an API is in two sentences.", "What is JSON?",
             "How does DNS work?", "What is a REST API?", "What does status 404 mean?",
             "What is a Python decorator?", "Name three sorting algorithms.",
             "What is the difference between TCP and UDP?", "Что такое HTTP?",
             "Объясни, что такое API.", "Как работает DNS?", "What is SQLite good for?")
NAMES = ("Anna", "Ivan", "Maria", "Dmitry", "Olga", "Alex", "Kate", "Sergey", "Elena",
         "Nikita", "Sofia", "Artem", "Daria", "Max", "Polina", "Sam", "Emma", "Mia", "Pavel")


def question() -> str:
    """An /ask command with a question a user might ask."""
    return "/ask " + persona.pick(QUESTIONS)


def new_user(tg: FakeTelegram):
    """A user never seen before: a random Telegram-sized id and a first name."""
    while tg.known_user(user_id := secrets.randbelow(8 * 10**9) + 10**8):
        pass
    return tg.user(user_id, persona.pick(NAMES))


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


POLL_S = 0.02
QUIET_MIN_S, QUIET_MAX_S = 0.1, 0.3  # how long "quiet" is, by how fast the bot replies
QUIET_FACTOR = 3


def _shown(messages: list[dict]) -> tuple:
    """What a chat shows now: each message's id, text (or caption) and edit date."""
    return tuple((m.get("message_id"), m.get("text") or m.get("caption") or "",
                  m.get("edit_date")) for m in messages)


def quiet_for(fastest_s: float) -> float:
    """How long the bot must say nothing more: a few times its quickest reply, bounded.

    The quickest reply so far says how busy the machine is (a reply that waited on
    OpenRouter's retries says nothing about that, so it is not the last reply's delay).
    """
    return min(QUIET_MAX_S, max(QUIET_MIN_S, QUIET_FACTOR * fastest_s))


class Chat:
    """Commands to the bot, each from a new user; gives up early once the bot is gone."""

    def __init__(self, tg: FakeTelegram, bot: StudentProcess, fake: FakeOpenRouter) -> None:
        """Talk through `tg` to the running `bot`, whose OpenRouter is `fake`."""
        self.tg, self.bot, self.fake = tg, bot, fake
        self.fastest = QUIET_MAX_S  # the quickest first reply so far: how loaded the box is

    def say(self, text: str, timeout: float) -> str | None:
        """Send `text`; all the bot sent back once it is quiet, or None if nothing came in time."""
        user = new_user(self.tg)
        mark = self.fake.request_count  # OpenRouter requests from here on are this command's
        user.send(text)
        sent = time.monotonic()
        end = sent + timeout
        while not user.replies:
            if time.monotonic() >= end or not self.bot.alive():
                return None
            time.sleep(POLL_S)
        self.fastest = min(self.fastest, time.monotonic() - sent)
        shown = self._until_quiet(user, mark, end, quiet_for(self.fastest))
        return "\n".join(dict.fromkeys(text for _, text, _ in shown))  # a repeat said once

    def _until_quiet(self, user, mark: int, end: float, quiet: float) -> tuple:
        """The chat as shown once the bot said nothing for `quiet` s (or at `end`, or it died).

        Both fakes note when things happened, so the order is the servers' and not when this
        loop looked: an OpenRouter request after the bot's last message means an answer is
        still coming, however busy the machine is.
        """
        seen, still, last = None, 0.0, time.monotonic()
        while (now := time.monotonic()) < end and self.bot.alive():
            changed = user.last_change or 0.0
            asked = max((r.at for r in self.fake.requests if r.number > mark), default=0.0)
            # Quiet is counted on a clock that slows with the machine: a poll that wakes up
            # late was starved, and so, likely, was the bot (a class graded at once, on a
            # busy laptop); such a wait counts as one poll, not as silence. A bot that is
            # running, or waiting for a CPU, is not quiet at all.
            moved = (changed, asked) != seen or self.bot.busy()
            still = 0.0 if moved else still + min(now - last, 2 * POLL_S)
            seen, last = (changed, asked), now
            if asked <= changed and still >= quiet:
                break  # said nothing for a while, and not waiting on OpenRouter
            time.sleep(POLL_S)
        return _shown(user.replies)


def ask_with_errors(chat: Chat, fake: FakeOpenRouter, step_s: float) -> dict:
    """/ask while the bot's OpenRouter answers each 5xx (and 599, for the fallback)."""
    replies = {}
    for status in (*STATUSES, FALLBACK):
        fake.fail_always(status)
        replies[str(status)] = chat.say(question(), step_s)
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


def active_once_set(db_path: Path, target: int, within_s: float) -> list[int] | None:
    """The database's active ids: as soon as they are `[target]`, else after `within_s` s.

    A bot may reply before its write lands ("Switching…" first): on a busy machine the write
    can come after the chat went quiet, and an honest bot must not lose the points for it.
    """
    end = time.monotonic() + within_s
    while (active := active_ids(db_path)) != [target] and time.monotonic() < end:
        time.sleep(POLL_S)
    return active


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
        steps.append({"to": target, "reply": reply,
                      "active": active_once_set(db_path, target, reply_s)})
        if steps[-1]["active"] != [target]:
            return {"steps": steps}
    rows = read_models(db_path).get("rows", [])
    shown = next((r for r in rows if r["id"] == targets[1]), {})
    reply = chat.say("/model", reply_s) or ""
    named = bool(shown) and any(v and v in reply for v in (shown["key"], shown["label"]))
    return {"steps": steps, "shows_active": named}


def converse(tg: FakeTelegram, fake: FakeOpenRouter, bot: StudentProcess, db_path: Path,
             limits: dict, key: str = "") -> dict:
    """The whole conversation; what the bot answered, and what its database holds."""
    started = time.monotonic()
    problem = wait_until_polling(tg, bot, limits["startup_s"])
    if problem:
        return {"started": False, "problem": problem}
    chat = Chat(tg, bot, fake)
    found: dict = {"started": True, "models": chat.say("/models", limits["reply_s"])}
    found["models_db"] = read_models(db_path)  # what /models should have listed
    mark = fake.request_count
    found["ask"] = chat.say(question(), limits["step_s"])
    found["ask_requests"] = fake.request_count
    # The bot's own key, another than the runner's: the key check sees a second run.
    found["ask_auth"] = [authorization(r.header("Authorization"), key)
                         for r in fake.chat_requests(mark)]
    if found["models"] is None and found["ask"] is None:
        found["problem"] = "silent"  # no answer to either: the rest would only wait
    else:  # switching first: a client that hangs on 5xx may leave the bot busy for long
        found["switch"] = switch_models(chat, db_path, limits["reply_s"])
        found["errors"] = ask_with_errors(chat, fake, limits["step_s"])
    found["seconds"] = round(time.monotonic() - started, 3)
    return found
