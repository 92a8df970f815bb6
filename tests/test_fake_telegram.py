"""The Telegram Bot API fake, exercised with the real telebot client over real HTTP.

Every test talks to a `FakeTelegram` on 127.0.0.1 (a free port); nothing reaches the
internet. Waits are bounded (thread joins, `wait_replies`), never asserted on the clock.
"""

from __future__ import annotations

import io
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
import telebot
from hypothesis import given
from hypothesis import strategies as st
from telebot import apihelper
from telebot.apihelper import ApiTelegramException

from course_lib.fakes.telegram import DEFAULT_TOKEN, FakeTelegram
from course_lib.fakes.telegram.handler import MAX_REQUEST_LINE
from course_lib.fakes.telegram.multipart import parse_multipart
from course_lib.fakes.telegram.objects import command_entities

TOKEN = "123456:FAKE-local-token"
ALICE = 1001


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy configured on the machine must not see our loopback requests."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    """A running fake with the test token."""
    with FakeTelegram(token=TOKEN, host="127.0.0.1", port=0) as fake:
        yield fake


@pytest.fixture
def bot(tg: FakeTelegram) -> Iterator[telebot.TeleBot]:
    """A telebot client pointed at the fake; telebot's module-wide URLs are restored after."""
    saved = apihelper.API_URL, apihelper.FILE_URL
    apihelper.API_URL = tg.api_url + "/bot{0}/{1}"
    apihelper.FILE_URL = tg.api_url + "/file/bot{0}/{1}"
    try:
        yield telebot.TeleBot(tg.token)
    finally:
        apihelper.API_URL, apihelper.FILE_URL = saved


@pytest.fixture
def alice(tg: FakeTelegram):
    """Alice, who has a private chat with the bot."""
    return tg.user(ALICE, "Alice", language_code="en")


def api_error(call: Callable[[], Any]) -> ApiTelegramException:
    """The ApiTelegramException a telebot call raises (fails the test if none)."""
    with pytest.raises(ApiTelegramException) as caught:
        call()
    return caught.value


def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Wait (bounded) until `condition()` holds, e.g. until a long poll is waiting."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.01)


