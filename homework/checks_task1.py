"""Task 1, the key from the environment: verdicts from what the fake OpenRouter received.

- env_key: with a random key in OPENROUTER_API_KEY (new every run), every request chat_once
  sent carried exactly that key as `Authorization: Bearer …`;
- no_literal: no key-shaped text in the files (`static_scan`);
- missing_key: with the variable unset, chat_once raised OpenRouterError(401), and the fake
  received no request at all.
"""

from __future__ import annotations

from homework.verdicts import Text, Verdict, import_problem, is_openrouter_error, outcome


def env_key(observations: dict, static: dict) -> Verdict:
    """The request carried the grader's key from the environment."""
    problem = import_problem(observations, "openrouter_client")
    if problem:
        return problem
    seen = observations["runner"]["chat_key"]
    if not seen["requests"]:
        return Text("env_key.no_request", {"outcome": outcome(seen["answer"])})
    for kind in ("other", "none", "grader_key_malformed"):
        if kind in seen["auth"]:
            return Text("env_key." + kind.replace("grader_key_", ""))
    return None


def no_literal(observations: dict, static: dict) -> Verdict:
    """No key-shaped text anywhere in the submission."""
    places = static.get("places") or []
    if not places:
        return None
    shown = ", ".join(places[:5]) + (" …" if len(places) > 5 else "")
    return Text("no_literal", {"places": shown})


def missing_key(observations: dict, static: dict) -> Verdict:
    """No key: OpenRouterError(401), and no request reached the fake."""
    problem = import_problem(observations, "openrouter_client")
    if problem:
        return problem
    seen = observations["runner"]["no_key"]
    if seen["requests"]:
        return Text("missing_key.sent", {"count": seen["requests"]})
    if not is_openrouter_error(seen["answer"], 401):
        return Text("missing_key.wrong", {"outcome": outcome(seen["answer"])})
    return None


VERDICTS = {"t1.env_key": env_key, "t1.no_literal": no_literal, "t1.missing_key": missing_key}
