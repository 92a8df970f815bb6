from course_lib.openrouter_client import OpenRouterError

SYSTEM_PROMPT = ("Answer briefly and to the point. Make technical answers correct and give "
                 "them as numbered points.")


def ask_reply(question: str, key: str, chat) -> str:
    """The reply of /ask: the model's answer with the latency and the model, or the error."""
    if not question:
        return "Usage: /ask <question>"
    messages = [{"role": "system", "content": SYSTEM_PROMPT},
                {"role": "user", "content": question[:600]}]  # a long paste costs tokens
    try:
        answer, latency_ms = chat(messages, model=key, temperature=0.2, max_tokens=400)
    except OpenRouterError as error:  # str(error) is "[status] message"
        return f"Error: {error}"
    except Exception:  # anything else: the user still gets an answer
        return "Unexpected error"
    return f"{answer[:4000]}\n\n({latency_ms} ms; model: {key})"  # under Telegram's 4096
