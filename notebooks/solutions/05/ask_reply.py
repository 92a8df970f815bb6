from course_lib.exercises import yours
from course_lib.openrouter_client import OpenRouterError

get_active_model = yours("03.get_active_model")
chat_once, with_retries = yours("04.chat_once", "04.with_retries")
SYSTEM_PROMPT = ("Answer briefly and to the point. Make technical answers correct and give "
                 "them as numbered points.")


def ask_reply(question: str, conn) -> str:
    """The reply of /ask: the active model's answer with the latency and the model, or the error."""
    if not question:
        return "Usage: /ask <question>"
    key = get_active_model(conn)["key"]
    messages = [{"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": question[:600]}]  # a long paste costs tokens
    try:
        answer, latency_ms = with_retries(lambda: chat_once(messages, model=key))
    except OpenRouterError as error:  # str(error) is "[status] message"
        return f"Error: {error}"
    except Exception:  # anything else: the user still gets an answer
        return "Unexpected error"
    return f"{answer[:4000]}\n\n({latency_ms} ms; model: {key})"  # under Telegram's 4096
