"""The checks of lesson 05 (course_lib/exercises/lesson05.py) against the usual wrong versions.

tests/test_exercises.py shows that every check says ✗ on the skeleton and ✓ on its solution;
here each check meets the mistakes a student really makes (the lecture's /models without its
title, a position for an id, a switch that never happened, every exception taken for an
unknown id, an uncut question, chat_once without with_retries, a handler that passes the whole
text, a connection shared or never closed …) and must say ✗ with the hint that helps, in one
verdict, without showing the expected value. The wrong versions use the names the lesson's
cells use (list_models, switch_model, chat_once …); the checks hand them their stand-ins.

The bot speaks the lesson's language: the wrong versions write the bot's texts with
`lesson05.reply` (COURSE_LANG), and each must fail in Russian too, with the Russian twin of its
English hint. The English solutions pass in English, the Russian ones
(notebooks/ru/solutions/05) in Russian, and a solution in the other language fails with a hint
that shows the text the lesson wants.
"""

from __future__ import annotations

import re
import runpy
import sqlite3
import string

import pytest
import telebot
from test_exercises import SOLUTIONS, flat

from course_lib.exercises import lesson05, run
from course_lib.exercises.engine import TEXTS as ENGINE_TEXTS
from course_lib.openrouter_client import OpenRouterError
from course_lib.texts.errors import TEXTS as ERROR_TEXTS

reply = lesson05.reply  # the bot's texts, in the language of the moment (COURSE_LANG)
list_models = runpy.run_path(str(SOLUTIONS / "03" / "list_models.py"))["list_models"]
get_active_model = runpy.run_path(str(SOLUTIONS / "03" / "get_active_model.py"))[
    "get_active_model"]
switch_model = lesson05.switch_model


def solved(name: str):
    """The solution of exercise `name`, loaded from its file."""
    return runpy.run_path(str(SOLUTIONS / "05" / f"{name}.py"))[name]


def verdict(name: str, function) -> str:
    """The check's verdict on `function`, flat (it is wrapped to fit a slide)."""
    result = run(f"05.{name}", function)
    assert not result.passed and result.text.startswith("✗ "), result.text
    return flat(result.text)


def test_the_checks_put_back_the_names_they_replace():
    before = {name: globals().get(name) for name in ("chat_once", "with_retries", "switch_model")}
    assert not run("05.model_reply", catch_all).passed
    assert not run("05.ask_reply", no_retries).passed
    assert {name: globals().get(name) for name in before} == before


# --- models_reply -------------------------------------------------------------------------


def line(model: dict, mark: str | None = None, number: int | None = None) -> str:
    """One model's line, with its mark and number replaceable (what the wrong versions vary)."""
    mark = mark if mark is not None else ("★" if model["active"] else " ")
    return f"{mark} {number or model['id']}. {model['label']} [{model['key']}]"


def listing(lines) -> str:
    """The /models text around model lines: the title, the lines, the hint (lesson's language)."""
    return "\n".join([reply("title"), *lines, reply("switch_hint")])


def lecture_as_is(conn):
    """The lecture's /models: no title, so Telegram eats the first blank."""
    return "\n".join([line(m) for m in list_models(conn)] + [reply("switch_hint")])


def no_blank(conn):
    """Leaves out the blank of inactive models: the ids do not line up."""
    return listing(line(m).lstrip() for m in list_models(conn))


def positions(conn):
    """Numbers the models 1, 2, 3 … instead of using their ids."""
    return listing(line(m, number=n) for n, m in enumerate(list_models(conn), 1))


def stars_everywhere(conn):
    """Stars every model."""
    return listing(line(m, mark="★") for m in list_models(conn))


def ends_with_newline(conn):
    """Adds a line break after the hint."""
    return listing(line(m) for m in list_models(conn)) + "\n"


def no_hint(conn):
    """Forgets the line that says how to switch."""
    return "\n".join([reply("title"), *(line(m) for m in list_models(conn))])


def prints_it(conn):
    """Prints the text instead of returning it."""
    print("\n".join([reply("title"), *(line(m) for m in list_models(conn)), reply("switch_hint")]))


@pytest.mark.parametrize(("wrong", "said"), [
    (lecture_as_is, "Telegram trims the blanks at the start of a message"),
    (no_blank, "a blank where the ★ would be"),
    (positions, "not its position in the list"),
    (stars_everywhere, "Only the model whose active is True gets the ★"),
    (ends_with_newline, "the last line is ''"),
    (no_hint, "the line that says how to switch"),
    (prints_it, "returned None"),
    (lambda conn: [line(m) for m in list_models(conn)], "return the text of the message, a str"),
])
def test_models_reply_catches(wrong, said):
    assert said in verdict("models_reply", wrong)


