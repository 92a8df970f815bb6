"""The checks runner and its channel: restart budgets per group, honest "not checked" hints,
and answers that student code can no longer forge (run here without the grader, fast).
"""

from __future__ import annotations

import json
import os
import queue
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from homework_cases import REFERENCE, Case, build, hostile
from homework_cases.faulty import WITHOUT_KEY_FIX

from course_lib.fakes.openrouter import FakeOpenRouter
from homework.grading.checks_task1 import missing_key, no_literal
from homework.grading.engine.runner_channel import RunnerChannel
from homework.grading.verdicts import not_checked, outcome

ENGINE = Path(__file__).resolve().parents[1] / "homework" / "grading" / "engine"
KEY = "sk-or-v1-grader-" + "ab" * 24


class FakeRunner:
    """A stand-in for a runner process: answers at once, or never (a hang)."""

    def __init__(self, hangs) -> None:
        """`hangs(command)` says whether this command gets no answer."""
        self.hangs, self.answers, self.nonce, self.dead = hangs, queue.Queue(), None, False

    def send(self, line: str) -> bool:
        """Take one line: the nonce first, then commands."""
        if self.nonce is None:
            self.nonce = line
            return True
        command = json.loads(line)
        if not self.hangs(command):
            self.answers.put({"ok": True, "seq": command["seq"], "nonce": self.nonce,
                              "forged": 2})
        return True

    def alive(self) -> bool:
        return not self.dead

    def kill(self) -> None:
        self.dead = True

    def report(self) -> dict:
        return {"exit": -9}


def channel(hangs, restarts: int = 2, deadline: float = 1e12) -> RunnerChannel:
    """A channel whose runners are FakeRunners; it also counts the starts."""
    made = []

    def start() -> FakeRunner:
        made.append(FakeRunner(hangs))
        return made[-1]

    found = RunnerChannel(start, 1.0, restarts, deadline)
    found.made = made
    return found


def test_timeouts_in_one_group_never_cost_another_its_runner():
    chan = channel(lambda command: command.get("status") is not None)
    chan.use("errors")
    answers = [chan.call({"op": "chat", "status": s}, 0.05, f"{s}/json") for s in range(5)]
    chan.use("key")
    key_answer = chan.call({"op": "chat"}, 0.05, "chat_once (no key)")
    assert [("timeout" in a) for a in answers[:3]] == [True, True, True]
    assert answers[3] == answers[4] == {"skipped": True, "group": "errors",
                                        "lost": ["0/json", "1/json", "2/json"]}
    assert key_answer == {"ok": True}
    assert len(chan.made) == 4  # the first start, and one after each lost call
    assert chan.forged == 2 * 5  # the strays each answer's parent counted, relayed


def test_a_call_after_the_deadline_is_not_made_and_says_so():
    chan = channel(lambda command: False, deadline=0)
    assert chan.call({"op": "init_db"}, 1.0) == {"skipped": True, "group": "main",
                                                 "deadline": True}
    assert chan.made == []


def test_a_skipped_call_gets_an_honest_hint_not_a_false_one():
    skipped = {"skipped": True, "group": "errors", "lost": ["500/json", "502/json"]}
    observations = {"runner": {"import": {"openrouter_client": {"ok": True}},
                               "no_key": {"answer": skipped, "requests": 0, "auth": []}}}
    hint = missing_key(observations, {})
    assert hint.key == "not_checked.stopped"
    assert "500/json, 502/json" in hint.render("en") and "task 3" in hint.render("en")
    assert "задании 3" in hint.render("ru")
    assert not_checked({"skipped": True, "deadline": True}).key == "not_checked.deadline"
    assert outcome(skipped).key == "outcome.skipped"


def test_a_key_of_the_codes_own_in_a_request_fails_no_literal():
    runner = {"no_key": {"auth": ["own_key"]}, "chat_key": {"auth": ["grader_key"]}}
    assert no_literal({"runner": runner}, {"places": []}).key == "no_literal.request"
    runner = {"no_key": {"auth": []}, "chat_key": {"auth": ["own_key"]}}
    assert no_literal({"runner": runner}, {}).key == "no_literal.request_other"
    runner = {"no_key": {"auth": []}, "key_shaped": ["openrouter_client.KEY"]}
    assert no_literal({"runner": runner}, {}).key == "no_literal.variables"
    assert no_literal({"runner": {"no_key": {"auth": ["grader_key"]}}}, {}) is None


