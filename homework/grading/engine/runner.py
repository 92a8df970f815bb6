"""The checks runner: calls the student's functions, in a child process that never sees the nonce.

The grading worker starts it through `boot.py` in the submission's folder, sends a random
nonce and then one JSON command per line on stdin, and reads one JSON answer per line on the
result channel (the original stdout; the student's prints are moved to stderr). Stdlib only:
nothing of the grader is imported here, so there is nothing of the grader to patch.

Two processes (POSIX). The parent reads the nonce into a buffer of its own, makes itself
non-dumpable (Linux: no process of our user may read its memory or trace it), and forks a
child. The child overwrites the nonce, closes the command and result channels, and only then
imports the student's modules and answers the parent's commands over a pipe pair. The parent
runs no student code: it sends each command with a fresh token, takes the child's answer that
carries it (every other line from the child is counted as forged), and writes it to the
result channel with the nonce. So student code that walks frames, scans memory objects or
patches `json.dumps` can neither learn the nonce nor write to the result channel, and can
change at most its own answer to the command in hand. Where there is no fork (Windows), the
child's part runs in this one process, and the nonce is within the student's reach.

What the child reports is still the student's process speaking, and a determined student who
reads this file can forge it: how a call ended (chat_once's exception: its class, status and
message; init_db or set_active_model raising), whether importing worked, and the key-shaped
variables found after import. Everything else is observed outside the student's processes:
the requests the fake OpenRouter received and their keys, the database file after every
switch, what the bot sent to Telegram. A forged account must still agree with those (a
request must have reached the fake during the call, the database must hold what a switch
claims) and pass the same checks (an explanation in the student's own words).
"""

import os
import sys

_PATH = ["", *sys.path[1:]]  # the student's folder first, as under `python -c` (or a pipe)
sys.path[:] = [p for p in _PATH if p not in ("", ".", os.getcwd())]  # none of the student's
import importlib  # noqa: E402  (files may shadow these for the parent: '' is off the path)
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402

MODEL = "deepseek/deepseek-chat-v3.1:free"  # in the catalog; the fake answers it
# A question as a student would try one: drawn anew each call, so none marks the grader.
QUESTIONS = ("Say hello in three words.", "What is HTTP?", "Name a prime number.",
             "Translate 'good morning' into French.", "What is 2 + 2?", "Tell me a short joke.",
             "Что такое API?", "Write a haiku about bots.", "What is JSON?", "Hi! Who are you?")
LIMIT = 600  # characters kept of any text the student's code produces
LINE_LIMIT = 256 * 1024  # a longer line from the child is not an answer
STUDENT_MODULES = ("openrouter_client", "db")
KEY_TEXT = re.compile(r"sk-or-v1-[A-Za-z0-9]")
# Taken before any student code runs: a patched json.dumps or os.write changes nothing here.
_dumps, _loads, _read, _write, _type, _str = json.dumps, json.loads, os.read, os.write, type, str
_FUNCTION = _type(lambda: None)