def test_models_reply_names_the_line_never_the_right_one():
    text = verdict("models_reply", no_blank)
    assert "models_reply(conn: [model 1 ★, model 2, model 3, model 4])" in text
    assert "the line of model 2 is '2. DeepSeek R1" in text
    assert "'  2. DeepSeek R1" not in text  # the expected line is not given away


# --- model_reply --------------------------------------------------------------------------


def shown(model: dict, now: bool = False) -> str:
    """The reply naming a model: the active one, or the one just switched to."""
    return reply("switched" if now else "active",
                 model=f"{model['id']}. {model['label']} [{model['key']}]")


def catch_all(arg, conn):
    """Takes every exception of the switch for an unknown id (a busy database too)."""
    if not arg:
        return shown(get_active_model(conn))
    if not arg.isdigit():
        return reply("usage_model")
    try:
        return shown(switch_model(conn, int(arg)), now=True)
    except Exception:
        return reply("unknown")


def no_digit_check(arg, conn):
    """Hands any argument to the switch: `two` becomes "unknown model id"."""
    if not arg:
        return shown(get_active_model(conn))
    try:
        return shown(switch_model(conn, arg), now=True)
    except ValueError:
        return reply("unknown")


def no_except(arg, conn):
    """Checks the digits, but lets the switch's ValueError escape."""
    if not arg:
        return shown(get_active_model(conn))
    if not arg.isdigit():
        return reply("usage_model")
    return shown(switch_model(conn, int(arg)), now=True)


def only_says_it(arg, conn):
    """Finds the model and says it switched, without switching."""
    if not arg:
        return shown(get_active_model(conn))
    if not arg.isdigit():
        return reply("usage_model")
    found = [m for m in list_models(conn) if m["id"] == int(arg)]
    return shown(found[0], now=True) if found else reply("unknown")


def int_as_the_check(arg, conn):
    """int() as the test of a number: every ValueError becomes the usage line."""
    if not arg:
        return shown(get_active_model(conn))
    try:
        return shown(switch_model(conn, int(arg)), now=True)
    except ValueError:
        return reply("usage_model")


def usage_for_no_argument(arg, conn):
    """Treats the empty argument as a bad one."""
    if not arg.isdigit():
        return reply("usage_model")
    try:
        return shown(switch_model(conn, int(arg)), now=True)
    except ValueError:
        return reply("unknown")


def switches_on_bad_input(arg, conn):
    """Right replies, but a bad argument switches to model 2 on the way."""
    text = solved_model_reply(arg, conn)
    if text == reply("usage_model"):
        switch_model(conn, 2)
    return text


def errors_as_replies(arg, conn):
    """Answers any other error of the switch with a reply of its own instead of letting it go."""
    try:
        return solved_model_reply(arg, conn)
    except sqlite3.OperationalError:
        return "Something went wrong, try again."


def solved_model_reply(arg, conn):
    """The solution's logic, with this module's switch_model (which the check replaces)."""
    if not arg:
        return shown(get_active_model(conn))
    if not arg.isdigit():
        return reply("usage_model")
    try:
        return shown(switch_model(conn, int(arg)), now=True)
    except ValueError:
        return reply("unknown")


@pytest.mark.parametrize(("wrong", "said"), [
    (catch_all, "model_reply('4', conn) returned 'unknown model id, see /models' when "
                "switch_model failed with OperationalError: database is locked"),
    (no_digit_check, "model_reply('two', conn) returned 'unknown model id, see /models'"),
    (no_except, "raised ValueError"),
    (only_says_it, "said the model was switched, but the active model is still 1"),
    (int_as_the_check, "model_reply('99', conn) returned 'Usage: /model <ID>'"),
    (usage_for_no_argument, "No argument: get_active_model(conn)"),
    (switches_on_bad_input, "A reply to bad input must leave the database as it was"),
    (errors_as_replies, "let it go up"),
])
def test_model_reply_catches(wrong, said):
    assert said in verdict("model_reply", wrong)


def test_model_reply_catching_everything_gets_the_hint_about_value_error():
    text = verdict("model_reply", catch_all)
    assert "Only a ValueError from switch_model means that no model has the id" in text


