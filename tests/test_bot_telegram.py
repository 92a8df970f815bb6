"""The Telegram front end in this process: TelegramBot against the local Bot API fake.

What the real process does end to end is in test_bot_e2e.py; here are the parts that need a
hand inside: starting and stopping again and again, faults in a handler, "typing…" timing,
the 429 retry policy with a stub, start-up errors and the token never showing.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from telebot import apihelper
from telebot.apihelper import ApiTelegramException

from course_lib import notes
from course_lib.bot import telegram, telegram_send
from course_lib.bot.commands import COMMANDS
from course_lib.bot.core import BotCore, Reply
from course_lib.bot.telegram import StartError, TelegramBot, run_polling
from course_lib.bot.telegram_setup import KeepPolling, hold_database_open
from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.telegram import FakeTelegram, FakeUser
from course_lib.texts import t

# Long enough to be masked as "123…oken", so a leak of the whole token is easy to spot.
TOKEN = "123456:FAKE-local-token-for-the-tests"


@pytest.fixture(autouse=True)
def telebot_settings(monkeypatch) -> Iterator[None]:
    """telebot's module-wide settings put back after each test; 1 s polls make stops quick."""
    monkeypatch.setattr(telegram, "POLL_TIMEOUT_S", 1)
    saved = apihelper.API_URL, apihelper.FILE_URL, apihelper.proxy
    yield
    apihelper.API_URL, apihelper.FILE_URL, apihelper.proxy = saved


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    """A fresh Bot API fake that accepts TOKEN."""
    with FakeTelegram(token=TOKEN) as fake:
        yield fake


@dataclass
class Shared:
    """One bot for the tests that only need a running one: starting one per test is slow."""

    tg: FakeTelegram
    llm: FakeOpenRouter
    bot: TelegramBot
    ids: Iterator[int]

    def user(self) -> FakeUser:
        """A user no other test has used."""
        number = next(self.ids)
        return self.tg.user(number, f"User {number}")


@pytest.fixture(scope="class")
def shared_bot(tmp_path_factory) -> Iterator[Shared]:
    """The shared bot, its fakes and its own database.

    Class-scoped: it must be stopped before other tests start bots of their own, because
    telebot's API_URL is module-wide (one Bot API per process).
    """
    db_path = tmp_path_factory.mktemp("shared") / "bot.db"
    saved = apihelper.API_URL, apihelper.FILE_URL, apihelper.proxy
    with (pytest.MonkeyPatch.context() as patch, FakeTelegram(token=TOKEN) as tg,
          FakeOpenRouter() as llm):
        patch.setattr(telegram, "POLL_TIMEOUT_S", 1)
        with TelegramBot(token=TOKEN, api_url=tg.api_url, db_path=db_path) as bot:
            yield Shared(tg, llm, bot, itertools.count(10_000))
    apihelper.API_URL, apihelper.FILE_URL, apihelper.proxy = saved


@pytest.fixture
def shared(shared_bot: Shared, monkeypatch) -> Iterator[Shared]:
    """The shared bot for one test: /ask goes to its OpenRouter fake; faults cleared after."""
    monkeypatch.setenv("OPENROUTER_BASE_URL", shared_bot.llm.base_url)
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-fake-test-key")
    yield shared_bot
    shared_bot.llm.clear()
    shared_bot.llm.latency_ms = 0


def chat(user, text: str, count: int = 1) -> list[str]:
    """Send `text` as `user`; the texts (or captions) of the bot's next `count` messages."""
    user.send(text)
    return [m.get("text") or m.get("caption", "") for m in user.wait_replies(count, timeout=10)]


def eventually(condition: Callable[[], bool], within: float = 10.0) -> None:
    """Wait (bounded) until `condition()` holds, e.g. until a line is logged."""
    deadline = time.monotonic() + within
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.01)


def api_error(code: int, retry_after: int | None = None) -> ApiTelegramException:
    """The exception telebot raises for a Bot API error."""
    body = {"ok": False, "error_code": code, "description": f"Error {code}"}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return ApiTelegramException("sendMessage", None, body)


