"""The text being parsed, as tdlib sees it: UTF-8 bytes, with NUL past the end.

Telegram's parsers walk the UTF-8 bytes of the text (their errors give byte offsets) and
count UTF-16 code units for the entities: a byte that starts a character adds 1, or 2 if it
starts a 4-byte character (one outside the BMP, a surrogate pair in UTF-16).
"""

from __future__ import annotations

# The bytes tdlib's `is_space` accepts; NUL too, which is what it reads past the end.
SPACES = frozenset(b" \t\r\n\0\v")


class Source:
    """The bytes of a text; `at(i)` is 0 past either end, like reading a C string."""

    def __init__(self, text: str) -> None:
        """Encode the text (lone surrogates kept as their 3 bytes)."""
        self.data = text.encode("utf-8", "surrogatepass")
        self.size = len(self.data)

    def at(self, index: int) -> int:
        """The byte at `index`, or 0 outside the text."""
        return self.data[index] if 0 <= index < self.size else 0

    def is_space(self, index: int) -> bool:
        """Whether the byte at `index` is a space to tdlib (NUL and past the end included)."""
        return self.at(index) in SPACES


def utf16_width(byte: int) -> int:
    """UTF-16 code units a character starting with `byte` takes (0 for a continuation byte)."""
    if byte & 0xC0 == 0x80:
        return 0
    return 2 if byte >= 0xF0 else 1


def decode(data: bytes | bytearray) -> str:
    """Bytes of the parsed text back to a str."""
    return bytes(data).decode("utf-8", "surrogatepass")
