"""The bot's OpenRouter client: one function, `chat_once`, and one error, `OpenRouterError`.

As it stands at the end of the lecture. The homework tasks that change this file:
task 1 (the key) and task 3 (500, 502, 503 and 504). See homework.ipynb.
"""

import os
import time

import requests
from dotenv import load_dotenv

load_dotenv()  # settings from a .env file next to the bot, if there is one

# The lecture's endpoint. OPENROUTER_BASE_URL may override its base: the self-check and the
# grader point it at a local fake of OpenRouter. Leave it unset for the real service.
BASE_URL = os.getenv("OPENROUTER_BASE_URL") or "https://openrouter.ai/api/v1"
ENDPOINT = BASE_URL.rstrip("/") + "/chat/completions"

# Planted here for task 1. (The lecture's client read the key from the environment; what leaked
# on a slide was the .env file itself.) Never commit a real key!
OPENROUTER_API_KEY = "sk-or-v1-PASTE-YOUR-KEY-HERE"

# What the user reads for each HTTP status; anything else gets GENERIC.
FRIENDLY = {
    400: "Bad request format: check the model id and the message.",
    401: "The key was rejected: check OPENROUTER_API_KEY.",
    403: "No access to this model: pick another one with /models.",
    404: "Endpoint not found: check the URL.",
    429: "Free-model limits exceeded: try again later.",
}
GENERIC = "Service unavailable, try again later."
UNEXPECTED = "Unexpected answer from OpenRouter."  # 200, but not the answer's usual shape
# No answer at all means no HTTP status: 0 says so (a 503 would blame OpenRouter's servers).
NO_CONNECTION = "No connection to OpenRouter: check the internet connection or the proxy."
NO_ANSWER = "OpenRouter did not answer in time: try again, or ask a shorter question."

# The same in Russian, for COURSE_LANG=ru. A status missing here keeps its text from FRIENDLY.
FRIENDLY_RU = {
    400: "Неверный формат запроса: проверьте идентификатор модели и сообщение.",
    401: "Ключ отклонён: проверьте OPENROUTER_API_KEY.",
    403: "Нет доступа к этой модели: выберите другую в /models.",
    404: "Адрес не найден: проверьте URL.",
    429: "Исчерпан лимит запросов к бесплатным моделям: попробуйте позже.",
}
if os.getenv("COURSE_LANG", "").strip().lower() == "ru":
    FRIENDLY = {**FRIENDLY, **FRIENDLY_RU}
    GENERIC = "Сервис недоступен, попробуйте позже."
    NO_CONNECTION = "Нет связи с OpenRouter: проверьте подключение к интернету или прокси."
    NO_ANSWER = "OpenRouter не ответил вовремя: попробуйте ещё раз или задайте вопрос короче."
    UNEXPECTED = "OpenRouter прислал ответ в неожиданном формате."


class OpenRouterError(Exception):
    """A failed call: `status` (HTTP status) and `msg` (what to tell the user)."""

    def __init__(self, status, msg):
        super().__init__(status, msg)
        self.status = status
        self.msg = msg

    def __str__(self):
        return f"[{self.status}] {self.msg}"


def chat_once(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
    """Ask `model` once; return (answer text, latency in ms) or raise OpenRouterError."""
    if not OPENROUTER_API_KEY:
        raise OpenRouterError(401, FRIENDLY[401])
    headers = {"Authorization": f"Bearer {OPENROUTER_API_KEY}"}
    payload = {"model": model, "messages": messages,
               "temperature": temperature, "max_tokens": max_tokens}
    started = time.perf_counter()
    try:
        resp = requests.post(ENDPOINT, json=payload, headers=headers, timeout=timeout_s)
    except requests.Timeout:
        raise OpenRouterError(0, NO_ANSWER) from None
    except requests.RequestException:
        raise OpenRouterError(0, NO_CONNECTION) from None
    latency_ms = round((time.perf_counter() - started) * 1000)
    if resp.status_code != 200:
        raise OpenRouterError(resp.status_code, FRIENDLY.get(resp.status_code, GENERIC))
    try:
        text = resp.json()["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError):
        raise OpenRouterError(500, UNEXPECTED) from None
    return text, latency_ms
