"""The Telegram fake driven by clients nobody here wrote: python-telegram-bot 22 and aiogram 3.

Each works against the fake exactly as against api.telegram.org (only the base URL changes):
getMe, texts with parse modes (valid markup comes back as entities, broken markup raises the
library's BadRequest with Telegram's words), uploads (aiogram's multipart travels chunked and
names its files attach://...), albums, long polling that receives a user's message and answers
it, and tokens Telegram refuses. The fakes run on 127.0.0.1; nothing reaches the internet.
"""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Iterator
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
import requests
import telegram
from telegram.error import BadRequest, InvalidToken
from telegram.ext import Application, MessageHandler, filters

from course_lib.fakes import http_io
from course_lib.fakes.telegram import FakeTelegram, FakeUser

if TYPE_CHECKING:
    from aiogram import Bot as AiogramBot
    from aiogram.types import Message

TOKEN = "123456:FAKE-local-token"
ALICE = 1001
# A 1x1 PNG: the smallest picture Telegram (and the fake) takes as a photo.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy configured on the machine must not see our loopback requests."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    """A running fake with the test token."""
    with FakeTelegram(token=TOKEN) as fake:
        yield fake


@pytest.fixture
def alice(tg: FakeTelegram) -> FakeUser:
    """Alice, who has a private chat with the bot."""
    return tg.user(ALICE, "Alice", language_code="en")


def ptb_bot(tg: FakeTelegram, token: str = TOKEN) -> telegram.Bot:
    """A python-telegram-bot Bot pointed at the fake."""
    return telegram.Bot(token, base_url=f"{tg.api_url}/bot",
                        base_file_url=f"{tg.api_url}/file/bot")


@functools.cache
def aiogram() -> SimpleNamespace:
    """aiogram's parts, imported on first use: its 600 pydantic models take seconds to build,
    and every xdist worker imports this file to collect it."""
    import aiogram
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer

    return SimpleNamespace(Bot=aiogram.Bot, Dispatcher=aiogram.Dispatcher, F=aiogram.F,
                           AiohttpSession=AiohttpSession, TelegramAPIServer=TelegramAPIServer,
                           errors=aiogram.exceptions, types=aiogram.types)


def aiogram_bot(tg: FakeTelegram, token: str = TOKEN) -> AiogramBot:
    """An aiogram Bot pointed at the fake (close its session when done)."""
    ag = aiogram()
    session = ag.AiohttpSession(api=ag.TelegramAPIServer.from_base(tg.api_url))
    return ag.Bot(token, session=session)


def run_aiogram(tg: FakeTelegram, scenario: Any, token: str = TOKEN) -> Any:
    """Run `await scenario(bot)` with an aiogram bot, closing its session after."""
    async def main() -> Any:
        bot = aiogram_bot(tg, token)
        try:
            return await scenario(bot)
        finally:
            await bot.session.close()
    return asyncio.run(main())


def run_ptb(tg: FakeTelegram, scenario: Any) -> Any:
    """Run `await scenario(bot)` with an initialised python-telegram-bot Bot."""
    async def main() -> Any:
        async with ptb_bot(tg) as bot:
            return await scenario(bot)
    return asyncio.run(main())


def entities(message: Any) -> list[tuple[str, int, int]]:
    """(type, offset, length) of a message's entities, from either library."""
    return [(str(e.type), e.offset, e.length) for e in message.entities or ()]


# --- getMe and tokens --------------------------------------------------------------------

def test_get_me_with_both_libraries(tg: FakeTelegram) -> None:
    ptb_me = run_ptb(tg, lambda bot: bot.get_me())
    aiogram_me = run_aiogram(tg, lambda bot: bot.get_me())
    for me in (ptb_me, aiogram_me):
        assert (me.id, me.is_bot, me.username) == (123456, True, "course_fake_bot")


def test_a_malformed_token_is_404_and_a_wrong_one_401(tg: FakeTelegram) -> None:
    """As on api.telegram.org: python-telegram-bot raises InvalidToken for both, aiogram tells
    them apart (TelegramNotFound, TelegramUnauthorizedError)."""
    for token, status in (("not-a-token", 404), ("123456:not.a.token", 404),
                          ("123456:WRONG-token", 401)):
        raw = requests.get(f"{tg.api_url}/bot{token}/getMe", timeout=5)
        assert raw.status_code == status, token
        assert raw.json() == {"ok": False, "error_code": status,
                              "description": "Not Found" if status == 404 else "Unauthorized"}

    async def ptb_start(token: str) -> None:
        async with ptb_bot(tg, token):
            pass

    for token in ("not-a-token", "123456:WRONG-token"):
        with pytest.raises(InvalidToken, match="was rejected by the server"):
            asyncio.run(ptb_start(token))
    with pytest.raises(aiogram().errors.TelegramNotFound):
        run_aiogram(tg, lambda bot: bot.get_me(), token="123456:not.a.token")
    with pytest.raises(aiogram().errors.TelegramUnauthorizedError):
        run_aiogram(tg, lambda bot: bot.get_me(), token="123456:WRONG-token")


