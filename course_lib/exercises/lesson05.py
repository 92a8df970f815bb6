"""Checks of lesson 05 (the bot): `format_models`, `model_reply`, `ask_reply`.

Each is the logic of one of the lecture's handlers without Telegram: text in, text out. The
checks call it with the cases below (the ordinary one first, then the ones a quick version gets
wrong) and stop at the first wrong answer. `model_reply` gets a fresh database in a temporary
folder; `ask_reply` gets stand-ins for `chat_once` that answer, or fail, at once: no server,
no model, no network.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from course_lib import db
from course_lib.exercises.engine import Texts, Wrong, call, call_text, need_function, say, shown
from course_lib.openrouter_errors import OpenRouterError

TEXTS: Texts = {
    # format_models
    "models.ok": {"en": "format_models: {n} lists right, title, stars, blanks and hint included.",
                  "ru": "format_models: все списки ({n}) верны, вместе с заголовком, звёздочками, "
                        "пробелами и подсказкой."},
    "models.type": {"en": "{call} returned {got}: return the text of the message, a str.",
                    "ru": "{call} вернула {got}: нужен текст сообщения, строка (str)."},
    "models.title": {"en": "{call}: the first line is {got}.",
                     "ru": "{call}: первая строка — {got}."},
    "models.last": {"en": "{call}: the last line is {got}.",
                    "ru": "{call}: последняя строка — {got}."},
    "models.count": {"en": "{call} gave {lines} lines for {models} models.",
                     "ru": "{call} дала {lines} строк(и) для {models} моделей."},
    "models.line": {"en": "{call}: the line of model {id} is {got}.",
                    "ru": "{call}: строка модели {id} — {got}."},
    "models.hint.basic": {
        "en": "A title line, one line per model (loop over rows), the hint line; join them with "
              "\"\\n\".",
        "ru": "Строка заголовка, по строке на модель (цикл по rows), строка подсказки; "
              "соедините их через \"\\n\"."},
    "models.hint.title": {
        "en": "Telegram trims the blanks at the start of a message, which would eat the blank of "
              "an inactive first model: the title line comes first, exactly as given.",
        "ru": "Telegram срезает пробелы в начале сообщения и съел бы пробел неактивной первой "
              "модели: первой идёт строка заголовка, точно как в задании."},
    "models.hint.last": {
        "en": "After the models comes the line that says how to switch, exactly as given.",
        "ru": "После моделей идёт строка о том, как переключить модель, точно как в задании."},
    "models.hint.count": {
        "en": "Exactly one line per model between the title and the hint; no empty lines.",
        "ru": "Ровно одна строка на модель между заголовком и подсказкой; без пустых строк."},
    "models.hint.star": {
        "en": "Only the model whose active is True gets the ★.",
        "ru": "★ получает только модель, у которой active равно True."},
    "models.hint.blank": {
        "en": "An inactive model gets a blank where the ★ would be, then the space: the ids line "
              "up under each other.",
        "ru": "У неактивной модели на месте ★ пробел, затем ещё пробел: номера стоят друг под "
              "другом."},
    "models.hint.id": {
        "en": "Use each model's own id (model[\"id\"]), not its position in the list.",
        "ru": "Берите номер самой модели (model[\"id\"]), а не её место в списке."},
    "models.hint.line": {
        "en": "Each line: the mark, a space, the id, a dot and a space, the label, a space, the "
              "key in square brackets.",
        "ru": "Каждая строка: отметка, пробел, номер, точка и пробел, название, пробел, ключ в "
              "квадратных скобках."},
    # model_reply
    "model.ok": {"en": "model_reply: {n} replies right; the switch really switched, bad input "
                       "changed nothing.",
                 "ru": "model_reply: все ответы ({n}) верны; переключение действительно "
                       "переключает, плохой ввод ничего не меняет."},
    "model.type": {"en": "{call} returned {got}: return the text of the reply, a str.",
                   "ru": "{call} вернула {got}: нужен текст ответа, строка (str)."},
    "model.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "model.not_switched": {
        "en": "{call} said the model was switched, but the active model is still {id}.",
        "ru": "{call} сообщила о переключении, но активной осталась модель {id}."},
    "model.changed": {
        "en": "{call}: after that reply the active model is {id}, not the one it was.",
        "ru": "{call}: после этого ответа активна модель {id}, а не та, что была."},
    "model.hint.show": {
        "en": "No argument: db.get_active_model(db_path) gives the model to show, in the "
              "reply's exact form.",
        "ru": "Без аргумента: модель для ответа даёт db.get_active_model(db_path); форма "
              "ответа — точно как в задании."},
    "model.hint.switch": {
        "en": "An id: db.set_active_model(int(arg), db_path) switches and returns the new "
              "active model, for the reply.",
        "ru": "Номер: db.set_active_model(int(arg), db_path) переключает и возвращает новую "
              "активную модель, её и покажите."},
    "model.hint.usage": {
        "en": "Check that the argument is digits only before it goes near the database; "
              "anything else gets the usage line.",
        "ru": "Проверьте, что аргумент состоит только из цифр, до обращения к базе; на всё "
              "остальное — строка с подсказкой, как вызывать."},
    "model.hint.unknown": {
        "en": "db.set_active_model raises ValueError for an id no model has: catch it and "
              "reply with the text for an unknown id.",
        "ru": "db.set_active_model выбрасывает ValueError для номера, которого нет: поймайте "
              "его и ответьте текстом про неизвестный номер."},
    "model.hint.keep": {
        "en": "A reply to bad input must leave the database as it was.",
        "ru": "Ответ на плохой ввод не должен ничего менять в базе."},
    # ask_reply
    "ask.ok": {"en": "ask_reply: {n} cases right: the prompt, both cuts, the footer and the "
                     "errors.",
               "ru": "ask_reply: все случаи ({n}) верны: промпт, обе обрезки, подпись и ошибки."},
    "ask.type": {"en": "{call} returned {got}: return the text of the reply, a str.",
                 "ru": "{call} вернула {got}: нужен текст ответа, строка (str)."},
    "ask.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "ask.no_call": {"en": "{call} did not call chat.", "ru": "{call} не вызвала chat."},
    "ask.calls": {"en": "{call} called chat {n} times.", "ru": "{call} вызвала chat {n} раз(а)."},
    "ask.called": {"en": "{call} called chat, with no question to ask.",
                   "ru": "{call} вызвала chat, хотя спрашивать нечего."},
    "ask.messages": {"en": "{call} sent chat the messages {got}.",
                     "ru": "{call} отправила в chat сообщения {got}."},
    "ask.system": {"en": "{call}: the first message is {got}.",
                   "ru": "{call}: первое сообщение — {got}."},
    "ask.user": {"en": "{call}: the user's message is {got} ({length} characters).",
                 "ru": "{call}: сообщение пользователя — {got} ({length} символов)."},
    "ask.setting": {"en": "{call} called chat with {name}={got}.",
                    "ru": "{call} вызвала chat с {name}={got}."},
    "ask.long": {"en": "{call} returned {length} characters: more than one Telegram message "
                       "holds (4096).",
                 "ru": "{call} вернула {length} символов: больше, чем помещается в одно "
                       "сообщение Telegram (4096)."},
    "ask.hint.basic": {
        "en": "Call chat(messages, model=key, temperature=0.2, max_tokens=400); it returns "
              "(answer, latency_ms). Then the answer, an empty line, and the footer.",
        "ru": "Вызовите chat(messages, model=key, temperature=0.2, max_tokens=400); она "
              "возвращает (answer, latency_ms). Затем ответ, пустая строка и подпись."},
    "ask.hint.messages": {
        "en": "Two messages, as dicts with role and content: the system one with SYSTEM_PROMPT, "
              "then the user's question.",
        "ru": "Два сообщения, словари с role и content: системное с SYSTEM_PROMPT, затем "
              "вопрос пользователя."},
    "ask.hint.system": {
        "en": "The first message is {{\"role\": \"system\", \"content\": SYSTEM_PROMPT}}, the "
              "lecture's prompt as given.",
        "ru": "Первое сообщение — {{\"role\": \"system\", \"content\": SYSTEM_PROMPT}}, промпт "
              "лекции как есть."},
    "ask.hint.settings": {
        "en": "The lecture's settings: model=key, temperature=0.2 (follows the prompt), "
              "max_tokens=400 (a short answer).",
        "ru": "Настройки лекции: model=key, temperature=0.2 (точнее следует промпту), "
              "max_tokens=400 (короткий ответ)."},
    "ask.hint.usage": {
        "en": "No question: return the usage line at once; there is nothing to ask the model.",
        "ru": "Нет вопроса: сразу верните строку с подсказкой, как вызывать; модель спрашивать "
              "не о чем."},
    "ask.hint.cut_question": {
        "en": "Cut the question to its first 600 characters (a slice) before it goes into the "
              "user's message.",
        "ru": "Обрежьте вопрос до первых 600 символов (срезом), прежде чем класть его в "
              "сообщение пользователя."},
    "ask.hint.cut_answer": {
        "en": "Cut the answer to its first 4000 characters, then add the empty line and the "
              "footer: the reply stays under Telegram's 4096.",
        "ru": "Обрежьте ответ до первых 4000 символов, затем добавьте пустую строку и подпись: "
              "ответ останется в пределах 4096 символов Telegram."},
    "ask.hint.error": {
        "en": "Catch OpenRouterError: its str() is already \"[status] message\", so the reply "
              "is \"Error: \" followed by it.",
        "ru": "Поймайте OpenRouterError: её str() — уже \"[status] message\", поэтому ответ — "
              "\"Error: \" и затем она."},
    "ask.hint.order": {
        "en": "except OpenRouterError must come before except Exception: the first matching "
              "except wins.",
        "ru": "except OpenRouterError должен стоять раньше except Exception: срабатывает "
              "первый подходящий."},
    "ask.hint.other": {
        "en": "Any other exception: catch Exception (after OpenRouterError) and reply "
              "\"Unexpected error\".",
        "ru": "Любое другое исключение: поймайте Exception (после OpenRouterError) и ответьте "
              "\"Unexpected error\"."},
}


# --- format_models ----------------------------------------------------------------------------

TITLE = "Models (★ = active):"
SWITCH_HINT = "activate: /model <ID>"
LECTURE_MODELS = [  # the lecture's four models
    (1, "deepseek/deepseek-chat-v3.1:free", "DeepSeek V3.1 (free)"),
    (2, "deepseek/deepseek-r1:free", "DeepSeek R1 (free)"),
    (3, "mistralai/mistral-small-24b-instruct-2501:free", "Mistral Small 24b (free)"),
    (4, "meta-llama/llama-3.1-8b-instruct:free", "Llama 3.1 8B (free)"),
]
OTHER_MODELS = [  # ids that are not positions
    (2, "deepseek/deepseek-r1:free", "DeepSeek R1 (free)"),
    (5, "tngtech/deepseek-r1t2-chimera:free", "DeepSeek R1T2 Chimera (free)"),
    (10, "meta-llama/llama-3.3-70b-instruct:free", "Llama 3.3 70B (free)"),
]


class Row(dict):
    """A model as `db.list_models()` returns it, shown short in a verdict: `model 3 ★`."""

    def __repr__(self) -> str:
        """`model 3 ★` for the active model, `model 1` for the others."""
        return f"model {self['id']}" + (" ★" if self["active"] else "")


def rows(models: list[tuple[int, str, str]], active: int | None) -> list[Row]:
    """The models as rows, with `active` the active id."""
    return [Row(id=i, key=key, label=label, active=i == active) for i, key, label in models]


MODEL_LISTS = [rows(LECTURE_MODELS, 1), rows(LECTURE_MODELS, 3), rows(OTHER_MODELS, 10),
               rows(LECTURE_MODELS[:1], None), []]


def model_text(row: dict) -> str:
    """The line of one model: `{★ or blank} {id}. {label} [{key}]`."""
    return f"{'★' if row['active'] else ' '} {row['id']}. {row['label']} [{row['key']}]"


def check_format_models(function: Callable) -> str:
    """The student's `format_models(rows)` on each list of MODEL_LISTS."""
    need_function(function, "format_models")
    for models in MODEL_LISTS:
        got = call(function, "format_models", models, hint=say(TEXTS, "models.hint.basic"))
        where = call_text("format_models", models)
        if not isinstance(got, str):
            raise Wrong(say(TEXTS, "models.type", call=where, got=shown(got)),
                        say(TEXTS, "models.hint.basic"))
        compare_models(got.split("\n"), models, where)
    return say(TEXTS, "models.ok", n=len(MODEL_LISTS))


