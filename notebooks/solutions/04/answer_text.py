from course_lib.openrouter_client import OpenRouterError


def status_of(error: object) -> int:
    """The status an error object carries in `code`, or 502 (the provider failed)."""
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, int) else 502


def answer_text(data: dict) -> str:
    """The answer's text from the JSON of a 200 OK, or OpenRouterError for the error inside."""
    if "error" in data:
        error = data["error"]
        words = error.get("message", "") if isinstance(error, dict) else str(error)
        raise OpenRouterError(status_of(error), f"OpenRouter reported an error: {words}")
    choices = data.get("choices")
    if not choices:
        raise OpenRouterError(500, "OpenRouter's answer has no choices.")
    choice = choices[0]
    if choice.get("finish_reason") == "error":
        error = choice.get("error") or {}
        words = error.get("message", "no reason given")
        raise OpenRouterError(status_of(error), f"The model broke off its answer: {words}")
    return choice["message"]["content"]
