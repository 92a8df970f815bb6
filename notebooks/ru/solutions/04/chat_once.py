# ruff: noqa: F821  (explain и answer_text — ваши, из упражнений 1 и 2 выше)
import time

import requests

from course_lib import config
from course_lib.openrouter_client import OpenRouterError


def chat_once(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
    """Спросить `model` один раз; вернуть (текст ответа, задержку в мс)."""
    key = config.openrouter_key()  # читаем при каждом вызове: новый ключ работает сразу
    if not key:
        raise OpenRouterError(401, "Нет ключа OpenRouter: задайте OPENROUTER_API_KEY в .env.")
    url = config.openrouter_base_url() + "/chat/completions"
    headers = {"Authorization": f"Bearer {key}"}
    payload = {"model": model, "messages": messages, "temperature": temperature,
               "max_tokens": max_tokens}
    started = time.perf_counter()
    resp = requests.post(url, json=payload, headers=headers, timeout=timeout_s)
    latency_ms = round((time.perf_counter() - started) * 1000)
    if not 200 <= resp.status_code < 300:
        raise OpenRouterError(resp.status_code, explain(resp.status_code, resp.text))
    return answer_text(resp.json()), latency_ms
