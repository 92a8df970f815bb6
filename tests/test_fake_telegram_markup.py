"""Telegram's markup as the fake parses it: Markdown, MarkdownV2, HTML and explicit entities.

The expected texts and entities follow tdlib's parsers (td/telegram/MessageEntity.cpp), which
the fake ports; the error texts are tdlib's word for word. Most tests call the parser; the
last ones go through HTTP with telebot (the course's client) and requests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import telebot
from hypothesis import given
from hypothesis import strategies as st
from telebot import apihelper
from telebot.apihelper import ApiTelegramException

from course_lib.fakes.telegram import FakeTelegram
from course_lib.fakes.telegram.markup import MarkupError, escape, fix_text, formatted

TOKEN = "123456:FAKE-local-token"
ALICE = 1001


def parse(text: str, mode: str = "", given_entities: Any = None) -> tuple[str, list[tuple]]:
    """What Telegram keeps of a text: (text, [(type, offset, length, argument)...])."""
    plain, entities = formatted(text, mode, given_entities)
    plain, entities = fix_text(plain, entities, allow_empty=False)
    return plain, [(e.type, e.offset, e.length, e.argument) for e in entities]


def error(text: str, mode: str = "", given_entities: Any = None) -> str:
    """The error Telegram gives for a text (tdlib's words)."""
    with pytest.raises(MarkupError) as caught:
        parse(text, mode, given_entities)
    return str(caught.value)


# --- Markdown (legacy) -------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("*bold* _italic_ `code`", ("bold italic code",
                                [("Bold", 0, 4, ""), ("Italic", 5, 6, ""), ("Code", 12, 4, "")])),
    ("[site](example.com) [https://t.me/x]", ("site https://t.me/x", [
        ("TextUrl", 0, 4, "http://example.com/"), ("TextUrl", 5, 14, "https://t.me/x")])),
    ("```python\nprint(1)\n```", ("print(1)", [("PreCode", 0, 8, "python")])),
    ("a\\_b\\*c", ("a_b*c", [])),
    ("2 ** 3", ("2  3", [])),  # an empty entity is no entity
    ("[x](tg://user?id=42)", ("x", [("MentionName", 0, 1, "42")])),
    ("[x](not a url)", ("x", [])),  # a link Telegram cannot check is dropped, not an error
    ("[link](", ("link", [])),  # the URL runs to the end of the text, and is dropped
])
def test_markdown(text: str, expected: tuple) -> None:
    assert parse(text, "Markdown") == expected


@pytest.mark.parametrize(("text", "offset"), [("2*3 = 6", 1), ("snake_case", 5),
                                              ("😀 `code", 5), ("see [link", 4)])
def test_markdown_unclosed_entity_gives_its_byte_offset(text: str, offset: int) -> None:
    assert error(text, "Markdown") == (
        f"Can't parse entities: Can't find end of the entity starting at byte offset {offset}")


# --- MarkdownV2 --------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("*b* _i_ __u__ ~s~ ||sp|| `c`", ("b i u s sp c", [
        ("Bold", 0, 1, ""), ("Italic", 2, 1, ""), ("Underline", 4, 1, ""),
        ("Strikethrough", 6, 1, ""), ("Spoiler", 8, 2, ""), ("Code", 11, 1, "")])),
    ("1\\. Done\\!", ("1. Done!", [])),
    ("😀 *жирный*", ("😀 жирный", [("Bold", 3, 6, "")])),  # offsets in UTF-16 units
    ("[a\\]b](https://x.org/a\\)b)", ("a]b", [("TextUrl", 0, 3, "https://x.org/a)b")])),
    ("```py\nx = 1\n```", ("x = 1", [("PreCode", 0, 5, "py")])),  # trailing "\n" trimmed
    ("`a.b-c`", ("a.b-c", [("Code", 0, 5, "")])),  # only ` is special inside code
    ("*bold _both_ bold*", ("bold both bold", [  # splittable entities are cut where others begin
        ("Bold", 0, 5, ""), ("Bold", 5, 9, ""), ("Italic", 5, 4, "")])),
    (">quoted\nplain", ("quoted\nplain", [("BlockQuote", 0, 7, "")])),
    ("**>hidden\n>more||", ("hidden\nmore", [("ExpandableBlockQuote", 0, 11, "")])),
    ("![👍](tg://emoji?id=5368324170671202286)", ("👍", [
        ("CustomEmoji", 0, 2, "5368324170671202286")])),
    ("   *x*   \n", ("x", [("Bold", 0, 1, "")])),  # trimmed, and the entity moves
    ("/start *now*", ("/start now", [("BotCommand", 0, 6, ""), ("Bold", 7, 3, "")])),
])
def test_markdown_v2(text: str, expected: tuple) -> None:
    assert parse(text, "MarkdownV2") == expected