def compare_models(lines: list[str], models: list[dict], where: str) -> None:
    """Wrong unless `lines` are the title, one line per model, and the hint."""
    if lines[0] != TITLE:
        raise Wrong(say(TEXTS, "models.title", call=where, got=shown(lines[0])),
                    say(TEXTS, "models.hint.title"))
    if lines[-1] != SWITCH_HINT:
        raise Wrong(say(TEXTS, "models.last", call=where, got=shown(lines[-1])),
                    say(TEXTS, "models.hint.last"))
    if len(lines) != len(models) + 2:
        raise Wrong(say(TEXTS, "models.count", call=where, lines=len(lines),
                        models=len(models)), say(TEXTS, "models.hint.count"))
    for position, (line, model) in enumerate(zip(lines[1:-1], models, strict=True), start=1):
        expected = model_text(model)
        if line != expected:
            raise Wrong(say(TEXTS, "models.line", call=where, id=model["id"], got=shown(line)),
                        say(TEXTS, f"models.hint.{line_fault(line, model, position)}"))


def line_fault(line: str, model: dict, position: int) -> str:
    """Which idea a wrong model line missed: star, blank, id or the line's shape."""
    if line.startswith("★") != bool(model["active"]):
        return "star"
    if not model["active"] and line == model_text(model).lstrip():
        return "blank"
    if position != model["id"] and line == model_text({**model, "id": position}):
        return "id"
    return "line"


