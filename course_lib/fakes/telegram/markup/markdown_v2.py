"""`parse_mode=MarkdownV2`: *bold*, _italic_, __underline__, ~strike~, ||spoiler||, `code`,
```pre```, [text](URL), ![emoji](tg://emoji?id=N), >blockquotes; entities nest.

Every one of `_*[]()~`>#+-=|{}.!` that is not markup must be escaped with "\\" (inside code
only "`" and "\\"): "Character '.' is reserved and must be escaped with the preceding '\\'"
is the error LLM output meets most. Ported from tdlib's td/telegram/MessageEntity.cpp
(`parse_markdown_v2`), error texts included.
"""

from __future__ import annotations

from dataclasses import dataclass

from course_lib.fakes.telegram.markup.entities import Entity, sort_key
from course_lib.fakes.telegram.markup.fix import MarkupError
from course_lib.fakes.telegram.markup.links import (
    LinkError,
    checked_link,
    emoji_or_time,
    link_user_id,
)
from course_lib.fakes.telegram.markup.markdown import _pre_language
from course_lib.fakes.telegram.markup.source import Source, decode, utf16_width

RESERVED = frozenset(b"_*[]()~`>#+-=|{}.!\n")
_IN_CODE = frozenset(b"`")
_CODE_KINDS = ("Code", "Pre", "PreCode")
NEWLINE, RETURN = ord("\n"), ord("\r")


@dataclass
class _Open:
    """An entity whose start was seen: kind, argument, UTF-16 offset, byte offset in the
    input, and where its text starts in the output."""

    kind: str
    argument: str
    offset: int
    byte: int
    out_start: int


def reserved(char: int) -> MarkupError:
    """The error for a reserved character that is not escaped."""
    return MarkupError(f"Character '{chr(char)}' is reserved and must be escaped with the "
                       "preceding '\\'")


def escape(text: str) -> str:
    """`text` with every reserved character escaped: MarkdownV2 shows it as it is."""
    return "".join("\\" + c if c in "\\_*[]()~`>#+-=|{}.!" else c for c in text)


