"""The `.env` file as the doctor sees it: where it is, its bytes, its encoding, its lines.

`course_lib.config` reads `.env` as UTF-8 (a BOM is skipped) with python-dotenv. This module
reads the same file the same way, but keeps what a diagnosis needs and the reader throws
away: every line with its number (python-dotenv keeps only the last of two equal names),
the lines it could not parse, and why the file could not be decoded at all.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values
from dotenv.parser import Binding, parse_stream

from course_lib import config

UTF8, UTF8_BOM, UTF16 = "utf-8", "utf-8-sig", "utf-16"
# Names Windows users end up with: Notepad adds .txt, Explorer hides it, the dot gets lost.
LOOKALIKES = (".env.txt", "env", "env.txt", "_env", ".env.env")


@dataclass(frozen=True)
class EnvFile:
    """What was found: `path` is None when there is no `.env` from here upwards."""

    path: Path | None
    data: bytes = b""
    read_error: str = ""  # why the file could not be opened
    encoding: str = ""  # UTF8, UTF8_BOM or UTF16; "" when it is not text course_lib can read
    bad_byte: tuple[int, int] | None = None  # (line, byte) of the first byte that is not UTF-8

    @property
    def readable(self) -> bool:
        """Whether course_lib (UTF-8, BOM skipped) can read the file."""
        return self.path is not None and not self.read_error and self.encoding in (UTF8,
                                                                                    UTF8_BOM)

    @property
    def text(self) -> str:
        """The file's text ("" when course_lib cannot read it)."""
        return self.data.decode(UTF8_BOM) if self.readable else ""

    @property
    def crlf(self) -> bool:
        """Whether lines end in Windows style (CR LF)."""
        return b"\r\n" in self.data

    def bindings(self) -> list[Binding]:
        """Every line as python-dotenv parses it, with its line number and parse error flag."""
        return list(parse_stream(io.StringIO(self.text)))

    def values(self) -> dict[str, str | None]:
        """The variables exactly as course_lib gets them (the last of equal names wins)."""
        with _quiet_dotenv():  # its warnings about bad lines would repeat the diagnosis
            return dict(dotenv_values(stream=io.StringIO(self.text)))


@contextlib.contextmanager
def _quiet_dotenv() -> Iterator[None]:
    """Silence python-dotenv's "could not parse statement" warnings for a moment."""
    logger = logging.getLogger("dotenv.main")
    old = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = old


def _encoding(data: bytes) -> tuple[str, tuple[int, int] | None]:
    """The encoding of the file's bytes, or "" and the first byte that is not UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data[:200]:
        return UTF16, None  # Notepad's "Unicode": every ASCII letter is followed by a zero
    try:
        data.decode(UTF8)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", (line, data[error.start])
    return (UTF8_BOM if data.startswith(codecs.BOM_UTF8) else UTF8), None


def read(path: Path | None = None) -> EnvFile:
    """The `.env` course_lib would use (or the file at `path`), read without ever raising."""
    path = path if path is not None else config.dotenv_path()
    if path is None:
        return EnvFile(None)
    try:
        data = path.read_bytes()
    except OSError as error:
        return EnvFile(path, read_error=error.strerror or type(error).__name__)
    encoding, bad_byte = _encoding(data)
    return EnvFile(path, data, encoding=encoding, bad_byte=bad_byte)


def lookalikes(folder: Path | None = None) -> list[str]:
    """Files in `folder` (default: the working directory) that were probably meant as `.env`."""
    folder = folder or Path.cwd()
    return [name for name in LOOKALIKES if (folder / name).is_file()]
