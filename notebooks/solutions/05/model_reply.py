from course_lib.exercises import yours
from course_lib.exercises.lesson05 import switch_model  # the course's switch, on conn's file

get_active_model = yours("03.get_active_model")


def model_reply(arg: str, conn) -> str:
    """The reply of /model: show the active model, or switch to model `arg`."""
    if not arg:
        model = get_active_model(conn)
        return f"Active model: {model['id']}. {model['label']} [{model['key']}]"
    if not arg.isdigit():  # "two", "-1", "2.5": not an id at all
        return "Usage: /model <ID>"
    try:
        model = switch_model(conn, int(arg))
    except ValueError:  # a number, but no model has it; any other error goes up
        return "unknown model id, see /models"
    return f"Active model is now: {model['id']}. {model['label']} [{model['key']}]"
