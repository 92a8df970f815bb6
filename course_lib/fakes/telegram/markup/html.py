"""`parse_mode=HTML`: <b>, <i>, <u>, <s>, <tg-spoiler>, <a href>, <code>, <pre>,
<blockquote>, <tg-emoji>, <tg-time>, and the character references &lt; &gt; &amp; &quot; &#N;.

Any other tag is an error ('Unsupported start tag "foo" at byte offset 0'), and so is a bare
"<" ("2 < 3" fails with 'Unsupported start tag "" at byte offset 2'). Ported from tdlib's
td/telegram/MessageEntity.cpp (`parse_html`, `decode_html_entity`), error texts included.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.fakes.telegram.markup.entities import Entity, sort_key
from course_lib.fakes.telegram.markup.fix import MarkupError
from course_lib.fakes.telegram.markup.links import (
    LinkError,
    ascii_lower,
    checked_link,
    date_format_flags,
    is_int64,
    link_user_id,
)
from course_lib.fakes.telegram.markup.source import Source, decode, utf16_width

TAGS = frozenset({"a", "b", "strong", "i", "em", "s", "strike", "del", "u", "ins", "tg-spoiler",
                  "tg-emoji", "tg-time", "span", "pre", "code", "blockquote"})
SIMPLE = {"i": "Italic", "em": "Italic", "b": "Bold", "strong": "Bold", "s": "Strikethrough",
          "strike": "Strikethrough", "del": "Strikethrough", "u": "Underline",
          "ins": "Underline", "tg-spoiler": "Spoiler"}
NAMED = {b"lt": "<", b"gt": ">", b"amp": "&", b"quot": '"'}
_ALNUM = frozenset(b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


@dataclass
class _Tag:
    """An open tag: its name, the attribute that matters, the date of a <tg-time>, the UTF-16
    offset of its text and where its text starts in the output."""

    name: str
    argument: str
    date: int
    offset: int
    out_start: int


def decode_reference(src: Source, pos: int) -> tuple[int, int]:
    """The code point of the "&..." at `pos` and the position after it; (0, pos) if none."""
    end, code = pos + 1, 0
    if src.at(pos + 1) == ord("#"):
        end += 1
        digits, base = (b"0123456789abcdefABCDEF", 16) if src.at(pos + 2) == ord("x") else (
            b"0123456789", 10)
        end += base == 16
        while src.at(end) and src.at(end) in digits:
            code = code * base + int(chr(src.at(end)), base)
            end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while chr(src.at(end)).isascii() and chr(src.at(end)).isalpha():
            end += 1
        name = NAMED.get(bytes(src.data[pos + 1:end]))
        if name is None:
            return 0, pos
        code = ord(name)
    return code, end + 1 if src.at(end) == ord(";") else end


class _Parser:
    """The state of one parse; `run()` walks the bytes once."""

    def __init__(self, text: str) -> None:
        """Start at the beginning of `text`."""
        self.src = Source(text)
        self.out = bytearray()
        self.entities: list[Entity] = []
        self.open: list[_Tag] = []
        self.utf16 = 0

    def run(self) -> tuple[str, list[Entity]]:
        """Parse everything; the plain text and the entities, or `MarkupError`."""
        src, i = self.src, 0
        while i < src.size:
            c = src.data[i]
            if c == ord("&"):
                code, after = decode_reference(src, i)
                if code:
                    self.utf16 += 2 if code > 0xFFFF else 1
                    self.out += chr(code).encode("utf-8", "surrogatepass")
                    i = after
                    continue
            if c != ord("<"):
                self.utf16 += utf16_width(c)
                self.out.append(c)
                i += 1
                continue
            i = (self.end_tag(i) if src.at(i + 1) == ord("/") else self.start_tag(i)) + 1
        if self.open:
            raise MarkupError("Can't find end tag corresponding to start tag "
                              f'"{self.open[-1].name}"')
        for entity in self.entities:
            if entity.type == "Code":
                entity.argument = ""
        try:
            text = bytes(self.out).decode("utf-8")
        except UnicodeDecodeError:
            raise MarkupError("Text contains invalid Unicode characters after decoding HTML "
                              "entities, check for unmatched surrogate code units") from None
        return text, sorted(self.entities, key=sort_key)

    def start_tag(self, begin: int) -> int:
        """Read a start tag at byte `begin`; returns the position of its ">"."""
        src, i = self.src, begin + 1
        while not src.is_space(i) and src.at(i) != ord(">"):
            i += 1
        if src.at(i) == 0:
            raise MarkupError(f"Unclosed start tag at byte offset {begin}")
        name = ascii_lower(src.data[begin + 1:i].decode("utf-8", "replace"))
        if name not in TAGS:
            raise MarkupError(f'Unsupported start tag "{name}" at byte offset {begin}')
        argument, date = "", 0
        while src.at(i) != ord(">"):
            while src.at(i) and src.is_space(i):
                i += 1
            if src.at(i) == ord(">"):
                break
            attribute, value, i = self.attribute(name, begin, i)
            if value is None:
                if name == "blockquote" and attribute == "expandable":
                    argument = "1"
                continue
            argument, date = _use_attribute(name, attribute, value, argument, date)
        if name == "span" and argument != "spoiler":
            raise MarkupError(f'Tag "span" must have class "tg-spoiler" at byte offset {begin}')
        self.open.append(_Tag(name, argument, date, self.utf16, len(self.out)))
        return i

    def attribute(self, tag: str, begin: int, i: int) -> tuple[str, str | None, int]:
        """One `name`, `name=token` or `name="value"` at byte `i`: (name, value or None, next)."""
        src, start = self.src, i
        while not src.is_space(i) and src.at(i) not in b'=>/"\'':
            i += 1
        name = src.data[start:i].decode("utf-8", "replace")
        if not name:
            raise MarkupError(f'Empty attribute name in the tag "{tag}" at byte offset {begin}')
        while src.at(i) and src.is_space(i):
            i += 1
        if src.at(i) != ord("="):
            if src.at(i) == 0:
                raise MarkupError(f'Unclosed start tag "{tag}" at byte offset {begin}')
            return name, None, i
        i += 1
        while src.at(i) and src.is_space(i):
            i += 1
        if src.at(i) == 0:
            raise MarkupError(f'Unclosed start tag "{tag}" at byte offset {begin}')
        if src.at(i) not in b"'\"":
            token = i
            while src.at(i) in _ALNUM or src.at(i) in b".-":
                i += 1
            if not src.is_space(i) and src.at(i) != ord(">"):
                raise MarkupError(f"Unexpected end of name token at byte offset {token}")
            if src.at(i) == 0:
                raise MarkupError(f"Unclosed start tag at byte offset {begin}")
            return name, ascii_lower(decode(src.data[token:i])), i
        quote, i, value = src.at(i), i + 1, bytearray()
        while src.at(i) != quote and src.at(i) != 0:
            if src.at(i) == ord("&"):
                code, after = decode_reference(src, i)
                if code:
                    value += chr(code).encode("utf-8", "surrogatepass")
                    i = after
                    continue
            value.append(src.at(i))
            i += 1
        i += src.at(i) == quote
        if src.at(i) == 0:
            raise MarkupError(f"Unclosed start tag at byte offset {begin}")
        return name, value.decode("utf-8", "replace"), i

    def end_tag(self, begin: int) -> int:
        """Read an end tag at byte `begin`, closing the innermost tag; returns its ">"."""
        src, i = self.src, begin + 2
        if not self.open:
            raise MarkupError(f"Unexpected end tag at byte offset {begin}")
        while not src.is_space(i) and src.at(i) != ord(">"):
            i += 1
        name = ascii_lower(src.data[begin + 2:i].decode("utf-8", "replace"))
        while src.at(i) and src.is_space(i):
            i += 1
        if src.at(i) != ord(">"):
            raise MarkupError(f"Unclosed end tag at byte offset {begin}")
        top = self.open[-1]
        if name and name != top.name:
            raise MarkupError(f'Unmatched end tag at byte offset {begin}, '
                              f'expected "</{top.name}>", found "</{name}>"')
        if self.utf16 > top.offset:
            self.add(top, self.utf16 - top.offset)
        self.open.pop()
        return i

    def add(self, top: _Tag, length: int) -> None:
        """The entity of a tag that just closed around `length` UTF-16 units of text."""
        offset, last = top.offset, self.entities[-1] if self.entities else None
        same_span = last is not None and (last.offset, last.length) == (offset, length)
        if top.name in SIMPLE or top.name == "span":
            self.entities.append(Entity(SIMPLE.get(top.name, "Spoiler"), offset, length))
        elif top.name == "tg-emoji":
            if not is_int64(top.argument) or int(top.argument) == 0:
                raise MarkupError("Invalid custom emoji identifier specified")
            self.entities.append(Entity("CustomEmoji", offset, length, top.argument))
        elif top.name == "tg-time":
            try:
                flags = date_format_flags(top.argument)
            except LinkError as error:
                raise MarkupError(str(error)) from None
            if top.date > 0:
                self.entities.append(Entity("Date", offset, length, f"{top.date}|{flags}"))
        elif top.name == "a":
            url = top.argument or decode(self.out[top.out_start:])
            user_id = link_user_id(url)
            if user_id is not None:
                self.entities.append(Entity("MentionName", offset, length, str(user_id)))
            elif checked_link(url):
                self.entities.append(Entity("TextUrl", offset, length, checked_link(url)))
        elif top.name == "pre":
            if same_span and last.type == "Code" and last.argument:
                last.type = "PreCode"
            else:
                self.entities.append(Entity("Pre", offset, length))
        elif top.name == "code":
            if same_span and last.type == "Pre" and top.argument:
                last.type, last.argument = "PreCode", top.argument
            else:
                self.entities.append(Entity("Code", offset, length, top.argument))
        else:  # blockquote
            kind = "ExpandableBlockQuote" if top.argument else "BlockQuote"
            self.entities.append(Entity(kind, offset, length))


def _use_attribute(tag: str, attribute: str, value: str, argument: str,
                   date: int) -> tuple[str, int]:
    """The tag's argument and date after one attribute (only a few attributes matter)."""
    if tag == "a" and attribute == "href":
        return value, date
    if tag == "code" and attribute == "class" and value.startswith("language-"):
        return value[9:], date
    if tag == "span" and attribute == "class" and value.startswith("tg-"):
        return value[3:], date
    if (tag == "tg-emoji" and attribute == "emoji-id") or (
            tag == "tg-time" and attribute == "format"):
        return value, date
    if tag == "blockquote" and attribute == "expandable":
        return "1", date
    if tag == "tg-time" and attribute == "unix":
        return argument, _leading_int(value)
    return argument, date


def _leading_int(text: str) -> int:
    """tdlib's lenient `to_integer`: the leading [-]digits of `text`, 0 if none."""
    sign, digits = (-1, text[1:]) if text.startswith("-") else (1, text)
    count = len(digits) - len(digits.lstrip("0123456789"))
    return sign * int(digits[:count]) if count else 0


def parse_html(text: str) -> tuple[str, list[Entity]]:
    """The plain text and its entities; `MarkupError` with Telegram's words if it cannot."""
    return _Parser(text).run()
