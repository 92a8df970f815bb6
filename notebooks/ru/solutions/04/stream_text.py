import json

from course_lib.openrouter_client import OpenRouterError


def stream_text(lines: list[str]) -> str:
    """Текст ответа из строк потокового ответа (server-sent events)."""
    pieces = []
    for line in lines:
        if not line.startswith("data: "):
            continue  # пустые разделители и комментарии ": OPENROUTER PROCESSING"
        data = line[len("data: "):]
        if data == "[DONE]":
            break
        event = json.loads(data)
        if "error" in event:
            error = event["error"]
            code = error.get("code")
            raise OpenRouterError(code if isinstance(code, int) else 502,
                                  f"Поток оборвался: {error.get('message')}")
        for choice in event.get("choices") or []:
            pieces.append(choice.get("delta", {}).get("content") or "")
    return "".join(pieces)
