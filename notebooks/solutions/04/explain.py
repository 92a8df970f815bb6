import json

MESSAGES = {
    400: "OpenRouter could not use the request: check the model id and the parameters.",
    401: "OpenRouter does not accept the key: check OPENROUTER_API_KEY in .env.",
    402: "Not enough credits for this model: pick a :free model, or add credits.",
    403: "Refused: the model's moderation flagged the question, or the key may not use it.",
    404: "Not found: check the model id, OPENROUTER_BASE_URL, and for free models the privacy "
         "setting.",
    408: "OpenRouter stopped waiting for the model: try again, or ask for a shorter answer.",
    429: "Too many requests for now: wait a minute, then try again.",
}
FALLBACK = "OpenRouter is unavailable (HTTP {status}): try again later."


def explain(status: int, body: str) -> str:
    """What to tell the user about a failed call: the status explained, and OpenRouter's words."""
    text = MESSAGES.get(status, FALLBACK.format(status=status))
    try:
        data = json.loads(body)
    except ValueError:  # an HTML page from a proxy, an empty body, a body cut off
        return text
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and error.get("message"):
        text += f' (OpenRouter: "{error["message"]}")'
    return text