@pytest.mark.parametrize(("text", "message"), [
    ("Hello. World", "Character '.' is reserved and must be escaped with the preceding '\\'"),
    ("a - b", "Character '-' is reserved and must be escaped with the preceding '\\'"),
    ("Wow!", "Character '!' is reserved and must be escaped with the preceding '\\'"),
    ("f(x)", "Character '(' is reserved and must be escaped with the preceding '\\'"),
    ("a|b", "Character '|' is reserved and must be escaped with the preceding '\\'"),
    ("x > 1", "Character '>' is reserved and must be escaped with the preceding '\\'"),
    ("*bold", "Can't find end of Bold entity at byte offset 0"),
    ("ok _it", "Can't find end of Italic entity at byte offset 3"),
    ("```py\ncode", "Can't find end of PreCode entity at byte offset 0"),
    ("[x](https://a.b", "Can't find end of a URL at byte offset 4"),
    ("> *a\nb*", "Can't find end of Bold entity at byte offset 2"),
    ("![x](https://a.b)", "Invalid tg://emoji or tg://time URL specified"),
])
def test_markdown_v2_errors(text: str, message: str) -> None:
    assert error(text, "MarkdownV2") == f"Can't parse entities: {message}"


@given(st.text(max_size=200))
def test_escaped_text_parses_back_to_itself_with_no_entities(text: str) -> None:
    """What students should do with LLM output: escape it, and MarkdownV2 shows it as is."""
    plain, entities = formatted(escape(text), "MarkdownV2")
    assert (plain, entities) == (text, [])


@given(st.text(alphabet=st.sampled_from("ab_*[]()~`>#+-=|{}.!\\\n😀"), max_size=40),
       st.sampled_from(["Markdown", "MarkdownV2", "HTML"]))
def test_any_markup_parses_or_fails_with_telegrams_error(text: str, mode: str) -> None:
    """No input crashes the parser; entities always lie inside the text."""
    try:
        plain, entities = parse(text, mode)
    except MarkupError as caught:
        assert str(caught)
        return
    length = len(plain.encode("utf-16-le")) // 2
    assert all(e[1] >= 0 and e[2] > 0 and e[1] + e[2] <= length for e in entities)


# --- HTML --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins> <s>s</s> "
     "<del>d</del> <tg-spoiler>t</tg-spoiler> <span class=\"tg-spoiler\">p</span>",
     ("b s i e u n s d t p", [
         ("Bold", 0, 1, ""), ("Bold", 2, 1, ""), ("Italic", 4, 1, ""), ("Italic", 6, 1, ""),
         ("Underline", 8, 1, ""), ("Underline", 10, 1, ""), ("Strikethrough", 12, 1, ""),
         ("Strikethrough", 14, 1, ""), ("Spoiler", 16, 1, ""), ("Spoiler", 18, 1, "")])),
    ("&lt;b&gt; &amp; &quot; &#128512; &#x41; &nbsp;", ('<b> & " 😀 A &nbsp;', [])),
    ("<a href=\"https://example.com/?a=1&amp;b=2\">x</a>", ("x", [
        ("TextUrl", 0, 1, "https://example.com/?a=1&b=2")])),
    ("<pre><code class=\"language-python\">x = 1</code></pre>", ("x = 1", [
        ("PreCode", 0, 5, "python")])),
    ("<code class=\"language-python\">x</code>", ("x", [("Code", 0, 1, "")])),
    ("<B>caps</B>", ("caps", [("Bold", 0, 4, "")])),
    ("<blockquote expandable>q</blockquote>", ("q", [("ExpandableBlockQuote", 0, 1, "")])),
])
def test_html(text: str, expected: tuple) -> None:
    assert parse(text, "HTML") == expected


