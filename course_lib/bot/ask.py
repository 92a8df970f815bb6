"""/ask <question>: one question to the active model through OpenRouter (COURSE_BRIEF item 10).

The reply is the answer and then the lecture's status line `(N ms; model: <key>)`. A failed
call is an `OpenRouterError` whose message already explains the failure to a user (each of
500, 502, 503 and 504 has its own), so it is relayed as it is. A question longer than 600
characters is cut, as in the lecture, and the reply says so on its first line.
"""

from __future__ import annotations

import logging

from course_lib import db, openrouter_client
from course_lib.bot.commands import BadInput, usage
from course_lib.bot.request import Request
from course_lib.openrouter_errors import OpenRouterError
from course_lib.texts import t

log = logging.getLogger(__name__)

QUESTION_MAX_CHARS = 600  # the lecture's cut: a long paste costs tokens and rarely helps
TEMPERATURE = 0.2  # low: the model follows the system prompt more closely
MAX_TOKENS = 400  # a short answer: a few hundred words, about one Telegram message


def build_messages(question: str) -> list[dict[str, str]]:
    """The chat messages for a question: the system prompt and the question, cut to 600."""
    return [{"role": "system", "content": t("bot.ask.system")},
            {"role": "user", "content": question[:QUESTION_MAX_CHARS]}]


def _show_typing(req: Request) -> None:
    """Tell the front end a slow call starts; a failure there must not cost the answer."""
    try:
        req.on_slow()
    except Exception:  # "typing…" is cosmetic: log it and go on
        log.warning("bot: the on_slow callback failed", exc_info=True)


def ask(req: Request) -> str:
    """/ask <question>: the active model's answer, with the latency and the model's key."""
    if not req.args:
        raise BadInput(usage("ask"))
    key = db.get_active_model(req.db_path)["key"]
    messages = build_messages(req.args)
    _show_typing(req)
    # Cut silently, the answer would seem to ignore the end of the question: say it.
    cut = (t("bot.ask.cut", length=len(req.args), max=QUESTION_MAX_CHARS) + "\n\n"
           if len(req.args) > QUESTION_MAX_CHARS else "")
    try:
        answer, latency_ms = openrouter_client.chat_once(
            messages, model=key, temperature=TEMPERATURE, max_tokens=MAX_TOKENS)
    except OpenRouterError as error:
        return cut + t("bot.ask.error", error=str(error))
    # A blank line before the status line: if the answer needs several messages, the split
    # prefers that paragraph break, so the status line stays at the end of the last one.
    return cut + answer.strip() + "\n\n" + t("bot.ask.footer", ms=latency_ms, model=key)
