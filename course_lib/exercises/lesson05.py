"""Checks of lesson 05 (the bot): `models_reply`, `model_reply`, `ask_reply`, `register`.

The first three are the logic of the bot's commands without Telegram: text and a database
connection in, the reply's text out. They run on the functions of lessons 03 and 04 (yours
once they passed, `yours`), which the lesson fetches in one cell; a check hands the student's
function its own stand-ins for the ones that would reach out (the switch, `chat_once`,
`with_retries`) by setting those names in the function's module for the check only. `register`
is checked on a real telebot bot of the check's own (`threaded=False`) against a local fake of
Telegram: the check feeds it messages with `process_new_updates` and reads what it sent back.
Every check makes its own temporary database and cleans up; none needs the network.

The bot speaks the lesson's language (`COURSE_LANG`): the replies a check expects (REPLIES:
the title, the usage lines, the footer, the errors, the system prompt) and the questions it asks
are English in the English lesson and Russian in the Russian one, and a reply in the other
language gets a hint that shows the text to use.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from course_lib import config, db
from course_lib.exercises.engine import (
    Texts,
    Wrong,
    call,
    call_text,
    need_function,
    one_line,
    prediction,
    say,
    shown,
)
from course_lib.openrouter_errors import OpenRouterError
from course_lib.retry import RetryPolicy, call_with_retries


def switch_model(conn: sqlite3.Connection, model_id: int) -> dict:
    """Make model `model_id` active with the course's switch, on `conn`'s database file.

    The lesson's helper for `model_reply`: `course_lib.db.set_active_model` works on a file, so
    this hands it the file `conn` is open on. No model with that id: ValueError.
    """
    file = conn.execute("PRAGMA database_list").fetchone()[2]
    return db.set_active_model(model_id, file)

TEXTS: Texts = {
    # predictions
    "why.updates_again": {
        "en": "Without an offset nothing is confirmed: Telegram hands out the same update again "
              "until the bot asks for updates above it.",
        "ru": "Без offset ничего не подтверждено: Telegram снова отдаёт то же обновление, пока "
              "бот не попросит обновления после него."},
    "why.lab_requests": {
        "en": "with_retries asked again after each 503, twice: the first try and two retries "
              "make three requests.",
        "ru": "with_retries после каждого 503 спрашивала снова, дважды: первая попытка и два "
              "повтора — три запроса."},
    # models_reply
    "models.ok": {"en": "models_reply: {n} lists right, title, stars, blanks and hint included.",
                  "ru": "models_reply: все списки ({n}) верны, вместе с заголовком, звёздочками, "
                        "пробелами и подсказкой."},
    "models.type": {"en": "{call} returned {got}: return the text of the message, a str.",
                    "ru": "{call} вернула {got}: нужен текст сообщения, строка (str)."},
    "models.title": {"en": "{call}: the first line is {got}.",
                     "ru": "{call}: первая строка — {got}."},
    "models.last": {"en": "{call}: the last line is {got}.",
                    "ru": "{call}: последняя строка — {got}."},
    "models.count": {"en": "{call} gave {lines} lines for {models} models.",
                     "ru": "{call}: строк в ответе — {lines}, а моделей — {models}."},
    "models.line": {"en": "{call}: the line of model {id} is {got}.",
                    "ru": "{call}: строка модели {id} — {got}."},
    "models.hint.basic": {
        "en": "list_models(conn) gives the models; a title line, one line per model, the hint "
              "line; join them with \"\\n\".",
        "ru": "Модели даёт list_models(conn); строка заголовка, по строке на модель, строка "
              "подсказки; соедините их через \"\\n\"."},
    "models.hint.title": {
        "en": "Telegram trims the blanks at the start of a message, which would eat the blank of "
              "an inactive first model: the title line comes first, exactly \"{expected}\".",
        "ru": "Telegram срезает пробелы в начале сообщения и съел бы пробел неактивной первой "
              "модели: первой идёт строка заголовка, в точности «{expected}»."},
    "models.hint.last": {
        "en": "After the models comes the line that says how to switch, exactly \"{expected}\".",
        "ru": "После моделей идёт строка о том, как переключить модель, в точности "
              "«{expected}»."},
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
                       "changed nothing, and only a ValueError meant an unknown id.",
                 "ru": "model_reply: все ответы ({n}) верны; переключение действительно "
                       "переключает, плохой ввод ничего не меняет, и только ValueError означает "
                       "неизвестный номер."},
    "model.type": {"en": "{call} returned {got}: return the text of the reply, a str.",
                   "ru": "{call} вернула {got}: нужен текст ответа, строка (str)."},
    "model.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "model.not_switched": {
        "en": "{call} said the model was switched, but the active model is still {id}.",
        "ru": "{call} сообщила о переключении, но активной осталась модель {id}."},
    "model.changed": {
        "en": "{call}: after that reply the active model is {id}, not the one it was.",
        "ru": "{call}: после этого ответа активна модель {id}, а не та, что была."},
    "model.swallowed": {
        "en": "{call} returned {got} when switch_model failed with {error}.",
        "ru": "{call} вернула {got}, когда switch_model упала с {error}."},
    "model.hint.show": {
        "en": "No argument: get_active_model(conn) gives the model to show, in the reply's "
              "exact form.",
        "ru": "Без аргумента: модель для ответа даёт get_active_model(conn); форма ответа — "
              "точно как в задании."},
    "model.hint.switch": {
        "en": "An id: switch_model(conn, int(arg)) switches and returns the new active model, "
              "for the reply.",
        "ru": "Номер: switch_model(conn, int(arg)) переключает и возвращает новую активную "
              "модель, её и покажите."},
    "model.hint.usage": {
        "en": "Check that the argument is digits only before it goes near the database; "
              "anything else gets the usage line.",
        "ru": "Проверьте, что аргумент состоит только из цифр, до обращения к базе; на всё "
              "остальное — строка с подсказкой, как вызывать."},
    "model.hint.unknown": {
        "en": "switch_model raises ValueError for an id no model has: catch it and reply with "
              "the text for an unknown id.",
        "ru": "switch_model выбрасывает ValueError для номера, которого нет: поймайте её и "
              "ответьте текстом про неизвестный номер."},
    "model.hint.keep": {
        "en": "A reply to bad input must leave the database as it was.",
        "ru": "Ответ на плохой ввод не должен ничего менять в базе."},
    "model.hint.only_value": {
        "en": "Only a ValueError from switch_model means that no model has the id; any other "
              "error is another problem and must not be reported as an unknown id.",
        "ru": "Только ValueError из switch_model означает, что модели с таким номером нет; "
              "любая другая ошибка — другая беда, и выдавать её за неизвестный номер нельзя."},
    "model.hint.by_name": {
        "en": "Switch with switch_model(conn, id), by that name: the check puts a failing one "
              "in its place here.",
        "ru": "Переключайте через switch_model(conn, id), под этим именем: здесь проверка "
              "подставляет вместо неё сломанную."},
    "model.hint.let_go": {
        "en": "An error other than ValueError is not yours to answer here: let it go up.",
        "ru": "На ошибку, отличную от ValueError, здесь отвечать не нужно: пусть идёт выше."},
    # ask_reply
    "ask.ok": {"en": "ask_reply: {n} cases right: the prompt, the active model, both cuts, "
                     "the retries, the footer and the errors.",
               "ru": "ask_reply: все случаи ({n}) верны: промпт, активная модель, обе обрезки, "
                     "повторы, подпись и ошибки."},
    "ask.type": {"en": "{call} returned {got}: return the text of the reply, a str.",
                 "ru": "{call} вернула {got}: нужен текст ответа, строка (str)."},
    "ask.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "ask.no_call": {"en": "{call} did not call chat_once.",
                    "ru": "{call} не вызвала chat_once."},
    "ask.calls": {"en": "{call} called chat_once {n} times.",
                  "ru": "{call} вызвала chat_once больше одного раза (вызовов: {n})."},
    "ask.called": {"en": "{call} called chat_once, with no question to ask.",
                   "ru": "{call} вызвала chat_once, хотя спрашивать нечего."},
    "ask.direct": {"en": "{call} called chat_once itself, not through with_retries.",
                   "ru": "{call} вызвала chat_once сама, а не через with_retries."},
    "ask.messages": {"en": "{call} sent chat_once the messages {got}.",
                     "ru": "{call} отправила в chat_once сообщения {got}."},
    "ask.system": {"en": "{call}: the first message is {got}.",
                   "ru": "{call}: первое сообщение — {got}."},
    "ask.user": {"en": "{call}: the user's message is {got} ({length} characters).",
                 "ru": "{call}: сообщение пользователя — {got} (длина: {length})."},
    "ask.setting": {"en": "{call} called chat_once with {name}={got}.",
                    "ru": "{call} вызвала chat_once с {name}={got}."},
    "ask.long": {"en": "{call} returned {length} characters: more than one Telegram message "
                       "holds (4096).",
                 "ru": "{call} вернула текст длиной {length}: больше, чем помещается в одно "
                       "сообщение Telegram (4096 символов)."},
    "ask.hint.basic": {
        "en": "with_retries(lambda: chat_once(messages, model=key)) returns (answer, "
              "latency_ms); then the answer, an empty line, and the footer.",
        "ru": "with_retries(lambda: chat_once(messages, model=key)) возвращает (answer, "
              "latency_ms); затем ответ, пустая строка и подпись."},
    "ask.hint.retries": {
        "en": "Give with_retries a function that asks (a lambda around chat_once): it asks "
              "again after a 503 or a 429.",
        "ru": "Передайте with_retries функцию, которая спрашивает (lambda вокруг chat_once): "
              "она спросит снова после 503 или 429."},
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
        "en": "model= the key of the active model, get_active_model(conn)[\"key\"]; temperature "
              "and max_tokens as chat_once's defaults.",
        "ru": "model= ключ активной модели, get_active_model(conn)[\"key\"]; temperature и "
              "max_tokens — как по умолчанию у chat_once."},
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
              "\"Ошибка: \" и затем она."},
    "ask.hint.order": {
        "en": "except OpenRouterError must come before except Exception: the first matching "
              "except wins.",
        "ru": "except OpenRouterError должен стоять раньше except Exception: срабатывает "
              "первый подходящий."},
    "ask.hint.other": {
        "en": "Any other exception: catch Exception (after OpenRouterError) and reply "
              "\"Unexpected error\".",
        "ru": "Любое другое исключение: поймайте Exception (после OpenRouterError) и ответьте "
              "\"Непредвиденная ошибка\"."},
    # register
    "reg.ok": {"en": "register: {n} messages, each answered by its function with a connection "
                     "of its own, closed after the reply.",
               "ru": "register: все сообщения ({n}) получили ответ своей функции, каждая — со "
                     "своим соединением, закрытым после ответа."},
    "reg.raised": {"en": "{call} raised {error}.", "ru": "{call} выбросила исключение {error}."},
    "reg.handling": {"en": "Answering {text} raised {error}.",
                     "ru": "Ответ на {text} выбросил исключение {error}."},
    "reg.no_reply": {"en": "The bot sent no reply to {text}.",
                     "ru": "Бот ничего не ответил на {text}."},
    "reg.replies": {"en": "The bot sent {n} replies to {text}.",
                    "ru": "Бот ответил на {text} больше одного раза (ответов: {n})."},
    "reg.reply": {"en": "The bot answered {text} with {got}.",
                  "ru": "Бот ответил на {text} так: {got}."},
    "reg.arg": {"en": "{text} reached {name} with the argument {got}.",
                "ru": "{text} дошла до {name} с аргументом {got}."},
    "reg.conn": {"en": "{text} reached {name} with {got}, not a connection to db_path.",
                 "ru": "{text} дошла до {name} с {got}, а не с соединением с db_path."},
    "reg.open": {"en": "{text}: the connection {name} got is still open after the reply.",
                 "ru": "{text}: соединение, которое получила {name}, после ответа всё ещё "
                       "открыто."},
    "reg.hint.handler": {
        "en": "For each command, a function under @bot.message_handler(commands=[...]) that "
              "gets the reply and sends it with bot.send_message.",
        "ru": "Для каждой команды — функция под @bot.message_handler(commands=[...]), которая "
              "получает ответ и отправляет его через bot.send_message."},
    "reg.hint.one": {
        "en": "One handler per command, and one send_message per message.",
        "ru": "Один обработчик на команду и один send_message на сообщение."},
    "reg.hint.which": {
        "en": "Each command has its reply function: /models models_reply, /model model_reply, "
              "/ask ask_reply; send what it returns.",
        "ru": "У каждой команды своя функция ответа: /models — models_reply, /model — "
              "model_reply, /ask — ask_reply; отправьте то, что она вернула."},
    "reg.hint.arg": {
        "en": "The argument is the text after the command: telebot.util.extract_arguments "
              "cuts it out of message.text.",
        "ru": "Аргумент — текст после команды: telebot.util.extract_arguments вырезает его из "
              "message.text."},
    "reg.hint.conn": {
        "en": "In the handler, open a connection to db_path with sqlite3.connect and pass it "
              "to the reply function.",
        "ru": "В обработчике откройте соединение с db_path через sqlite3.connect и передайте "
              "его функции ответа."},
    "reg.hint.close": {
        "en": "Each handler closes its own connection when the reply is made (try/finally); "
              "`with sqlite3.connect(...)` alone does not close it.",
        "ru": "Каждый обработчик закрывает своё соединение, когда ответ готов (try/finally); "
              "один `with sqlite3.connect(...)` его не закрывает."},
    # every reply
    "hint.lang": {
        "en": "The lesson is in English, and so is its bot: the text here is \"{expected}\".",
        "ru": "Урок идёт на русском, и бот отвечает по-русски: здесь нужен текст «{expected}»."},
    # how the check's own values appear in a verdict
    "shown.model": {"en": "model {id}", "ru": "модель {id}"},
    "shown.reply": {"en": "reply of {name}{args}", "ru": "ответ {name}{args}"},
}

LANGUAGES = ("en", "ru")
REPLIES: Texts = {  # what the lecture's bot says, in the lesson's language: what a check expects
    "title": {"en": "Models (★ = active):", "ru": "Доступные модели (★ — активная):"},
    "switch_hint": {"en": "activate: /model <ID>", "ru": "переключить: /model <ID>"},
    "active": {"en": "Active model: {model}", "ru": "Активная модель: {model}"},
    "switched": {"en": "Active model is now: {model}", "ru": "Активная модель теперь: {model}"},
    "usage_model": {"en": "Usage: /model <ID>", "ru": "Использование: /model <ID>"},
    "unknown": {"en": "unknown model id, see /models",
                "ru": "нет модели с таким номером, см. /models"},
    "usage_ask": {"en": "Usage: /ask <question>", "ru": "Использование: /ask <вопрос>"},
    "system": {"en": "Answer briefly and to the point. Make technical answers correct and give "
                     "them as numbered points.",
               "ru": "Отвечай кратко и по делу. Технические ответы давай корректные и по "
                     "пунктам, с нумерацией."},
    "footer": {"en": "({latency_ms} ms; model: {key})",
               "ru": "({latency_ms} мс; модель: {key})"},
    "error": {"en": "Error: {error}", "ru": "Ошибка: {error}"},
    "unexpected": {"en": "Unexpected error", "ru": "Непредвиденная ошибка"},
}


def reply(name: str, lang: str | None = None, **fields: object) -> str:
    """A text of the lecture's bot, in `lang` (default: the lesson's language, `COURSE_LANG`)."""
    return REPLIES[name][lang or config.lang()].format(**fields)


def slip(got: object, expected: Callable[[str], str], template: str) -> str | None:
    """The hint for a reply in another language than the lesson's, or None.

    `expected(lang)` is the right reply in `lang`; `template` is its text as the task gives it
    (`Ошибка: {error}`), shown in the hint. A student who copies the English solution into the
    Russian lesson (or the other way round) learns that the texts follow the lesson.
    """
    others = [lang for lang in LANGUAGES if lang != config.lang()]
    if any(got == expected(lang) for lang in others):
        return say(TEXTS, "hint.lang", expected=template)
    return None


# --- shared: the check's databases and stand-ins ----------------------------------------------


class Conn(sqlite3.Connection):
    """A connection of the check, shown in a verdict by what it holds (`conn`), not an address."""

    shown_as = "conn"

    def __repr__(self) -> str:
        """`conn`, or `conn: [model 1 ★, model 2]` for a table of the check's own."""
        return self.shown_as


