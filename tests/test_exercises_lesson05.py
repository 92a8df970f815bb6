"""The checks of lesson 05 (course_lib/exercises/lesson05.py) against the usual wrong versions.

tests/test_exercises.py shows that every check says ✗ on the skeleton and ✓ on its solution;
here each check meets the mistakes a student really makes (the lecture's /models without its
title, a position for an id, a switch that never happened, a bad argument sent to the database,
an uncut question or answer, the except clauses in the wrong order …) and must say ✗ with the
hint that helps, in one verdict, without showing the expected value.
"""

from __future__ import annotations

import runpy
import string

import pytest
from test_exercises import SOLUTIONS, flat

from course_lib import db
from course_lib.exercises import lesson05, run
from course_lib.openrouter_client import OpenRouterError
from course_lib.texts.errors import TEXTS as ERROR_TEXTS

PROMPT = lesson05.SYSTEM_PROMPT
TITLE, HINT = "Models (★ = active):", "activate: /model <ID>"


def solved(name: str):
    """The solution of exercise `name`, loaded from its file."""
    return runpy.run_path(str(SOLUTIONS / "05" / f"{name}.py"))[name]


def verdict(name: str, function) -> str:
    """The check's verdict on `function`, flat (it is wrapped to fit a slide)."""
    result = run(f"05.{name}", function)
    assert not result.passed and result.text.startswith("✗ "), result.text
    return flat(result.text)


# --- format_models ------------------------------------------------------------------------


def line(model: dict, mark: str | None = None, number: int | None = None) -> str:
    """One model's line, with its mark and number replaceable (what the wrong versions vary)."""
    mark = mark if mark is not None else ("★" if model["active"] else " ")
    return f"{mark} {number or model['id']}. {model['label']} [{model['key']}]"


def lecture_as_is(rows):
    """The lecture's /models: no title, so Telegram eats the first blank."""
    return "\n".join([line(m) for m in rows] + [HINT])


def no_blank(rows):
    """Leaves out the blank of inactive models: the ids do not line up."""
    return "\n".join([TITLE, *(line(m).lstrip() for m in rows), HINT])


def positions(rows):
    """Numbers the models 1, 2, 3 … instead of using their ids."""
    return "\n".join([TITLE, *(line(m, number=n) for n, m in enumerate(rows, 1)), HINT])


def stars_everywhere(rows):
    """Stars every model."""
    return "\n".join([TITLE, *(line(m, mark="★") for m in rows), HINT])


def ends_with_newline(rows):
    """Adds a line break after the hint."""
    return "\n".join([TITLE, *(line(m) for m in rows), HINT]) + "\n"


def no_hint(rows):
    """Forgets the line that says how to switch."""
    return "\n".join([TITLE, *(line(m) for m in rows)])


def prints_it(rows):
    """Prints the text instead of returning it."""
    print("\n".join([TITLE, *(line(m) for m in rows), HINT]))


@pytest.mark.parametrize(("wrong", "said"), [
    (lecture_as_is, "Telegram trims the blanks at the start of a message"),
    (no_blank, "a blank where the ★ would be"),
    (positions, "not its position in the list"),
    (stars_everywhere, "Only the model whose active is True gets the ★"),
    (ends_with_newline, "the last line is ''"),
    (no_hint, "the line that says how to switch"),
    (prints_it, "returned None"),
    (lambda rows: [line(m) for m in rows], "return the text of the message, a str"),
])
def test_format_models_catches(wrong, said):
    assert said in verdict("format_models", wrong)


def test_format_models_names_the_line_never_the_right_one():
    text = verdict("format_models", no_blank)
    assert "the line of model 2 is '2. DeepSeek R1" in text
    assert "'  2. DeepSeek R1" not in text  # the expected line is not given away


# --- model_reply --------------------------------------------------------------------------


def shown(model: dict, now: bool = False) -> str:
    """The reply naming a model: the active one, or the one just switched to."""
    head = "Active model is now: " if now else "Active model: "
    return f"{head}{model['id']}. {model['label']} [{model['key']}]"


