"""A small `multipart/form-data` reader: how a file upload (sendDocument) travels over HTTP.

The body is a list of parts separated by `--<boundary>` lines; each part has its own headers
(`Content-Disposition: form-data; name="document"; filename="notes.txt"`) and then its bytes.
The stdlib `cgi` module that used to parse this is gone in Python 3.13, and the `email`
package trips over one real-world quirk: telebot writes the file name unquoted and in raw
UTF-8 (`filename=my notes.txt`). So we read it ourselves; it is only a few lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

# `name=value` pairs of a Content-Disposition header; the value is quoted or runs to the next `;`.
_PARAM = re.compile(r';\s*([\w*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


@dataclass
class Part:
    """One part of a multipart body: its field name, optional file name, type and bytes."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


def boundary_of(content_type: str) -> str | None:
    """The boundary parameter of a `multipart/form-data; boundary=...` header, if any."""
    match = re.search(r'boundary\s*=\s*("[^"]+"|[^;\s]+)', content_type, re.IGNORECASE)
    return match.group(1).strip('"') if match else None


def parse_multipart(body: bytes, boundary: str, max_parts: int = 100) -> list[Part]:
    """Split a multipart body into its first `max_parts` parts (malformed ones are skipped)."""
    delimiter = b"--" + boundary.encode("latin-1")
    parts: list[Part] = []
    # The first chunk is the preamble, the last one starts with "--" (the closing delimiter).
    for chunk in body.split(delimiter, max_parts + 1)[1:]:
        if chunk.startswith(b"--") or len(parts) == max_parts:
            break
        part = _parse_part(chunk)
        if part is not None:
            parts.append(part)
    return parts


def _parse_part(chunk: bytes) -> Part | None:
    """One part: CRLF, header lines, an empty line, the data, CRLF before the next delimiter."""
    head, sep, data = chunk.partition(b"\r\n\r\n")
    if not sep:
        return None
    headers = _parse_headers(head)
    params = disposition_params(headers.get("content-disposition", ""))
    if "name" not in params:
        return None
    filename = params.get("filename*") or params.get("filename")
    default_type = "text/plain" if filename is None else "application/octet-stream"
    content_type = headers.get("content-type", default_type)
    return Part(params["name"], filename, content_type, data.removesuffix(b"\r\n"))


def _parse_headers(head: bytes) -> dict[str, str]:
    """The header lines of a part, keys lower-cased; raw UTF-8 is allowed (telebot sends it)."""
    headers = {}
    for line in head.decode("utf-8", errors="replace").split("\r\n"):
        name, sep, value = line.partition(":")
        if sep:
            headers[name.strip().lower()] = value.strip()
    return headers


def disposition_params(header: str) -> dict[str, str]:
    """`name` and `filename` of `form-data; name="x"; filename=...` (quoted, bare or RFC 2231)."""
    params = {}
    for key, raw in _PARAM.findall(header):
        value = raw.strip()
        if value.startswith('"'):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        if key.lower() == "filename*":
            # RFC 2231: charset'language'percent-encoded-value, e.g. utf-8''%D0%B0.txt
            charset, _, encoded = value.partition("''")
            value = unquote(encoded or value, encoding=charset or "utf-8", errors="replace")
        params[key.lower()] = value
    return params