@pytest.mark.parametrize(("text", "message"), [
    ("2 < 3", 'Unsupported start tag "" at byte offset 2'),
    ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
    ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
    ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
    ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
    ("x</b>", "Unexpected end tag at byte offset 1"),
    ("<b", "Unclosed start tag at byte offset 0"),
    ("<a href=x", "Unclosed start tag at byte offset 0"),
    ('<a href="x', "Unclosed start tag at byte offset 0"),
    ("<b>x</b", "Unclosed end tag at byte offset 4"),
    ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
    ("<a href=x?y>l</a>", "Unexpected end of name token at byte offset 8"),
    ("<b =x>", 'Empty attribute name in the tag "b" at byte offset 0'),
    ("&#xD83D;", "Text contains invalid Unicode characters after decoding HTML entities, "
                 "check for unmatched surrogate code units"),
])
def test_html_errors(text: str, message: str) -> None:
    assert error(text, "HTML") == f"Can't parse entities: {message}"


@given(st.text(max_size=200))
def test_html_escaped_text_parses_back_to_itself(text: str) -> None:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert formatted(escaped, "HTML") == (text, [])


# --- explicit entities and what Telegram does to every text -------------------------------

@pytest.mark.parametrize(("entities", "message"), [
    ([{"type": "bold", "offset": 0, "length": 9}],
     "Entity beginning at UTF-16 offset 0 ends after the end of the text at UTF-16 offset 9"),
    ([{"type": "bold", "offset": 1, "length": 1}],  # inside the emoji's surrogate pair
     "Entity begins in a middle of a UTF-16 symbol at byte offset 4"),
    ([{"type": "bold", "length": 1}], "Can't parse MessageEntity: Can't find field \"offset\""),
    ([{"type": "bold", "offset": "x", "length": 1}],
     "Can't parse MessageEntity: Field \"offset\" must be a valid Number"),
    ([{"type": "blink", "offset": 0, "length": 1}],
     "Can't parse MessageEntity: Unsupported type specified"),
    ([{"type": "text_link", "offset": 0, "length": 2, "url": "nowhere"}],
     "Entity URL 'nowhere' is invalid: Wrong HTTP URL"),
    (["bold"], "Can't parse MessageEntity: expected an Object"),
])
def test_explicit_entities_errors(entities: list, message: str) -> None:
    assert error("😀 hi", "", json.dumps(entities)) == message


def test_explicit_entities_are_kept_and_automatic_ones_dropped() -> None:
    given_entities = [{"type": "url", "offset": 0, "length": 2},
                      {"type": "italic", "offset": 3, "length": 2},
                      {"type": "pre", "offset": 0, "length": 2, "language": "py"}]
    assert parse("😀 hi", "", json.dumps(given_entities)) == ("😀 hi", [
        ("PreCode", 0, 2, "py"), ("Italic", 3, 2, "")])
    assert parse("hi", "", "not json") == ("hi", [])  # ignored, as telegram-bot-api does
    # With a parse mode, the entities parameter is ignored.
    assert parse("*hi*", "MarkdownV2", json.dumps(given_entities)) == ("hi", [
        ("Bold", 0, 2, "")])


@pytest.mark.parametrize(("text", "message"), [
    (" \n ", "Text must be non-empty"), ("x", "Unsupported parse_mode")])
def test_empty_text_and_unknown_mode(text: str, message: str) -> None:
    assert error(text, "Textile" if text == "x" else "") == message


def test_texts_are_cleaned_as_telegram_cleans_them() -> None:
    assert parse("a\tb\r\nc\u2028d\u200e\u200f", "") == ("a b\ncd\u200c\u200f", [])
    assert parse("hi", "none") == ("hi", [])  # "none" is Telegram's "no parse mode"
    assert error("x" * 40_000, "") == "Text is too long"


# --- through HTTP: telebot and requests ---------------------------------------------------

@pytest.fixture
def tg() -> Iterator[FakeTelegram]:
    """A running fake with Alice in it."""
    with FakeTelegram(token=TOKEN) as fake:
        fake.user(ALICE, "Alice")
        yield fake