class _Parser:
    """The state of one parse; `run()` walks the bytes once."""

    def __init__(self, text: str) -> None:
        """Start at the beginning of `text`."""
        self.src = Source(text)
        self.out = bytearray()
        self.entities: list[Entity] = []
        self.open: list[_Open] = []
        self.utf16 = 0
        self.have_quote = False
        self.can_start_quote = True

    def run(self) -> tuple[str, list[Entity]]:
        """Parse everything; the plain text and the entities, or `MarkupError`."""
        src, i = self.src, -1
        while True:
            i += 1
            if i >= src.size:
                break
            c = src.data[i]
            if c == ord("\\") and 0 < src.at(i + 1) <= 126:
                i += 1
                self.utf16 += 1
                self.out.append(src.data[i])
                if src.data[i] != RETURN:
                    self.can_start_quote = src.data[i] == NEWLINE
                continue
            special = _IN_CODE if self.open and self.open[-1].kind in _CODE_KINDS else RESERVED
            if c not in special:
                width = utf16_width(c)
                self.utf16 += width
                if width and c != RETURN:
                    self.can_start_quote = False
                self.out.append(c)
                continue
            i = self.close(i) if self.closes(i) else self.start(i)
        self.finish()
        return decode(self.out), sorted(self.entities, key=sort_key)

    def closes(self, i: int) -> bool:
        """Whether the markup at byte `i` ends the innermost open entity."""
        if not self.open:
            return False
        c, at = self.src.data[i], self.src.at
        if self.have_quote and c == NEWLINE and (i + 1 == self.src.size or at(i + 1) != ord(">")):
            return True
        return {"Bold": c == ord("*"), "Italic": c == ord("_") and at(i + 1) != ord("_"),
                "Code": c == ord("`"),
                "Pre": c == ord("`") and at(i + 1) == ord("`") and at(i + 2) == ord("`"),
                "TextUrl": c == ord("]"), "Underline": c == ord("_") and at(i + 1) == ord("_"),
                "Strikethrough": c == ord("~"), "Spoiler": c == ord("|") and at(i + 1) == ord("|"),
                "CustomEmoji": c == ord("]"), "BlockQuote": False,
                }[self.open[-1].kind.replace("PreCode", "Pre")]

    def start(self, i: int) -> int:
        """Open the entity whose markup starts at byte `i`; returns the last byte it used."""
        src, c, byte, argument = self.src, self.src.data[i], i, ""
        if c == ord("_"):
            kind = "Underline" if src.at(i + 1) == ord("_") else "Italic"
            i += kind == "Underline"
        elif c in b"*~[":
            kind = {ord("*"): "Bold", ord("~"): "Strikethrough", ord("["): "TextUrl"}[c]
        elif c == ord("|") and src.at(i + 1) == ord("|"):
            kind, i = "Spoiler", i + 1
        elif c == ord("`") and src.at(i + 1) == ord("`") and src.at(i + 2) == ord("`"):
            argument, i = _pre_language(src, i + 3)
            kind, i = ("PreCode" if argument else "Pre"), i - 1
        elif c == ord("`"):
            kind = "Code"
        elif c == ord("!") and src.at(i + 1) == ord("["):
            kind, i = "CustomEmoji", i + 1
        elif c == NEWLINE:
            self.utf16 += 1
            self.out.append(NEWLINE)
            self.can_start_quote = True
            return i
        elif c == ord(">") and self.can_start_quote:
            if self.have_quote:
                return i  # the ">" of the next line of the same quote
            kind, self.have_quote = "BlockQuote", True
        else:
            raise reserved(c)
        self.open.append(_Open(kind, argument, self.utf16, byte, len(self.out)))
        return i

    def close(self, i: int) -> int:
        """Close the innermost entity at byte `i`; returns the last byte its markup used."""
        top, kind = self.open[-1], self.open[-1].kind
        if self.src.data[i] == NEWLINE and kind != "BlockQuote":
            kind = self._expandable(i)
            top = self.open[-1]
        skip = self.utf16 == top.offset
        argument = top.argument
        if kind in ("Underline", "Spoiler"):
            i += 1
        elif kind in ("Pre", "PreCode"):
            i += 2
        elif kind in ("TextUrl", "CustomEmoji"):
            kind, argument, i = self._link(kind, top, i)
            skip = skip or not argument
        elif kind in ("BlockQuote", "ExpandableBlockQuote"):
            self.have_quote, self.can_start_quote, skip = False, True, False
            self.out.append(self.src.data[i])
            self.utf16 += 1
        if not skip:
            self.entities.append(Entity(kind, top.offset, self.utf16 - top.offset, argument))
        self.open.pop()
        return i

    def _expandable(self, i: int) -> str:
        """A newline ends a quote; only "||" right before it (expandable quote) may be open."""
        top = self.open[-1]
        at_end = top.byte == i - 2 or (top.byte == i - 3 and self.out and self.out[-1] == RETURN)
        if top.kind != "Spoiler" or not at_end:
            raise self._unclosed(top)
        self.open.pop()
        if self.open[-1].kind != "BlockQuote":
            raise self._unclosed(self.open[-1])
        return "ExpandableBlockQuote"

    def _link(self, kind: str, top: _Open, i: int) -> tuple[str, str, int]:
        """The URL after "](" (or the text itself), checked: (kind, argument or "", byte)."""
        src = self.src
        if kind == "TextUrl" and src.at(i + 1) != ord("("):
            url = decode(self.out[top.out_start:])
        else:
            if src.at(i + 1) != ord("("):
                raise MarkupError("The entity must contain a tg://emoji or tg://time URL")
            url, i = self._url(i + 2)
        if kind == "CustomEmoji":
            try:
                return (*emoji_or_time(url), i)
            except LinkError as error:
                raise MarkupError(str(error)) from None
        user_id = link_user_id(url)
        if user_id is not None:
            return "MentionName", str(user_id), i
        return kind, checked_link(url), i

    def _url(self, start: int) -> tuple[str, int]:
        """The URL from byte `start` up to ")", escapes resolved; and where ")" is."""
        src, i, url = self.src, start, bytearray()
        while i < src.size and src.data[i] != ord(")"):
            if src.data[i] == ord("\\") and 0 < src.at(i + 1) <= 126:
                url.append(src.data[i + 1])
                i += 2
                continue
            url.append(src.data[i])
            i += 1
        if src.at(i) != ord(")"):
            raise MarkupError(f"Can't find end of a URL at byte offset {start}")
        return decode(url), i

    def finish(self) -> None:
        """At the end of the text: a quote may still be open; nothing else may."""
        if self.have_quote:
            kind, top = "BlockQuote", self.open[-1]
            if top.kind == "Spoiler" and top.byte == self.src.size - 2:
                self.open.pop()
                kind = "ExpandableBlockQuote"
            top = self.open[-1]
            if top.kind == "BlockQuote":
                self.have_quote = False
                if self.utf16 != top.offset:
                    self.entities.append(Entity(kind, top.offset, self.utf16 - top.offset))
                self.open.pop()
        if self.open:
            raise self._unclosed(self.open[-1])

    @staticmethod
    def _unclosed(top: _Open) -> MarkupError:
        """The error for an entity that never ends."""
        return MarkupError(f"Can't find end of {top.kind} entity at byte offset {top.byte}")


def parse_markdown_v2(text: str) -> tuple[str, list[Entity]]:
    """The plain text and its entities; `MarkupError` with Telegram's words if it cannot."""
    return _Parser(text).run()