def run_runner(folder: Path, commands: list[dict], fake: FakeOpenRouter,
               statuses: dict[int, int] | None = None) -> tuple[str, list[dict]]:
    """Run the checks runner in `folder` as the grader starts it; the nonce and every line."""
    env = {"PATH": os.environ.get("PATH", ""), "OPENROUTER_API_KEY": KEY, "HOME": str(folder),
           "OPENROUTER_BASE_URL": fake.base_url, "COURSE_DB": str(folder / "runner.db")}
    argv = [sys.executable, "-s", "-B", "-c", (ENGINE / "boot.py").read_text("utf-8"), "{}",
            "runner", (ENGINE / "runner.py").read_text("utf-8")]
    proc = subprocess.Popen(argv, cwd=folder, env=env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    nonce = secrets.token_hex(16)
    proc.stdin.write(f"{nonce}\n".encode())
    found = []
    for seq, command in enumerate(commands, 1):
        fake.clear()
        if (statuses or {}).get(seq):
            fake.fail_always(statuses[seq])
        proc.stdin.write((json.dumps({**command, "seq": seq}) + "\n").encode())
        proc.stdin.flush()
        found.append(json.loads(proc.stdout.readline()))
    proc.stdin.close()
    found += [json.loads(line) for line in proc.stdout.read().splitlines() if line.strip()]
    proc.wait(10)
    return nonce, found


@pytest.fixture(scope="module")
def fake():
    server = FakeOpenRouter(any_key=True)  # as the grader's (homework/grading/engine/session.py)
    server.start()
    yield server
    server.stop()


@pytest.mark.skipif(not hasattr(os, "fork"), reason="without fork the nonce is in reach")
@pytest.mark.parametrize("case", hostile.forgers(), ids=lambda case: case.name)
def test_walking_frames_or_patching_json_dumps_forges_nothing(tmp_path, fake, case):
    commands = [{"op": "import"}, {"op": "chat", "key": KEY}, {"op": "chat", "key": KEY}]
    nonce, lines = run_runner(build(case, tmp_path), commands, fake, {2: 500, 3: 503})
    assert len(lines) == 3 and all(line["nonce"] == nonce for line in lines)
    assert [line["seq"] for line in lines] == [1, 2, 3]
    for line, status in zip(lines[1:], (500, 503), strict=True):
        assert line["status"] == status
        assert line["msg"] == "Service unavailable, try again later."  # what chat_once raised
        assert line["msg"] not in hostile.FORGED_MSGS.values()


HIDDEN_KEY = ('OPENROUTER_API_KEY = "".join(chr(c) for c in '
              f'{[ord(c) for c in "sk-or-v1-" + "5a" * 32]})\n')


def test_strings_put_together_at_import_are_found_in_the_modules(tmp_path, fake):
    edit = ("openrouter_client.py", "import requests\n", "import requests\n" + HIDDEN_KEY)
    folder = build(Case("hidden", (*WITHOUT_KEY_FIX, edit), 0), tmp_path)
    _, lines = run_runner(folder, [{"op": "import"}], fake)
    assert lines[0]["key_shaped"] == ["openrouter_client.OPENROUTER_API_KEY"]
    reference = build(Case("reference", REFERENCE, 100), tmp_path)
    assert run_runner(reference, [{"op": "import"}], fake)[1][0]["key_shaped"] == []


class FloodingChannel:
    """A stand-in runner whose chat_once sends one request, then floods the fake with more."""

    def __init__(self, fake) -> None:
        """Talk to `fake`."""
        self.fake = fake

    def call(self, command: dict, timeout: float, label: str = "") -> dict:
        """One chat request with no key, then 250 other requests: more than the fake keeps."""
        import requests

        with requests.Session() as session:
            session.post(self.fake.base_url + "/chat/completions", json={}, timeout=5)
            for _ in range(250):
                session.get(self.fake.base_url + "/models", timeout=5)
        return {"outcome": "raised", "classes": ["OpenRouterError"], "status": 401}


def test_a_flood_cannot_hide_a_request_from_the_count():
    from course_lib.fakes.limits import GRADING
    from homework.grading.engine.runner_steps import chat

    with FakeOpenRouter(control=False, limits=GRADING) as fake:
        seen = chat(FloodingChannel(fake), fake, None, "sk-or-v1-grader", 5)
    assert GRADING.max_records < 251 and seen["requests"] == 251
