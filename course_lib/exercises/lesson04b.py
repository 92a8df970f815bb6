"""Checks of lesson 04b added to lesson04's CHECKS: a prediction (lab_requests) and cost_usd.

`cost_usd(prompt_tokens, completion_tokens, pricing)` is checked with prices as OpenRouter's
catalog gives them (strings, per token, with prices for things a chat request never uses).
This module must not import lesson04 (lesson04 imports it).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from course_lib.exercises.engine import Texts, Wrong, call, need_function, prediction, say, shown

TEXTS: Texts = {
    # the prediction: how many requests the lab sees for 503, 503, 200
    "why.lab_requests": {
        "en": "The first try and two retries: each one is a whole new request, and the lab "
              "answered the third.",
        "ru": "Первая попытка и два повтора — это три отдельных запроса, и на третий "
              "заглушка OpenRouter ответила."},
    # cost_usd
    "cost.ok": {"en": "cost_usd: {n:answer|answers} priced, prices read from strings, other prices "
                      "left out, nothing rounded.",
                "ru": "cost_usd: все ответы ({n}) оценены: цены прочитаны из строк, лишние цены "
                      "не учтены, ничего не округлено."},
    "cost.type": {"en": "{call} returned {got}, a {kind}: return the cost in dollars, a float.",
                  "ru": "{call} вернула {got} типа {kind}: нужна стоимость в долларах, float."},
    "cost.value": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "cost.hint.basic": {"en": "Prompt tokens times the prompt price, plus completion tokens times "
                              "the completion price.",
                        "ru": "Токены запроса умножьте на цену токена запроса, токены ответа — "
                              "на цену токена ответа, и сложите."},
    "cost.hint.strings": {"en": "The catalog's prices are strings: turn each into a number "
                                "(float) before multiplying.",
                          "ru": "Цены в каталоге — строки: превратите каждую в число (float) "
                                "перед умножением."},
    "cost.hint.others": {"en": "Only the \"prompt\" and \"completion\" prices count; images, web "
                               "search and the rest are for things a chat request never sends.",
                         "ru": "Считаются только цены \"prompt\" и \"completion\"; картинки, "
                               "веб-поиск и прочее — для того, чего чат-запрос не отправляет."},
    "cost.hint.round": {"en": "Do not round: one answer costs far less than a cent.",
                        "ru": "Не округляйте: один ответ стоит гораздо меньше цента."},
}

check_lab_requests = prediction(TEXTS, "why.lab_requests")

# --- cost_usd ---------------------------------------------------------------------------------

GPT_4O_MINI = {"prompt": "0.00000015", "completion": "0.0000006", "request": "0",
               "image": "0.000217", "web_search": "0", "internal_reasoning": "0",
               "input_cache_read": "0.000000075"}
FREE = {"prompt": "0", "completion": "0", "request": "0", "image": "0", "web_search": "0",
        "internal_reasoning": "0"}
SEARCHING = {"prompt": "0.000003", "completion": "0.000015", "request": "0",
             "image": "0.0048", "web_search": "0.01", "internal_reasoning": "0"}
TWO = {"prompt": "0.000002", "completion": "0.000008"}

# (prompt tokens, completion tokens, pricing, cost, hint)
COSTS: list[tuple[int, int, dict, float, str]] = [
    (1200, 300, TWO, 1200 * 0.000002 + 300 * 0.000008, "basic"),
    (100, 0, TWO, 100 * 0.000002, "basic"),
    (7, 3, {"prompt": "0.00000015", "completion": "0.0000006"}, 7 * 0.00000015 + 3 * 0.0000006,
     "round"),
    (10, 71, GPT_4O_MINI, 10 * 0.00000015 + 71 * 0.0000006, "others"),
    (350, 120, SEARCHING, 350 * 0.000003 + 120 * 0.000015, "others"),
    (500, 800, FREE, 0.0, "basic"),
]


def check_cost_usd(function: Callable) -> str:
    """The student's `cost_usd(prompt_tokens, completion_tokens, pricing)` on catalog prices."""
    need_function(function, "cost_usd")
    for prompt, completion, pricing, cost, case in COSTS:
        hint = say(TEXTS, f"cost.hint.{case}")
        written = f"cost_usd({prompt}, {completion}, {brief(pricing)})"
        got = call(function, "cost_usd", prompt, completion, dict(pricing), hint=hint)
        if isinstance(got, str):
            raise Wrong(say(TEXTS, "cost.type", call=written, got=shown(got),
                            kind=type(got).__name__), say(TEXTS, "cost.hint.strings"))
        if not isinstance(got, (int, float)) or isinstance(got, bool):
            raise Wrong(say(TEXTS, "cost.type", call=written, got=shown(got),
                            kind=type(got).__name__), hint)
        if not math.isclose(got, cost, rel_tol=1e-9, abs_tol=1e-15):
            raise Wrong(say(TEXTS, "cost.value", call=written, got=shown(got)), hint)
    return say(TEXTS, "cost.ok", n=len(COSTS))


def brief(pricing: dict) -> str:
    """Prices as a verdict names them: prompt and completion, the rest as …."""
    shown_part = ", ".join(f"{key!r}: {pricing[key]!r}" for key in ("prompt", "completion"))
    return "{" + shown_part + (", …}" if len(pricing) > 2 else "}")
