import time

from course_lib.openrouter_client import OpenRouterError

TRANSIENT = {408, 429, 500, 502, 503, 504}  # тот же запрос может пройти мгновение спустя
MAX_RETRY_AFTER_S = 10  # если сервер просит ждать дольше, не повторяем: скажем пользователю


def with_retries(call, *, retries=2, base_s=0.5, cap_s=8.0, sleep=time.sleep):
    """Вернуть call(); после временной OpenRouterError подождать и повторить, `retries` раз."""
    for attempt in range(retries + 1):
        try:
            return call()
        except OpenRouterError as error:
            if error.status not in TRANSIENT or attempt == retries:
                raise
            delay = min(base_s * 2**attempt, cap_s)
            if error.retry_after is not None:
                if error.retry_after > MAX_RETRY_AFTER_S:
                    raise
                delay = error.retry_after
            sleep(delay)
