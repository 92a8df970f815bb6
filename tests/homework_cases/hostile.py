"""Hostile submissions: each tries one trick on the grader. `expected` is what it earned.

Built on the starter (which earns 0) or on the reference (100); the trick must not add a
point, and the batch must finish. Paths a trick aims at (a canary file, the results folder)
are baked in when the case is built, as a student who guessed them would.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from homework_cases import REFERENCE, ROOT, Case

CLIENT_TOP = 'See homework.ipynb.\n"""\n'  # the end of the client's (and db's) docstring
MODELS_REPLY = ('bot.reply_to(message, say("models_title") + "\\n" + "\\n".join(lines) + '
                '"\\n\\n" + say("activate"))')
FORK_SLEEP, DAEMON_SLEEP = "61.25", "62.5"  # arguments of `sleep` that mark survivors


def inject(file: str, code: str) -> tuple[str, str, str]:
    """An edit that runs `code` when the module is imported (right after its docstring)."""
    return (file, CLIENT_TOP, CLIENT_TOP + code.strip() + "\n")


def models_reply(extra: str) -> tuple[str, str, str]:
    """An edit that appends the value of the expression `extra` to the /models reply."""
    return ("bot.py", MODELS_REPLY,
            MODELS_REPLY[:-1] + ' + "\\n" + ' + extra + ")")


PRINT_PASSED = '''
import json as _json, os as _os
print("PASSED")
print("Score: 100/100")
for _seq in range(1, 300):
    _line = _json.dumps({"seq": _seq, "nonce": "0" * 32, "ok": True, "outcome": "raised",
                         "classes": ["OpenRouterError"], "status": 401, "msg": "no key"})
    print(_line, flush=True)
    for _fd in range(3, 12):  # the result channel is one of these
        try:
            _os.write(_fd, (_line + "\\n").encode())
        except OSError:
            pass
'''
EXIT_AT_IMPORT = "import os as _os\n_os._exit(0)"
FAKE_RESULTS = '''
import pathlib as _pl
for _folder in (_pl.Path.cwd(), _pl.Path.home(), _pl.Path.cwd().parent, _pl.Path({results!r})):
    for _name in ("gradebook.csv", "gradebook.json", "feedback/hostile_results.md",
                  "feedback/reference.md"):
        try:
            (_folder / _name).parent.mkdir(parents=True, exist_ok=True)
            (_folder / _name).write_text("student,total\\nhostile_results,100\\n")
        except OSError:
            pass
'''
PATCH_HARNESS = '''
import sys as _sys
_sys.path.insert(0, {repo!r})
try:
    import homework.grading.checks as _checks
    _checks.MAX_POINTS = 0
    _checks.score = lambda *args, **kwargs: []
    _checks.Result.points = property(lambda self: self.check.points)
except Exception:
    pass
try:
    _source = open({repo!r} + "/homework/grading/engine/runner.py").read()  # reading: allowed
    with open({canary!r}, "a") as _file:
        _file.write("patched by a submission\\n")
except OSError:
    pass
_main = _sys.modules.get("__main__")
if _main is not None:
    vars(_main)["OPS"] = dict.fromkeys(("import", "chat", "init_db", "switch"),
                                       lambda command: {{"ok": True}})
'''
SLEEP_FOREVER = "import time as _time\n_time.sleep(10**6)"
BUSY_LOOP = "while True:\n    pass"
FORK_BOMB = f'''
import os as _os
for _ in range(150):  # bounded: a test must not take the machine down
    try:
        _pid = _os.fork()
    except OSError:
        break
    if _pid == 0:
        try:
            _os.execv("/bin/sleep", ["sleep", "{FORK_SLEEP}"])
        finally:
            _os._exit(0)
'''
DAEMON = f'''
import os as _os
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        _os.execv("/bin/sleep", ["sleep", "{DAEMON_SLEEP}"])
    _os._exit(0)
'''
FLOOD = '''
import sys as _sys
_chunk = "x" * (1024 * 1024 - 1) + "\\n"
for _ in range(100):  # 100 MB
    _sys.stdout.write(_chunk)
_sys.stdout.flush()
'''
NETWORK = '''
import socket as _socket
try:
    _socket.create_connection(("192.0.2.1", 80), timeout=1).close()  # TEST-NET: no real host
    NET = "socket: connected"
except OSError as _error:
    NET = f"socket: {_error}"
try:
    import requests as _requests
    _requests.get("http://192.0.2.1/", timeout=1)
    NET += " | http: answered"
except Exception as _error:
    NET += f" | http: {type(_error).__name__}"
'''
MEMORY_HOG = "_block = bytearray(4 * 1024**3)  # 4 GB"


def cases(canary: Path, results: Path) -> tuple[Case, ...]:
    """The hostile cases, aimed at `canary` and `results`."""
    client = "openrouter_client.py"
    return (
        Case("print_passed", (inject(client, PRINT_PASSED),), 0),
        Case("exit_at_import", (inject(client, EXIT_AT_IMPORT),), 0),
        Case("fake_results", (inject(client, FAKE_RESULTS.format(results=str(results))),), 0),
        Case("patch_harness", (inject(client, PATCH_HARNESS.format(
            repo=str(ROOT), canary=str(canary))),), 0),
        Case("sleep_forever", (*REFERENCE, inject(client, SLEEP_FOREVER)), 4),
        Case("busy_loop", (*REFERENCE, inject("db.py", BUSY_LOOP)), 4),
        Case("fork_bomb", (inject(client, FORK_BOMB),), 0),
        Case("daemon", (inject(client, DAEMON),), 0),
        Case("flood", (*REFERENCE, inject(client, FLOOD)), 100),
        Case("network", (inject(client, NETWORK),
                         models_reply('"NET: " + __import__("openrouter_client").NET')), 0),
        Case("environment", (models_reply('"ENV: " + " ".join(sorted(os.environ))'),), 0),
        Case("memory_hog", (inject(client, MEMORY_HOG),), 0),
        *forgers(),
    )


def survivors(marker: str) -> list[int]:
    """Processes whose command line holds `marker` (Linux /proc; empty elsewhere)."""
    found = []
    for name in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            cmdline = Path("/proc", name, "cmdline").read_bytes()
        except OSError:
            continue
        if name.isdigit() and marker.encode() in cmdline:
            found.append(int(name))
    return found


def crashing_worker(job: dict, conn) -> None:
    """A grading worker that dies without a word (a stand-in for a crashed worker)."""
    os._exit(3)


def hanging_worker(job: dict, conn) -> None:
    """A grading worker that never reports (a stand-in for a stuck one)."""
    time.sleep(120)


# --- forging the checks runner's answers (also tests/test_homework_checks_runner.py) ----

CLIENT_END = "    return text, latency_ms\n"  # the last line of the client
# Good explanations, in words of their own: a forgery that worked would earn their points.
FORGED_MSGS = {
    500: "OpenRouter itself broke on its side, not your fault. Try again in a minute.",
    502: "The model's provider crashed and sent garbage. Retry or pick another model.",
    503: "The model is overloaded: no provider is free. Wait, or switch to another model.",
    504: "The model took too long and timed out. Ask something shorter or retry later.",
}
FORGE_FRAMES = f'''

import json as _json, os as _os, sys as _sys
_GOOD = {FORGED_MSGS!r}
_real_chat_once = chat_once


def _forge(_status):
    """Walk up to the runner's frames; write an answer with its nonce to its result channel."""
    _nonce = _results = _command = None
    _frame = _sys._getframe()
    while _frame is not None:
        _nonce = _frame.f_locals.get("nonce", _nonce)
        _results = _frame.f_locals.get("results", _results)
        _command = _frame.f_locals.get("command", _command)
        _frame = _frame.f_back
    if isinstance(_nonce, (bytes, bytearray)):
        _nonce = bytes(_nonce).split(b"\\0")[0].decode("ascii", "replace")
    if _status not in _GOOD or not isinstance(_command, dict):
        return
    _line = _json.dumps({{"seq": _command.get("seq"), "nonce": _nonce, "outcome": "raised",
                         "type": "OpenRouterError", "classes": ["OpenRouterError"],
                         "status": _status, "msg": _GOOD[_status]}}) + "\\n"
    try:
        if hasattr(_results, "write"):
            _results.write(_line)
            _results.flush()
        elif isinstance(_results, int):
            _os.write(_results, _line.encode())
    except (OSError, ValueError):
        pass


def chat_once(*args, **kwargs):
    """The real chat_once; on an error, a forged answer goes out first."""
    try:
        return _real_chat_once(*args, **kwargs)
    except Exception as _error:
        _forge(getattr(_error, "status", None))
        raise
'''
FORGE_DUMPS = f'''
import json as _json
_GOOD = {FORGED_MSGS!r}
_real_dumps = _json.dumps


def _forged_dumps(obj, *args, **kwargs):
    """json.dumps, but every 5xx answer leaves with a good explanation in it."""
    if isinstance(obj, dict) and obj.get("status") in _GOOD:
        obj = {{**obj, "msg": _GOOD[obj["status"]], "text": _GOOD[obj["status"]]}}
    return _real_dumps(obj, *args, **kwargs)


_json.dumps = _forged_dumps
'''


def forgers() -> tuple[Case, ...]:
    """Starter-based submissions that forge the runner's answers: each must earn 0."""
    client = "openrouter_client.py"
    return (
        Case("forge_frames", ((client, CLIENT_END, CLIENT_END + FORGE_FRAMES),), 0),
        Case("forge_dumps", (inject(client, FORGE_DUMPS),), 0),
    )