# --- parse modes -------------------------------------------------------------------------

def test_ptb_valid_markdown_v2_comes_back_as_text_and_entities(tg: FakeTelegram, alice) -> None:
    text = "😀 *bold* _it_ `x\\.y` [site](https://example.com)"
    message = run_ptb(tg, lambda bot: bot.send_message(ALICE, text, parse_mode="MarkdownV2"))
    assert message.text == "😀 bold it x.y site"
    # Offsets count UTF-16 code units: the emoji is 2 of them.
    assert entities(message) == [("bold", 3, 4), ("italic", 8, 2), ("code", 11, 3),
                                 ("text_link", 15, 4)]
    assert message.entities[-1].url == "https://example.com/"
    assert alice.wait_replies(1)[0]["entities"][0] == {"offset": 3, "length": 4, "type": "bold"}


def test_ptb_broken_markdown_is_bad_request_with_telegrams_words(tg: FakeTelegram,
                                                                 alice) -> None:
    with pytest.raises(BadRequest) as caught:
        run_ptb(tg, lambda bot: bot.send_message(ALICE, "2*3 = 6", parse_mode="Markdown"))
    # python-telegram-bot drops "Bad Request: " and capitalises what is left.
    assert caught.value.message == ("Can't parse entities: can't find end of the entity "
                                    "starting at byte offset 1")
    assert alice.replies == []


def test_aiogram_html_and_broken_markup(tg: FakeTelegram, alice) -> None:
    async def scenario(bot: AiogramBot) -> tuple[Message, list[str]]:
        ok = await bot.send_message(ALICE, "<b>bold</b> <a href='t.me/x'>link</a> &lt;3",
                                    parse_mode="HTML")
        errors = []
        for text, mode in (("Hello. World!", "MarkdownV2"), ("2 < 3", "HTML"),
                           ("<b>never closed", "HTML")):
            with pytest.raises(aiogram().errors.TelegramBadRequest) as caught:
                await bot.send_message(ALICE, text, parse_mode=mode)
            errors.append(caught.value.message)
        return ok, errors

    ok, errors = run_aiogram(tg, scenario)
    assert ok.text == "bold link <3"
    assert entities(ok) == [("bold", 0, 4), ("text_link", 5, 4)]
    assert ok.entities[1].url == "http://t.me/x"
    assert errors == [
        "Bad Request: can't parse entities: Character '.' is reserved and must be escaped "
        "with the preceding '\\'",
        "Bad Request: can't parse entities: Unsupported start tag \"\" at byte offset 2",
        "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
        "\"b\""]
    assert len(alice.replies) == 1


# --- files -------------------------------------------------------------------------------