@pytest.fixture
def bot(tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch) -> telebot.TeleBot:
    """telebot pointed at the fake (its module-wide URL restored after)."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setattr(apihelper, "API_URL", tg.api_url + "/bot{0}/{1}")
    return telebot.TeleBot(TOKEN, parse_mode=None)


def test_telebot_broken_markdown_is_telegrams_400(bot: telebot.TeleBot, tg: FakeTelegram) -> None:
    """The classic: an LLM answer with a lone "*" sent with parse_mode="Markdown"."""
    with pytest.raises(ApiTelegramException) as caught:
        bot.send_message(ALICE, "2*3 = 6", parse_mode="Markdown")
    assert (caught.value.error_code, caught.value.description) == (
        400, "Bad Request: can't parse entities: Can't find end of the entity starting at "
             "byte offset 1")
    assert tg.sent == []


def test_telebot_valid_markup_comes_back_without_it(bot: telebot.TeleBot) -> None:
    message = bot.send_message(ALICE, "*1\\.* Done", parse_mode="MarkdownV2")
    assert message.text == "1. Done"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [("bold", 0, 2)]
    edited = bot.edit_message_text("<i>2.</i> Done", ALICE, message.message_id,
                                   parse_mode="HTML")
    assert [(e.type, e.offset, e.length) for e in edited.entities] == [("italic", 0, 2)]
    with pytest.raises(ApiTelegramException, match="message is not modified"):
        bot.edit_message_text("_2._ Done", ALICE, message.message_id, parse_mode="Markdown")
    plain = bot.edit_message_text("2. Done", ALICE, message.message_id)
    assert plain.entities is None


def test_captions_are_parsed_too(tg: FakeTelegram) -> None:
    url = f"{tg.api_url}/bot{TOKEN}/sendDocument"
    files = {"document": ("a.txt", b"data")}
    ok = requests.post(url, data={"chat_id": ALICE, "caption": "<b>hi</b>",
                                  "parse_mode": "HTML"}, files=files, timeout=5).json()
    assert (ok["result"]["caption"], ok["result"]["caption_entities"]) == (
        "hi", [{"offset": 0, "length": 2, "type": "bold"}])
    broken = requests.post(url, data={"chat_id": ALICE, "caption": "a_b",
                                      "parse_mode": "Markdown"}, files=files, timeout=5)
    assert broken.json()["description"] == (
        "Bad Request: can't parse entities: Can't find end of the entity starting at "
        "byte offset 1")


def test_a_document_may_name_its_part_with_attach(tg: FakeTelegram) -> None:
    url = f"{tg.api_url}/bot{TOKEN}/sendDocument"
    sent = requests.post(url, data={"chat_id": ALICE, "document": "attach://notes"},
                         files={"notes": ("n.txt", b"hello")}, timeout=5).json()
    assert sent["ok"], sent
    assert tg.file_bytes(sent["result"]["document"]["file_id"]) == b"hello"
    missing = requests.post(url, data={"chat_id": ALICE, "document": "attach://other"},
                            files={"notes": ("n.txt", b"hello")}, timeout=5).json()
    assert missing["description"] == "Bad Request: there is no document in the request"


def test_album_errors_are_telegrams(tg: FakeTelegram) -> None:
    url = f"{tg.api_url}/bot{TOKEN}/sendMediaGroup"

    def send(media: Any, **files: tuple[str, bytes]) -> str:
        data = {"chat_id": ALICE, "media": media if isinstance(media, str) else json.dumps(media)}
        return requests.post(url, data=data, files=files or None, timeout=5).json().get(
            "description", "ok")

    assert send("[") == "Bad Request: can't parse media JSON object"
    assert send({}) == "Bad Request: expected an Array of InputMedia"
    assert send([{"type": "photo", "media": "attach://x"}]) == (
        "Bad Request: can't parse InputMedia: media not found")
    assert send([{"type": "document", "media": "attach://a", "caption": "*",
                  "parse_mode": "Markdown"}], a=("a.txt", b"1")) == (
        "Bad Request: can't parse InputMedia: Can't parse entities: Can't find end of the "
        "entity starting at byte offset 0")
    assert send([{"type": "document", "media": "attach://a"},
                 {"type": "photo", "media": "attach://a"}], a=("a.txt", b"1")) == (
        "Bad Request: document can't be mixed with other media types")
    assert send([{"type": "document", "media": "attach://a"}] * 11, a=("a.txt", b"1")) == (
        "Bad Request: too many messages to send as an album")