# --- model_reply ------------------------------------------------------------------------------

USAGE_MODEL = "Usage: /model <ID>"
UNKNOWN_MODEL = "unknown model id, see /models"


class DbPath(str):
    """The check's database path, shown as `db_path` in a verdict (its folder changes each run)."""

    def __repr__(self) -> str:
        """Always `db_path`."""
        return "db_path"


def described(model: dict) -> str:
    """A model named in a reply: `3. Mistral Small 24b (free) [mistralai/…:free]`."""
    return f"{model['id']}. {model['label']} [{model['key']}]"


# (argument, what the reply is, the hint for a wrong one); "show" and "switch" replies are
# built from the database, the others are fixed texts.
MODEL_CASES = [("", "show", "show"), ("3", "switch", "switch"), ("", "show", "show"),
               ("1", "switch", "switch"), ("two", USAGE_MODEL, "usage"),
               ("-1", USAGE_MODEL, "usage"), ("2.5", USAGE_MODEL, "usage"),
               ("1 2", USAGE_MODEL, "usage"), ("99", UNKNOWN_MODEL, "unknown"),
               ("0", UNKNOWN_MODEL, "unknown"), ("", "show", "keep")]


def check_model_reply(function: Callable) -> str:
    """The student's `model_reply(arg, db_path)` on MODEL_CASES, in order, on a fresh database."""
    need_function(function, "model_reply")
    folder = tempfile.mkdtemp(prefix="lesson05-check-")
    try:
        path = DbPath(Path(folder) / "bot.db")
        db.init_db(path)
        for arg, kind, hint in MODEL_CASES:
            check_model_case(function, path, arg, kind, say(TEXTS, f"model.hint.{hint}"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return say(TEXTS, "model.ok", n=len(MODEL_CASES))


def check_model_case(function: Callable, path: str, arg: str, kind: str, hint: str) -> None:
    """One call of `model_reply(arg, path)`: the reply, and what it did to the database."""
    before = db.get_active_model(path)
    if kind == "switch":
        expected = "Active model is now: " + described(next(
            model for model in db.list_models(path) if str(model["id"]) == arg))
    elif kind == "show":
        expected = "Active model: " + described(before)
    else:
        expected = kind
    got = call(function, "model_reply", arg, path, hint=hint)
    where = call_text("model_reply", arg, path)
    if not isinstance(got, str):
        raise Wrong(say(TEXTS, "model.type", call=where, got=shown(got)), hint)
    after = db.get_active_model(path)["id"]
    if kind == "switch" and got == expected and after != int(arg):
        raise Wrong(say(TEXTS, "model.not_switched", call=where, id=after), hint)
    if got != expected:
        raise Wrong(say(TEXTS, "model.wrong", call=where, got=shown(got)), hint)
    if kind != "switch" and after != before["id"]:
        raise Wrong(say(TEXTS, "model.changed", call=where, id=after),
                    say(TEXTS, "model.hint.keep"))


# --- ask_reply --------------------------------------------------------------------------------

SYSTEM_PROMPT = ("Answer briefly and to the point. Make technical answers correct and give "
                 "them as numbered points.")
USAGE_ASK = "Usage: /ask <question>"
KEY = "deepseek/deepseek-r1:free"
QUESTION_MAX, ANSWER_MAX = 600, 4000


class StandIn:
    """Stands in for `chat_once`, with its signature: records each call, answers or raises."""

    def __init__(self, answer: str = "", latency_ms: int = 0,
                 error: Exception | None = None) -> None:
        """What every call returns (`answer`, `latency_ms`), or raises (`error`)."""
        self.answer, self.latency_ms, self.error = answer, latency_ms, error
        self.calls: list[dict] = []

        def chat(messages: list, *, model: str, temperature: float = 0.2,
                 max_tokens: int = 400, timeout_s: float = 30) -> tuple[str, int]:
            """Record the call; answer or raise. (Named chat: a wrong call's TypeError says so.)"""
            self.calls.append({"messages": messages, "model": model,
                               "temperature": temperature, "max_tokens": max_tokens})
            if self.error is not None:
                raise self.error
            return self.answer, self.latency_ms

        chat.__qualname__ = "chat"  # what a TypeError calls it
        self._chat = chat

    def __repr__(self) -> str:
        """Shown as `chat` in a verdict."""
        return "chat"

    def __call__(self, *args: object, **kwargs: object) -> tuple[str, int]:
        """Called like `chat_once`."""
        return self._chat(*args, **kwargs)


LONG_QUESTION = "Почему SQLite хранит всё в одном файле? " * 25  # 1000 characters
LONG_ANSWER = "".join(f"{n}. A point of a long answer, about {n} things.\n" for n in range(1, 130))
ASK_CASES = [  # (question, stand-in, what the check looks at, hint)
    ("What is SQLite?", StandIn("1. A database in one file.", 1234), "basic", "basic"),
    ("", StandIn("never asked", 5), "usage", "usage"),
    (LONG_QUESTION, StandIn("1. A short answer.", 88), "basic", "cut_question"),
    ("Explain HTTP at length", StandIn(LONG_ANSWER, 4321), "basic", "cut_answer"),
    ("What is SQLite?", StandIn(error=OpenRouterError(  # OpenRouter's own words, not the
        503, "Service temporarily unavailable")), "error", "error"),  # homework's message
    ("What is SQLite?", StandIn(error=OpenRouterError(
        429, "Free-model limit reached: wait a minute.")), "error", "error"),
    ("What is SQLite?", StandIn(error=ConnectionResetError("connection reset")), "other",
     "other"),
]


def expected_ask(question: str, chat: StandIn, kind: str) -> str:
    """The reply of the lecture's /ask in this case."""
    if kind == "usage":
        return USAGE_ASK
    if kind == "error":
        return f"Error: {chat.error}"
    if kind == "other":
        return "Unexpected error"
    return f"{chat.answer[:ANSWER_MAX]}\n\n({chat.latency_ms} ms; model: {KEY})"


def check_ask_reply(function: Callable) -> str:
    """The student's `ask_reply(question, key, chat)` on every case of ASK_CASES."""
    need_function(function, "ask_reply")
    for question, template, kind, hint_key in ASK_CASES:
        chat = StandIn(template.answer, template.latency_ms, template.error)  # fresh calls
        hint = say(TEXTS, f"ask.hint.{hint_key}")
        got = call(function, "ask_reply", question, KEY, chat, hint=hint)
        where = call_text("ask_reply", question, KEY, chat)
        if not isinstance(got, str):
            raise Wrong(say(TEXTS, "ask.type", call=where, got=shown(got)), hint)
        if kind == "usage" and chat.calls:
            raise Wrong(say(TEXTS, "ask.called", call=where), hint)
        if kind != "usage":
            check_call(chat, question, where)
        expected = expected_ask(question, chat, kind)
        if got != expected:
            raise Wrong(say(TEXTS, "ask.long", call=where, length=len(got))
                        if len(got) > 4096 else say(TEXTS, "ask.wrong", call=where, got=shown(got)),
                        say(TEXTS, f"ask.hint.{reply_fault(got, kind, hint_key)}"))
    return say(TEXTS, "ask.ok", n=len(ASK_CASES))


def check_call(chat: StandIn, question: str, where: str) -> None:
    """Wrong unless chat was called once, with the lecture's messages and settings."""
    if not chat.calls:
        raise Wrong(say(TEXTS, "ask.no_call", call=where), say(TEXTS, "ask.hint.basic"))
    if len(chat.calls) > 1:
        raise Wrong(say(TEXTS, "ask.calls", call=where, n=len(chat.calls)),
                    say(TEXTS, "ask.hint.basic"))
    sent = chat.calls[0]
    messages = sent["messages"]
    if not isinstance(messages, list) or len(messages) != 2:
        raise Wrong(say(TEXTS, "ask.messages", call=where, got=shown(messages)),
                    say(TEXTS, "ask.hint.messages"))
    if messages[0] != {"role": "system", "content": SYSTEM_PROMPT}:
        raise Wrong(say(TEXTS, "ask.system", call=where, got=shown(messages[0])),
                    say(TEXTS, "ask.hint.system"))
    user = messages[1]
    if user != {"role": "user", "content": question[:QUESTION_MAX]}:
        content = user.get("content") if isinstance(user, dict) else None
        length = len(content) if isinstance(content, str) else "?"
        cut = isinstance(content, str) and len(question) > QUESTION_MAX
        raise Wrong(say(TEXTS, "ask.user", call=where, got=shown(user), length=length),
                    say(TEXTS, "ask.hint.cut_question" if cut else "ask.hint.messages"))
    for name, value in (("model", KEY), ("temperature", 0.2), ("max_tokens", 400)):
        if sent[name] != value:
            raise Wrong(say(TEXTS, "ask.setting", call=where, name=name, got=shown(sent[name])),
                        say(TEXTS, "ask.hint.settings"))


def reply_fault(got: str, kind: str, hint_key: str) -> str:
    """The hint for a wrong reply: the case's own, or the except clauses in the wrong order."""
    if kind == "error" and got == "Unexpected error":
        return "order"
    return hint_key


CHECKS: dict[str, Callable[..., str]] = {
    "format_models": check_format_models,
    "model_reply": check_model_reply,
    "ask_reply": check_ask_reply,
}