# --- start-up: settings and errors ----------------------------------------------------------

def test_a_missing_token_is_a_clear_start_error() -> None:
    with pytest.raises(StartError) as caught:
        TelegramBot(token="")
    assert caught.value.status == 2 and str(caught.value) == t("bot.tg.no_token")


@pytest.mark.parametrize("token", ["123456", "abc:def", "123456:", ":abc", "123456:abc def",
                                   '"123456:FAKE-quoted-token"', "123456:FAKE/token"])
def test_a_malformed_token_is_refused_masked(token: str) -> None:
    with pytest.raises(StartError) as caught:
        TelegramBot(token=token)
    assert caught.value.status == 2
    assert "does not look like a bot token" in str(caught.value)
    if len(token) > 8:
        assert token not in str(caught.value)


def test_run_polling_without_a_token_says_so_and_exits_2(capsys) -> None:
    assert run_polling() == 2
    err = capsys.readouterr().err
    assert t("bot.tg.no_token") in err and "Traceback" not in err


def test_a_rejected_token_is_401_with_the_token_masked(tg: FakeTelegram) -> None:
    other = "123456:FAKE-some-other-token"
    with pytest.raises(StartError) as caught:
        TelegramBot(token=other, api_url=tg.api_url).start()
    assert "401" in str(caught.value) and "123…oken" in str(caught.value)
    assert other not in str(caught.value)


def test_an_unreachable_api_is_a_start_error_without_the_token(tg: FakeTelegram) -> None:
    url = tg.api_url
    tg.stop()  # the port is closed now
    with pytest.raises(StartError) as caught:
        TelegramBot(token=TOKEN, api_url=url).start()
    assert "Cannot reach" in str(caught.value) and TOKEN not in str(caught.value)


def test_a_server_that_is_not_the_bot_api_is_named(fake_openrouter) -> None:
    url = f"http://{fake_openrouter.host}:{fake_openrouter.port}"
    with pytest.raises(StartError) as caught:
        TelegramBot(token=TOKEN, api_url=url).start()
    assert str(caught.value) == t("bot.tg.not_bot_api", url=url)


def test_an_exception_escaping_to_telebot_does_not_stop_polling(tg, online, monkeypatch,
                                                               caplog) -> None:
    real = TelegramBot._on_text

    def on_text(self, bot, message):
        if message.text == "/boom":
            raise RuntimeError("escaped")
        return real(self, bot, message)

    monkeypatch.setattr(TelegramBot, "_on_text", on_text)
    with TelegramBot(token=TOKEN, api_url=tg.api_url):
        alice, bob = tg.user(1001, "Alice"), tg.user(1002, "Bob")
        alice.send("/boom")
        bob.send("/note_count")
        assert [m["text"] for m in bob.wait_replies(1, timeout=10)] == ["Your notes: 0."]
        assert chat(alice, "/note_count") == ["Your notes: 0."]
    assert "RuntimeError: escaped" in caplog.text


def test_keep_polling_masks_the_token_and_always_says_handled(caplog) -> None:
    handler = KeepPolling(TOKEN, threading.Event())
    handler.stopping.set()  # no pause in a test
    assert handler.handle(requests.ConnectionError(f"no route to /bot{TOKEN}/getUpdates")) is True
    assert handler.handle(api_error(409)) is True
    assert TOKEN not in caplog.text and "123…ests" in caplog.text and "409" in caplog.text


# --- one running bot: messages in, replies out ---------------------------------------------