def test_model_reply_that_passes_lets_other_errors_go_up():
    assert run("05.model_reply", solved_model_reply).passed
    assert run("05.model_reply", solved("model_reply")).passed


def test_switch_model_switches_the_file_of_the_connection(tmp_path):
    from course_lib import db

    db.init_db(tmp_path / "bot.db")
    conn = sqlite3.connect(tmp_path / "bot.db", isolation_level=None)
    try:
        assert switch_model(conn, 3)["id"] == 3 and get_active_model(conn)["id"] == 3
        with pytest.raises(ValueError):
            switch_model(conn, 99)
    finally:
        conn.close()


# --- ask_reply ----------------------------------------------------------------------------


def asking(question, conn, *, cut=600, prompt=None, retries=True, **settings):
    """Asks the lecture's way, with the parts the wrong versions vary."""
    key = settings.pop("key", None) or get_active_model(conn)["key"]
    messages = [{"role": "system", "content": prompt or reply("system")},
                {"role": "user", "content": question[:cut]}]
    ask = lambda: chat_once(messages, model=key, **settings)  # noqa: E731, F821
    return (*(with_retries(ask) if retries else ask()), key)  # noqa: F821


def reply_of(answer, latency_ms, key, limit=4000):
    """The reply: the answer cut to `limit`, an empty line, the footer."""
    return f"{answer[:limit]}\n\n" + reply("footer", latency_ms=latency_ms, key=key)


def guarded(question, conn, **how):
    """The whole /ask with both excepts, asked as `how` says."""
    if not question:
        return reply("usage_ask")
    try:
        return reply_of(*asking(question, conn, **how))
    except OpenRouterError as error:
        return reply("error", error=error)
    except Exception:
        return reply("unexpected")


def uncut_question(question, conn):
    """Sends the whole question."""
    return guarded(question, conn, cut=None)


def uncut_answer(question, conn):
    """Sends the whole answer back, however long."""
    if not question:
        return reply("usage_ask")
    try:
        return reply_of(*asking(question, conn), limit=None)
    except OpenRouterError as error:
        return reply("error", error=error)


def except_in_wrong_order(question, conn):
    """Catches Exception first: an OpenRouterError becomes "Unexpected error"."""
    if not question:
        return reply("usage_ask")
    try:
        return reply_of(*asking(question, conn))
    except Exception:
        return reply("unexpected")


def no_retries(question, conn):
    """Calls chat_once itself: one 503 and the user gets the error."""
    return guarded(question, conn, retries=False)


def first_model(question, conn):
    """Always asks model 1's key, whatever is active."""
    return guarded(question, conn, key="deepseek/deepseek-chat-v3.1:free")


def only_openrouter_errors(question, conn):
    """Catches OpenRouterError only: a dropped connection escapes."""
    if not question:
        return reply("usage_ask")
    try:
        return reply_of(*asking(question, conn))
    except OpenRouterError as error:
        return reply("error", error=error)


def asks_anyway(question, conn):
    """Asks the model even without a question."""
    answer, latency_ms, key = asking(question, conn)
    return reply("usage_ask") if not question else reply_of(answer, latency_ms, key)


def warm(question, conn):
    """temperature 0.7."""
    return guarded(question, conn, temperature=0.7)


@pytest.mark.parametrize(("wrong", "said"), [
    (uncut_question, "Cut the question to its first 600 characters"),
    (uncut_answer, "more than one Telegram message holds (4096)"),
    (except_in_wrong_order, "except OpenRouterError must come before except Exception"),
    (no_retries, "called chat_once itself, not through with_retries"),
    (first_model, "Hint: model= the key of the active model"),
    (only_openrouter_errors, "raised ConnectionResetError"),
    (asks_anyway, "called chat_once, with no question to ask"),
    (lambda q, c: guarded(q, c, prompt="You are a helpful bot."),
     "the first message is {'role': 'system', 'content': 'You are a helpful bot.'}"),
    (warm, "called chat_once with temperature=0.7"),
])
def test_ask_reply_catches(wrong, said):
    assert said in verdict("ask_reply", wrong)


def test_ask_reply_gives_a_fresh_stand_in_to_every_case():
    # A version that asks twice is caught on the first case, whatever ran before it.
    def twice(question, conn):
        asking(question, conn)
        return guarded(question, conn)

    assert "called chat_once 2 times" in verdict("ask_reply", twice)
    assert run("05.ask_reply", solved("ask_reply")).passed


