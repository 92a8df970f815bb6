"""The model commands: /models lists the registry, /model shows or switches the active model.

The registry is `course_lib.db` (COURSE_BRIEF items 6–8). As in the lecture, there is one
active model for the whole bot, not one per user: any user's /model switches it for everyone.
"""

from __future__ import annotations

from course_lib import db
from course_lib.bot.commands import INTEGER_RE, BadInput, usage
from course_lib.bot.request import Request
from course_lib.texts import t


def model_line(model: dict) -> str:
    """One line of /models, as DESIGN.md fixes it: `{★ or blank} {id}. {label} [{key}]`."""
    mark = "★" if model["active"] else " "
    return f"{mark} {model['id']}. {model['label']} [{model['key']}]"


def _describe(model: dict) -> str:
    """A model named in a sentence: `3. Mistral Small 24b (free) [mistralai/…:free]`."""
    return f"{model['id']}. {model['label']} [{model['key']}]"


def models(req: Request) -> str:
    """/models: every model, the active one starred, then how to switch."""
    # A title line first: Telegram trims a message's leading blanks, which would eat the
    # "blank" mark of the first model whenever another model is active.
    lines = [model_line(model) for model in db.list_models(req.db_path)]
    return "\n".join([t("bot.models.title"), *lines, t("bot.models.hint")])


def model(req: Request) -> str:
    """/model: show the active model; /model <id>: make model <id> the active one."""
    if not req.args:
        return t("bot.model.active", model=_describe(db.get_active_model(req.db_path)))
    if not INTEGER_RE.fullmatch(req.args):
        raise BadInput(usage("model"))
    try:
        chosen = db.set_active_model(req.args, req.db_path)
    except ValueError as error:  # db's message is friendly, localized and names /models
        raise BadInput(str(error)) from None
    return t("bot.model.switched", model=_describe(chosen))
