"""Task 1, the key from the environment: verdicts from what the fake OpenRouter received.

- env_key: with a random key in OPENROUTER_API_KEY (new every run), every request chat_once
  sent carried exactly that key as `Authorization: Bearer …`; so did every request of the
  bot's /ask, whose process has a key of its own;
- no_literal: no key-shaped text in the files (`static_scan`, which also folds strings glued
  together and decodes base64 and hex); no key-shaped key of the code's own in a request the
  fake received (with the variable unset, or set to the grader's key), however it was hidden;
  no key-shaped text in the modules' variables after import (strings joined at import);
- missing_key: with the variable unset, chat_once raised OpenRouterError(401), and the fake
  received no request at all.
"""

from __future__ import annotations

from homework.grading.verdicts import (
    Text,
    Verdict,
    import_problem,
    is_openrouter_error,
    not_checked,
    outcome,
    quote,
)


def _call(observations: dict, name: str) -> tuple[dict, Verdict]:
    """One chat_once call the runner made (`chat_key`, `no_key`), or why it cannot be judged."""
    problem = import_problem(observations, "openrouter_client")
    if problem:
        return {}, problem
    seen = observations["runner"][name]
    return seen, not_checked(seen["answer"])


# What a request's Authorization carried, and the hint for it (a key of the code's own counts
# as any other wrong key here; `no_literal` names it).
WRONG_AUTH = {"own_key": "env_key.other", "other": "env_key.other", "none": "env_key.none",
              "grader_key_malformed": "env_key.malformed"}


def env_key(observations: dict, static: dict) -> Verdict:
    """The request carried the grader's key from the environment."""
    seen, problem = _call(observations, "chat_key")
    if problem:
        return problem
    if not seen["requests"]:
        return Text("env_key.no_request", {"outcome": outcome(seen["answer"])})
    # The bot's /ask is a second run with a key of its own: the same key rule holds there.
    bot_auth = (observations.get("bot") or {}).get("ask_auth") or []
    for kind, hint in WRONG_AUTH.items():
        if kind in seen["auth"] or kind in bot_auth:
            return Text(hint)
    return None


def _shown(items: list[str]) -> str:
    """The first few of `items`, comma-separated."""
    return ", ".join(quote(item, 80) for item in items[:5]) + (" …" if len(items) > 5 else "")


def no_literal(observations: dict, static: dict) -> Verdict:
    """No key in the files, in a request of the code's own, or in the modules' variables."""
    places = static.get("places") or []
    if places:
        return Text("no_literal", {"places": _shown(places)})
    runner = observations.get("runner") or {}
    if "own_key" in (runner.get("no_key") or {}).get("auth", []):
        return Text("no_literal.request")
    if "own_key" in (runner.get("chat_key") or {}).get("auth", []):
        return Text("no_literal.request_other")
    names = runner.get("key_shaped") or []
    return Text("no_literal.variables", {"names": _shown(names)}) if names else None


def missing_key(observations: dict, static: dict) -> Verdict:
    """No key: OpenRouterError(401), and no request reached the fake."""
    seen, problem = _call(observations, "no_key")
    if problem:
        return problem
    if seen["requests"]:
        return Text("missing_key.sent", {"count": seen["requests"]})
    if not is_openrouter_error(seen["answer"], 401):
        return Text("missing_key.wrong", {"outcome": outcome(seen["answer"])})
    return None


VERDICTS = {"t1.env_key": env_key, "t1.no_literal": no_literal, "t1.missing_key": missing_key}