def test_ask_reply_shows_none_of_the_homeworks_5xx_messages():
    # The stand-ins' errors carry OpenRouter's own words: course_lib's explanations of 500, 502,
    # 503 and 504 are homework task 3, so no verdict shows them.
    errors = [case[1].error for case in lesson05.ask_cases()
              if isinstance(case[1].error, OpenRouterError)]
    assert errors and all(error.status in (429, 503) for error in errors)
    ours = [ERROR_TEXTS[f"or.{status}"][lang] for status in (500, 502, 503, 504)
            for lang in ("en", "ru")]
    for error in errors:
        assert not any(error.msg in text or text.split(":")[0] in error.msg for text in ours)


# --- register -----------------------------------------------------------------------------


def handlers(bot, db_path, *, arg=telebot.util.extract_arguments, conn_of=None, send=True,
             close=True):
    """Registers the three handlers, with the parts the wrong versions vary."""
    def answer(message, reply_of):
        conn = conn_of() if conn_of else sqlite3.connect(db_path, isolation_level=None)
        reply = reply_of(conn)
        if close:
            conn.close()
        if send:
            bot.send_message(message.chat.id, reply)

    bot.message_handler(commands=["models"])(
        lambda m: answer(m, lambda c: models_reply(c)))  # noqa: F821
    bot.message_handler(commands=["model"])(
        lambda m: answer(m, lambda c: model_reply(arg(m.text), c)))  # noqa: F821
    bot.message_handler(commands=["ask"])(
        lambda m: answer(m, lambda c: ask_reply(arg(m.text), c)))  # noqa: F821


def whole_text(bot, db_path):
    """Hands the reply functions the whole text, command included."""
    handlers(bot, db_path, arg=lambda text: text)


def never_closed(bot, db_path):
    """Opens a connection per message and never closes it."""
    handlers(bot, db_path, close=False)


def with_block(bot, db_path):
    """`with sqlite3.connect(...) as conn`: it commits, but does not close."""
    def answer(message, reply_of):
        with sqlite3.connect(db_path, isolation_level=None) as conn:
            bot.send_message(message.chat.id, reply_of(conn))

    bot.message_handler(commands=["models"])(lambda m: answer(m, models_reply))  # noqa: F821
    bot.message_handler(commands=["model"])(lambda m: answer(
        m, lambda c: model_reply(telebot.util.extract_arguments(m.text), c)))  # noqa: F821
    bot.message_handler(commands=["ask"])(lambda m: answer(
        m, lambda c: ask_reply(telebot.util.extract_arguments(m.text), c)))  # noqa: F821


def one_connection(bot, db_path):
    """One connection for every handler, opened in register (it would cross threads)."""
    shared = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    handlers(bot, db_path, conn_of=lambda: shared, close=False)


def returns_the_reply(bot, db_path):
    """Makes the reply and never sends it."""
    handlers(bot, db_path, send=False)


def no_ask(bot, db_path):
    """Forgets /ask."""
    @bot.message_handler(commands=["models", "model"])
    def both(message):
        conn = sqlite3.connect(db_path, isolation_level=None)
        try:
            reply = (models_reply(conn) if message.text == "/models"  # noqa: F821
                     else model_reply(telebot.util.extract_arguments(message.text), conn))  # noqa: F821
        finally:
            conn.close()
        bot.send_message(message.chat.id, reply)


def fails(bot, db_path):
    """Raises while registering."""
    raise RuntimeError("forgot something")


@pytest.mark.parametrize(("wrong", "said"), [
    (lambda bot, db_path: None, "The bot sent no reply to /models"),
    (whole_text, "/model reached model_reply with the argument '/model'"),
    (never_closed, "/models: the connection models_reply got is still open after the reply"),
    (with_block, "does not close it"),
    (one_connection, "still open after the reply"),
    (returns_the_reply, "The bot sent no reply to /models"),
    (no_ask, "The bot sent no reply to /ask What is SQLite?"),
    (fails, "register(bot, db_path) raised RuntimeError: forgot something"),
])
def test_register_catches(wrong, said):
    assert said in verdict("register", wrong)


def test_register_leaves_telebot_as_it_found_it():
    before = telebot.apihelper.API_URL
    assert run("05.register", solved_register()).passed
    assert before == telebot.apihelper.API_URL