def set_dumpable(flag: int) -> None:
    """Linux: whether processes of our user may read our memory and trace us (prctl)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(4, flag, 0, 0, 0)  # PR_SET_DUMPABLE
        except (ImportError, OSError, AttributeError):
            pass


def channels() -> tuple[int, int]:
    """The command and result channels; student prints go to stderr, stdin to /dev/null."""
    results = os.dup(1)
    os.dup2(2, 1)
    commands = os.dup(0)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    return commands, results


def read_nonce(fd: int) -> tuple[bytearray, int]:
    """The first line, read byte by byte into a buffer (no copy elsewhere), and its length."""
    buffer, size = bytearray(64), 0
    view = memoryview(buffer)
    while size < len(buffer):
        if hasattr(os, "readv"):
            if not os.readv(fd, [view[size:size + 1]]):
                break
        else:  # Windows: bytes objects on the way, but there the nonce is exposed anyway
            view[size:size + 1] = os.read(fd, 1) or b"\n"
        if buffer[size] == 10:
            break
        size += 1
    view.release()
    buffer[size:] = bytes(len(buffer) - size)
    return buffer, size


def lines(fd: int):
    """The lines that arrive on `fd` until it closes (one over LINE_LIMIT comes as b"")."""
    pending = b""
    while chunk := _read(fd, 65536):
        pending += chunk
        *complete, pending = pending.split(b"\n")
        yield from complete
        if len(pending) > LINE_LIMIT:
            pending = b""
            yield b""


def send(fd: int, message: dict) -> None:
    """Write one JSON line to `fd`, all of it."""
    data = (_dumps(message) + "\n").encode("utf-8")
    while data:
        data = data[_write(fd, data):]


def short(value: object) -> str:
    """A text of the student's, cut to LIMIT characters (never raises)."""
    try:
        text = value if _type(value) is _str else _str(value)
    except BaseException:
        text = "<unprintable>"
    return text[:LIMIT] if _type(text) is _str else "<unprintable>"


def describe(exc: BaseException) -> str:
    """An exception in one line: `SyntaxError: invalid syntax (db.py, line 3)`."""
    return short(f"{_type(exc).__name__}: {short(exc)}")


def student_modules() -> dict:
    """The modules loaded from the submission's folder, by name."""
    here = os.getcwd() + os.sep
    found = {}
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if isinstance(path, str) and os.path.abspath(path).startswith(here):
            found[name] = module
    return found


def forget_student_modules() -> None:
    """Drop every module loaded from the submission's folder, so the next import is fresh."""
    for name in student_modules():
        del sys.modules[name]


def texts_in(value: object) -> list:
    """The strings a module variable holds directly (one level into containers and functions)."""
    if _type(value) in (list, tuple, set, frozenset):
        return [v for v in value if _type(v) is _str]
    if _type(value) is dict:
        return [v for item in value.items() for v in item if _type(v) is _str]
    if _type(value) is _FUNCTION:
        return [v for v in (value.__defaults__ or ()) + tuple((value.__kwdefaults__ or {})
                                                                .values()) if _type(v) is _str]
    return [value] if _type(value) is _str else []


def key_shaped() -> list:
    """Module variables holding key-shaped text after import (the grader's own key aside)."""
    grader_key = os.environ.get("OPENROUTER_API_KEY") or "\0"
    found = []
    for name, module in student_modules().items():
        for attr, value in list(vars(module).items()):
            if any(KEY_TEXT.search(t) and grader_key not in t for t in texts_in(value)):
                found.append(f"{name}.{attr}")
    return found[:20]


def load(name: str):
    """Import one of the student's modules (answers with the error if it fails)."""
    return importlib.import_module(name)


def op_import(command: dict) -> dict:
    """Import the student's modules; the error of each one that fails; key-shaped variables."""
    answer = {}
    for name in STUDENT_MODULES:
        try:
            load(name)
            answer[name] = {"ok": True}
        except BaseException as exc:  # SystemExit too: a module may call sys.exit()
            answer[name] = {"ok": False, "error": describe(exc)}
    try:
        answer["key_shaped"] = key_shaped()
    except BaseException:  # a module of strange objects: nothing to report
        answer["key_shaped"] = []
    return answer


def raised(exc: BaseException) -> dict:
    """What the grader needs to know about an exception from chat_once."""
    status = getattr(exc, "status", None)
    msg = getattr(exc, "msg", None)
    return {"outcome": "raised", "type": short(_type(exc).__name__),
            "classes": [short(c.__name__) for c in _type(exc).__mro__],
            "status": status if _type(status) is int else None,
            "msg": short(msg) if _type(msg) is _str else None, "text": short(exc)}