def open_conn(path: Path, shown_as: str = "conn") -> Conn:
    """A connection to `path` as lesson 03 opens one (autocommit), shown as `shown_as`."""
    conn = sqlite3.connect(path, isolation_level=None, factory=Conn)
    conn.shown_as = shown_as
    return conn


class DbPath(str):
    """The check's database path, shown as `db_path` in a verdict (its folder changes each run)."""

    def __repr__(self) -> str:
        """Always `db_path`."""
        return "db_path"


@contextlib.contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder for the check's databases, removed afterwards."""
    folder = tempfile.mkdtemp(prefix="lesson05-check-")
    try:
        yield Path(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def replaced(function: object, **names: object) -> Iterator[None]:
    """Give `function` the check's stand-ins for some of the names it uses, for the check only.

    The names are set in the module (for a cell: the notebook) where `function` was defined,
    and put back afterwards. Something that is not a Python function keeps its own names.
    """
    space = getattr(function, "__globals__", None)
    if not isinstance(space, dict):
        yield
        return
    missing = object()
    before = {name: space.get(name, missing) for name in names}
    space.update(names)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is missing:
                space.pop(name, None)
            else:
                space[name] = value


# --- models_reply -----------------------------------------------------------------------------

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
    """A model as `list_models()` returns it, shown short in a verdict: `model 3 ★`."""

    def __repr__(self) -> str:
        """`model 3 ★` for the active model, `model 1` for the others (in the lesson's language)."""
        return say(TEXTS, "shown.model", id=self["id"]) + (" ★" if self["active"] else "")


def rows(models: list[tuple[int, str, str]], active: int | None) -> list[Row]:
    """The models as rows, with `active` the active id."""
    return [Row(id=i, key=key, label=label, active=i == active) for i, key, label in models]


MODEL_LISTS = [rows(LECTURE_MODELS, 1), rows(LECTURE_MODELS, 3), rows(OTHER_MODELS, 10),
               rows(LECTURE_MODELS[:1], None), []]


def model_text(row: dict) -> str:
    """The line of one model: `{★ or blank} {id}. {label} [{key}]`."""
    return f"{'★' if row['active'] else ' '} {row['id']}. {row['label']} [{row['key']}]"


def table(path: Path, models: list[Row]) -> Conn:
    """A database at `path` holding exactly `models`; a connection to it, shown with them."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as setup:
        setup.executescript(db.SCHEMA_SQL)
        setup.executemany("INSERT INTO models (id, key, label, active) VALUES (?, ?, ?, ?)",
                          [(m["id"], m["key"], m["label"], int(m["active"])) for m in models])
    return open_conn(path, f"conn: {shown(models)}")


def check_models_reply(function: Callable) -> str:
    """The student's `models_reply(conn)` on a database holding each list of MODEL_LISTS."""
    need_function(function, "models_reply")
    with scratch() as folder:
        for number, models in enumerate(MODEL_LISTS):
            with contextlib.closing(table(folder / f"models{number}.db", models)) as conn:
                got = call(function, "models_reply", conn, hint=say(TEXTS, "models.hint.basic"))
                where = call_text("models_reply", conn)
            if not isinstance(got, str):
                raise Wrong(say(TEXTS, "models.type", call=where, got=shown(got)),
                            say(TEXTS, "models.hint.basic"))
            compare_models(got.split("\n"), models, where)
    return say(TEXTS, "models.ok", n=len(MODEL_LISTS))


def compare_models(lines: list[str], models: list[dict], where: str) -> None:
    """Wrong unless `lines` are the title, one line per model, and the hint."""
    for index, key, fault in ((0, "title", "title"), (-1, "switch_hint", "last")):
        if lines[index] != reply(key):
            hint = (slip(lines[index], lambda lang, key=key: reply(key, lang), reply(key))
                    or say(TEXTS, f"models.hint.{fault}", expected=reply(key)))
            raise Wrong(say(TEXTS, f"models.{fault}", call=where, got=shown(lines[index])), hint)
    if len(lines) != len(models) + 2:
        raise Wrong(say(TEXTS, "models.count", call=where, lines=len(lines),
                        models=len(models)), say(TEXTS, "models.hint.count"))
    for position, (line, model) in enumerate(zip(lines[1:-1], models, strict=True), start=1):
        if line != model_text(model):
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

LOCKED = "database is locked"  # what the check's broken switch raises (sqlite3.OperationalError)


def described(model: dict) -> str:
    """A model named in a reply: `3. Mistral Small 24b (free) [mistralai/…:free]`."""
    return f"{model['id']}. {model['label']} [{model['key']}]"


# (argument, what the reply is, the hint for a wrong one); "show" and "switch" replies are
# built from the database, "broken" has a switch that fails, "usage" and "unknown" are the
# bot's fixed texts (REPLIES, in the lesson's language).
MODEL_CASES = [("", "show", "show"), ("3", "switch", "switch"), ("", "show", "show"),
               ("1", "switch", "switch"), ("two", "usage", "usage"), ("-1", "usage", "usage"),
               ("2.5", "usage", "usage"), ("1 2", "usage", "usage"), ("99", "unknown", "unknown"),
               ("0", "unknown", "unknown"), ("4", "broken", "only_value"), ("", "show", "keep")]
MODEL_REPLIES = {"show": "active", "switch": "switched", "usage": "usage_model",
                 "unknown": "unknown"}  # each kind of case: its text in REPLIES


def model_expected(kind: str, model: dict | None, lang: str | None = None) -> str:
    """The reply of a case of `kind` (about `model`, for show and switch), in `lang`."""
    return reply(MODEL_REPLIES[kind], lang, model=described(model) if model else "")


def model_template(kind: str) -> str:
    """The reply of `kind` as the task writes it: `Активная модель: {id}. {label} [{key}]`."""
    return REPLIES[MODEL_REPLIES[kind]][config.lang()].replace("{model}", "{id}. {label} [{key}]")


def broken_switch(conn: object, model_id: object) -> dict:
    """A switch that fails as a busy database makes it fail: not an unknown id."""
    raise sqlite3.OperationalError(LOCKED)


def check_model_reply(function: Callable) -> str:
    """The student's `model_reply(arg, conn)` on MODEL_CASES, in order, on a fresh database."""
    need_function(function, "model_reply")
    with scratch() as folder:
        path = folder / "bot.db"
        db.init_db(path)
        with contextlib.closing(open_conn(path)) as conn:
            for arg, kind, hint in MODEL_CASES:
                if kind == "broken":
                    with replaced(function, switch_model=broken_switch):
                        check_broken_switch(function, conn, arg)
                else:
                    check_model_case(function, path, conn, arg, kind,
                                     say(TEXTS, f"model.hint.{hint}"))
    return say(TEXTS, "model.ok", n=len(MODEL_CASES))


def check_model_case(function: Callable, path: Path, conn: Conn, arg: str, kind: str,
                     hint: str) -> None:
    """One call of `model_reply(arg, conn)`: the reply, and what it did to the database."""
    before = db.get_active_model(path)
    model = (before if kind == "show" else
             next((m for m in db.list_models(path) if str(m["id"]) == arg), None))
    expected = model_expected(kind, model)
    got = call(function, "model_reply", arg, conn, hint=hint)
    where = call_text("model_reply", arg, conn)
    if not isinstance(got, str):
        raise Wrong(say(TEXTS, "model.type", call=where, got=shown(got)), hint)
    after = db.get_active_model(path)["id"]
    if kind == "switch" and got == expected and after != int(arg):
        raise Wrong(say(TEXTS, "model.not_switched", call=where, id=after), hint)
    if got != expected:
        raise Wrong(say(TEXTS, "model.wrong", call=where, got=shown(got)),
                    slip(got, lambda lang: model_expected(kind, model, lang),
                         model_template(kind)) or hint)
    if kind != "switch" and after != before["id"]:
        raise Wrong(say(TEXTS, "model.changed", call=where, id=after),
                    say(TEXTS, "model.hint.keep"))


def check_broken_switch(function: Callable, conn: Conn, arg: str) -> None:
    """`model_reply(arg, conn)` with a switch that fails otherwise than for an unknown id.

    Whatever it raises is right (the error goes up to the handler); a reply is wrong: the
    unknown id's text most of all.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            got = function(arg, conn)
    except Exception:
        return
    switched = tuple(reply("switched", lang, model="") for lang in LANGUAGES)
    hint = ("only_value" if got in [reply("unknown", lang) for lang in LANGUAGES] else
            "by_name" if isinstance(got, str) and got.startswith(switched) else "let_go")
    raise Wrong(say(TEXTS, "model.swallowed", call=call_text("model_reply", arg, conn),
                    got=shown(got), error=f"OperationalError: {LOCKED}"),
                say(TEXTS, f"model.hint.{hint}"))


# --- ask_reply --------------------------------------------------------------------------------

QUESTION_MAX, ANSWER_MAX = 600, 4000


class Retries:
    """Stands in for `with_retries`: asks again after a transient error, at once; says if used."""

    def __init__(self) -> None:
        """Not used yet."""
        self.inside = False
        self.used = 0

    def __call__(self, call: Callable, *, retries: int = 2, base_s: float = 0.5,
                 cap_s: float = 8.0, sleep: object = None) -> object:
        """`call()`, again after a transient OpenRouterError, `retries` times; no waiting."""
        self.used += 1
        self.inside = True
        try:  # the course's own retry policy, its waits skipped
            return call_with_retries(call, RetryPolicy(retries=retries, sleep=lambda _s: None))
        finally:
            self.inside = False


class StandIn:
    """Stands in for `chat_once`, with its signature: records each call, answers or raises."""

    def __init__(self, answer: str = "", latency_ms: int = 0,
                 error: Exception | None = None) -> None:
        """What every call returns (`answer`, `latency_ms`), or raises (`error`)."""
        self.answer, self.latency_ms, self.error = answer, latency_ms, error
        self.calls: list[dict] = []
        self.retries = Retries()

        def chat_once(messages: list, *, model: str, temperature: float = 0.2,
                      max_tokens: int = 400, timeout_s: float = 30) -> tuple[str, int]:
            """Record the call; answer or raise."""
            self.calls.append({"messages": messages, "model": model,
                               "temperature": temperature, "max_tokens": max_tokens,
                               "retried": self.retries.inside})
            if self.error is not None:
                raise self.error
            return self.answer, self.latency_ms

        self.chat_once = chat_once


LONG_QUESTION = "Почему SQLite хранит всё в одном файле? " * 25  # 1000 characters
CASE_TEXTS: Texts = {  # the questions and the stand-in's answers, in the lesson's language
    "question": {"en": "What is SQLite?", "ru": "Что такое SQLite?"},
    "long": {"en": "Explain HTTP at length", "ru": "Расскажи подробно про HTTP"},
    "one_file": {"en": "1. A database in one file.", "ru": "1. База данных в одном файле."},
    "short": {"en": "1. One file.", "ru": "1. Один файл."},
    "shorter": {"en": "1. A short answer.", "ru": "1. Короткий ответ."},
    "never": {"en": "never asked", "ru": "не спрошено"},
    "point": {"en": "{n}. A point of a long answer, about {n} things.\n",
              "ru": "{n}. Очередной пункт длинного ответа, под номером {n}.\n"},
}


def ask_cases() -> list[tuple[str, StandIn, int, str, str]]:
    """(question, stand-in, the active model's id, what the check looks at, hint) of each case."""
    question = say(CASE_TEXTS, "question")
    long_answer = "".join(say(CASE_TEXTS, "point", n=n) for n in range(1, 130))  # > 4096
    return [
        (question, StandIn(say(CASE_TEXTS, "one_file"), 1234), 2, "basic", "basic"),
        ("", StandIn(say(CASE_TEXTS, "never"), 5), 2, "usage", "usage"),
        (question, StandIn(say(CASE_TEXTS, "short"), 7), 3, "basic", "settings"),
        (LONG_QUESTION, StandIn(say(CASE_TEXTS, "shorter"), 88), 2, "basic", "cut_question"),
        (say(CASE_TEXTS, "long"), StandIn(long_answer, 4321), 2, "basic", "cut_answer"),
        (question, StandIn(error=OpenRouterError(  # OpenRouter's own words, not the
            503, "Service temporarily unavailable")), 2, "error", "error"),  # homework's message
        (question, StandIn(error=OpenRouterError(
            429, "Free-model limit reached: wait a minute.")), 2, "error", "error"),
        (question, StandIn(error=ConnectionResetError("connection reset")), 2, "other", "other"),
    ]


ASK_TEMPLATES = {"usage": "usage_ask", "error": "error", "other": "unexpected", "basic": "footer"}


def expected_ask(chat: StandIn, key: str, kind: str, lang: str | None = None) -> str:
    """The reply of the lecture's /ask in this case, in `lang` (default: the lesson's)."""
    if kind == "basic":
        footer = reply("footer", lang, latency_ms=chat.latency_ms, key=key)
        return f"{chat.answer[:ANSWER_MAX]}\n\n{footer}"
    return reply(ASK_TEMPLATES[kind], lang, error=chat.error)


def check_ask_reply(function: Callable) -> str:
    """The student's `ask_reply(question, conn)` on every case of ask_cases()."""
    need_function(function, "ask_reply")
    with scratch() as folder:
        path = folder / "bot.db"
        db.init_db(path)
        with contextlib.closing(open_conn(path)) as conn:
            cases = ask_cases()
            for question, template, active, kind, hint_key in cases:
                key = db.set_active_model(active, path)["key"]
                chat = StandIn(template.answer, template.latency_ms, template.error)
                with replaced(function, chat_once=chat.chat_once, with_retries=chat.retries):
                    check_ask_case(function, conn, question, chat, key, kind, hint_key)
    return say(TEXTS, "ask.ok", n=len(cases))


def check_ask_case(function: Callable, conn: Conn, question: str, chat: StandIn, key: str,
                   kind: str, hint_key: str) -> None:
    """One call of `ask_reply(question, conn)`: what it asked, and the reply."""
    hint = say(TEXTS, f"ask.hint.{hint_key}")
    got = call(function, "ask_reply", question, conn, hint=hint)
    where = call_text("ask_reply", question, conn)
    if not isinstance(got, str):
        raise Wrong(say(TEXTS, "ask.type", call=where, got=shown(got)), hint)
    if kind == "usage" and chat.calls:
        raise Wrong(say(TEXTS, "ask.called", call=where), hint)
    if kind != "usage":
        check_call(chat, question, key, kind, where)
    expected = expected_ask(chat, key, kind)
    if got != expected:
        template = REPLIES[ASK_TEMPLATES[kind]][config.lang()]
        raise Wrong(say(TEXTS, "ask.long", call=where, length=len(got))
                    if len(got) > 4096 else say(TEXTS, "ask.wrong", call=where, got=shown(got)),
                    slip(got, lambda lang: expected_ask(chat, key, kind, lang), template)
                    or say(TEXTS, f"ask.hint.{reply_fault(got, kind, hint_key)}"))


def check_call(chat: StandIn, question: str, key: str, kind: str, where: str) -> None:
    """Wrong unless chat_once was called through with_retries, with the lecture's request."""
    if not chat.calls:
        raise Wrong(say(TEXTS, "ask.no_call", call=where), say(TEXTS, "ask.hint.basic"))
    if kind == "basic" and len(chat.calls) > 1:
        raise Wrong(say(TEXTS, "ask.calls", call=where, n=len(chat.calls)),
                    say(TEXTS, "ask.hint.basic"))
    sent = chat.calls[0]
    if not sent["retried"]:
        raise Wrong(say(TEXTS, "ask.direct", call=where), say(TEXTS, "ask.hint.retries"))
    messages = sent["messages"]
    if not isinstance(messages, list) or len(messages) != 2:
        raise Wrong(say(TEXTS, "ask.messages", call=where, got=shown(messages)),
                    say(TEXTS, "ask.hint.messages"))
    if messages[0] != {"role": "system", "content": reply("system")}:
        raise Wrong(say(TEXTS, "ask.system", call=where, got=shown(messages[0])),
                    slip(messages[0], lambda lang: {"role": "system",
                                                    "content": reply("system", lang)},
                         reply("system")) or say(TEXTS, "ask.hint.system"))
    user = messages[1]
    if user != {"role": "user", "content": question[:QUESTION_MAX]}:
        content = user.get("content") if isinstance(user, dict) else None
        length = len(content) if isinstance(content, str) else "?"
        cut = isinstance(content, str) and len(question) > QUESTION_MAX
        raise Wrong(say(TEXTS, "ask.user", call=where, got=shown(user), length=length),
                    say(TEXTS, "ask.hint.cut_question" if cut else "ask.hint.messages"))
    for name, value in (("model", key), ("temperature", 0.2), ("max_tokens", 400)):
        if sent[name] != value:
            raise Wrong(say(TEXTS, "ask.setting", call=where, name=name, got=shown(sent[name])),
                        say(TEXTS, "ask.hint.settings"))


def reply_fault(got: str, kind: str, hint_key: str) -> str:
    """The hint for a wrong reply: the case's own, or the except clauses in the wrong order."""
    if kind == "error" and got == reply("unexpected"):
        return "order"
    return hint_key


# --- register ---------------------------------------------------------------------------------

USER_ID = 1001
REPLY_FUNCTIONS = ("models_reply", "model_reply", "ask_reply")


def register_cases() -> list[tuple[str, str, str | None]]:
    """(the message, the function that must answer it, the argument it gets; None: only conn)."""
    question = say(CASE_TEXTS, "question")
    return [("/models", "models_reply", None), ("/model", "model_reply", ""),
            ("/model 2", "model_reply", "2"), (f"/ask {question}", "ask_reply", question),
            ("/ask", "ask_reply", "")]


class Replier:
    """Stands in for the three reply functions: records what each got; replies with its name."""

    def __init__(self, path: Path) -> None:
        """Calls are checked against the database at `path`."""
        self.path = path.resolve()
        self.calls: list[tuple[str, tuple, object, bool]] = []  # name, args, conn, conn usable

    def function(self, name: str) -> Callable[..., str]:
        """The stand-in for `name`."""
        def reply(*args: object) -> str:
            """Record the call; the reply names the function and its argument."""
            *rest, conn = args if args else (None,)
            self.calls.append((name, tuple(rest), conn, self.usable(conn)))
            return stand_in_reply(name, tuple(rest))
        return reply

    def usable(self, conn: object) -> bool:
        """Whether `conn` is an open connection to the check's database."""
        try:
            file = conn.execute("PRAGMA database_list").fetchone()[2]  # type: ignore[attr-defined]
        except Exception:  # not a connection, or a closed one
            return False
        return bool(file) and Path(file).resolve() == self.path


def stand_in_reply(name: str, args: tuple) -> str:
    """What the stand-in for `name` replies to `args`: `reply of model_reply('2',)`."""
    return say(TEXTS, "shown.reply", name=name, args=repr(args))


def message(text: str, number: int) -> dict:
    """The Message Telegram sends for `text` from the check's user, as a bot receives it."""
    user = {"id": USER_ID, "is_bot": False, "first_name": "Alice"}
    entities = ([{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
                if text.startswith("/") else [])
    return {"message_id": number, "from": user, "date": 1767225600, "text": text,
            "chat": {"id": USER_ID, "type": "private", "first_name": "Alice"},
            "entities": entities}


@contextlib.contextmanager
def telegram_fake() -> Iterator[object]:
    """A local fake of Telegram, and telebot pointed at it; both put back afterwards."""
    import telebot

    from course_lib.fakes.telegram import FakeTelegram

    before = telebot.apihelper.API_URL
    with FakeTelegram() as tg:
        telebot.apihelper.API_URL = tg.api_url + "/bot{0}/{1}"
        try:
            yield tg
        finally:
            telebot.apihelper.API_URL = before


def check_register(function: Callable) -> str:
    """The student's `register(bot, db_path)`, on a bot of the check's own, fed register_cases()."""
    import telebot

    need_function(function, "register")
    with scratch() as folder, telegram_fake() as tg:
        path = DbPath(folder / "bot.db")
        db.init_db(path)
        replier = Replier(Path(path))
        stand_ins = {name: replier.function(name) for name in REPLY_FUNCTIONS}
        bot = telebot.TeleBot(tg.token, threaded=False)
        user = tg.user(USER_ID, "Alice")
        with replaced(function, **stand_ins):
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    function(bot, path)
            except Exception as error:
                raise Wrong(say(TEXTS, "reg.raised", call=f"register(bot, {shown(path)})",
                                error=one_line(error)), say(TEXTS, "reg.hint.handler")) from None
            cases = register_cases()
            for number, (text, name, arg) in enumerate(cases, start=1):
                check_register_case(bot, user, replier, number, text, name, arg)
    return say(TEXTS, "reg.ok", n=len(cases))


def check_register_case(bot: object, user: object, replier: Replier, number: int, text: str,
                        name: str, arg: str | None) -> None:
    """Feed `text` to the bot; the right function answered it, and its reply was sent."""
    from telebot.types import Update

    seen, called = len(user.replies), len(replier.calls)  # type: ignore[attr-defined]
    update = Update.de_json({"update_id": number, "message": message(text, number)})
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            bot.process_new_updates([update])  # type: ignore[attr-defined]
    except Exception as error:
        raise Wrong(say(TEXTS, "reg.handling", text=text, error=one_line(error)),
                    say(TEXTS, "reg.hint.handler")) from None
    sent = user.replies[seen:]  # type: ignore[attr-defined]
    calls = replier.calls[called:]
    if not sent:
        raise Wrong(say(TEXTS, "reg.no_reply", text=text), say(TEXTS, "reg.hint.handler"))
    if len(sent) > 1 or len(calls) > 1:
        raise Wrong(say(TEXTS, "reg.replies", text=text, n=max(len(sent), len(calls))),
                    say(TEXTS, "reg.hint.one"))
    expected_args = () if arg is None else (arg,)
    if not calls or calls[0][0] != name:
        raise Wrong(say(TEXTS, "reg.reply", text=text, got=shown(sent[0].get("text"))),
                    say(TEXTS, "reg.hint.which"))
    _, args, conn, usable = calls[0]
    if args != expected_args:
        raise Wrong(say(TEXTS, "reg.arg", text=text, name=name,
                        got=", ".join(shown(a) for a in args) or "()"), say(TEXTS, "reg.hint.arg"))
    if not usable:
        raise Wrong(say(TEXTS, "reg.conn", text=text, name=name, got=type(conn).__name__),
                    say(TEXTS, "reg.hint.conn"))
    if replier.usable(conn):
        raise Wrong(say(TEXTS, "reg.open", text=text, name=name), say(TEXTS, "reg.hint.close"))
    if sent[0].get("text") != stand_in_reply(name, expected_args):
        raise Wrong(say(TEXTS, "reg.reply", text=text, got=shown(sent[0].get("text"))),
                    say(TEXTS, "reg.hint.which"))


CHECKS: dict[str, Callable[..., str]] = {
    "updates_again": prediction(TEXTS, "why.updates_again"),
    "models_reply": check_models_reply,
    "model_reply": check_model_reply,
    "ask_reply": check_ask_reply,
    "register": check_register,
    "lab_requests": prediction(TEXTS, "why.lab_requests"),
}
