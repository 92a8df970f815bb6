"""Task 3, an explanation for each of 500, 502, 503 and 504: from the client and from the bot.

An explanation counts if it is the student's own explanation of its status. Compared after
dropping numbers, JSON and HTML, and the server's own words (OpenRouter's messages, the HTTP
reason phrases, "nginx"): it has at least three words, differs from the generic fallback (what
the code says for status 599, which no one handles) and from the explanation of each other of
the four statuses, is not a copy of the course's own text (`explanations.copied`), and says
what the status means for an OpenRouter call and what the user can do (`explanations.missing`).

Client checks (JSON body, and a proxy's HTML page): chat_once raised OpenRouterError with the
server's status, after a request really reached the fake. What chat_once raised is reported
by the checks runner inside the student's process (see `engine/runner.py` for what that
means). Bot check: the /ask reply the bot sent to Telegram, compared with its other /ask
replies, seen from outside.
"""

from __future__ import annotations

from homework.grading import explanations
from homework.grading.checks_task2 import bot_problem
from homework.grading.engine.runner_steps import FALLBACK, STATUSES, case_name
from homework.grading.explanations import normalise
from homework.grading.verdicts import (
    Text,
    Verdict,
    import_problem,
    is_openrouter_error,
    not_checked,
    outcome,
    quote,
)

MIN_WORDS = 3
__all__ = ["VERDICTS", "normalise", "specific"]


def specific(status: int, texts: dict[int, str | None], fallback: str | None) -> Verdict:
    """None if the text for `status` is its own explanation, else the hint why not."""
    mine = normalise(texts[status] or "")
    shown = quote(texts[status])
    # The fallback first: it says why, however short (the starter's Russian one is two words).
    if fallback is not None and mine == normalise(fallback):
        return Text("t3.fallback", {"msg": shown, "status": status})
    if len(mine.split()) < MIN_WORDS:
        return Text("t3.short", {"msg": shown})
    for other in STATUSES:
        if other != status and texts.get(other) is not None and \
                normalise(texts[other]) == mine:
            return Text("t3.same", {"msg": shown, "other": other})
    if explanations.copied(texts[status]):
        return Text("t3.copied", {"msg": shown, "status": status})
    lacking = explanations.missing(status, texts[status])
    return Text(f"t3.no_{lacking}", {"msg": shown, "status": status}) if lacking else None


def _message(answer: dict) -> str:
    """The friendly message of a raised OpenRouterError: `msg`, else its text."""
    return answer.get("msg") or answer.get("text") or ""


def _client_texts(errors: dict, kind: str) -> tuple[dict[int, str | None], str | None]:
    """Each status's message (if it raised the right OpenRouterError), and the fallback's."""
    texts = {}
    for status in STATUSES:
        answer = errors[case_name(status, kind == "html")]["answer"]
        texts[status] = _message(answer) if is_openrouter_error(answer, status) else None
    last = errors[case_name(FALLBACK, kind == "html")]["answer"]
    fallback = _message(last) if last.get("outcome") == "raised" else None
    return texts, fallback


def client(status: int, kind: str, observations: dict) -> Verdict:
    """chat_once against a `kind` ("json" or "html") error with `status`."""
    problem = import_problem(observations, "openrouter_client")
    if problem:
        return problem
    errors = observations["runner"]["errors"]
    seen = errors[case_name(status, kind == "html")]
    skipped = not_checked(seen["answer"])
    if skipped:
        return skipped
    if not seen["requests"]:
        return Text("t3.no_request")
    answer = seen["answer"]
    if answer.get("outcome") != "raised" or "OpenRouterError" not in answer.get("classes", []):
        return Text("t3.not_error", {"status": status, "outcome": outcome(answer)})
    if answer.get("status") != status:
        return Text("t3.status", {"status": status, "got": answer.get("status")})
    return specific(status, *_client_texts(errors, kind))


def bot(status: int, observations: dict) -> Verdict:
    """The bot's /ask reply while its OpenRouter answers `status`."""
    problem = bot_problem(observations)
    if problem:
        return problem
    replies = observations["bot"].get("errors")
    if replies is None:
        return Text("bot_silent", {"command": "/models, /ask"})
    if replies[str(status)] is None:
        return Text("t3.bot_no_reply", {"status": status})
    texts = {s: replies[str(s)] for s in STATUSES}
    return specific(status, texts, replies[str(FALLBACK)])


def _verdicts() -> dict:
    """A verdict function for every task 3 check id."""
    found = {}
    for status in STATUSES:
        for kind in ("json", "html"):
            found[f"t3.{status}.{kind}"] = (
                lambda obs, static, s=status, k=kind: client(s, k, obs))
        found[f"t3.{status}.bot"] = lambda obs, static, s=status: bot(s, obs)
    return found


VERDICTS = _verdicts()