class TestARunningBot:
    """Tests that share one running bot (class-scoped), each with users of its own."""

    def test_start_registers_every_command_and_learns_its_name(self, shared: Shared) -> None:
        assert [c["command"] for c in shared.tg.commands] == list(COMMANDS)
        assert shared.bot.username == "course_fake_bot"
        assert shared.bot.core.bot_username == "course_fake_bot"
        assert "deleteWebhook" in [method for method, _ in shared.tg.calls]


    def test_text_commands_and_documents_go_back_to_the_right_chat(self, shared: Shared) -> None:
        alice, bob = shared.user(), shared.user()
        assert chat(alice, "/note_add молоко")[0].endswith("saved.")
        assert chat(bob, "/note_count") == ["Your notes: 0."]
        alice.send("/note_export")
        (document,) = alice.wait_replies(1, timeout=10)
        assert "молоко" in shared.tg.file_bytes(document["document"]["file_id"]).decode("utf-8")


    def test_user_text_is_sent_back_without_markup(self, shared: Shared) -> None:
        alice = shared.user()
        chat(alice, "/note_add <b>*bold*</b> _x_ [a](b)")
        (listing,) = chat(alice, "/note_list")
        assert "<b>*bold*</b> _x_ [a](b)" in listing
        assert all("parse_mode" not in params for method, params in shared.tg.calls
                   if method == "sendMessage")


    def test_a_sticker_gets_the_text_only_reply(self, shared: Shared) -> None:
        alice = shared.user()
        alice.send_sticker()
        assert [m["text"] for m in alice.wait_replies(1, timeout=10)] == [t("bot.tg.text_only")]


    def test_ask_shows_typing_repeatedly_until_the_answer(self, shared: Shared,
                                                          monkeypatch) -> None:
        monkeypatch.setattr(telegram_send, "TYPING_EVERY_S", 0.05)
        shared.llm.latency_ms = 400
        alice = shared.user()
        (answer,) = chat(alice, "/ask echo: hi")
        assert answer.startswith("hi")
        assert shared.tg.chat_actions.count((alice.id, "typing")) >= 3
        time.sleep(0.2)  # a late "typing…" would arrive now, after the answer
        mine = [m for m, p in shared.tg.calls
                if m in ("sendChatAction", "sendMessage") and p.get("chat_id") == str(alice.id)]
        assert mine[0] == "sendChatAction" and mine[-1] == "sendMessage"


    def test_no_typing_for_quick_commands(self, shared: Shared) -> None:
        alice = shared.user()
        chat(alice, "/models")
        chat(alice, "/ask")  # no question: a usage line, no model call
        assert [chat_id for chat_id, _ in shared.tg.chat_actions if chat_id == alice.id] == []


    def test_a_429_on_send_message_is_retried_after_retry_after(self, shared: Shared,
                                                                caplog) -> None:
        caplog.set_level(logging.WARNING)
        alice = shared.user()
        before = [m for m, _ in shared.tg.calls].count("sendMessage")
        shared.tg.fail("sendMessage", 429, retry_after=1)
        assert chat(alice, "/note_count") == ["Your notes: 0."]
        assert [m for m, _ in shared.tg.calls].count("sendMessage") == before + 2
        assert "retry 1/3 in 1 s" in caplog.text


    def test_a_failed_send_is_logged_and_the_bot_goes_on(self, shared: Shared, caplog) -> None:
        caplog.set_level(logging.WARNING)
        alice, bob = shared.user(), shared.user()
        shared.tg.fail("sendMessage", 500)
        alice.send("/note_count")
        eventually(lambda: "was not sent: 500" in caplog.text)
        assert chat(bob, "/note_count") == ["Your notes: 0."]
        assert chat(alice, "/note_count") == ["Your notes: 0."]


    def test_an_exception_in_a_handler_costs_only_that_message(self, shared: Shared, monkeypatch,
                                                              caplog) -> None:
        real = BotCore.handle

        def handle(self, user_id, text, **kwargs):
            if text == "/boom":
                raise RuntimeError("boom with " + TOKEN)
            return real(self, user_id, text, **kwargs)

        monkeypatch.setattr(BotCore, "handle", handle)
        alice, bob = shared.user(), shared.user()
        alice.send("/boom")
        assert chat(bob, "/note_count") == ["Your notes: 0."]
        assert chat(alice, "/note_count") == ["Your notes: 0."]
        assert "RuntimeError: boom" in caplog.text and TOKEN not in caplog.text


    def test_a_burst_of_users_is_answered_without_loss(self, shared: Shared) -> None:
        users = [shared.user() for _ in range(30)]
        for user in users:
            user.send("/note_add burst")
        for user in users:
            assert next(m["text"] for m in user.wait_replies(1, timeout=20)).endswith("saved.")


    def test_the_log_never_shows_the_token(self, shared: Shared, caplog) -> None:
        # The bot's level: urllib3 would show URLs, token and all, at DEBUG.
        caplog.set_level(logging.INFO)
        alice = shared.user()
        shared.tg.fail("sendMessage", 500)
        alice.send("/help")
        chat(alice, "/models")
        eventually(lambda: "answered '/models'" in caplog.text)  # logged after the reply
        assert "was not sent: 500" in caplog.text and TOKEN not in caplog.text


