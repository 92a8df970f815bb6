"""The reference, the starter, and realistic submissions with one typical mistake each."""

from __future__ import annotations

from homework_cases import (
    KEY_FROM_ENV,
    KEY_LINE,
    KEY_USE,
    MESSAGES,
    REFERENCE,
    STATUS_CHECKS,
    SWITCH_FIX,
    Case,
    fake_key,
    friendly,
    models,
)

T1 = ("t1.env_key", "t1.no_literal", "t1.missing_key")
T3_ALL = tuple(check for checks in STATUS_CHECKS.values() for check in checks)
T3_HTML = tuple(f"t3.{s}.html" for s in MESSAGES)
RUNNER_T2 = ("t2.count", "t2.keys", "t2.labels", "t2.one_active", "t2.switch_all")
BOT = ("t2.bot_models", "t2.bot_switch", *(f"t3.{s}.bot" for s in MESSAGES))
RUNNER_CLIENT = ("t1.env_key", "t1.missing_key", *(f"t3.{s}.{k}" for s in MESSAGES
                                                   for k in ("json", "html")))
KEY_DEFAULT = (
    ("openrouter_client.py", KEY_USE,
     '    key = os.getenv("OPENROUTER_API_KEY", OPENROUTER_API_KEY)\n'
     '    if not key:\n        raise OpenRouterError(401, FRIENDLY[401])\n'
     '    headers = {"Authorization": f"Bearer {key}"}'),
)
RUSSIAN = {
    500: "Внутренняя ошибка OpenRouter. Вы ни при чём: повторите через минуту.",
    502: "Провайдер модели не ответил. Повторите или выберите другую модель в /models.",
    503: "Сейчас эту модель никто не обслуживает. Подождите или смените модель.",
    504: "Модель отвечала слишком долго. Задайте вопрос короче или повторите позже.",
}
HTML_UNHANDLED = (
    ("openrouter_client.py",
     "        raise OpenRouterError(resp.status_code, FRIENDLY.get(resp.status_code, GENERIC))",
     '        detail = resp.json()["error"]["message"]  # a proxy\'s HTML page has no JSON\n'
     "        raise OpenRouterError(resp.status_code,\n"
     '                              FRIENDLY.get(resp.status_code, GENERIC) + " " + detail)'),
)
RETRIES = (
    ("openrouter_client.py",
     "        resp = requests.post(ENDPOINT, json=payload, headers=headers, timeout=timeout_s)",
     "        for attempt in range(3):  # a failing server often recovers at once\n"
     "            resp = requests.post(ENDPOINT, json=payload, headers=headers, "
     "timeout=timeout_s)\n"
     "            if resp.status_code < 500:\n                break\n"
     "            time.sleep(0.05 * (attempt + 1))"),
)
KEY_AT_IMPORT = (
    ("openrouter_client.py", KEY_LINE, 'OPENROUTER_API_KEY = os.getenv("OPENROUTER_API_KEY")\n\n'),
)
UNKNOWN_MODEL = (("db.py", "meta-llama/llama-3.3-70b-instruct:free", "openai/gpt-5-pro:free"),)
LECTURE_SWITCH = tuple(e for e in REFERENCE if e not in SWITCH_FIX)
WITHOUT_KEY_FIX = tuple(e for e in REFERENCE if e not in KEY_FROM_ENV)


def _with_messages(messages: dict[int, str]) -> tuple:
    """The reference with other 5xx messages."""
    base = friendly(MESSAGES)
    return tuple(e for e in REFERENCE if e not in base) + friendly(messages)


def _with_models(count: int) -> tuple:
    """The reference with `count` models."""
    base = models(10)
    return tuple(e for e in REFERENCE if e not in base) + models(count)


TWO_ACTIVE = (
    ("db.py", "CREATE UNIQUE INDEX IF NOT EXISTS ux_models_single_active ON models(active) "
              "WHERE active = 1;\n", ""),
    ("db.py", '"DeepSeek R1 (free)", 0)', '"DeepSeek R1 (free)", 1)'),
)
HARD_CODED = (("openrouter_client.py", "sk-or-v1-PASTE-YOUR-KEY-HERE", fake_key()),)
SYNTAX_ERROR = (("openrouter_client.py", "max_tokens=400, timeout_s=30):",
                 "max_tokens=400, timeout_s=30)"),)
EMPTY_LABEL = (("db.py", '"Gemma 3 27B (free)"', '""'),)
CUT_AT_4 = (("bot.py", "for m in db.list_models()]", "for m in db.list_models()[:4]]"),)
# One generic sentence, a random tag each (so no two are the same): explains nothing.
GENERIC = {status: f"Something went wrong, try again later [{tag}]"
           for status, tag in zip(MESSAGES, ("x7f2", "q1w9", "zz3k", "m0n8"), strict=True)}
