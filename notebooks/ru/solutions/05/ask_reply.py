from course_lib.exercises import yours
from course_lib.openrouter_client import OpenRouterError

get_active_model = yours("03.get_active_model")
chat_once, with_retries = yours("04.chat_once", "04.with_retries")
SYSTEM_PROMPT = ("Отвечай кратко и по делу. Технические ответы давай корректные и по "
                 "пунктам, с нумерацией.")


def ask_reply(question: str, conn) -> str:
    """Ответ на /ask: ответ активной модели с задержкой и именем модели или ошибка."""
    if not question:
        return "Использование: /ask <вопрос>"
    key = get_active_model(conn)["key"]
    messages = [{"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": question[:600]}]  # длинная вставка стоит токенов
    try:
        answer, latency_ms = with_retries(lambda: chat_once(messages, model=key))
    except OpenRouterError as error:  # str(error) — это "[status] message"
        return f"Ошибка: {error}"
    except Exception:  # всё остальное: пользователь всё равно получит ответ
        return "Непредвиденная ошибка"
    return f"{answer[:4000]}\n\n({latency_ms} мс; модель: {key})"  # меньше 4096 у Telegram
