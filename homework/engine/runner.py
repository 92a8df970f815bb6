"""The checks runner: calls the student's functions inside the student's own process.

The grading worker starts it through `boot.py` in the submission's folder, sends a random
nonce and then one JSON command per line on stdin, and reads one JSON answer per line on the
result channel (the original stdout; the student's prints are moved to stderr). Stdlib only:
nothing of the grader is imported here, so there is nothing of the grader to patch.

The grader trusts none of this blindly: every answer must carry the nonce (which student code
cannot know before it runs, and which travels in no argument, variable or file), and every
fact that can be seen from outside is checked from outside: the requests the fake OpenRouter
received, the rows in the database file.
"""

import importlib
import json
import os
import sys

MODEL = "deepseek/deepseek-chat-v3.1:free"  # in the catalog; the fake answers it
QUESTION = [{"role": "user", "content": "Say hello in three words."}]
LIMIT = 600  # characters kept of any text the student's code produces
STUDENT_MODULES = ("openrouter_client", "db")


def channels() -> tuple:
    """The command and result channels; student prints go to stderr, stdin to /dev/null."""
    results = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    commands = os.fdopen(os.dup(0), "r", encoding="utf-8")
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    return commands, results


def short(value: object) -> str:
    """A text of the student's, cut to LIMIT characters (never raises)."""
    try:
        text = value if type(value) is str else str(value)
    except BaseException:
        text = "<unprintable>"
    return text[:LIMIT] if type(text) is str else "<unprintable>"


def describe(exc: BaseException) -> str:
    """An exception in one line: `SyntaxError: invalid syntax (db.py, line 3)`."""
    return short(f"{type(exc).__name__}: {short(exc)}")


def forget_student_modules() -> None:
    """Drop every module loaded from the submission's folder, so the next import is fresh."""
    here = os.getcwd()
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None) or ""
        if isinstance(path, str) and os.path.abspath(path).startswith(here + os.sep):
            del sys.modules[name]


def load(name: str):
    """Import one of the student's modules (answers with the error if it fails)."""
    return importlib.import_module(name)


def op_import(command: dict) -> dict:
    """Import the student's modules; the error of each one that fails."""
    answer = {}
    for name in STUDENT_MODULES:
        try:
            load(name)
            answer[name] = {"ok": True}
        except BaseException as exc:  # SystemExit too: a module may call sys.exit()
            answer[name] = {"ok": False, "error": describe(exc)}
    return answer


def raised(exc: BaseException) -> dict:
    """What the grader needs to know about an exception from chat_once."""
    status = getattr(exc, "status", None)
    msg = getattr(exc, "msg", None)
    return {"outcome": "raised", "type": short(type(exc).__name__),
            "classes": [short(c.__name__) for c in type(exc).__mro__],
            "status": status if type(status) is int else None,
            "msg": short(msg) if type(msg) is str else None, "text": short(exc)}


def op_chat(command: dict) -> dict:
    """Call chat_once once, with the grader's key in the environment or with none at all."""
    if command.get("key"):
        os.environ["OPENROUTER_API_KEY"] = command["key"]
    else:  # the key is gone, and the modules that may have read it at import go too
        os.environ.pop("OPENROUTER_API_KEY", None)
        forget_student_modules()
    try:
        client = load("openrouter_client")
        value = client.chat_once(QUESTION, model=MODEL)
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


def main() -> None:
    """Read the nonce, then answer commands until the grader closes stdin."""
    commands, results = channels()
    nonce = commands.readline().strip()
    for line in commands:
        command = json.loads(line)
        reply = answer(command)
        reply.update(seq=command["seq"], nonce=nonce)
        results.write(json.dumps(reply) + "\n")
        results.flush()


if __name__ == "__main__":
    main()
