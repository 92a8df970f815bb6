from course_lib.openrouter_client import OpenRouterError


def status_of(error: object) -> int:
    """Статус, который объект ошибки несёт в `code`, или 502 (сбой у провайдера)."""
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, int) else 502


def answer_text(data: dict) -> str:
    """Текст из JSON ответа 200 OK или OpenRouterError для ошибки внутри."""
    if "error" in data:
        error = data["error"]
        words = error.get("message", "") if isinstance(error, dict) else str(error)
        raise OpenRouterError(status_of(error), f"OpenRouter сообщил об ошибке: {words}")
    choices = data.get("choices")
    if not choices:
        raise OpenRouterError(500, "В ответе OpenRouter нет choices.")
    choice = choices[0]
    if choice.get("finish_reason") == "error":
        error = choice.get("error") or {}
        words = error.get("message", "причина не указана")
        raise OpenRouterError(status_of(error), f"Модель оборвала ответ: {words}")
    return choice["message"]["content"]
