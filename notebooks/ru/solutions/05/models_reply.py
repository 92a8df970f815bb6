from course_lib.exercises import yours

list_models = yours("03.list_models")


def models_reply(conn) -> str:
    """Текст /models: заголовок, по строке на модель (активная со звёздочкой), подсказка."""
    lines = ["Доступные модели (★ — активная):"]  # первой: Telegram срезает пробелы в начале
    for model in list_models(conn):
        mark = "★" if model["active"] else " "
        lines.append(f"{mark} {model['id']}. {model['label']} [{model['key']}]")
    lines.append("переключить: /model <ID>")
    return "\n".join(lines)
