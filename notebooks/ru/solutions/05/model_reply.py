from course_lib.exercises import yours
from course_lib.exercises.lesson05 import switch_model  # переключатель курса, на файле conn

get_active_model = yours("03.get_active_model")


def model_reply(arg: str, conn) -> str:
    """Ответ на /model: показать активную модель или переключиться на модель `arg`."""
    if not arg:
        model = get_active_model(conn)
        return f"Активная модель: {model['id']}. {model['label']} [{model['key']}]"
    if not arg.isdigit():  # "two", "-1", "2.5": это вообще не номер
        return "Использование: /model <ID>"
    try:
        model = switch_model(conn, int(arg))
    except ValueError:  # число, но такой модели нет; любая другая ошибка идёт выше
        return "нет модели с таким номером, см. /models"
    return f"Активная модель теперь: {model['id']}. {model['label']} [{model['key']}]"
