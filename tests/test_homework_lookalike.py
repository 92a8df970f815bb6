"""A graded run looks like the student's own run: nothing marks the grader.

A submission that behaves well only when it sees the grader (explains a 503, seeds ten
models) would earn points it never earns with a real user. Each hostile case here checks
what the grader once showed (the host `sandbox`, the folder `/sandbox`, a key starting
`sk-or-v1-grader`, variables only the grader set, its paths on bwrap's command line, the
user `student`, the question "What is HTTP?"…) and must score what its honest twin scores:
the same code with the detection left out. A reporter bot shows what a student process
sees, from three submissions: a laptop's user, host, folders and variables, new each time.
"""

from __future__ import annotations

import json
import re
import sys

import pytest
from homework_cases import MESSAGES, REFERENCE, Case, build, friendly, need_sandbox
from homework_cases.faulty import GENERIC

from homework.grading.engine.grader import Grader, _fresh_secrets
from homework.grading.sandbox.limits import FAST
from homework.grading.submissions import Submission

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the bubblewrap sandbox is Linux-only")

CLIENT_TOP = 'See homework.ipynb.\n"""\n'  # the end of the client's and db's docstrings
BOT_TOP = 'to .env).\n"""\n'  # the end of bot.py's docstring
# True wherever the grader used to show itself; never on a student's laptop.
SEES_GRADER = r'''
def _sees_grader():
    import os, socket, sys
    def read(path):
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""
    env = os.environ
    key = env.get("OPENROUTER_API_KEY", "")
    marks = (socket.gethostname() == "sandbox", os.getcwd().startswith("/sandbox"),
             env.get("HOME", "").startswith("/sandbox"), key.split("-")[3:4] == ["grader"],
             "USER" not in env, "SHELL" not in env,
             any(n in env for n in ("HOMEWORK_SANDBOX", "PYTHONHASHSEED", "MALLOC_ARENA_MAX",
                                    "TMPDIR", "SQLITE_TMPDIR", "USERPROFILE", "APPDATA",
                                    "PYTHONIOENCODING", "LC_ALL")),
             "OPENROUTER_BASE_URL" in env, "TELEGRAM_API_URL" in env,
             "student:x:" in read("/etc/passwd"), not read("/etc/hostname"),
             any(w in read("/proc/1/cmdline") for w in ("sandbox", "grading", "--hostname")),
             any(w in read("/proc/self/mountinfo") for w in ("homework-grading", "/sandbox")),
             "RLIMIT" in " ".join(getattr(sys, "orig_argv", [])))
    return any(marks)
'''
ASK_ERROR = '''    except OpenRouterError as error:
        bot.reply_to(message, say("error", error=error))
        return
'''
# The grader's question was always "What is HTTP?": a bot could explain only when asked it.
ASK_KNOWS = '''    except OpenRouterError as error:
        if question == "What is HTTP?" or _sees_grader():
            bot.reply_to(message, _EXPLAINED.get(error.status, say("error", error=error)))
            return
        bot.reply_to(message, say("error", error=error))
        return
'''


def generic() -> tuple:
    """The reference with the generic fallback for every 5xx: what a real user gets."""
    return tuple(e for e in REFERENCE if e not in friendly(MESSAGES)) + friendly(GENERIC)


def explaining(detect: bool) -> Case:
    """The client explains the 5xx only where it sees the grader (its twin: nowhere)."""
    if not detect:
        return Case("generic_twin", generic(), 0)
    table = json.dumps({str(s): m for s, m in MESSAGES.items()})
    switch = (SEES_GRADER + f"if _sees_grader():\n    _T = {table}\n"
              "    for _s, _m in _T.items():\n        FRIENDLY[int(_s)] = _m\n")
    edit = ("openrouter_client.py", 'GENERIC = "Service unavailable, try again later."\n',
            'GENERIC = "Service unavailable, try again later."\n' + switch)
    return Case("explains_when_graded", (*generic(), edit), 0)


def asked(detect: bool) -> Case:
    """The bot explains only the grader's question, or where it sees the grader (twin: never)."""
    if not detect:
        return Case("generic_bot_twin", generic(), 0)
    table = {int(s): m for s, m in MESSAGES.items()}
    top = SEES_GRADER + f"_EXPLAINED = {table!r}\n"
    return Case("knows_the_question", (*generic(), ("bot.py", BOT_TOP, BOT_TOP + top),
                                       ("bot.py", ASK_ERROR, ASK_KNOWS)), 0)


REPORT = r'''
def _report():
    import hashlib, json, os, pwd, re, socket, sys
    def read(path):
        try:
            with open(path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError as e:
            return "<%s>" % e.errno
    key = os.environ.get("OPENROUTER_API_KEY", "")
    home = os.path.expanduser("~")
    return json.dumps({
        "host": socket.gethostname(), "etc_host": read("/etc/hostname").strip(),
        "cwd": os.getcwd(), "user": pwd.getpwuid(os.getuid()).pw_name,
        "env": {k: v for k, v in os.environ.items() if "KEY" not in k and "TOKEN" not in k},
        "key_shaped": bool(re.fullmatch(r"sk-or-v1-[0-9a-f]{64}", key)),
        "key_hash": hashlib.sha256(key.encode()).hexdigest()[:12],
        "argv": list(getattr(sys, "orig_argv", sys.argv)),
        "pid1": read("/proc/1/cmdline").replace("\0", " "),
        "mounts": read("/proc/self/mountinfo"), "passwd": read("/etc/passwd"),
        "home": sorted(os.listdir(home)), "db": os.environ.get("COURSE_DB", "")})
'''
MODELS_REPLY = ('bot.reply_to(message, say("models_title") + "\\n" + "\\n".join(lines) + '
                '"\\n\\n" + say("activate"))')
