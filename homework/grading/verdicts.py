"""The pieces every check uses: a translatable text, a verdict, and how a call ended.

A check's verdict is `None` (passed) or a `Text`: the hint, kept as a key and its fields, so
the same result can be shown in English and Russian.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from homework.grading.texts import t

QUOTE_LIMIT = 160  # characters of the student's own text quoted in a hint
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Text:
    """A text key and its fields; a field may itself be a Text."""

    key: str
    fields: dict = field(default_factory=dict)

    def render(self, lang: str | None = None) -> str:
        """The text in `lang`, nested texts rendered too."""
        values = {k: v.render(lang) if isinstance(v, Text) else v for k, v in self.fields.items()}
        return t(self.key, lang, **values)


Verdict = Text | None  # None: the check passed


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """A student's text made safe to show: one line, no control characters, cut short."""
    text = CONTROL.sub(" ", str(value or "")).replace("\n", " ").strip()
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def no_answer(answer: dict | None) -> str:
    """'timeout' or 'dead' if a call gave no answer, else ''."""
    if not answer or answer.get("timeout"):
        return "timeout"
    return "dead" if answer.get("dead") else ""


def not_checked(answer: dict | None) -> Verdict:
    """The hint for a call that was never made (the runner was given up), else None."""
    if not answer or not answer.get("skipped"):
        return None
    if answer.get("deadline"):
        return Text("not_checked.deadline")
    calls = ", ".join(quote(call, 40) for call in (answer.get("lost") or [])[:4])
    return Text("not_checked.stopped", {"group": Text(f"group.{answer.get('group')}"),
                                        "calls": calls or "?"})


def outcome(answer: dict | None) -> Text:
    """How a call to the student's code ended, in words."""
    if answer and answer.get("skipped"):
        return Text("outcome.skipped")
    why = no_answer(answer)
    if why:
        return Text(f"outcome.{why}")
    if answer.get("outcome") == "returned":
        return Text("outcome.returned")
    if answer.get("outcome") == "raised":
        if answer.get("status") is not None:
            return Text("outcome.raised_status", {"type": quote(answer.get("type"), 60),
                                                  "status": answer["status"]})
        return Text("outcome.raised", {"type": quote(answer.get("type"), 60),
                                       "text": quote(answer.get("text"))})
    return Text("outcome.failed", {"error": quote(answer.get("error"))})


def is_openrouter_error(answer: dict | None, status: int) -> bool:
    """Whether a call raised OpenRouterError (by class name) with this status."""
    return bool(answer) and answer.get("outcome") == "raised" and \
        "OpenRouterError" in (answer.get("classes") or []) and answer.get("status") == status


def import_problem(observations: dict, module: str) -> Verdict:
    """The hint if the checks runner could not import `module` (None if it could)."""
    imported = (observations.get("runner") or {}).get("import")
    why = no_answer(imported)
    if why:
        return Text("no_answer", {"why": Text(f"outcome.{why}"), "what": "import"})
    entry = imported.get(module) or {}
    if entry.get("ok"):
        return None
    return Text("import_failed", {"module": module, "error": quote(entry.get("error"))})