def solved_register():
    """The solution of register, with the lesson's earlier solutions as its neighbours."""
    names: dict = {}
    for name in ("models_reply", "model_reply", "ask_reply", "register"):
        names = runpy.run_path(str(SOLUTIONS / "05" / f"{name}.py"), init_globals=names)
    return names["register"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_text_formats_with_its_fields(lang):
    # A brace meant literally ({"role": …}) must be doubled, or say() fails inside a check.
    fields_known = {"call", "got", "n", "lines", "models", "id", "length", "name", "error",
                    "text", "expected", "args"}
    for key, entry in lesson05.TEXTS.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name}
        entry[lang].format(**dict.fromkeys(fields, "x"))  # raises on a stray brace
        assert set(fields) <= fields_known, key


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_bots_texts_exist_in_both_languages_and_format(lang):
    fields = {"footer": {"latency_ms": 5, "key": "k"}, "active": {"model": "m"},
              "switched": {"model": "m"}, "error": {"error": "e"}}
    for name in lesson05.REPLIES:
        assert reply(name, lang, **fields.get(name, {}))
    for name in lesson05.CASE_TEXTS:
        assert lesson05.CASE_TEXTS[name][lang].format(n=1)


# --- the lesson's language: the Russian lesson's bot speaks Russian --------------------------

RU_SOLUTIONS = SOLUTIONS.parent / "ru" / "solutions"
CHECKED = ["models_reply", "model_reply", "ask_reply", "register"]


def solved_in(folder, name: str):
    """The solution of `name` from `folder` (English or Russian), with its earlier neighbours."""
    names: dict = {}
    for earlier in CHECKED[:CHECKED.index(name) + 1]:
        names = runpy.run_path(str(folder / "05" / f"{earlier}.py"), init_globals=names)
    return names[name]


@pytest.fixture
def russian(monkeypatch):
    """The Russian lesson: COURSE_LANG=ru for the test."""
    monkeypatch.setenv("COURSE_LANG", "ru")


@pytest.mark.parametrize("name", CHECKED)
@pytest.mark.parametrize(("lang", "folder"), [("en", SOLUTIONS), ("ru", RU_SOLUTIONS)])
def test_each_lessons_solution_passes_in_its_language(monkeypatch, name, lang, folder):
    monkeypatch.setenv("COURSE_LANG", lang)
    result = run(f"05.{name}", solved_in(folder, name))
    assert result.passed and result.text.startswith("✓ "), result.text


@pytest.mark.parametrize(("name", "lang", "folder", "expected"), [
    ("models_reply", "ru", SOLUTIONS, "«Доступные модели (★ — активная):»"),
    ("model_reply", "ru", SOLUTIONS, "«Активная модель: {id}. {label} [{key}]»"),
    ("ask_reply", "ru", SOLUTIONS, "«Отвечай кратко и по делу."),
    ("models_reply", "en", RU_SOLUTIONS, '"Models (★ = active):"'),
    ("model_reply", "en", RU_SOLUTIONS, '"Active model: {id}. {label} [{key}]"'),
])
def test_a_solution_in_the_other_language_fails_and_the_hint_shows_the_text(
        monkeypatch, name, lang, folder, expected):
    monkeypatch.setenv("COURSE_LANG", lang)
    text = verdict(name, solved_in(folder, name))
    assert expected in text
    if name != "ask_reply":
        assert ("Урок идёт на русском" if lang == "ru" else "The lesson is in English") in text


def test_the_russian_lessons_check_asks_in_russian_and_names_its_values_in_russian(russian):
    assert "ask_reply('Что такое SQLite?', conn) вернула None" in verdict(
        "ask_reply", lambda question, conn: None)
    assert "models_reply(conn: [модель 1 ★, модель 2, модель 3, модель 4])" in verdict(
        "models_reply", no_blank)
    assert """Бот ответил на /models так: "ответ model_reply('',)".""" in verdict(
        "register", models_by_model_reply)
    assert "/ask Что такое SQLite?" in verdict("register", no_ask)


def models_by_model_reply(bot, db_path):
    """Answers /models with model_reply."""
    @bot.message_handler(commands=["models"])
    def models(message):
        conn = sqlite3.connect(db_path, isolation_level=None)
        try:
            reply = model_reply("", conn)  # noqa: F821
        finally:
            conn.close()
        bot.send_message(message.chat.id, reply)


