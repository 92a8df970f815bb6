from course_lib.exercises import yours

list_models = yours("03.list_models")


def models_reply(conn) -> str:
    """The /models text: a title, one line per model (the active one starred), the hint."""
    lines = ["Models (★ = active):"]  # first: Telegram trims the blanks a message starts with
    for model in list_models(conn):
        mark = "★" if model["active"] else " "
        lines.append(f"{mark} {model['id']}. {model['label']} [{model['key']}]")
    lines.append("activate: /model <ID>")
    return "\n".join(lines)