# --- start, stop, start again ---------------------------------------------------------------

def test_start_and_stop_again_and_again_in_one_process(tg: FakeTelegram, online, caplog) -> None:
    bot = TelegramBot(token=TOKEN, api_url=tg.api_url)
    alice = tg.user(1001, "Alice")
    for round_ in range(3):
        bot.start()
        assert bot.running
        assert chat(alice, f"/note_add round {round_}") == [f"Note #{round_ + 1} saved."]
        bot.stop()
        assert not bot.running and tg.waiting_polls == 0
    assert "409" not in caplog.text and "Conflict" not in caplog.text
    assert len(alice.replies) == 3  # no update answered twice


def test_a_stop_right_after_start_really_stops(tg: FakeTelegram, online) -> None:
    bot = TelegramBot(token=TOKEN, api_url=tg.api_url).start()
    bot.stop()
    bot.stop()  # harmless
    assert not bot.running
    polling = [th for th in threading.enumerate() if th.name == "telegram-polling"]
    assert polling == []


def test_messages_sent_while_stopped_are_answered_at_the_next_start(tg, online) -> None:
    bot = TelegramBot(token=TOKEN, api_url=tg.api_url)
    alice = tg.user(1001, "Alice")
    alice.send("/note_count")
    with bot:
        assert [m["text"] for m in alice.wait_replies(1, timeout=10)] == ["Your notes: 0."]


def test_stop_lets_an_answer_in_progress_finish(tg: FakeTelegram, online) -> None:
    online.latency_ms = 500
    alice = tg.user(1001, "Alice")
    bot = TelegramBot(token=TOKEN, api_url=tg.api_url).start()
    alice.send("/ask echo: still here")
    assert tg.api.state.wait(lambda: tg.chat_actions, timeout=10)  # the answer is under way
    bot.stop()
    assert alice.replies[-1]["text"].startswith("still here")


def test_run_returns_when_asked_to_stop(tg: FakeTelegram, online) -> None:
    bot = TelegramBot(token=TOKEN, api_url=tg.api_url)
    stop = threading.Event()
    runner = threading.Thread(target=bot.run, args=(stop,), daemon=True)
    runner.start()
    alice = tg.user(1001, "Alice")
    assert chat(alice, "/note_count") == ["Your notes: 0."]
    stop.set()
    runner.join(timeout=15)
    assert not runner.is_alive() and not bot.running


def test_the_local_fake_is_reached_directly_behind_a_proxy(tg, online, monkeypatch) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")  # nothing listens there
    with TelegramBot(token=TOKEN, api_url=tg.api_url):
        assert chat(tg.user(1001, "Alice"), "/note_count") == ["Your notes: 0."]


