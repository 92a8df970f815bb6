from course_lib import db


def model_reply(arg: str, db_path) -> str:
    """The reply of /model: show the active model, or switch to model `arg`."""
    if not arg:
        model = db.get_active_model(db_path)
        return f"Active model: {model['id']}. {model['label']} [{model['key']}]"
    if not arg.isdigit():  # "two", "-1", "2.5": not an id at all
        return "Usage: /model <ID>"
    try:
        model = db.set_active_model(int(arg), db_path)
    except ValueError:  # a number, but no model has it
        return "unknown model id, see /models"
    return f"Active model is now: {model['id']}. {model['label']} [{model['key']}]"