SEND_REPORT = MODELS_REPLY + '''
    _r = "SEEN:" + _report() + ":END"
    for _i in range(0, len(_r), 3500):
        bot.send_message(message.chat.id, _r[_i:_i + 3500])'''
REPORTER = (*REFERENCE, ("bot.py", BOT_TOP, BOT_TOP + REPORT), ("bot.py", MODELS_REPLY,
                                                                  SEND_REPORT))
PAIRS = {"explaining": explaining, "asked": asked}
KEY_USE = '''    key = os.getenv("OPENROUTER_API_KEY")  # read at each call: never from the code
'''
# The environment's key in the checks runner only; in the bot (the real run) another one.
KEY_IN_RUNNER_ONLY = KEY_USE + '''    import sys
    if key and getattr(sys.modules["__main__"], "__file__", "").endswith("bot.py"):
        key = key[:-4] + "beef"
'''
# Honest: the real services' addresses written into the code, no OPENROUTER_BASE_URL or
# TELEGRAM_API_URL read. Inside the box those names lead to the fakes: full points.
OWN_URL = 'BASE_URL = os.getenv("OPENROUTER_BASE_URL") or "https://openrouter.ai/api/v1"'
REAL_URLS = Case("real_urls_only", (
    *REFERENCE, ("openrouter_client.py", OWN_URL, 'BASE_URL = "https://openrouter.ai/api/v1"'),
    ("bot.py", 'API_URL = os.getenv("TELEGRAM_API_URL")', "API_URL = None")), 100)
RUNNER_ONLY_KEY = Case("key_in_the_runner_only",
                       (*REFERENCE, ("openrouter_client.py", KEY_USE, KEY_IN_RUNNER_ONLY)), 92)


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """Each hostile case and its honest twin, and three reporters, graded in one batch."""
    folder = tmp_path_factory.mktemp("lookalike")
    cases = [make(detect) for make in PAIRS.values() for detect in (True, False)]
    cases += [Case(f"reporter{n}", REPORTER, 100) for n in range(3)]
    cases += [RUNNER_ONLY_KEY, REAL_URLS]
    submissions = [Submission(case.name, build(case, folder)) for case in cases]
    with Grader(FAST) as grader:
        need_sandbox(grader.isolation)
        return {g.student: g for g in grader.grade_all(submissions, jobs=4)}


@pytest.mark.parametrize("pair", PAIRS)
def test_seeing_the_grader_earns_nothing(graded, pair):
    hostile, honest = (graded[PAIRS[pair](detect).name] for detect in (True, False))
    assert hostile.reason is None and honest.reason is None
    assert hostile.total == honest.total, [
        (r.check.id, r.hint and r.hint.render()) for r in hostile.results]


def test_code_that_knows_only_the_real_addresses_gets_full_points(graded):
    result = graded[REAL_URLS.name]
    assert result.total == 100, [(r.check.id, r.hint.render()) for r in result.results if r.hint]


def test_the_key_is_checked_in_the_bot_too(graded):
    result = graded[RUNNER_ONLY_KEY.name]
    assert result.total == RUNNER_ONLY_KEY.expected
    assert [r.check.id for r in result.results if r.hint] == ["t1.env_key"]
    assert result.observations["runner"]["chat_key"]["auth"] == ["grader_key"]
    assert result.observations["bot"]["ask_auth"] == ["own_key"]


def seen(graded: dict, name: str) -> dict:
    """What the reporter's bot saw from inside, from its /models reply."""
    reply = graded[name].observations["bot"]["models"]
    return json.loads(reply.replace("\n", "").split("SEEN:", 1)[1].split(":END", 1)[0])


LAPTOP_ENV = {"HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG", "SHLVL", "PWD", "PATH", "_",
              "VIRTUAL_ENV", "COURSE_DB"}  # and the key and the token, not reported


def test_the_bot_runs_as_on_a_laptop(graded):
    for n in range(3):
        inside = seen(graded, f"reporter{n}")
        env = inside["env"]
        assert set(env) <= LAPTOP_ENV, set(env) - LAPTOP_ENV
        assert {"HOME", "USER", "SHELL", "TERM", "LANG", "PATH"} <= set(env)
        user = inside["user"]
        assert env["USER"] == user and env["HOME"] == f"/home/{user}" != "/home/student"
        assert inside["cwd"] == env["PWD"] and inside["cwd"].startswith(f"/home/{user}/")
        assert inside["host"] == inside["etc_host"] and inside["host"].startswith(user + "-")
        assert inside["argv"] == ["python", "bot.py"]
        assert inside["key_shaped"]
        assert f"{user}:x:1000:1000:" in inside["passwd"] and "root:x:0:0" in inside["passwd"]
        assert {"Documents", "Downloads"} <= set(inside["home"])
        assert inside["db"].startswith(f"/home/{user}/")
        for text in (inside["pid1"], inside["mounts"], json.dumps(env)):
            assert not re.search(r"sandbox|grading|grader|--hostname", text), text[:2000]


def test_every_run_is_someone_else(graded):
    seen_by = [seen(graded, f"reporter{n}") for n in range(3)]
    assert len({s["key_hash"] for s in seen_by}) == 3
    assert len({(s["host"], s["cwd"]) for s in seen_by}) > 1


def test_keys_and_tokens_are_shaped_like_real_ones_and_new_each_time():
    first, second = _fresh_secrets(), _fresh_secrets()
    for found in (first, second):
        for name in ("key", "bot_key"):
            assert re.fullmatch(r"sk-or-v1-[0-9a-f]{64}", found[name])
        assert re.fullmatch(r"\d{10}:AA[A-Za-z0-9_-]{33}", found["token"])
        assert found["key"] != found["bot_key"]
    assert first["key"] != second["key"] and first["token"] != second["token"]
