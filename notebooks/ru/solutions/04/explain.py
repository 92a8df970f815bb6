import json

MESSAGES = {
    400: "OpenRouter не смог обработать запрос: проверьте идентификатор модели и параметры.",
    401: "OpenRouter не принимает ключ: проверьте OPENROUTER_API_KEY в .env.",
    402: "Не хватает кредитов для этой модели: выберите модель :free или пополните счёт.",
    403: "Отказ: вопрос не прошёл модерацию модели, или этому ключу модель недоступна.",
    404: "Не найдено: проверьте идентификатор модели, OPENROUTER_BASE_URL, а для бесплатных "
         "моделей — настройку приватности.",
    408: "OpenRouter не дождался ответа модели: повторите запрос или попросите ответ покороче.",
    429: "Слишком много запросов: подождите минуту и повторите.",
}
FALLBACK = "OpenRouter недоступен (HTTP {status}): попробуйте позже."


def explain(status: int, body: str) -> str:
    """Что сказать пользователю о неудачном вызове: объяснение статуса и слова OpenRouter."""
    text = MESSAGES.get(status, FALLBACK.format(status=status))
    try:
        data = json.loads(body)
    except ValueError:  # HTML-страница прокси, пустое тело, оборванное тело
        return text
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and error.get("message"):
        text += f' (OpenRouter: «{error["message"]}»)'
    return text