def in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    """Run `call` in a thread; its result or exception lands in the returned dict."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["result"] = call()
        except Exception as error:  # handed to the test to assert on
            outcome["error"] = error

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, outcome


# --- identity, tokens, routing ------------------------------------------------------------

def test_the_placeholder_token_passes_telebots_own_validation() -> None:
    assert DEFAULT_TOKEN == TOKEN
    assert telebot.util.validate_token(TOKEN)
    assert not re.fullmatch(r"\d{8,10}:AA.{30,}", TOKEN)  # nothing like a real token


def test_get_me_returns_the_bot_user(bot: telebot.TeleBot) -> None:
    me = bot.get_me()
    assert (me.id, me.is_bot, me.first_name, me.username) == (
        123456, True, "Course Bot", "course_fake_bot")


def test_wrong_token_is_401_unauthorized(tg: FakeTelegram, bot: telebot.TeleBot) -> None:
    error = api_error(telebot.TeleBot("123456:WRONG-token").get_me)
    assert (error.error_code, error.description) == (401, "Unauthorized")
    raw = requests.get(f"{tg.api_url}/bot654321:other/getMe", timeout=5)
    assert raw.status_code == 401
    assert raw.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}


@pytest.mark.parametrize("token", ["not-a-token", "123456", "123456:", "0123:abc",
                                   "123456:has.dots", "x" * 10 + ":abc"])
def test_a_malformed_token_is_404_not_found(tg: FakeTelegram, bot: telebot.TeleBot,
                                           token: str) -> None:
    """api.telegram.org answers 404 to a token of the wrong shape, 401 only to a well-formed
    one it does not know (python-telegram-bot relies on the difference)."""
    raw = requests.get(f"{tg.api_url}/bot{token}/getMe", timeout=5)
    assert (raw.status_code, raw.json()) == (404, {"ok": False, "error_code": 404,
                                                   "description": "Not Found"})
    bot_id, _, secret = token.partition(":")
    if bot_id.isdigit() and secret:  # telebot itself refuses the other shapes
        error = api_error(telebot.TeleBot(token).get_me)
        assert (error.error_code, error.description) == (404, "Not Found")


def test_a_chunked_multipart_upload_arrives_whole(tg: FakeTelegram, alice) -> None:
    """aiohttp (aiogram) sends uploads with Transfer-Encoding: chunked; so does requests
    for a body given as a generator."""
    boundary = "b0undary"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="chat_id"\r\n\r\n{ALICE}'
            f'\r\n--{boundary}\r\nContent-Disposition: form-data; name="document"; '
            f'filename="big.bin"\r\n\r\n').encode() + bytes(range(256)) * 1000 + (
            f"\r\n--{boundary}--\r\n").encode()
    chunks = (body[i:i + 7000] for i in range(0, len(body), 7000))
    raw = requests.post(f"{tg.api_url}/bot{TOKEN}/sendDocument", data=chunks, timeout=5,
                        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert raw.request.headers["Transfer-Encoding"] == "chunked"
    document = raw.json()["result"]["document"]
    assert tg.file_bytes(document["file_id"]) == bytes(range(256)) * 1000


def test_unknown_method_and_path_are_404(tg: FakeTelegram) -> None:
    for path in (f"/bot{TOKEN}/sendTelepathy", "/favicon.ico", f"/bot{TOKEN}/"):
        raw = requests.post(tg.api_url + path, timeout=5)
        assert raw.status_code == 404, path
        assert raw.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


def test_method_names_are_case_insensitive(tg: FakeTelegram) -> None:
    for method in ("GETME", "getme", "GetMe"):
        raw = requests.get(f"{tg.api_url}/bot{TOKEN}/{method}", timeout=5)
        assert raw.json()["result"]["username"] == "course_fake_bot", method
    assert [name for name, _ in tg.calls] == ["getMe"] * 3


@pytest.mark.parametrize("how", ["query", "form", "json"])
def test_parameters_arrive_in_query_form_or_json(tg: FakeTelegram, alice, how: str) -> None:
    url = f"{tg.api_url}/bot{TOKEN}/sendMessage"
    params = {"chat_id": ALICE, "text": "привет"}
    sent = {"query": lambda: requests.post(url, params=params, timeout=5),
            "form": lambda: requests.post(url, data=params, timeout=5),
            "json": lambda: requests.post(url, json=params, timeout=5)}[how]()
    assert sent.json()["result"]["text"] == "привет"
    assert alice.wait_replies(1, timeout=5)[0]["text"] == "привет"


# --- sendMessage --------------------------------------------------------------------------

def test_send_message_returns_the_message_and_the_chat_shows_it(
        tg: FakeTelegram, bot: telebot.TeleBot, alice) -> None:
    message = bot.send_message(ALICE, "hello", parse_mode="HTML")
    assert (message.text, message.chat.id, message.chat.type) == ("hello", ALICE, "private")
    assert message.from_user.id == bot.get_me().id
    assert [m["text"] for m in alice.replies] == ["hello"]
    assert [m["text"] for m in tg.sent] == ["hello"]
    assert tg.calls[0][1]["parse_mode"] == "HTML"


@pytest.mark.parametrize(("chat_id", "text", "description"), [
    (ALICE, "", "Bad Request: message text is empty"),
    (ALICE, "   \n", "Bad Request: text must be non-empty"),  # tdlib, after trimming
    (ALICE, "x" * 4097, "Bad Request: message is too long"),
    (999, "hello", "Bad Request: chat not found"),
    ("@somebody", "hello", "Bad Request: chat not found"),
])
def test_send_message_limits_are_telegrams_400s(
        bot: telebot.TeleBot, alice, chat_id: Any, text: str, description: str) -> None:
    error = api_error(lambda: bot.send_message(chat_id, text))
    assert (error.error_code, error.description) == (400, description)
    assert alice.replies == []


def test_missing_chat_id_is_chat_id_is_empty(tg: FakeTelegram) -> None:
    raw = requests.get(f"{tg.api_url}/bot{TOKEN}/sendMessage", params={"text": "hi"}, timeout=5)
    assert raw.json()["description"] == "Bad Request: chat_id is empty"


@pytest.mark.parametrize("text", ["x" * 4096, "😀" * 4096, "я" * 4096])
def test_a_4096_character_message_is_accepted(bot: telebot.TeleBot, alice, text: str) -> None:
    assert bot.send_message(ALICE, text).text == text
    assert alice.wait_replies(1, timeout=5)[0]["text"] == text


def test_a_49_kb_request_line_is_accepted(tg: FakeTelegram, alice) -> None:
    """telebot puts the text in the URL: 4096 emoji are 49 KB once percent-encoded."""
    answer = requests.post(f"{tg.api_url}/bot{TOKEN}/sendMessage",
                           params={"chat_id": ALICE, "text": "😀" * 4096}, timeout=5)
    assert len(answer.request.url) > 49_000  # type: ignore[arg-type]
    assert answer.json()["result"]["text"] == "😀" * 4096


def test_a_request_line_over_64_kib_gets_telegrams_answer_not_414(tg: FakeTelegram, alice) -> None:
    text = "😀" * 6000  # 72 KB once encoded: over http.server's default 64 KiB limit
    raw = requests.get(f"{tg.api_url}/bot{TOKEN}/sendMessage",
                       params={"chat_id": ALICE, "text": text}, timeout=5)
    assert raw.json() == {"ok": False, "error_code": 400,
                          "description": "Bad Request: message is too long"}


def test_a_request_line_over_1_mib_is_414(tg: FakeTelegram) -> None:
    line = b"GET /" + b"a" * MAX_REQUEST_LINE  # one byte over; exactly what the server reads
    with socket.create_connection((tg.host, tg.port), timeout=5) as sock:
        sock.sendall(line)
        assert sock.recv(100).startswith(b"HTTP/1.1 414")


def test_reply_to_message_id_is_honoured(bot: telebot.TeleBot, alice) -> None:
    question = alice.send("what time is it?")
    answer = bot.send_message(ALICE, "noon", reply_to_message_id=question["message_id"])
    assert answer.reply_to_message.message_id == question["message_id"]
    assert answer.reply_to_message.text == "what time is it?"


def test_replying_to_a_missing_message_fails_unless_allowed(bot: telebot.TeleBot, alice) -> None:
    error = api_error(lambda: bot.send_message(ALICE, "hi", reply_to_message_id=77))
    assert error.description == "Bad Request: message to be replied not found"
    sent = bot.send_message(ALICE, "hi", reply_to_message_id=77, allow_sending_without_reply=True)
    assert sent.reply_to_message is None


def test_unknown_parse_mode_is_refused(bot: telebot.TeleBot, alice) -> None:
    error = api_error(lambda: bot.send_message(ALICE, "hi", parse_mode="BBCode"))
    assert error.description == "Bad Request: unsupported parse_mode"


def test_bot_commands_in_texts_get_entities() -> None:
    assert command_entities("/note_add hello") == [
        {"type": "bot_command", "offset": 0, "length": 9}]
    assert command_entities("😀 /ping@SomeBot") == [  # the emoji counts as 2 UTF-16 units
        {"type": "bot_command", "offset": 3, "length": 13}]
    assert command_entities("a/b and http://x/y") == []


# --- sendDocument, getFile ----------------------------------------------------------------

def test_edit_caption_and_keyboard_of_a_document(bot: telebot.TeleBot, alice) -> None:
    sent = bot.send_document(ALICE, io.BytesIO(b"x"), caption="old",
                             visible_file_name="a.txt")
    edited = bot.edit_message_caption("<b>new</b>", ALICE, sent.message_id, parse_mode="HTML")
    assert (edited.caption, edited.caption_entities[0].type) == ("new", "bold")
    keyboard = telebot.types.InlineKeyboardMarkup()
    keyboard.add(telebot.types.InlineKeyboardButton("ok", callback_data="ok"))
    with_keys = bot.edit_message_reply_markup(ALICE, sent.message_id, reply_markup=keyboard)
    assert with_keys.reply_markup.keyboard[0][0].text == "ok"
    error = api_error(lambda: bot.edit_message_reply_markup(ALICE, sent.message_id,
                                                            reply_markup=keyboard))
    assert error.description.startswith("Bad Request: message is not modified")
    text = bot.send_message(ALICE, "plain")
    error = api_error(lambda: bot.edit_message_caption("c", ALICE, text.message_id))
    assert error.description == "Bad Request: there is no caption in the message to edit"


def test_send_document_round_trips_name_bytes_and_caption(
        tg: FakeTelegram, bot: telebot.TeleBot, alice) -> None:
    content = "Заметки 📝\nnote one\n".encode()
    upload = io.BytesIO(content)
    sent = bot.send_document(ALICE, upload, caption="your notes",
                             visible_file_name="мои заметки.txt")
    document = sent.document
    assert (document.file_name, document.mime_type, document.file_size) == (
        "мои заметки.txt", "text/plain", len(content))
    assert sent.caption == "your notes"
    assert tg.file_bytes(document.file_id) == content
    reply = alice.wait_replies(1, timeout=5)[0]
    assert (reply["document"]["file_name"], reply["caption"]) == ("мои заметки.txt", "your notes")
    assert bot.download_file(bot.get_file(document.file_id).file_path) == content


def test_send_document_again_by_file_id(bot: telebot.TeleBot, alice) -> None:
    first = bot.send_document(ALICE, io.BytesIO(b"data"), visible_file_name="a.txt")
    again = bot.send_document(ALICE, first.document.file_id)
    assert again.document.file_id == first.document.file_id
    error = api_error(lambda: bot.send_document(ALICE, "no-such-file-id"))
    assert error.description == "Bad Request: wrong file identifier/HTTP URL specified"


@pytest.mark.parametrize(("data", "caption", "description"), [
    (b"ok", "c" * 1025, "Bad Request: message caption is too long"),
    (b"", "fine", "Bad Request: file must be non-empty"),
])
def test_send_document_limits(bot: telebot.TeleBot, alice, data: bytes, caption: str,
                              description: str) -> None:
    error = api_error(lambda: bot.send_document(ALICE, io.BytesIO(data), caption=caption,
                                                visible_file_name="n.txt"))
    assert (error.error_code, error.description) == (400, description)


def test_a_1024_character_caption_is_accepted(bot: telebot.TeleBot, alice) -> None:
    sent = bot.send_document(ALICE, io.BytesIO(b"x"), caption="c" * 1024, visible_file_name="n")
    assert sent.caption == "c" * 1024


def test_send_document_without_a_file(tg: FakeTelegram, alice) -> None:
    raw = requests.post(f"{tg.api_url}/bot{TOKEN}/sendDocument", data={"chat_id": ALICE},
                        timeout=5)
    assert raw.json()["description"] == "Bad Request: there is no document in the request"


# --- editMessageText, sendChatAction ------------------------------------------------------

def test_edit_message_text_changes_the_chat_and_logs_the_edit(
        tg: FakeTelegram, bot: telebot.TeleBot, alice) -> None:
    thinking = bot.send_message(ALICE, "thinking…")
    edited = bot.edit_message_text("42", ALICE, thinking.message_id)
    assert (edited.message_id, edited.text) == (thinking.message_id, "42")
    assert edited.edit_date is not None
    assert [m["text"] for m in alice.replies] == ["42"]  # the chat shows the current text
    assert [m["text"] for m in tg.sent] == ["thinking…", "42"]
    assert "edit_date" in tg.sent[1] and "edit_date" not in tg.sent[0]


def test_the_fake_notes_when_the_bot_last_changed_a_chat(bot: telebot.TeleBot, alice) -> None:
    # For a driver that must know whether the bot is still answering (the grader's).
    assert alice.last_change is None
    before = time.monotonic()
    thinking = bot.send_message(ALICE, "thinking…")
    sent = alice.last_change
    bot.edit_message_text("42", ALICE, thinking.message_id)
    assert before <= sent < alice.last_change <= time.monotonic()


def test_edit_message_text_errors(bot: telebot.TeleBot, alice) -> None:
    mine = bot.send_message(ALICE, "same")
    theirs = alice.send("hello bot")
    cases = [(lambda: bot.edit_message_text("same", ALICE, mine.message_id),
              "Bad Request: message is not modified: specified new message content and reply "
              "markup are exactly the same as a current content and reply markup of the message"),
             (lambda: bot.edit_message_text("new", ALICE, theirs["message_id"]),
              "Bad Request: message can't be edited"),
             (lambda: bot.edit_message_text("new", ALICE, 999),
              "Bad Request: message to edit not found"),
             (lambda: bot.edit_message_text("x" * 4097, ALICE, mine.message_id),
              "Bad Request: MESSAGE_TOO_LONG")]
    for call, description in cases:
        assert api_error(call).description == description


def test_send_chat_action_is_recorded(tg: FakeTelegram, bot: telebot.TeleBot, alice) -> None:
    assert bot.send_chat_action(ALICE, "typing") is True
    assert bot.send_chat_action(ALICE, "upload_document") is True
    assert tg.chat_actions == [(ALICE, "typing"), (ALICE, "upload_document")]
    error = api_error(lambda: bot.send_chat_action(ALICE, "dancing"))
    assert error.description == "Bad Request: wrong parameter action in request"


# --- the command menu ---------------------------------------------------------------------

def test_set_and_get_my_commands(tg: FakeTelegram, bot: telebot.TeleBot) -> None:
    menu = [telebot.types.BotCommand("note_add", "add a note"),
            telebot.types.BotCommand("a" * 32, "d" * 256)]
    assert bot.set_my_commands(menu) is True
    expected = [{"command": "note_add", "description": "add a note"},
                {"command": "a" * 32, "description": "d" * 256}]
    assert tg.commands == expected
    assert [c.to_dict() for c in bot.get_my_commands()] == expected
    assert bot.get_my_commands(language_code="ru") == []  # one menu per language
    assert bot.delete_my_commands() is True
    assert bot.get_my_commands() == []


@pytest.mark.parametrize(("command", "description", "error"), [
    ("Ping", "ok", "Bad Request: BOT_COMMAND_INVALID"),
    ("/ping", "ok", "Bad Request: BOT_COMMAND_INVALID"),
    ("", "ok", "Bad Request: BOT_COMMAND_INVALID"),
    ("a" * 33, "ok", "Bad Request: BOT_COMMAND_INVALID"),
    ("пинг", "ok", "Bad Request: BOT_COMMAND_INVALID"),
    ("ping", "", "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"),
    ("ping", "d" * 257, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID"),
])
def test_invalid_bot_commands_are_refused(tg: FakeTelegram, bot: telebot.TeleBot,
                                          command: str, description: str, error: str) -> None:
    refused = api_error(lambda: bot.set_my_commands(
        [telebot.types.BotCommand("help", "fine"),
         telebot.types.BotCommand(command, description)]))
    assert (refused.error_code, refused.description) == (400, error)
    assert tg.commands == []  # nothing of a refused list is kept


def test_set_my_commands_with_broken_json(tg: FakeTelegram) -> None:
    raw = requests.post(f"{tg.api_url}/bot{TOKEN}/setMyCommands",
                        params={"commands": "[{"}, timeout=5)
    assert raw.json()["description"] == "Bad Request: can't parse commands JSON object"


# --- getUpdates, offsets, long polling, webhooks ------------------------------------------

def test_get_updates_delivers_messages_with_the_fields_telebot_needs(
        bot: telebot.TeleBot, alice) -> None:
    alice.send("/note_add hello")
    (update,) = bot.get_updates(timeout=5, long_polling_timeout=1)
    message = update.message
    assert (message.text, message.chat.id, message.from_user.first_name) == (
        "/note_add hello", ALICE, "Alice")
    assert message.from_user.language_code == "en"
    assert message.entities[0].type == "bot_command"


def test_a_sticker_arrives_as_a_message_without_text(bot: telebot.TeleBot, alice) -> None:
    alice.send_sticker("🙂")
    (update,) = bot.get_updates(timeout=5, long_polling_timeout=1)
    message = update.message
    assert message.content_type == "sticker" and message.text is None
    assert message.sticker.emoji == "🙂" and message.chat.id == ALICE


def test_offset_confirms_updates_and_limit_caps_the_batch(bot: telebot.TeleBot, alice) -> None:
    for text in ("one", "two", "three"):
        alice.send(text)
    first_two = bot.get_updates(limit=2, long_polling_timeout=1)
    assert [u.message.text for u in first_two] == ["one", "two"]
    rest = bot.get_updates(offset=first_two[-1].update_id + 1, long_polling_timeout=1)
    assert [u.message.text for u in rest] == ["three"]
    alice.send("four")
    newer = bot.get_updates(offset=rest[-1].update_id + 1, long_polling_timeout=1)
    assert [u.message.text for u in newer] == ["four"]  # "one".."three" are gone for good
    again = bot.get_updates(offset=1, long_polling_timeout=1)
    assert [u.message.text for u in again] == ["four"]


def test_negative_offset_keeps_only_the_newest_updates(bot: telebot.TeleBot, alice) -> None:
    for text in ("old", "older", "newest"):
        alice.send(text)
    assert [u.message.text for u in bot.get_updates(offset=-1)] == ["newest"]
    assert [u.message.text for u in bot.get_updates(long_polling_timeout=1)] == ["newest"]


def test_long_polling_waits_then_returns_as_soon_as_an_update_arrives(
        tg: FakeTelegram, bot: telebot.TeleBot, alice) -> None:
    thread, outcome = in_thread(lambda: bot.get_updates(timeout=40, long_polling_timeout=30))
    eventually(lambda: tg.waiting_polls == 1)  # the request is parked, not answered
    assert thread.is_alive()
    alice.send("wake up")
    thread.join(timeout=10)  # far less than the 30 s poll: only an early return gets here
    assert not thread.is_alive()
    assert [u.message.text for u in outcome["result"]] == ["wake up"]


def test_long_polling_with_nothing_to_deliver_returns_empty(bot: telebot.TeleBot) -> None:
    assert bot.get_updates(long_polling_timeout=1) == []


def test_a_second_long_poll_ends_the_first_with_409(
        tg: FakeTelegram, bot: telebot.TeleBot, alice) -> None:
    first, outcome = in_thread(lambda: bot.get_updates(timeout=40, long_polling_timeout=30))
    eventually(lambda: tg.waiting_polls == 1)
    second, _ = in_thread(lambda: bot.get_updates(timeout=40, long_polling_timeout=30))
    first.join(timeout=10)
    error = outcome["error"]
    assert isinstance(error, ApiTelegramException)
    assert (error.error_code, error.description) == (
        409, "Conflict: terminated by other getUpdates request; "
             "make sure that only one bot instance is running")
    alice.send("for the survivor")
    second.join(timeout=10)
    assert not second.is_alive()


def test_a_short_poll_does_not_end_a_waiting_long_poll(tg: FakeTelegram, bot, alice) -> None:
    waiting, outcome = in_thread(lambda: bot.get_updates(timeout=40, long_polling_timeout=30))
    eventually(lambda: tg.waiting_polls == 1)
    short = requests.get(f"{tg.api_url}/bot{TOKEN}/getUpdates", params={"timeout": 0}, timeout=5)
    assert short.json() == {"ok": True, "result": []}
    assert tg.waiting_polls == 1
    alice.send("hello")
    waiting.join(timeout=10)
    assert [u.message.text for u in outcome["result"]] == ["hello"]


def test_delete_webhook_and_a_webhook_blocking_get_updates(bot: telebot.TeleBot, alice) -> None:
    assert bot.delete_webhook() is True
    assert bot.set_webhook("https://example.invalid/hook") is True
    error = api_error(lambda: bot.get_updates(long_polling_timeout=1))
    assert error.error_code == 409
    assert error.description.startswith("Conflict: can't use getUpdates method while webhook")
    alice.send("pending")
    assert bot.get_webhook_info().pending_update_count == 1
    assert bot.delete_webhook(drop_pending_updates=True) is True
    assert bot.get_webhook_info().pending_update_count == 0
    assert bot.get_webhook_info().url == ""


def test_delete_webhook_describes_what_happened(tg: FakeTelegram) -> None:
    raw = requests.get(f"{tg.api_url}/bot{TOKEN}/deleteWebhook", timeout=5)
    assert raw.json() == {"ok": True, "result": True, "description": "Webhook is already deleted"}


# --- a real telebot bot, end to end -------------------------------------------------------

@pytest.mark.parametrize("loop", ["infinity_polling", "polling"])
def test_a_polling_bot_answers_commands_and_stops_cleanly(
        tg: FakeTelegram, bot: telebot.TeleBot, alice, loop: str) -> None:
    @bot.message_handler(commands=["ping"])
    def ping(message: telebot.types.Message) -> None:
        bot.reply_to(message, "pong")

    run = getattr(bot, loop)
    poller = threading.Thread(target=run, kwargs={"timeout": 5, "long_polling_timeout": 1},
                              daemon=True)
    poller.start()
    try:
        for text in ("/ping", "/ping@SomeBot", "/pingpong"):
            sent = alice.send(text)
            if text != "/pingpong":
                (reply,) = alice.wait_replies(1, timeout=10)
                assert reply["text"] == "pong"
                assert reply["reply_to_message"]["message_id"] == sent["message_id"]
    finally:
        bot.stop_polling()
        poller.join(timeout=10)
    assert not poller.is_alive()
    assert [m["text"] for m in alice.replies] == ["pong", "pong"]  # /pingpong is no /ping
    assert tg.calls[0][0] == "getMe"  # telebot's start-up call
    assert {name for name, _ in tg.calls} == {"getMe", "getUpdates", "sendMessage"}


def test_wait_replies_timeout_names_what_arrived(bot: telebot.TeleBot, alice) -> None:
    alice.send("/ask something")
    bot.send_message(ALICE, "only one answer")
    with pytest.raises(TimeoutError, match=r"Alice \(chat 1001\).*got 1.*only one answer"):
        alice.wait_replies(2, timeout=0.2)


def test_wait_replies_counts_from_the_last_send(bot: telebot.TeleBot, alice) -> None:
    bot.send_message(ALICE, "earlier")
    alice.send("hi")
    bot.send_message(ALICE, "answer")
    assert [m["text"] for m in alice.wait_replies(1, timeout=5)] == ["answer"]
    bot.send_message(ALICE, "more")
    assert [m["text"] for m in alice.wait_replies(1, timeout=5)] == ["more"]


# --- faults -------------------------------------------------------------------------------

def test_429_with_retry_after_then_success(tg: FakeTelegram, bot: telebot.TeleBot, alice) -> None:
    tg.fail("sendMessage", 429, retry_after=3)
    error = api_error(lambda: bot.send_message(ALICE, "hi"))
    assert (error.error_code, error.description) == (429, "Too Many Requests: retry after 3")
    assert error.result_json["parameters"] == {"retry_after": 3}
    assert bot.send_message(ALICE, "hi").text == "hi"  # count=1: only one call failed


def test_502_for_count_calls(tg: FakeTelegram, bot: telebot.TeleBot, alice) -> None:
    tg.fail("SENDMESSAGE", 502, count=2)
    for _ in range(2):
        error = api_error(lambda: bot.send_message(ALICE, "hi"))
        assert (error.error_code, error.description) == (502, "Bad Gateway")
    assert bot.send_message(ALICE, "hi").text == "hi"


def test_fault_body_is_telegrams(tg: FakeTelegram) -> None:
    tg.fail("getMe", 503, description="Service Unavailable: try later")
    raw = requests.get(f"{tg.api_url}/bot{TOKEN}/getMe", timeout=5)
    assert raw.status_code == 503
    assert raw.json() == {"ok": False, "error_code": 503,
                          "description": "Service Unavailable: try later"}


def test_fail_refuses_unknown_methods_and_statuses(tg: FakeTelegram) -> None:
    with pytest.raises(ValueError, match="sendMesage"):
        tg.fail("sendMesage", 500)
    with pytest.raises(ValueError):
        tg.fail("sendMessage", 200)


# --- control API, keep-alive, stopping ----------------------------------------------------

def test_control_api_plays_a_user_and_reads_replies(tg: FakeTelegram, bot) -> None:
    sent = requests.post(f"{tg.api_url}/_fake/send", timeout=5,
                         json={"user_id": 2002, "first_name": "Bob", "text": "/start"})
    assert sent.json()["result"]["text"] == "/start"
    (update,) = bot.get_updates(long_polling_timeout=1)
    assert update.message.from_user.first_name == "Bob"
    bot.send_message(2002, "welcome")
    requests.post(f"{tg.api_url}/_fake/send", timeout=5,
                  data={"user_id": 3003, "text": "hey", "language_code": "ru"})
    requests.post(f"{tg.api_url}/_fake/send", params={"user_id": 3003, "text": "again"}, timeout=5)
    later = [u.message.from_user for u in bot.get_updates(offset=update.update_id + 1)]
    assert [(u.first_name, u.language_code) for u in later] == [("User 3003", "ru")] * 2
    bot.send_message(3003, "hey yourself")
    replies = requests.get(f"{tg.api_url}/_fake/sent", params={"chat_id": 2002}, timeout=5)
    assert [m["text"] for m in replies.json()["result"]] == ["welcome"]
    everything = requests.get(f"{tg.api_url}/_fake/sent", timeout=5).json()["result"]
    assert [m["text"] for m in everything] == ["welcome", "hey yourself"]


def test_control_api_injects_faults_and_shows_commands(tg: FakeTelegram, bot, alice) -> None:
    made = requests.post(f"{tg.api_url}/_fake/fail", timeout=5,
                         json={"method": "sendMessage", "status": 429, "retry_after": 7})
    assert made.json() == {"ok": True, "result": True}
    assert api_error(lambda: bot.send_message(ALICE, "x")).result_json["parameters"] == {
        "retry_after": 7}
    bot.set_my_commands([telebot.types.BotCommand("ask", "ask the model")])
    menu = requests.get(f"{tg.api_url}/_fake/commands", timeout=5).json()["result"]
    assert menu == [{"command": "ask", "description": "ask the model"}]


@pytest.mark.parametrize(("verb", "path", "body", "status"), [
    ("GET", "/_fake/nothing", None, 404),
    ("GET", "/_fake/send", None, 405),
    ("POST", "/_fake/send", {"user_id": 0, "text": "x"}, 400),
    ("POST", "/_fake/send", {"user_id": 5, "text": ""}, 400),
    ("POST", "/_fake/fail", {"method": "nope", "status": 500}, 400),
])
def test_control_api_bad_requests(tg: FakeTelegram, verb: str, path: str, body: Any,
                                  status: int) -> None:
    raw = requests.request(verb, tg.api_url + path, json=body, timeout=5)
    assert raw.status_code == status
    assert raw.json()["ok"] is False


def test_many_calls_share_one_keep_alive_connection(tg: FakeTelegram, alice) -> None:
    url = f"{tg.api_url}/bot{TOKEN}/sendMessage"
    with requests.Session() as session:
        for number in range(50):
            answer = session.post(url, params={"chat_id": ALICE, "text": f"n{number}"}, timeout=5)
            assert answer.json()["ok"] is True
            assert answer.headers.get("Connection", "").lower() != "close"
    assert tg.connections_opened == 1
    assert len(alice.replies) == 50


def test_stopping_the_fake_ends_a_waiting_long_poll() -> None:
    fake = FakeTelegram(token=TOKEN).start()
    url = f"{fake.api_url}/bot{TOKEN}/getUpdates"
    thread, outcome = in_thread(lambda: requests.get(url, params={"timeout": 30}, timeout=40))
    eventually(lambda: fake.waiting_polls == 1)
    fake.stop()
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert outcome["result"].json() == {"ok": True, "result": []}


def test_a_stopped_fake_no_longer_answers_on_a_kept_alive_connection() -> None:
    fake = FakeTelegram(token=TOKEN).start()
    url = f"{fake.api_url}/bot{TOKEN}/getMe"
    with requests.Session() as session:
        assert session.get(url, timeout=5).json()["ok"] is True
        fake.stop()
        with pytest.raises(requests.ConnectionError):
            session.get(url, timeout=5)


# --- the command line ---------------------------------------------------------------------

@pytest.mark.skipif(sys.platform == "win32", reason="Windows cannot deliver a catchable SIGTERM")
@pytest.mark.parametrize("token", [None, "42:given-on-the-command-line"])
def test_cli_prints_the_url_first_serves_and_exits_0_on_sigterm(token: str | None) -> None:
    extra = ["--token", token] if token else []
    process = subprocess.Popen(
        [sys.executable, "-m", "course_lib", "fake-telegram", "--port", "0", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first_line = process.stdout.readline().strip()  # type: ignore[union-attr]
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", first_line)
        me = requests.get(f"{first_line}/bot{token or DEFAULT_TOKEN}/getMe", timeout=5).json()
        assert me["result"]["is_bot"] is True
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
    stderr = process.stderr.read()  # type: ignore[union-attr]
    assert "TELEGRAM_API_URL=" + first_line in stderr
    if token:
        assert token not in stderr  # a token from the command line is never echoed
    else:
        assert DEFAULT_TOKEN in stderr


@pytest.mark.skipif(sys.platform == "win32", reason="SO_REUSEADDR lets Windows share a port")
def test_cli_with_a_busy_port_says_so_and_exits_1() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "course_lib", "fake-telegram", "--port", str(port),
             "--token", TOKEN], capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert done.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


# --- multipart parsing --------------------------------------------------------------------

def multipart(boundary: str, parts: list[tuple[str, str]]) -> bytes:
    """A multipart body from (Content-Disposition parameters, data) pairs."""
    chunks = [f"--{boundary}\r\nContent-Disposition: form-data; {params}\r\n\r\n{data}\r\n"
              for params, data in parts]
    return ("".join(chunks) + f"--{boundary}--\r\n").encode()


@pytest.mark.parametrize(("params", "filename"), [
    ('name="document"; filename="notes.txt"', "notes.txt"),
    ("name=document; filename=мои заметки.txt", "мои заметки.txt"),  # telebot's style
    ('name="document"; filename="%D0%B0%20b.txt"', "а b.txt"),  # aiohttp's: percent-encoded
    ("name=\"document\"; filename*=utf-8''%D0%B0.txt; filename=b.txt", "b.txt"),  # RFC 2231
    ('name="document"; filename="say \\"hi\\".txt"', 'say "hi".txt'),
])
def test_multipart_file_names_in_every_style(params: str, filename: str) -> None:
    body = multipart("XyZ", [('name="chat_id"', "1001"), (params, "file body")])
    text_part, file_part = parse_multipart(body, "XyZ")
    assert (text_part.name, text_part.filename, text_part.data) == ("chat_id", None, b"1001")
    assert (file_part.name, file_part.filename, file_part.data) == (
        "document", filename, b"file body")


def test_multipart_filename_star_alone_is_no_file_name_as_in_telegram() -> None:
    """tdlib's HttpReader reads `filename` only: with just `filename*` the part is a parameter."""
    body = multipart("XyZ", [("name=\"document\"; filename*=utf-8''%D0%B0.txt", "file body")])
    (part,) = parse_multipart(body, "XyZ")
    assert (part.name, part.filename) == ("document", None)


@given(st.binary(max_size=300), st.text(min_size=1, max_size=30).filter(
    lambda s: not set(s) & set('";%\\\r\n')))  # Telegram percent-decodes names
def test_multipart_round_trips_any_bytes(data: bytes, name: str) -> None:
    boundary = "----bound4ry"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="document"; '
            f'filename="{name}"\r\n\r\n').encode() + data + f"\r\n--{boundary}--\r\n".encode()
    (part,) = parse_multipart(body, boundary)
    assert (part.filename, part.data) == (name, data)


def test_json_parameters_may_be_objects_in_a_json_body(tg: FakeTelegram, alice) -> None:
    question = alice.send("q")
    raw = requests.post(f"{tg.api_url}/bot{TOKEN}/sendMessage", timeout=5, json={
        "chat_id": ALICE, "text": "a", "reply_parameters": {"message_id": question["message_id"]},
        "reply_markup": {"inline_keyboard": [[{"text": "ok", "callback_data": "ok"}]]}})
    result = raw.json()["result"]
    assert result["reply_to_message"]["message_id"] == question["message_id"]
    assert result["reply_markup"]["inline_keyboard"][0][0]["text"] == "ok"
    assert json.loads(json.dumps(result)) == result