def no_digit_check(arg, db_path):
    """Hands any argument to the database: `two` becomes "unknown model id"."""
    if not arg:
        return shown(db.get_active_model(db_path))
    try:
        return shown(db.set_active_model(arg, db_path), now=True)
    except ValueError:
        return "unknown model id, see /models"


def no_except(arg, db_path):
    """Checks the digits, but lets set_active_model's ValueError escape."""
    if not arg:
        return shown(db.get_active_model(db_path))
    if not arg.isdigit():
        return "Usage: /model <ID>"
    return shown(db.set_active_model(int(arg), db_path), now=True)


def only_says_it(arg, db_path):
    """Finds the model and says it switched, without switching."""
    if not arg:
        return shown(db.get_active_model(db_path))
    if not arg.isdigit():
        return "Usage: /model <ID>"
    found = [m for m in db.list_models(db_path) if m["id"] == int(arg)]
    return shown(found[0], now=True) if found else "unknown model id, see /models"


def int_as_the_check(arg, db_path):
    """int() as the test of a number: every ValueError becomes the usage line."""
    if not arg:
        return shown(db.get_active_model(db_path))
    try:
        return shown(db.set_active_model(int(arg), db_path), now=True)
    except ValueError:
        return "Usage: /model <ID>"


def usage_for_no_argument(arg, db_path):
    """Treats the empty argument as a bad one."""
    if not arg.isdigit():
        return "Usage: /model <ID>"
    try:
        return shown(db.set_active_model(int(arg), db_path), now=True)
    except ValueError:
        return "unknown model id, see /models"


def switches_on_bad_input(arg, db_path):
    """Right replies, but a bad argument switches to model 2 on the way."""
    reply = solved("model_reply")(arg, db_path)
    if reply.startswith("Usage"):
        db.set_active_model(2, db_path)
    return reply


@pytest.mark.parametrize(("wrong", "said"), [
    (no_digit_check, "model_reply('two', db_path) returned 'unknown model id, see /models'"),
    (no_except, "raised ValueError"),
    (only_says_it, "said the model was switched, but the active model is still 1"),
    (int_as_the_check, "model_reply('99', db_path) returned 'Usage: /model <ID>'"),
    (usage_for_no_argument, "No argument: db.get_active_model(db_path)"),
    (switches_on_bad_input, "A reply to bad input must leave the database as it was"),
])
def test_model_reply_catches(wrong, said):
    assert said in verdict("model_reply", wrong)


def test_model_reply_shows_db_path_not_a_temporary_folder():
    text = verdict("model_reply", lambda arg, db_path: None)
    assert "model_reply('', db_path)" in text and "tmp" not in text.lower()


# --- ask_reply ----------------------------------------------------------------------------


def asking(question, key, chat, *, cut=600, prompt=PROMPT, **settings):
    """Calls chat the lecture's way, with the parts the wrong versions vary."""
    messages = [{"role": "system", "content": prompt}, {"role": "user", "content": question[:cut]}]
    return chat(messages, model=key, **({"temperature": 0.2, "max_tokens": 400} | settings))


def reply_of(answer, latency_ms, key, limit=4000):
    """The reply: the answer cut to `limit`, an empty line, the footer."""
    return f"{answer[:limit]}\n\n({latency_ms} ms; model: {key})"


def uncut_question(question, key, chat):
    """Sends the whole question."""
    if not question:
        return "Usage: /ask <question>"
    return reply_of(*asking(question, key, chat, cut=None), key)


def uncut_answer(question, key, chat):
    """Sends the whole answer back, however long."""
    if not question:
        return "Usage: /ask <question>"
    try:
        return reply_of(*asking(question, key, chat), key, limit=None)
    except OpenRouterError as error:
        return f"Error: {error}"


def except_in_wrong_order(question, key, chat):
    """Catches Exception first: an OpenRouterError becomes "Unexpected error"."""
    if not question:
        return "Usage: /ask <question>"
    try:
        return reply_of(*asking(question, key, chat), key)
    except Exception:
        return "Unexpected error"