def op_chat(command: dict) -> dict:
    """Call chat_once once, with the grader's key in the environment or with none at all."""
    key = command.get("key") or None
    if os.environ.get("OPENROUTER_API_KEY") != key:  # modules that read it at import go too
        forget_student_modules()
    if key:
        os.environ["OPENROUTER_API_KEY"] = key
    else:
        os.environ.pop("OPENROUTER_API_KEY", None)
    try:
        client = load("openrouter_client")
        question = [{"role": "user", "content": random.choice(QUESTIONS)}]
        value = client.chat_once(question, model=MODEL)
    except BaseException as exc:
        return raised(exc)
    return {"outcome": "returned", "value": short(value)}


def op_init_db(command: dict) -> dict:
    """Call db.init_db()."""
    load("db").init_db()
    return {"ok": True}


def op_switch(command: dict) -> dict:
    """Call db.set_active_model(id)."""
    load("db").set_active_model(command["id"])
    return {"ok": True}


OPS = {"import": op_import, "chat": op_chat, "init_db": op_init_db, "switch": op_switch}


def answer(command: dict) -> dict:
    """Run one command; an exception becomes the answer's error."""
    try:
        return OPS[command["op"]](command)
    except BaseException as exc:
        return {"ok": False, "error": describe(exc)}


def child(nonce: bytearray, closing: tuple, commands: int, answers: int) -> None:
    """The child: forget the nonce and the channels, then answer the parent until it stops."""
    nonce[:] = bytes(len(nonce))
    for fd in closing:
        os.close(fd)
    set_dumpable(1)  # the grader may look at us (and at whatever we start) again
    sys.path[:] = _PATH
    try:
        for line in lines(commands):
            command = _loads(line)
            reply = answer(command)
            reply["token"] = command["token"]
            send(answers, reply)
    finally:
        os._exit(0)


def relay(command: dict, to_child: int, from_child) -> tuple:
    """Send `command` to the child; its answer (None: the child is gone), and stray lines."""
    token = os.urandom(16).hex()
    try:
        send(to_child, {**command, "token": token})
    except OSError:
        return None, 0
    strays = 0
    for line in from_child:
        try:
            reply = _loads(line)
        except Exception:  # not JSON, or nested too deep to read
            reply = None
        if _type(reply) is dict and reply.get("token") == token:
            drop = ("token", "seq", "nonce", "forged")
            return {k: v for k, v in reply.items() if k not in drop}, strays
        strays += 1
    return None, strays


def parent(nonce: bytearray, size: int, commands: int, results: int) -> None:
    """Fork the child, relay every command to it, write its answers with the nonce; exit."""
    down, up = os.pipe(), os.pipe()
    pid = os.fork()
    if pid == 0:
        child(nonce, (commands, results, down[1], up[0]), down[0], up[1])
    os.close(down[0])
    os.close(up[1])
    from_child = lines(up[0])
    for line in lines(commands):
        command = _loads(line)
        reply, strays = relay(command, down[1], from_child)
        if reply is None:
            break
        reply.update(seq=command["seq"], nonce=nonce[:size].decode("ascii"), forged=strays)
        send(results, reply)
    os.close(down[1])
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    os._exit(code if code >= 0 else 128 - code)


def in_process(nonce: bytearray, size: int, commands: int, results: int) -> None:
    """Without fork: answer every command here (the nonce is within the student's reach)."""
    sys.path[:] = _PATH
    for line in lines(commands):
        command = _loads(line)
        reply = answer(command)
        reply.update(seq=command["seq"], nonce=nonce[:size].decode("ascii"))
        send(results, reply)


def main() -> None:
    """Read the nonce, then answer commands until the grader closes stdin."""
    commands, results = channels()
    nonce, size = read_nonce(commands)
    if not hasattr(os, "fork"):
        in_process(nonce, size, commands, results)
        return
    set_dumpable(0)  # before the fork: the child may not read the parent's memory
    parent(nonce, size, commands, results)


if __name__ == "__main__":
    main()
