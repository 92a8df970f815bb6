"""A bot's answer is everything it sends for a command until it is quiet, edits included.

Honest bots answer in more than one step: "Thinking…" edited into the answer (here with
retries between the two, so the edit comes late), /models split into two messages, a
"Switching…" sent a second before the switch is made. Each earns what the reference earns: the
grader reads the chat until the bot has been quiet, judges the combined final text, and reads
the database only after that (waiting for a switch to land, as long as a reply may take).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from homework_cases import REFERENCE, Case, build
from homework_cases.faulty import RETRIES

from homework.grading.engine import bot_driver, procs
from homework.grading.engine.grader import Grader
from homework.grading.sandbox.limits import FAST
from homework.grading.submissions import Submission

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="bots run as POSIX processes")

ASK_REPLIES = '''    try:
        answer, ms = chat_once(messages, model=key, temperature=0.2, max_tokens=400)
    except OpenRouterError as error:
        bot.reply_to(message, say("error", error=error))
        return
    except Exception:
        bot.reply_to(message, say("unexpected"))
        return
    bot.reply_to(message, answer[:4000] + "\\n\\n" + say("answer_footer", ms=ms, key=key))'''
THINKING = '''    waiting = bot.reply_to(message, "Thinking…")
    try:
        answer, ms = chat_once(messages, model=key, temperature=0.2, max_tokens=400)
        text = answer[:4000] + "\\n\\n" + say("answer_footer", ms=ms, key=key)
    except OpenRouterError as error:
        text = say("error", error=error)
    except Exception:
        text = say("unexpected")
    bot.edit_message_text(text, waiting.chat.id, waiting.message_id)'''
MODELS_REPLY = ('bot.reply_to(message, say("models_title") + "\\n" + "\\n".join(lines) + '
                '"\\n\\n" + say("activate"))')
SPLIT = ('bot.reply_to(message, "\\n".join(lines[:5]))\n    bot.send_message(message.chat.id, '
         '"\\n".join(lines[5:]) + "\\n\\n" + say("activate"))')
SWITCH = "        m = db.set_active_model(int(arg))"
# The write lands well after the chat went quiet (quiet is at most 0.3 s): as on a busy machine.
SWITCHING = ('        bot.reply_to(message, "Switching…")\n'
             '        time.sleep(1.0)  # a slow write\n' + SWITCH)
IMPORT_TIME = ("bot.py", "import os\n", "import os\nimport time\n")

HONEST = (
    Case("thinking_then_edit", (*REFERENCE, *RETRIES, ("bot.py", ASK_REPLIES, THINKING)), 100),
    Case("models_in_two_messages", (*REFERENCE, ("bot.py", MODELS_REPLY, SPLIT)), 100),
    Case("switching_first", (*REFERENCE, IMPORT_TIME, ("bot.py", SWITCH, SWITCHING)), 100),
)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """The honest multi-step bots, graded in one batch."""
    folder = tmp_path_factory.mktemp("replies")
    submissions = [Submission(case.name, build(case, folder)) for case in HONEST]
    with Grader(FAST) as grader:
        return {g.student: g for g in grader.grade_all(submissions, jobs=3)}


@pytest.mark.parametrize("case", HONEST, ids=lambda case: case.name)
def test_an_answer_in_several_steps_earns_full_points(graded, case):
    result = graded[case.name]
    assert result.total == case.expected, [
        (r.check.id, r.hint.render()) for r in result.results if r.hint]


def test_the_final_text_is_judged(graded):
    bot = graded["thinking_then_edit"].observations["bot"]
    assert all("Thinking" not in reply for reply in bot["errors"].values()), bot["errors"]
    models = graded["models_in_two_messages"].observations["bot"]["models"]
    assert "activate: /model" in models and len(models.splitlines()) >= 12


def read_two_part_answer(monkeypatch, late_s: float, busy_polls: int) -> tuple[list[str], int]:
    """A bot answers "a", then "b" at the grader's fifth poll or, if it is runnable (state R)
    for `busy_polls` polls, at the last of those; each poll wakes up `late_s` late. The texts
    the grader read, and how many polls it made."""
    now = [100.0]
    user = SimpleNamespace(last_change=now[0], replies=[{"message_id": 1, "text": "a"}])
    polls = []

    def sleep(seconds: float) -> None:
        now[0] += seconds + late_s
        polls.append(now[0])
        if len(polls) == max(5, busy_polls):
            user.last_change = now[0]
            user.replies.append({"message_id": 2, "text": "b"})

    monkeypatch.setattr(bot_driver, "time", SimpleNamespace(monotonic=lambda: now[0],
                                                            sleep=sleep))
    bot = SimpleNamespace(alive=lambda: True, busy=lambda: len(polls) < busy_polls)
    chat = bot_driver.Chat(None, bot, SimpleNamespace(requests=[]))
    shown = chat._until_quiet(user, 0, now[0] + 60, bot_driver.QUIET_MAX_S)
    return [text for _, text, _ in shown], len(polls)


def test_quiet_is_timed_on_a_clock_that_slows_with_the_machine(monkeypatch):
    # Each poll wakes up half a second late, as on an overloaded machine; the bot's second
    # message comes after the fifth: it is still part of the answer, not cut off as silence.
    texts, polls = read_two_part_answer(monkeypatch, late_s=0.48, busy_polls=0)
    assert texts == ["a", "b"]
    assert polls >= 5 + bot_driver.QUIET_MAX_S / (2 * bot_driver.POLL_S)


def test_a_bot_waiting_for_a_cpu_is_not_quiet(monkeypatch):
    # The grader's polls come on time, but the bot gets no CPU for a second (it is runnable:
    # state R) before it sends the rest of its answer.
    texts, _ = read_two_part_answer(monkeypatch, late_s=0.0, busy_polls=50)
    assert texts == ["a", "b"]


def test_a_process_running_or_runnable_is_busy_and_a_sleeping_one_is_not():
    if not Path("/proc/self/task").is_dir():
        pytest.skip("reads /proc (Linux); elsewhere a bot is never seen busy")
    spinning = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    sleeping = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        time.sleep(0.5)
        assert "R" in procs.thread_states(spinning.pid)
        assert set(procs.thread_states(sleeping.pid)) == {"S"}
        assert procs.thread_states(2**22 + 1) == []  # no such process
    finally:
        spinning.kill()
        sleeping.kill()
        spinning.wait()
        sleeping.wait()


# A process that waits while a grandchild spins: sandboxed, the bot's process is bwrap, and
# `python bot.py` runs two levels below it.
SPIN = "while True: pass"
RUNS = "import subprocess, sys; subprocess.run([sys.executable, '-c', {!r}])"
SPINS_BELOW = RUNS.format(RUNS.format(SPIN))


def test_a_process_whose_grandchild_runs_is_busy():
    if not Path("/proc/self/task").is_dir():
        pytest.skip("reads /proc (Linux); elsewhere a bot is never seen busy")
    waiting = subprocess.Popen([sys.executable, "-c", SPINS_BELOW], start_new_session=True)
    try:
        time.sleep(1.0)
        states = procs.thread_states(waiting.pid)
        assert states[0] == "S" and "R" in states
    finally:
        os.killpg(waiting.pid, signal.SIGKILL)
        waiting.wait()