def test_the_russian_lessons_english_title_and_hint_line_get_the_russian_text(russian):
    for lines, said in [(["Models (★ = active):"], "«Доступные модели (★ — активная):»"),
                        ([reply("title"), "activate: /model <ID>"],
                         "«переключить: /model <ID>»")]:
        text = verdict("models_reply", lambda conn, lines=lines: "\n".join(lines))
        assert said in text and "Урок идёт на русском" in text


def test_the_russian_lessons_english_footer_usage_and_errors_get_the_russian_text(russian):
    english_footer = verdict("ask_reply", lambda q, c: guarded_in_english(q, c, "footer"))
    assert "«({latency_ms} мс; модель: {key})»" in english_footer
    assert "Урок идёт на русском" in english_footer
    english_usage = verdict("ask_reply", lambda q, c: guarded_in_english(q, c, "usage_ask"))
    assert "«Использование: /ask <вопрос>»" in english_usage
    english_error = verdict("ask_reply", lambda q, c: guarded_in_english(q, c, "error"))
    assert "«Ошибка: {error}»" in english_error
    english_other = verdict("ask_reply", lambda q, c: guarded_in_english(q, c, "unexpected"))
    assert "«Непредвиденная ошибка»" in english_other


def guarded_in_english(question, conn, which: str):
    """The right /ask, except that the text `which` is in English."""
    def text(name, **fields):
        return reply(name, "en" if name == which else None, **fields)

    if not question:
        return text("usage_ask")
    try:
        answer, latency_ms, key = asking(question, conn)
    except OpenRouterError as error:
        return text("error", error=error)
    except Exception:
        return text("unexpected")
    return f"{answer[:4000]}\n\n" + text("footer", latency_ms=latency_ms, key=key)


def test_the_russian_lessons_english_system_prompt_gets_the_russian_one(russian):
    text = verdict("ask_reply", lambda q, c: guarded(q, c, prompt=reply("system", "en")))
    assert "Урок идёт на русском" in text and "«Отвечай кратко и по делу." in text


def test_the_russian_lessons_english_model_replies_get_the_russian_text(russian):
    def english_usage(arg, conn):
        text = solved_in(RU_SOLUTIONS, "model_reply")(arg, conn)
        return reply("usage_model", "en") if text == reply("usage_model") else text

    text = verdict("model_reply", english_usage)
    assert "«Использование: /model <ID>»" in text and "Урок идёт на русском" in text


HINT = re.compile(r" (?:Hint|Подсказка): (.*)$")


def hint_key(text: str, lang: str) -> str:
    """The key of the hint a verdict ends with (its fields matched as anything)."""
    found = HINT.search(text).group(1)
    for key, entry in {**lesson05.TEXTS, **ENGINE_TEXTS}.items():
        pattern = re.escape(flat(entry[lang])).replace(r"\{\{", "{").replace(r"\}\}", "}")
        pattern = re.sub(r"\\\{\w+\\\}", ".*", pattern)
        if re.fullmatch(pattern, found):
            return key
    raise AssertionError(f"no text is the hint {found!r}")


WRONG_VERSIONS = [  # every wrong version above, by the check it meets
    *(("models_reply", wrong) for wrong in (lecture_as_is, no_blank, positions, stars_everywhere,
                                             ends_with_newline, no_hint, prints_it)),
    *(("model_reply", wrong) for wrong in (catch_all, no_digit_check, no_except, only_says_it,
                                            int_as_the_check, usage_for_no_argument,
                                            switches_on_bad_input, errors_as_replies)),
    *(("ask_reply", wrong) for wrong in (uncut_question, uncut_answer, except_in_wrong_order,
                                          no_retries, first_model, only_openrouter_errors,
                                          asks_anyway, warm)),
    *(("register", wrong) for wrong in (whole_text, never_closed, with_block, one_connection,
                                         returns_the_reply, no_ask, fails)),
]


@pytest.mark.parametrize(("name", "wrong"), WRONG_VERSIONS,
                         ids=[f"{name}.{wrong.__name__}" for name, wrong in WRONG_VERSIONS])
def test_the_usual_wrong_versions_fail_in_russian_with_the_same_hint_in_russian(
        monkeypatch, name, wrong):
    # Written with the lesson's texts (reply()), each wrong version fails in both languages,
    # for the same reason: the Russian verdict gives the Russian twin of the English hint.
    english = verdict(name, wrong)
    monkeypatch.setenv("COURSE_LANG", "ru")
    russian = verdict(name, wrong)
    assert hint_key(russian, "ru") == hint_key(english, "en")
    assert "Hint" not in russian and "What is SQLite" not in russian
