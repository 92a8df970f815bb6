"""`multipart/form-data`, how a file upload (sendDocument) travels, read with python-multipart.

The body is a list of parts separated by `--<boundary>` lines; each part has its own headers
(`Content-Disposition: form-data; name="document"; filename="notes.txt"`) and then its bytes.
python-multipart (the parser behind Starlette and FastAPI) splits the body and reads the
header parameters, quoted or bare; what this module adds is Telegram's reading of them
(tdlib's td/net/HttpReader.cpp): `name` and `filename` are percent-decoded (aiohttp sends
non-ASCII names as %D0%BC...), `filename*` (RFC 2231) is ignored, a part with a file name is
a file and any other part a parameter, and a part without a name is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header


class MultipartError(ValueError):
    """The body breaks a rule Telegram enforces (the message is Telegram's)."""


@dataclass
class Part:
    """One part of a multipart body: its field name, optional file name, type and bytes."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


def boundary_of(content_type: str) -> str | None:
    """The boundary parameter of a `multipart/form-data; boundary=...` header, if any."""
    boundary = parse_options_header(content_type)[1].get(b"boundary")
    return boundary.decode("latin-1") if boundary else None


def parse_multipart(body: bytes, boundary: str, max_parts: int = 100) -> list[Part]:
    """The first `max_parts` parts of a body (a body cut short keeps the parts before the cut)."""
    raw: list[tuple[list[tuple[bytes, bytes]], list[bytes]]] = []  # (headers, data chunks)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        headers = raw[-1][0]
        headers[-1] = (headers[-1][0] + data[start:end], headers[-1][1])

    def on_header_value(data: bytes, start: int, end: int) -> None:
        headers = raw[-1][0]
        headers[-1] = (headers[-1][0], headers[-1][1] + data[start:end])

    callbacks = {
        "on_part_begin": lambda: raw.append(([], [])),
        "on_header_begin": lambda: raw[-1][0].append((b"", b"")),
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_part_data": lambda data, start, end: raw[-1][1].append(data[start:end]),
    }
    parser = MultipartParser(boundary.encode("latin-1"), callbacks)  # type: ignore[arg-type]
    try:
        parser.write(body)
        parser.finalize()
    except MultipartParseError:
        raw = raw[:-1]  # the part being read when the body broke off
    return [_part(headers, b"".join(chunks)) for headers, chunks in raw[:max_parts]]


def _part(headers: list[tuple[bytes, bytes]], data: bytes) -> Part:
    """A part from its raw headers and bytes, read as Telegram reads them."""
    by_name = {name.strip().lower(): value.strip() for name, value in headers}
    disposition = by_name.get(b"content-disposition", b"").decode("latin-1")
    params = parse_options_header(disposition)[1]
    name = _decoded(params.get(b"name", b""))
    if not name:
        raise MultipartError("field name in multipart/form-data not found")
    filename = _decoded(params[b"filename"]) if b"filename" in params else None
    default_type = "text/plain" if filename is None else "application/octet-stream"
    content_type = by_name.get(b"content-type", b"").decode("latin-1") or default_type
    return Part(name, filename, content_type, data)


def _decoded(value: bytes) -> str:
    """A header parameter: percent-decoded, then UTF-8 (raw UTF-8 is allowed too)."""
    return unquote_to_bytes(value).decode("utf-8", errors="replace")
