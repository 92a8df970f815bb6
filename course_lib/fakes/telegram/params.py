"""The parameters of a Bot API call, read the way Telegram reads them.

A client may put parameters in the query string (telebot does, even for POST), in a
form-encoded or JSON body, or in a `multipart/form-data` body next to an uploaded file.
Telegram reads them all the same way, and so does `read_params`. Values arrive as strings:
numbers as "42", booleans as "True" or "true", nested objects as JSON text.

A call has at most `MAX_FIELDS` parameters: no Bot API method has nearly that many, and a
body of a million tiny fields would otherwise take ~30 times its size in memory.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from course_lib.fakes.telegram.errors import bad_request
from course_lib.fakes.telegram.multipart import (
    MultipartError,
    Part,
    boundary_of,
    parse_multipart,
)

MAX_FIELDS = 100


class Params:
    """The parameters of one call, with accessors that are as lenient as Telegram's."""

    def __init__(self, values: dict[str, Any], files: dict[str, Part] | None = None) -> None:
        """Keep the plain values and the uploaded files (by field name)."""
        self.values = values
        self.files = files or {}

    def text(self, name: str) -> str:
        """A parameter as text; empty if it is missing (Telegram treats the two alike)."""
        value = self.values.get(name)
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        return json.dumps(value) if isinstance(value, (dict, list, bool)) else str(value)

    def integer(self, name: str, default: int = 0) -> int:
        """A parameter as an integer; Telegram reads unparsable numbers as 0, so do we."""
        raw = self.text(name).strip()
        if not raw:
            return default
        try:
            return int(raw)
        except ValueError:
            return 0

    def flag(self, name: str) -> bool:
        """A boolean parameter: "true"/"True"/"1" mean yes, anything else no."""
        return self.text(name).strip().lower() in ("true", "1")

    def json(self, name: str, what: str) -> Any:
        """A JSON-serialised parameter (None if missing); bad JSON is Telegram's 400."""
        value = self.values.get(name)
        if not isinstance(value, str):
            return value  # missing, or already structured (it came in a JSON body)
        if not value.strip():
            return None
        try:
            return json.loads(value)
        except ValueError:
            raise bad_request(f"can't parse {what} JSON object") from None

    def for_log(self, budget: int) -> dict[str, Any]:
        """The values, with a note per uploaded file, cut to `budget` characters (the log's)."""
        logged: dict[str, Any] = {}
        items = [*self.values.items(),
                 *((name, f"<file {part.filename!r}, {len(part.data)} bytes>")
                   for name, part in self.files.items())]
        for name, value in items:
            text = value if isinstance(value, str) else self.text(name)
            if len(name) + len(text) > budget:  # the first value that does not fit is cut
                logged[name[:budget]] = text[:max(budget - len(name), 0)]
                break
            logged[name] = value
            budget -= len(name) + len(text)
        return logged


def read_params(query: str, content_type: str, body: bytes) -> Params:
    """All the parameters of a request: the query string first, then the body's."""
    values: dict[str, Any] = dict(_form(query))
    files: dict[str, Part] = {}
    kind = content_type.split(";")[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        values.update(_form(body.decode("utf-8", errors="replace")))
    elif kind == "application/json" and body.strip():
        values.update(_json_object(body))
    elif kind == "multipart/form-data" and boundary_of(content_type):
        for part in _parts(body, boundary_of(content_type) or ""):
            if part.filename is None:
                values[part.name] = part.data.decode("utf-8", errors="replace")
            else:
                files[part.name] = part
    return Params(values, files)


def _parts(body: bytes, boundary: str) -> list[Part]:
    """The parts of a multipart body; Telegram's 400 if one breaks its rules."""
    try:
        return parse_multipart(body, boundary, MAX_FIELDS)
    except MultipartError as error:
        raise bad_request(str(error)) from None


def _form(text: str) -> list[tuple[str, str]]:
    """The `name=value&…` pairs of a query string or form body, at most `MAX_FIELDS`."""
    try:
        return parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:  # the stdlib's "Max number of fields exceeded"
        raise bad_request(f"too many parameters (at most {MAX_FIELDS})") from None


def _json_object(body: bytes) -> dict[str, Any]:
    """A JSON request body, which must be an object of parameters."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nested thousands deep
        raise bad_request("can't parse JSON encoded request body") from None
    if not isinstance(data, dict):
        raise bad_request("JSON object expected as request body")
    return data
