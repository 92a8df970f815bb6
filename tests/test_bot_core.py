"""The bot's core without Telegram: every command, every bad input, isolation, /ask, splitting."""

from __future__ import annotations

import logging
import re
import string
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import db, notes, openrouter_client, retry
from course_lib.bot import ask, core
from course_lib.bot.commands import COMMANDS, usage
from course_lib.bot.core import BotCore, Reply
from course_lib.bot.split import WHITESPACE, split_message
from course_lib.openrouter_errors import OpenRouterError
from course_lib.texts import bot as bot_texts
from course_lib.texts import t

ALICE, BOB = 1001, 2002
KEY = "sk-or-v1-fake-bot-tests"
FOOTER = re.compile(r"\n\n\((\d+) ms; model: (\S+)\)\Z")


class Clock:
    """A clock the test sets by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def offline_english(monkeypatch):
    """English replies, and no OpenRouter key unless a test points the client at the fake."""
    monkeypatch.setenv("COURSE_LANG", "en")
    monkeypatch.setenv("OPENROUTER_API_KEY", "")


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc))


@pytest.fixture
def bot(tmp_path: Path, clock: Clock) -> BotCore:
    """A core on a fresh database file, with a clock the test controls."""
    return BotCore(tmp_path / "bot.db", bot_username="course_bot", clock=clock)


@pytest.fixture
def fake(fake_openrouter, monkeypatch):
    """The local OpenRouter, the client pointed at it, and retries without waiting."""
    monkeypatch.setenv("OPENROUTER_BASE_URL", fake_openrouter.base_url)
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    monkeypatch.setattr(retry, "DEFAULT_POLICY", retry.RetryPolicy(sleep=lambda s: None))
    return fake_openrouter


def say(bot: BotCore, text: str, user: int = ALICE) -> str:
    """The text of the bot's replies to one message (checking every reply's size)."""
    replies = bot.handle(user, text)
    assert replies and all(r.text and 1 <= len(r.text) <= 4096 for r in replies)
    return "\n".join(r.text for r in replies)


# --- /start, /help and the command menu -----------------------------------------------------

@pytest.mark.parametrize("command", ["/start", "/help"])
def test_start_and_help_list_every_command_with_its_description(bot, command):
    reply = say(bot, command)
    for name, description in bot.commands():
        assert re.search(rf"^/{name}\b.* — {re.escape(description)}$", reply, re.MULTILINE)


def test_start_greets_first(bot):
    assert say(bot, "/start").startswith(t("bot.start"))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_command_menu_fits_telegrams_rules(bot, monkeypatch, lang):
    monkeypatch.setenv("COURSE_LANG", lang)
    menu = bot.commands()
    assert [name for name, _ in menu] == list(COMMANDS) == list(core.HANDLERS)
    for name, description in menu:
        assert re.fullmatch(r"[a-z0-9_]{1,32}", name)
        assert 1 <= len(description) <= 256 and description == t(f"bot.cmd.{name}", lang)


def test_menu_follows_the_language_at_call_time(bot, monkeypatch):
    english = dict(bot.commands())
    monkeypatch.setenv("COURSE_LANG", "ru")
    assert dict(bot.commands())["note_add"] == "добавить заметку" != english["note_add"]


def test_every_bot_text_exists_in_both_languages_with_the_same_fields():
    fields = re.compile(r"{(\w*)(?:[!:][^{}]*)?}")  # with a spec: plural forms
    for key, entry in bot_texts.TEXTS.items():
        assert key.startswith("bot.") and entry["en"].strip() and entry["ru"].strip()
        assert set(fields.findall(entry["en"])) == set(fields.findall(entry["ru"])), key


# --- notes ----------------------------------------------------------------------------------

def test_note_add_replies_with_the_new_id(bot):
    assert say(bot, "/note_add buy milk") == "Note #1 saved."
    assert say(bot, "/note_add call mum") == "Note #2 saved."


def test_a_note_keeps_its_lines(bot):
    say(bot, "/note_add first line\nsecond line")
    assert notes.all_notes(ALICE, bot.db_path)[0].text == "first line\nsecond line"


@pytest.mark.parametrize("text", ["/note_add", "/note_add    ", "/note_add \n\t "])
def test_note_add_without_text_shows_usage(bot, text):
    assert say(bot, text) == usage("note_add")
    assert notes.count_notes(ALICE, bot.db_path) == 0


def test_a_huge_note_is_refused_and_not_stored(bot):
    reply = say(bot, "/note_add " + "x" * 5000)
    assert reply == t("bot.note.too_long", length=5000, max=notes.MAX_NOTE_CHARS)
    assert notes.count_notes(ALICE, bot.db_path) == 0


def test_the_longest_note_comes_back_whole_in_one_message(bot):
    text = "я" * notes.MAX_NOTE_CHARS
    say(bot, "/note_add " + text)
    for command in ("/note_list", "/note_find я"):
        replies = bot.handle(ALICE, command)
        assert len(replies) == 1 and text in replies[0].text


def test_note_list_shows_the_newest_first_default_ten(bot):
    for i in range(12):
        say(bot, f"/note_add note {i}")
    reply = say(bot, "/note_list")
    assert reply.startswith("Your newest notes (10 of 12):")
    shown = re.findall(r"note (\d+)", reply)
    assert shown == [str(i) for i in range(11, 1, -1)]
    assert re.findall(r"note (\d+)", say(bot, "/note_list 3")) == ["11", "10", "9"]


def test_note_list_shows_id_and_utc_date(bot):
    say(bot, "/note_add hello")
    assert "#1 · 2025-03-10 12:00 UTC\nhello" in say(bot, "/note_list")


def test_note_list_without_notes_says_how_to_add_one(bot):
    assert say(bot, "/note_list") == t("bot.note.none")


@pytest.mark.parametrize(("arg", "key"), [
    ("abc", "bot.number.not_number"), ("1.5", "bot.number.not_number"),
    ("²", "bot.number.not_number"), ("0", "bot.number.not_positive"),
    ("-3", "bot.number.not_positive"), ("51", "bot.number.too_large"),
    ("99999999999999999999", "bot.number.too_large"), ("9" * 5000, "bot.number.too_large"),
])
def test_note_list_bad_counts_get_specific_replies(bot, arg, key):
    expected = t(key, value=arg, max=50, usage=usage("note_list"))
    assert say(bot, f"/note_list {arg}") == expected


def test_note_find_is_case_insensitive_for_russian_too(bot):
    say(bot, "/note_add Купить МОЛОКО")
    say(bot, "/note_add Read about HTTP")
    say(bot, "/note_add другое")
    reply = say(bot, "/note_find молоко")
    assert reply.startswith("Notes containing “молоко” (1 of 1):") and "Купить МОЛОКО" in reply
    assert "Read about HTTP" in say(bot, "/note_find http")


def test_note_find_without_matches_or_text(bot):
    say(bot, "/note_add one")
    assert say(bot, "/note_find zebra") == t("bot.note.found_none", needle="zebra")
    assert say(bot, "/note_find") == usage("note_find")


def test_note_edit_changes_the_text(bot):
    say(bot, "/note_add old")
    assert say(bot, "/note_edit 1 new text") == "Note #1 updated."
    assert notes.all_notes(ALICE, bot.db_path)[0].text == "new text"


@pytest.mark.parametrize(("text", "expected"), [
    ("/note_edit", lambda: usage("note_edit")),
    ("/note_edit 1", lambda: usage("note_edit")),
    ("/note_edit abc new", lambda: t("bot.note.bad_id", value="abc")),
    ("/note_edit 0 new", lambda: t("bot.note.id_not_positive", value="0")),
    ("/note_edit -2 new", lambda: t("bot.note.id_not_positive", value="-2")),
    ("/note_edit 7 new", lambda: t("bot.note.not_found", id="7")),
    ("/note_edit 99999999999999999999 new",
     lambda: t("bot.note.not_found", id="99999999999999999999")),
    ("/note_edit 1 " + "y" * 3001,
     lambda: t("bot.note.too_long", length=3001, max=notes.MAX_NOTE_CHARS)),
])
def test_note_edit_bad_input(bot, text, expected):
    say(bot, "/note_add keep me")
    assert say(bot, text) == expected()
    assert notes.all_notes(ALICE, bot.db_path)[0].text == "keep me"


def test_note_del_deletes_once(bot):
    say(bot, "/note_add a")
    say(bot, "/note_add b")
    assert say(bot, "/note_del 1") == "Note #1 deleted."
    assert say(bot, "/note_del 1") == t("bot.note.not_found", id="1")
    assert [n.text for n in notes.all_notes(ALICE, bot.db_path)] == ["b"]


@pytest.mark.parametrize(("text", "expected"), [
    ("/note_del", lambda: usage("note_del")),
    ("/note_del 1 2", lambda: usage("note_del")),
    ("/note_del one", lambda: t("bot.note.bad_id", value="one")),
    ("/note_del -1", lambda: t("bot.note.id_not_positive", value="-1")),
    ("/note_del 0", lambda: t("bot.note.id_not_positive", value="0")),
    ("/note_del 5", lambda: t("bot.note.not_found", id="5")),
    ("/note_del 123456789012345678901234567890",
     lambda: t("bot.note.not_found", id="123456789012345678901234567890")),
])
def test_note_del_bad_input_deletes_nothing(bot, text, expected):
    say(bot, "/note_add keep me")
    assert say(bot, text) == expected()
    assert notes.count_notes(ALICE, bot.db_path) == 1


def test_note_count(bot):
    assert say(bot, "/note_count") == "Your notes: 0."
    say(bot, "/note_add a")
    say(bot, "/note_add b")
    assert say(bot, "/note_count") == "Your notes: 2."


def test_note_export_is_a_utf8_text_document(bot, clock):
    say(bot, "/note_add first")
    clock.now += timedelta(days=1)
    say(bot, "/note_add Привет, мир — ёлка 🎄")
    (reply,) = bot.handle(ALICE, "/note_export")
    assert reply.text is None and reply.filename.endswith(".txt")
    assert reply.caption == t("bot.note.export_caption", count=2)
    content = reply.document.decode("utf-8")
    assert "#1 · 2025-03-10 12:00 UTC\nfirst" in content
    assert "#2 · 2025-03-11 12:00 UTC\nПривет, мир — ёлка 🎄" in content


def test_note_export_without_notes_is_a_text_reply(bot):
    assert bot.handle(ALICE, "/note_export") == [Reply(text=t("bot.note.export_empty"))]


def test_note_stats_counts_per_date_with_an_injected_clock(bot, clock):
    start = clock.now
    for days_ago, how_many in [(0, 2), (3, 1), (6, 1), (7, 4)]:
        clock.now = start - timedelta(days=days_ago)
        for _ in range(how_many):
            say(bot, "/note_add x")
    clock.now = start
    assert say(bot, "/note_stats") == (
        "Notes per day over the last 7 days (UTC dates):\n"
        "2025-03-04: 1\n2025-03-07: 1\n2025-03-10: 2\nTotal: 4")
    assert say(bot, "/note_stats 1").endswith("2025-03-10: 2\nTotal: 2")
    assert "2025-03-03: 4" in say(bot, "/note_stats 8")
    clock.now = start + timedelta(days=30)
    assert say(bot, "/note_stats") == t("bot.note.stats_none", days=7)


@pytest.mark.parametrize(("arg", "key"), [
    ("week", "bot.number.not_number"), ("0", "bot.number.not_positive"),
    ("-7", "bot.number.not_positive"), ("367", "bot.number.too_large"),
    ("100000000000000000000000", "bot.number.too_large"),
])
def test_note_stats_bad_days(bot, arg, key):
    assert say(bot, f"/note_stats {arg}") == t(key, value=arg, max=366,
                                                usage=usage("note_stats"))


# --- two users ------------------------------------------------------------------------------

def test_no_note_command_reaches_another_users_notes(bot):
    say(bot, "/note_add alice's secret", user=ALICE)  # note #1
    nobody = {cmd: say(bot, cmd, user=BOB) for cmd in (
        "/note_edit 999 x", "/note_del 999")}
    assert say(bot, "/note_list", user=BOB) == t("bot.note.none")
    assert say(bot, "/note_find secret", user=BOB) == t("bot.note.found_none", needle="secret")
    assert say(bot, "/note_count", user=BOB) == "Your notes: 0."
    assert say(bot, "/note_stats", user=BOB) == t("bot.note.stats_none", days=7)
    assert say(bot, "/note_export", user=BOB) == t("bot.note.export_empty")
    # Someone else's id answers exactly like an id that does not exist.
    assert say(bot, "/note_edit 1 x", user=BOB) == nobody["/note_edit 999 x"].replace("999", "1")
    assert say(bot, "/note_del 1", user=BOB) == nobody["/note_del 999"].replace("999", "1")
    assert [n.text for n in notes.all_notes(ALICE, bot.db_path)] == ["alice's secret"]
    assert "alice's secret" in say(bot, "/note_list", user=ALICE)


# --- models ---------------------------------------------------------------------------------

def test_models_lists_every_model_in_the_design_format(bot):
    lines = say(bot, "/models").splitlines()
    expected = [f"{'★' if m['active'] else ' '} {m['id']}. {m['label']} [{m['key']}]"
                for m in db.list_models(bot.db_path)]
    assert len(expected) == 10
    assert lines == [t("bot.models.title"), *expected, "activate: /model <ID>"]
    assert lines[1] == "★ 1. DeepSeek V3.1 (free) [deepseek/deepseek-chat-v3.1:free]"
    assert lines[2] == "  2. DeepSeek R1 (free) [deepseek/deepseek-r1:free]"


def test_model_shows_and_switches_the_active_model(bot):
    assert say(bot, "/model") == (
        "Active model: 1. DeepSeek V3.1 (free) [deepseek/deepseek-chat-v3.1:free]")
    assert say(bot, "/model 3").startswith("Active model is now: 3. Mistral Small 24b (free)")
    assert "★ 3. Mistral" in say(bot, "/models")
    # Back to a lower id: the switch that failed in the lecture's code.
    assert say(bot, "/model 1").startswith("Active model is now: 1. DeepSeek V3.1")
    assert db.get_active_model(bot.db_path)["id"] == 1


@pytest.mark.parametrize(("arg", "expected"), [
    ("abc", lambda: usage("model")), ("3.5", lambda: usage("model")),
    ("99", lambda: t("db.unknown_id", id=99)), ("0", lambda: t("db.unknown_id", id=0)),
    ("-1", lambda: t("db.bad_id", value="'-1'")),
    ("99999999999999999999999", lambda: t("db.id_too_large")),
])
def test_model_errors_keep_the_active_model(bot, arg, expected):
    say(bot, "/model 2")
    assert say(bot, f"/model {arg}") == expected()
    assert db.get_active_model(bot.db_path)["id"] == 2


def test_unknown_model_reply_points_to_models(bot):
    assert "/models" in say(bot, "/model 42")


# --- /ask -----------------------------------------------------------------------------------

def test_ask_answers_with_latency_and_model(bot, fake):
    reply = say(bot, "/ask echo: hello there")
    match = FOOTER.search(reply)
    assert reply.startswith("hello there\n\n") and match
    assert int(match[1]) >= 0 and match[2] == "deepseek/deepseek-chat-v3.1:free"


def test_ask_sends_the_lecture_request_to_the_active_model(bot, fake):
    say(bot, "/model 4")
    say(bot, "/ask What is HTTP?")
    (request,) = fake.chat_requests()
    assert request.json == {
        "model": "meta-llama/llama-3.1-8b-instruct:free", "temperature": 0.2, "max_tokens": 400,
        "messages": [{"role": "system", "content": t("bot.ask.system")},
                     {"role": "user", "content": "What is HTTP?"}]}
    assert "numbered points" in request.json["messages"][0]["content"]


def test_ask_cuts_the_question_to_600_characters(bot, fake):
    question = "echo: " + "abcdefghij" * 100
    reply = say(bot, "/ask " + question)
    (request,) = fake.chat_requests()
    assert request.json["messages"][1]["content"] == question[:600]
    cut = t("bot.ask.cut", length=len(question), max=600)
    assert reply.startswith(cut + "\n\n" + question[6:600] + "\n\n")


def test_ask_without_a_question_shows_usage_and_sends_nothing(bot, fake):
    assert say(bot, "/ask") == usage("ask")
    assert say(bot, "/ask   ") == usage("ask")
    assert fake.chat_requests() == []


@pytest.mark.parametrize(("status", "words"), [
    (500, "500 Internal Server Error"), (502, "502 Bad Gateway"),
    (503, "503 Service Unavailable"), (504, "504 Gateway Timeout")])
def test_ask_relays_each_5xx_with_its_own_explanation(bot, fake, status, words):
    fake.fail_always(status)
    reply = say(bot, "/ask anything")
    assert reply.startswith(f"Error: [{status}] ") and words in reply


def test_the_four_5xx_replies_differ(bot, fake):
    replies = set()
    for status in (500, 502, 503, 504):
        fake.fail_always(status)
        replies.add(say(bot, "/ask anything"))
        fake.clear()
    assert len(replies) == 4


def test_ask_without_a_key_explains_instead_of_failing(bot):
    assert say(bot, "/ask hi") == "Error: " + str(OpenRouterError(401, t("or.no_key")))


def test_an_unexpected_exception_becomes_a_reply_and_a_log_without_the_key(
        bot, monkeypatch, caplog):
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)

    def broken(*args, **kwargs):
        raise RuntimeError(f"boom with {KEY} inside")

    monkeypatch.setattr(openrouter_client, "chat_once", broken)
    with caplog.at_level(logging.ERROR, logger="course_lib.bot.core"):
        replies = bot.handle(ALICE, "/ask hi")
    assert replies == [Reply(text=t("bot.unexpected"))]
    assert "RuntimeError" in caplog.text and KEY not in caplog.text


def test_an_exception_in_any_handler_never_leaves_handle(bot, monkeypatch):
    monkeypatch.setattr(notes, "count_notes", lambda *a, **k: 1 / 0)
    assert say(bot, "/note_count") == t("bot.unexpected")
    assert say(bot, "/note_add still works") == "Note #1 saved."


def test_on_slow_is_called_once_per_ask_and_never_otherwise(bot, fake):
    calls = []
    for text in ("/start", "/help", "/note_add a", "/note_list", "/note_find a", "/note_edit 1 b",
                 "/note_count", "/note_export", "/note_stats", "/note_del 1", "/models",
                 "/model", "/model 2", "/ask", "hello", "/nope", ""):
        bot.handle(ALICE, text, on_slow=lambda: calls.append(1))
    assert calls == []
    bot.handle(ALICE, "/ask echo: x", on_slow=lambda: calls.append(1))
    assert calls == [1]
    fake.fail_always(503)
    bot.handle(ALICE, "/ask echo: x", on_slow=lambda: calls.append(1))
    assert calls == [1, 1]


def test_a_failing_on_slow_does_not_cost_the_answer(bot, fake):
    def broken() -> None:
        raise ConnectionError("sendChatAction failed")

    assert bot.handle(ALICE, "/ask echo: still here", on_slow=broken)[0].text.startswith(
        "still here")


def test_a_long_answer_is_split_at_word_boundaries(bot, monkeypatch):
    words = [f"word{i}" for i in range(2500)]
    monkeypatch.setattr(openrouter_client, "chat_once",
                        lambda messages, **kw: (" ".join(words), 7))
    replies = bot.handle(ALICE, "/ask tell me everything")
    assert len(replies) >= 5 and all(1 <= len(r.text) <= 4096 for r in replies)
    joined = " ".join(r.text for r in replies)
    assert joined.split()[:-4] == words
    assert FOOTER.search(replies[-1].text)


def test_a_long_answer_from_the_fake_is_split_too(bot, fake, monkeypatch):
    monkeypatch.setattr(ask, "MAX_TOKENS", 3000)  # the fake stops at max_tokens words
    replies = bot.handle(ALICE, "/ask words: 1500")
    assert len(replies) >= 2 and all(1 <= len(r.text) <= 4096 for r in replies)
    assert len(" ".join(r.text for r in replies).split()) == 1500 + 4


# --- bad input of every other kind ----------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("", lambda: t("bot.empty")), ("   \n\t", lambda: t("bot.empty")),
    ("hello bot", lambda: t("bot.plain_text")),
    ("what is /ask?", lambda: t("bot.plain_text")),
    ("/frobnicate", lambda: t("bot.unknown", command="/frobnicate")),
    ("/", lambda: t("bot.unknown", command="/")),
    ("/note add x", lambda: t("bot.unknown", command="/note")),
    ("/NOTE_ADD x", lambda: t("bot.wrong_case", command="/note_add x")),
    ("/Models", lambda: t("bot.wrong_case", command="/models")),
    ("/Note_List@course_bot", lambda: t("bot.wrong_case", command="/note_list")),
    ("/models@OtherBot", lambda: t("bot.other_bot", bot="OtherBot", me="course_bot",
                                   command="/models")),
])
def test_bad_input_gets_a_specific_reply(bot, text, expected):
    assert say(bot, text) == expected()


def test_the_unknown_command_reply_points_to_help(bot):
    assert "/help" in say(bot, "/frobnicate")


def test_a_command_addressed_to_this_bot_works(bot):
    assert say(bot, "/note_add@course_bot milk") == "Note #1 saved."
    assert say(bot, "/note_count@Course_Bot") == "Your notes: 1."


def test_no_reply_is_ever_over_telegrams_limit(bot):
    for _ in range(50):
        say(bot, "/note_add " + "long words here " * 180)
    replies = bot.handle(ALICE, "/note_list 50")
    assert len(replies) > 1 and all(1 <= len(r.text) <= 4096 for r in replies)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300),
                      st.builds("/{}{}".format, st.sampled_from([*COMMANDS, "NOTE_ADD", "x"]),
                                st.text(max_size=60))))
def test_any_text_gets_replies_within_limits(bot, text):
    replies = bot.handle(BOB, text)
    assert replies
    for reply in replies:
        assert reply.document or (reply.text and 1 <= len(reply.text) <= 4096)
        assert reply.text != t("bot.unexpected")


# --- languages ------------------------------------------------------------------------------

def test_replies_in_russian(bot, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    assert say(bot, "/note_add купить хлеб") == "Заметка №1 сохранена."
    assert say(bot, "/note_count") == "Ваших заметок: 1."
    assert say(bot, "/help").startswith("Команды:\n/start — что умеет этот бот")
    assert say(bot, "/nope") == "Неизвестная команда /nope, список команд: /help"
    assert say(bot, "/models").splitlines()[-1] == "переключить: /model <ID>"
    assert say(bot, "/model 77") == t("db.unknown_id", "ru", id=77)
    assert say(bot, "/ask") == "Использование: /ask <вопрос> — задать вопрос модели."


def test_russian_notes_are_numbered_with_the_number_sign_and_days_counted(bot, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    say(bot, "/note_add купить хлеб")
    assert say(bot, "/note_list").splitlines()[2].startswith("№1 · ")
    assert say(bot, "/note_stats 21").startswith("Заметки по дням за последний 21 день (")
    assert say(bot, "/note_stats 22").startswith("Заметки по дням за последние 22 дня (")


def test_russian_ask_answers_in_russian_with_a_russian_footer(bot, fake, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    reply = say(bot, "/ask Что такое HTTP?")
    assert "протокол «запрос — ответ»" in reply
    assert re.search(r"\n\n\(\d+ мс; модель: \S+\)\Z", reply), reply


def test_russian_ask_error_keeps_the_status(bot, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    assert say(bot, "/ask вопрос").startswith("Ошибка: [401] Нет ключа OpenRouter")


# --- threads --------------------------------------------------------------------------------

def test_many_threads_on_one_database(bot):
    errors: list[str] = []

    def user_session(user: int) -> None:
        for i in range(25):
            text = ["/note_add n{i}", "/note_list 3", "/note_find n", "/models",
                    "/note_count"][i % 5].format(i=i)
            for reply in bot.handle(user, text):
                if reply.text == t("bot.unexpected"):
                    errors.append(text)

    threads = [threading.Thread(target=user_session, args=(100 + k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for k in range(8):
        assert say(bot, "/note_count", user=100 + k) == "Your notes: 5."
    assert len({n.id for k in range(8) for n in notes.all_notes(100 + k, bot.db_path)}) == 40


def test_model_switches_from_many_threads_leave_one_active(bot):
    def switcher(k: int) -> None:
        for i in range(10):
            bot.handle(k, f"/model {(k + i) % 10 + 1}")

    threads = [threading.Thread(target=switcher, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(m["active"] for m in db.list_models(bot.db_path)) == 1


# --- split_message --------------------------------------------------------------------------

def assert_split_is_faithful(text: str, parts: list[str], limit: int) -> None:
    """Parts in order make up `text`, only whitespace dropped at the cuts; no needless word cut."""
    assert all(1 <= len(part) <= limit for part in parts)
    position = 0
    for i, part in enumerate(parts):
        found = text.index(part, position)
        assert text[position:found].strip(WHITESPACE) == ""
        position = found + len(part)
        if i < len(parts) - 1 and text[position] not in WHITESPACE:
            # A cut inside a word: only when that word is longer than a whole message.
            assert len(part) == limit and not set(part) & set(WHITESPACE)
    assert text[position:].strip(WHITESPACE) == ""


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab .!?\n\t я🎄"), max_size=400),
       limit=st.integers(min_value=1, max_value=60))
def test_split_property_small_alphabet(text, limit):
    assert_split_is_faithful(text, split_message(text, limit), limit)


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=2000), limit=st.integers(min_value=1, max_value=300))
def test_split_property_any_text(text, limit):
    assert_split_is_faithful(text, split_message(text, limit), limit)


def test_split_leaves_a_short_text_alone():
    assert split_message("  short text \n") == ["short text"]
    assert split_message("") == [] and split_message(" \n ") == []


def test_split_prefers_paragraphs_then_lines_then_sentences_then_words():
    para = "a" * 30 + ".\n\n" + "b" * 30
    assert split_message(para, 40) == ["a" * 30 + ".", "b" * 30]
    lines = "aaaa aaaa aaaa aaaa\nbbbb bbbb bbbb"
    assert split_message(lines, 25) == ["aaaa aaaa aaaa aaaa", "bbbb bbbb bbbb"]
    sentences = "First sentence here. Second one is longer"
    assert split_message(sentences, 30) == ["First sentence here.", "Second one is longer"]
    assert split_message("one two three four", 9) == ["one two", "three", "four"]


def test_split_cuts_a_word_only_when_it_is_longer_than_the_limit():
    assert split_message("x" * 25 + " end", 10) == ["x" * 10, "x" * 10, "x" * 5 + " end"]


def test_split_does_not_leave_a_tiny_first_part_for_an_early_paragraph():
    text = "Hi.\n\n" + " ".join(["word"] * 30)
    parts = split_message(text, 100)
    assert len(parts[0]) > 50


def test_split_default_limit_is_telegrams():
    text = ("paragraph " * 300 + "\n\n") * 5
    assert all(len(p) <= 4096 for p in split_message(text))
    assert len(split_message(string.ascii_letters * 100)) == 2