def test_aiogram_uploads_travel_chunked_and_by_attach(tg: FakeTelegram, alice,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """aiohttp sends multipart with Transfer-Encoding: chunked, and aiogram names each file
    `attach://<random part name>`: both must reach the fake whole."""
    chunked: list[int] = []
    read_chunked = http_io.read_chunked

    def counting(rfile: Any, limit: int) -> bytes:
        body = read_chunked(rfile, limit)
        chunked.append(len(body))
        return body

    monkeypatch.setattr(http_io, "read_chunked", counting)
    content = "заметки\n".encode() * 20_000  # 300 KB

    file = aiogram().types.BufferedInputFile(content, "мои заметки.txt")

    async def scenario(bot: AiogramBot) -> tuple[Message, bytes]:
        sent = await bot.send_document(ALICE, file, caption="*your* notes",
                                       parse_mode="Markdown")
        assert sent.document is not None
        downloaded = await bot.download(sent.document.file_id)
        assert downloaded is not None
        return sent, downloaded.read()

    sent, downloaded = run_aiogram(tg, scenario)
    assert sent.document is not None
    assert (sent.document.file_name, sent.document.file_size) == ("мои заметки.txt",
                                                                  len(content))
    assert (sent.caption, entities(sent)) == ("your notes", [])
    assert [(str(e.type), e.offset, e.length) for e in sent.caption_entities or ()] == [
        ("bold", 0, 4)]
    assert downloaded == content
    assert chunked and max(chunked) > len(content)  # the upload came in chunked encoding
    assert tg.calls[0][1]["document"].startswith("attach://")


def test_aiogram_album_and_edit_media_use_attach(tg: FakeTelegram, alice) -> None:
    types = aiogram().types

    async def scenario(bot: AiogramBot) -> tuple[list[Message], Message]:
        album = await bot.send_media_group(ALICE, [
            types.InputMediaDocument(media=types.BufferedInputFile(b"one", "a.txt"),
                                     caption="<i>a</i>", parse_mode="HTML"),
            types.InputMediaDocument(media=types.BufferedInputFile(b"two", "b.txt"))])
        edited = await bot.edit_message_media(
            chat_id=ALICE, message_id=album[1].message_id,
            media=types.InputMediaPhoto(media=types.BufferedInputFile(PNG, "dot.png"),
                                        caption="now a photo"))
        assert isinstance(edited, types.Message)
        return album, edited

    album, edited = run_aiogram(tg, scenario)
    assert [m.document.file_name for m in album if m.document] == ["a.txt", "b.txt"]
    assert album[0].media_group_id == album[1].media_group_id is not None
    assert album[0].caption == "a"
    assert edited.document is None and edited.photo is not None
    assert (edited.photo[0].width, edited.photo[0].height, edited.caption) == (1, 1,
                                                                               "now a photo")
    assert alice.replies[1]["caption"] == "now a photo"


def test_ptb_document_photo_and_album(tg: FakeTelegram, alice) -> None:
    async def scenario(bot: telegram.Bot) -> tuple[Any, Any, Any]:
        document = await bot.send_document(ALICE, io.BytesIO(b"hello"), filename="notes.txt",
                                           caption="<b>x</b> y", parse_mode="HTML")
        photo = await bot.send_photo(ALICE, PNG, caption="a dot")
        album = await bot.send_media_group(ALICE, [telegram.InputMediaPhoto(PNG),
                                                   telegram.InputMediaPhoto(PNG)])
        file = await bot.get_file(document.document.file_id)
        return document, photo, (album, bytes(await file.download_as_bytearray()))

    document, photo, (album, downloaded) = run_ptb(tg, scenario)
    assert (document.document.file_name, document.caption, downloaded) == (
        "notes.txt", "x y", b"hello")
    assert [(e.type, e.offset, e.length) for e in document.caption_entities] == [
        ("bold", 0, 1)]
    assert (photo.photo[-1].width, photo.caption) == (1, "a dot")
    assert len(album) == 2 and album[0].media_group_id == album[1].media_group_id


# --- long polling ------------------------------------------------------------------------

def test_ptb_application_polls_receives_and_answers(tg: FakeTelegram, alice) -> None:
    async def echo(update: telegram.Update, context: Any) -> None:
        assert update.message is not None
        await update.message.reply_text(f"*{update.message.text}*", parse_mode="MarkdownV2")

    async def main() -> list[dict[str, Any]]:
        app = (Application.builder().token(TOKEN).base_url(f"{tg.api_url}/bot")
               .base_file_url(f"{tg.api_url}/file/bot").build())
        app.add_handler(MessageHandler(filters.TEXT, echo))
        async with app:
            await app.start()
            assert app.updater is not None
            await app.updater.start_polling(poll_interval=0, timeout=1)
            alice.send("hello")
            replies = await asyncio.to_thread(alice.wait_replies, 1, 10)
            await app.updater.stop()
            await app.stop()
        return replies

    (reply,) = asyncio.run(main())
    assert (reply["text"], reply["entities"]) == ("hello", [
        {"offset": 0, "length": 5, "type": "bold"}])


def test_aiogram_dispatcher_polls_receives_and_answers(tg: FakeTelegram, alice) -> None:
    async def scenario(bot: AiogramBot) -> list[dict[str, Any]]:
        dp = aiogram().Dispatcher()

        @dp.message(aiogram().F.text)
        async def echo(message: Message) -> None:
            await message.answer(f"<i>{message.text}</i>", parse_mode="HTML")

        polling = asyncio.create_task(dp.start_polling(bot, polling_timeout=1,
                                                       handle_signals=False))
        try:
            alice.send("/start")
            return await asyncio.to_thread(alice.wait_replies, 1, 10)
        finally:
            await dp.stop_polling()
            await polling

    (reply,) = run_aiogram(tg, scenario)
    # "/start" in italics: Telegram adds the command's own entity next to the sender's.
    assert (reply["text"], reply["entities"]) == ("/start", [
        {"offset": 0, "length": 6, "type": "bot_command"},
        {"offset": 0, "length": 6, "type": "italic"}])