def no_except(question, key, chat):
    """Lets every error escape."""
    if not question:
        return "Usage: /ask <question>"
    return reply_of(*asking(question, key, chat), key)


def only_openrouter_errors(question, key, chat):
    """Catches OpenRouterError only: a dropped connection escapes."""
    if not question:
        return "Usage: /ask <question>"
    try:
        return reply_of(*asking(question, key, chat), key)
    except OpenRouterError as error:
        return f"Error: {error}"


def asks_anyway(question, key, chat):
    """Asks the model even without a question."""
    answer, latency_ms = asking(question, key, chat)
    return "Usage: /ask <question>" if not question else reply_of(answer, latency_ms, key)


def own_prompt(question, key, chat):
    """A system prompt of its own."""
    return reply_of(*asking(question, key, chat, prompt="You are a helpful bot."), key)


def warm(question, key, chat):
    """temperature 0.7."""
    return reply_of(*asking(question, key, chat, temperature=0.7), key)


def no_system_message(question, key, chat):
    """Sends only the question."""
    answer, latency_ms = chat([{"role": "user", "content": question}], model=key)
    return reply_of(answer, latency_ms, key)


def positional(question, key, chat):
    """Passes the model as a positional argument, which chat_once does not take."""
    return chat([{"role": "user", "content": question}], key)[0]


def footer_on_the_same_line(question, key, chat):
    """Puts the footer after a space instead of an empty line."""
    answer, latency_ms = asking(question, key, chat)
    return f"{answer} ({latency_ms} ms; model: {key})"


@pytest.mark.parametrize(("wrong", "said"), [
    (uncut_question, "Cut the question to its first 600 characters"),
    (uncut_answer, "more than one Telegram message holds (4096)"),
    (except_in_wrong_order, "except OpenRouterError must come before except Exception"),
    (no_except, "raised OpenRouterError: [503] Service temporarily unavailable"),
    (only_openrouter_errors, "raised ConnectionResetError"),
    (asks_anyway, "called chat, with no question to ask"),
    (own_prompt, "the first message is {'role': 'system', 'content': 'You are a helpful bot.'}"),
    (warm, "called chat with temperature=0.7"),
    (no_system_message, "sent chat the messages [{'role': 'user'"),
    (positional, "chat() takes 1 positional argument but 2 were given"),
    (footer_on_the_same_line, "an empty line, and the footer"),
])
def test_ask_reply_catches(wrong, said):
    assert said in verdict("ask_reply", wrong)


def test_ask_reply_gives_a_fresh_stand_in_to_every_case():
    # A version that asks twice is caught on the first case, whatever ran before it.
    def twice(question, key, chat):
        asking(question, key, chat)
        return reply_of(*asking(question, key, chat), key)

    assert "called chat 2 times" in verdict("ask_reply", twice)
    assert run("05.ask_reply", solved("ask_reply")).passed


def test_ask_reply_shows_none_of_the_homeworks_5xx_messages():
    # The stand-ins' errors carry OpenRouter's own words: course_lib's explanations of 500, 502,
    # 503 and 504 are homework task 3, so no verdict shows them.
    errors = [case[1].error for case in lesson05.ASK_CASES
              if isinstance(case[1].error, OpenRouterError)]
    assert errors and all(error.status in (429, 503) for error in errors)
    ours = [ERROR_TEXTS[f"or.{status}"][lang] for status in (500, 502, 503, 504)
            for lang in ("en", "ru")]
    for error in errors:
        assert not any(error.msg in text or text.split(":")[0] in error.msg for text in ours)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_text_formats_with_its_fields(lang):
    # A brace meant literally ({"role": …}) must be doubled, or say() fails inside a check.
    for key, entry in lesson05.TEXTS.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(entry[lang]) if name}
        entry[lang].format(**dict.fromkeys(fields, "x"))  # raises on a stray brace
        assert set(fields) <= {"call", "got", "n", "lines", "models", "id", "length", "name"}, key