# /models in other layouts: a ✓ for the active one; "1) label — key"; nine padded to ten.
MODELS_LINE = "f\"{'★' if m['active'] else ' '} {m['id']}. {m['label']} [{m['key']}]\""
CHECKMARK = (("bot.py", "{'★' if m['active'] else ' '}", "{'✓' if m['active'] else ' '}"),)
REFORMATTED = (("bot.py", MODELS_LINE, "f\"{m['id']}) {m['label']} — {m['key']}\" "
                "+ (' (active)' if m['active'] else '')"),)
MODELS_REPLY = ('bot.reply_to(message, say("models_title") + "\\n" + "\\n".join(lines) + '
                '"\\n\\n" + say("activate"))')
PADDED = (("bot.py", MODELS_REPLY, MODELS_REPLY.replace(
    '"\\n".join(lines)', '"\\n".join(lines + ["  10. Mistral Large (free) '
                          '[mistralai/mistral-large-2411:free]"])')),)
# A key the file scan cannot read (built by code), used when the variable is not set.
HIDDEN_KEY = (("openrouter_client.py", KEY_LINE,
               'OPENROUTER_API_KEY = "".join(chr(c) for c in '
               f'{[ord(c) for c in "sk-or-v1-" + "5a" * 32]})\n\n'),)
SPLIT_KEY = (("openrouter_client.py", '"sk-or-v1-PASTE-YOUR-KEY-HERE"',
              '"sk-or-" + "v1-" + "' + "5a" * 32 + '"'),)
# Retries that wait 10, 20, 40 s on a 5xx: each call hangs past the grader's step timeout.
SLOW_BACKOFF = (
    ("openrouter_client.py",
     "        resp = requests.post(ENDPOINT, json=payload, headers=headers, timeout=timeout_s)",
     "        for attempt in range(3):  # the server may recover: wait longer every time\n"
     "            resp = requests.post(ENDPOINT, json=payload, headers=headers, "
     "timeout=timeout_s)\n"
     "            if resp.status_code < 500:\n                break\n"
     "            time.sleep(10 * 2 ** attempt)"),
)

CASES = (
    Case("reference", REFERENCE, 100),
    Case("starter", (), 0, (*T1, *RUNNER_T2, "t2.bot_models", "t2.bot_switch", *T3_ALL)),
    Case("nine_models", _with_models(9), 89, ("t2.count", "t2.bot_models")),
    Case("eleven_models", _with_models(11), 89, ("t2.count", "t2.bot_models")),
    Case("two_active", REFERENCE + TWO_ACTIVE, 98, ("t2.one_active",)),
    Case("lecture_switch", LECTURE_SWITCH, 80, ("t2.switch_all", "t2.bot_switch")),
    Case("generic_5xx", _with_messages(GENERIC), 60, T3_ALL),
    Case("same_502_503", _with_messages({**MESSAGES, 503: MESSAGES[502]}), 80,
         STATUS_CHECKS[502] + STATUS_CHECKS[503]),
    Case("html_unhandled", REFERENCE + HTML_UNHANDLED, 88, T3_HTML),
    Case("key_hardcoded", WITHOUT_KEY_FIX + HARD_CODED, 80, T1),
    Case("key_default_literal", WITHOUT_KEY_FIX + KEY_DEFAULT, 88,
         ("t1.no_literal", "t1.missing_key")),
    Case("key_literal_left", REFERENCE[1:], 96, ("t1.no_literal",)),
    Case("syntax_error", REFERENCE + SYNTAX_ERROR, 34, (*RUNNER_CLIENT, *BOT)),
    Case("missing_db", REFERENCE, 48, (*RUNNER_T2, *BOT), remove=("db.py",)),
    Case("empty_label", REFERENCE + EMPTY_LABEL, 98, ("t2.labels",)),
    Case("unknown_model", REFERENCE + UNKNOWN_MODEL, 95, ("t2.keys",)),
    Case("models_cut_at_4", REFERENCE + CUT_AT_4, 95, ("t2.bot_models",)),
    Case("key_at_import", WITHOUT_KEY_FIX + KEY_AT_IMPORT, 100),
    Case("retries", REFERENCE + RETRIES, 100),
    Case("russian", _with_messages(RUSSIAN), 100),
    Case("models_checkmark", REFERENCE + CHECKMARK, 100),
    Case("models_reformatted", REFERENCE + REFORMATTED, 100),
    Case("models_padded", _with_models(9) + PADDED, 89, ("t2.count", "t2.bot_models")),
    Case("key_hidden", WITHOUT_KEY_FIX + HIDDEN_KEY + KEY_DEFAULT, 88,
         ("t1.no_literal", "t1.missing_key")),
    Case("key_split", REFERENCE[1:] + SPLIT_KEY, 96, ("t1.no_literal",)),
)
# Slow to grade (each 5xx call hangs until its timeout): graded by the tests, not the benchmark.
SLOW_CASES = (
    Case("slow_backoff", REFERENCE + SLOW_BACKOFF, 60, T3_ALL),
)
