"""Submissions for the homework tests and the grading benchmark, built from the starter.

A case is the starter plus a list of edits (file, old text, new text); each old text must
occur exactly once, so a change to the starter that breaks a case fails loudly. The reference
solution is `REFERENCE`; every faulty case is the reference with one typical mistake, and
`expected` is the total it must get. Hostile cases live in `hostile.py`.
No solution lives in `homework/`: this folder is for the tests only.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "homework" / "starter"
Edit = tuple[str, str, str]  # file, old text, new text


@dataclass(frozen=True)
class Case:
    """A submission: the starter with `edits` applied and `remove`d files; its expected total."""

    name: str
    edits: tuple[Edit, ...]
    expected: int
    failing: tuple[str, ...] = ()  # the check ids that must fail (all others pass)
    remove: tuple[str, ...] = ()


def build(case: Case, parent: Path) -> Path:
    """Write the case's folder under `parent`; returns it."""
    folder = parent / case.name
    shutil.copytree(STARTER, folder, ignore=shutil.ignore_patterns("__pycache__", "*.db"))
    for file, old, new in case.edits:
        path = folder / file
        text = path.read_text("utf-8")
        assert text.count(old) == 1, f"{case.name}: {file} must hold this once: {old!r}"
        path.write_text(text.replace(old, new), "utf-8")
    for file in case.remove:
        (folder / file).unlink()
    return folder


def fake_key() -> str:
    """A string shaped like a real key, made at run time (no key shape sits in any file)."""
    return "sk-or-v1-" + "0123456789abcdef" * 4


# --- the fixes of the reference solution ------------------------------------------------

KEY_LINE = ('# Planted here for task 1. (The lecture\'s client read the key from the environment; '
            'what leaked\n# on a slide was the .env file itself.) Never commit a real key!\n'
            'OPENROUTER_API_KEY = "sk-or-v1-PASTE-YOUR-KEY-HERE"\n\n')
KEY_USE = ('    if not OPENROUTER_API_KEY:\n        raise OpenRouterError(401, FRIENDLY[401])\n'
           '    headers = {"Authorization": f"Bearer {OPENROUTER_API_KEY}"}')
KEY_FROM_ENV: tuple[Edit, ...] = (
    ("openrouter_client.py", KEY_LINE, ""),
    ("openrouter_client.py", KEY_USE,
     '    key = os.getenv("OPENROUTER_API_KEY")  # read at each call: never from the code\n'
     '    if not key:\n        raise OpenRouterError(401, FRIENDLY[401])\n'
     '    headers = {"Authorization": f"Bearer {key}"}'),
)

LAST_FRIENDLY = '    429: "Free-model limits exceeded: try again later.",\n'
MESSAGES = {
    500: "OpenRouter had an internal error. It is not your fault: try again in a minute.",
    502: "The model's provider failed to answer. Try again, or pick another model with /models.",
    503: "Every server running this model is busy or offline now. Wait a little or switch models.",
    504: "The model took too long to answer. Ask a shorter question or try again later.",
}


def friendly(messages: dict[int, str]) -> tuple[Edit, ...]:
    """The edit that adds `messages` to the client's FRIENDLY table."""
    lines = "".join(f"    {status}: {json.dumps(text, ensure_ascii=False)},\n"
                    for status, text in messages.items())
    return (("openrouter_client.py", LAST_FRIENDLY, LAST_FRIENDLY + lines),)


LAST_MODEL = '    (4, "meta-llama/llama-3.1-8b-instruct:free", "Llama 3.1 8B (free)", 0),\n'
NEW_MODELS = (
    ("tngtech/deepseek-r1t2-chimera:free", "DeepSeek R1T2 Chimera (free)"),
    ("z-ai/glm-4.5-air:free", "GLM 4.5 Air (free)"),
    ("openai/gpt-oss-20b:free", "GPT-OSS 20B (free)"),
    ("qwen/qwen3-coder:free", "Qwen3 Coder (free)"),
    ("google/gemma-3-27b-it:free", "Gemma 3 27B (free)"),
    ("meta-llama/llama-3.3-70b-instruct:free", "Llama 3.3 70B (free)"),
    ("moonshotai/kimi-k2:free", "Kimi K2 (free)"),
)


def models(count: int, rows: tuple[tuple[str, str], ...] = NEW_MODELS) -> tuple[Edit, ...]:
    """The edit that makes the seed list `count` models long (4 lecture ones + new ones)."""
    lines = "".join(f'    ({n}, "{key}", "{label}", 0),\n'
                    for n, (key, label) in enumerate(rows[: count - 4], start=5))
    return (("db.py", LAST_MODEL, LAST_MODEL + lines),)


SWITCH = ("            conn.execute(\"UPDATE models SET active = CASE WHEN id = ? THEN 1 "
          "ELSE 0 END\",\n                         (model_id,))")
SWITCH_FIX: tuple[Edit, ...] = (
    ("db.py", SWITCH,
     '            # one row at a time: first none is active, then the new one is\n'
     '            conn.execute("UPDATE models SET active = 0 WHERE active = 1")\n'
     '            conn.execute("UPDATE models SET active = 1 WHERE id = ?", (model_id,))'),
)

REFERENCE = KEY_FROM_ENV + friendly(MESSAGES) + models(10) + SWITCH_FIX
STATUS_CHECKS = {s: (f"t3.{s}.json", f"t3.{s}.html", f"t3.{s}.bot") for s in MESSAGES}


# How to get the sandbox, for a test that needs it (the grader's own advice, in short).
INSTALL_BUBBLEWRAP = ("install bubblewrap (Debian/Ubuntu: sudo apt install bubblewrap, Fedora: "
                      "sudo dnf install bubblewrap) to run it")


def need_sandbox(isolation) -> None:
    """Skip on a laptop where the grader has no bubblewrap sandbox; fail in CI, which has it."""
    if isolation.sandboxed:
        return
    message = f"no bubblewrap sandbox here ({isolation.reason}): {INSTALL_BUBBLEWRAP}"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@functools.cache
def sandbox_here():
    """The isolation the grader finds on this machine (probed once per test process)."""
    from homework.grading.engine.grader import mp_context
    from homework.grading.sandbox import plan

    return plan.probe(mp_context())


def unsafe_without_sandbox() -> list[str]:
    """The grader's option to grade anyway where this machine has no sandbox (our own cases).

    A test of the command line's results, not of the sandbox, runs on a laptop too; in CI,
    which has bubblewrap, the sandbox is used.
    """
    return [] if sandbox_here().sandboxed else ["--unsafe-no-sandbox"]