def test_holding_the_database_open_spares_each_write_a_checkpoint(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    BotCore(path)
    wal = tmp_path / "bot.db-wal"
    notes.add_note(1, "alone", path)
    assert not wal.exists()  # the last connection closed: WAL copied into the db, synced, gone
    keeper = hold_database_open(path)
    notes.add_note(1, "with the keeper", path)
    assert wal.exists()  # no checkpoint on close: the write stayed in the WAL
    keeper.close()
    assert not wal.exists() and notes.count_notes(1, path) == 2


def test_the_bot_holds_its_database_open_only_while_running(tg: FakeTelegram, online) -> None:
    bot = TelegramBot(token=TOKEN, api_url=tg.api_url).start()
    assert bot._database is not None
    bot.stop()
    assert bot._database is None


# --- the sending policy, with a stub instead of Telegram ------------------------------------

class StubBot:
    """Fails send_message with the errors given, then succeeds; records what was sent."""

    token = TOKEN

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.sent: list[str] = []

    def send_message(self, chat_id: int, text: str, parse_mode: str | None = None) -> None:
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(text)


def test_429_waits_as_asked_a_bounded_number_of_times() -> None:
    waits: list[float] = []
    stub = StubBot(*[api_error(429, retry_after=2)] * 10)
    assert not telegram_send.send_with_retries(stub, 1, Reply(text="x"), sleep=waits.append)
    assert waits == [2.0] * telegram_send.RETRIES_AFTER_429


def test_429_then_success() -> None:
    waits: list[float] = []
    stub = StubBot(api_error(429, retry_after=3))
    assert telegram_send.send_with_retries(stub, 1, Reply(text="x"), sleep=waits.append)
    assert waits == [3.0] and stub.sent == ["x"]


@pytest.mark.parametrize("error", [api_error(429, retry_after=3600), api_error(400),
                                   api_error(403), ConnectionError("down")])
def test_no_retry_for_other_errors_or_too_long_waits(error: Exception) -> None:
    waits: list[float] = []
    assert not telegram_send.send_with_retries(StubBot(error), 1, Reply(text="x"),
                                               sleep=waits.append)
    assert waits == []


def test_a_failed_reply_drops_the_rest_of_that_answer() -> None:
    stub = StubBot(api_error(400))
    replies = [Reply(text="one"), Reply(text="two")]
    assert telegram_send.send_replies(stub, 1, replies, sleep=lambda s: None) == 0
    assert stub.sent == []


def test_typing_that_fails_is_only_logged(caplog) -> None:
    caplog.set_level(logging.INFO)
    class NoTyping:
        token = TOKEN

        def send_chat_action(self, *args, **kwargs):
            raise api_error(403)

    with telegram_send.Typing(NoTyping(), 1) as typing:
        typing.start()
    assert "403" in caplog.text


def test_the_constants_keep_stop_quick() -> None:
    assert telegram.POLL_TIMEOUT_S <= 5 and telegram.STOP_WAIT_S <= 10
    assert telegram_send.TYPING_EVERY_S < 5  # Telegram clears "typing…" after about 5 s


def test_log_lines_never_show_the_token_or_the_key(monkeypatch):
    import logging

    from course_lib.bot.telegram_setup import MaskSecrets

    token, key = "123456:FAKE-token-for-log-masking", "sk-or-v1-fake-key-for-log-masking"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", token)
    monkeypatch.setenv("OPENROUTER_API_KEY", key)
    record = logging.LogRecord("urllib3", logging.DEBUG, __file__, 1,
                               '"POST /bot%s/getUpdates HTTP/1.1" 200 (key %s)', (token, key),
                               None)
    assert MaskSecrets().filter(record)
    text = record.getMessage()
    assert token not in text and key not in text
    assert "/bot123…king/getUpdates" in text


def test_the_local_fake_is_reached_directly_even_with_all_proxy_set(tg: FakeTelegram,
                                                                     monkeypatch) -> None:
    import telebot

    from course_lib.bot.telegram_setup import point_telebot_at

    dead_proxy = "http://127.0.0.1:9"  # nothing listens there: a request through it would fail
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    point_telebot_at(tg.api_url)
    assert telebot.TeleBot(tg.token).get_me().is_bot
