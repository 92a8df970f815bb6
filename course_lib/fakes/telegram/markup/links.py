"""The URLs of text links, checked and normalised as Telegram does.

Ported from tdlib (td/telegram/LinkManager.cpp: `check_link`, `get_link_user_id`,
`get_link_custom_emoji_id`, `get_link_formatted_date`; tdutils/td/utils/HttpUrl.cpp:
`parse_url`). A link without a scheme gets "http://", the path gets a "/" (so
"example.com" becomes "http://example.com/"), a host needs a dot, and only http, https, tg,
ton and tonsite links are kept; `tg://user?id=N` mentions a user instead.
"""

from __future__ import annotations

import ipaddress
import string
from dataclasses import dataclass

MAX_USER_ID = 2**40 - 1
_URL_SYMBOLS = frozenset(string.ascii_letters + string.digits + ".-_!$,~*'();&+=")
_TG_SCHEMES = ("tg:", "ton:", "tonsite:")


class LinkError(ValueError):
    """A URL Telegram does not accept (the text of the error is tdlib's)."""


@dataclass
class Url:
    """A parsed http(s) URL, as tdlib's `HttpUrl`."""

    protocol: str
    userinfo: str
    host: str
    is_ipv6: bool
    port: int  # 0 if none was given
    query: str  # the path and the rest; starts with "/"

    def text(self) -> str:
        """The normalised URL (`HttpUrl::get_url`)."""
        userinfo = f"{self.userinfo}@" if self.userinfo else ""
        port = f":{self.port}" if self.port else ""
        return f"{self.protocol}://{userinfo}{self.host}{port}{self.query}"


def checked_link(link: str) -> str:
    """The URL a text link keeps, or "" if Telegram would drop the link."""
    try:
        return _check_link(link)
    except LinkError:
        return ""


def _check_link(link: str) -> str:
    """tdlib's `check_link_impl` with no restriction on the scheme."""
    scheme = next((s for s in _TG_SCHEMES if ascii_lower(link).startswith(s)), "")
    link = link[len(scheme):]
    if scheme and link.startswith("//"):
        link = link[2:]
    url = parse_url(link)
    if not scheme:
        if "." not in url.host and not url.is_ipv6:
            raise LinkError("Wrong HTTP URL")
        return url.text()
    if (ascii_lower(link).startswith("http://") or url.protocol == "https" or url.userinfo
            or url.port or url.is_ipv6):
        raise LinkError("Wrong tg URL")
    query = url.query[1:] if url.query.startswith("/?") else url.query
    allowed = "-_." if scheme == "tonsite:" else "-_"
    if any(not (c.isascii() and c.isalnum()) and c not in allowed for c in url.host):
        raise LinkError("Unallowed characters in URL host")
    return f"{scheme[:-1]}://{url.host}{query}"


def parse_url(url: str) -> Url:
    """Split `[https?://][userinfo@]host[:port][/path...]` (the scheme defaults to http)."""
    head = _read_till(url, ":/?#@[]")
    protocol, rest = "http", url
    if url[len(head):].startswith("://"):
        protocol, rest = ascii_lower(head), url[len(head) + 3:]
        if protocol not in ("http", "https"):
            raise LinkError("Unsupported URL protocol")
    authority = _read_till(rest, "/?#")
    userinfo_host, port = _split_port(authority)
    userinfo, _, host = userinfo_host.rpartition("@")
    is_ipv6 = host.startswith("[") and host.endswith("]")
    if is_ipv6:
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise LinkError("Wrong IPv6 address specified in the URL") from None
    if not host:
        raise LinkError("URL host is empty")
    if host == ".":
        raise LinkError("Host is invalid")
    host = ascii_lower(host)
    if not is_ipv6:
        _check_part(host, "host", allow_colon=False)
        _check_part(userinfo, "userinfo", allow_colon=True)
    query = rest[len(authority):].rstrip(" \t\r\n\0\v") or "/"
    query = ("" if query.startswith("/") else "/") + "".join(
        f"%{ord(c):02X}" if ord(c) <= 0x20 else c for c in query)
    return Url(protocol, userinfo, host, is_ipv6, port, query)


def _split_port(authority: str) -> tuple[str, int]:
    """`userinfo@host` and the port after the last ":" (0 if none)."""
    colon = len(authority) - 1
    while colon > 0 and authority[colon] not in ":]@":
        colon -= 1
    if colon <= 0 or authority[colon] != ":":
        return authority, 0
    digits = authority[colon + 1:].lstrip("0") or "0"
    port = int(digits) if digits.isascii() and digits.isdigit() else -1
    if not 0 < port <= 65535:
        raise LinkError("Wrong port number specified in the URL")
    return authority[:colon], port


def _check_part(part: str, name: str, allow_colon: bool) -> None:
    """Only the characters RFC 3986 allows, percent-escapes and any non-ASCII letter."""
    index = 0
    while index < len(part):
        char = part[index]
        if char == "%":
            escape = part[index + 1:index + 3]
            if len(escape) < 2 or not all(c in string.hexdigits for c in escape):
                raise LinkError(f"Wrong percent-encoded symbol in URL {name}")
            index += 3
            continue
        if not (char in _URL_SYMBOLS or (allow_colon and char == ":") or not char.isascii()):
            raise LinkError(f"Disallowed character in URL {name}")
        index += 1


def link_user_id(url: str) -> int | None:
    """The user a `tg://user?id=N` link mentions, or None."""
    query = _tg_query(url, "user")
    value = _query_value(query, "id") if query is not None else None
    if value is None:
        return None
    try:
        user_id = int(value)
    except ValueError:
        return None
    return user_id if 0 < user_id <= MAX_USER_ID else None


def _tg_query(url: str, host: str) -> str | None:
    """The parameters of a `tg://<host>?...` link, or None if it is not one."""
    lower = ascii_lower(url)
    if not lower.startswith("tg:"):
        return None
    url, lower = url[3:], lower[3:]
    if lower.startswith("//"):
        url, lower = url[2:], lower[2:]
    if not lower.startswith(host) or (len(url) > len(host) and url[len(host)] not in "/?#"):
        return None
    url = url[len(host):].removeprefix("/")
    if not url.startswith("?"):
        return None
    return url[1:].split("#", 1)[0]


def _query_value(query: str, key: str) -> str | None:
    """The value of the first `key=value` of a query, or None."""
    for parameter in query.split("&"):
        name, _, value = parameter.partition("=")
        if name == key:
            return value
    return None


def emoji_or_time(url: str) -> tuple[str, str]:
    """("CustomEmoji", id) or ("Date", "unix|format") for `![x](tg://emoji?id=...)` links."""
    query = _tg_query(url, "emoji")
    if query is not None:
        value = _query_value(query, "id")
        if value is None:
            raise LinkError("Custom emoji URL must have an emoji identifier")
        if not is_int64(value) or int(value) == 0:
            raise LinkError("Invalid custom emoji identifier specified")
        return "CustomEmoji", str(int(value))
    query = _tg_query(url, "time")
    if query is None:
        raise LinkError("Invalid tg://emoji or tg://time URL specified")
    unix, date_format = _query_value(query, "unix"), _query_value(query, "format") or ""
    if unix is not None and (not is_int64(unix) or not 0 < int(unix) < 2**31):
        raise LinkError("Invalid Unix time specified")
    if unix is None:
        raise LinkError("URL must have the corresponding Unix time")
    return "Date", f"{int(unix)}|{date_format_flags(date_format)}"


def date_format_flags(date_format: str) -> str:
    """The format of a date entity as the Bot API writes it back ("r", or "wDT"-like)."""
    if date_format in ("r", "R"):
        return "r"
    if any(c not in "tTdDwW" for c in date_format):
        raise LinkError("Invalid date format used")
    day = "w" if any(c in "wW" for c in date_format) else ""
    date = "D" if "D" in date_format else "d" if "d" in date_format else ""
    time = "T" if "T" in date_format else "t" if "t" in date_format else ""
    return day + date + time


def is_int64(text: str) -> bool:
    """Whether `text` is a whole number that fits in 64 bits (tdlib's `to_integer_safe`)."""
    body = text[1:] if text.startswith("-") else text
    return body.isascii() and body.isdigit() and -(2**63) <= int(text) < 2**63


def _read_till(text: str, stops: str) -> str:
    """The longest prefix of `text` without any of `stops`."""
    for index, char in enumerate(text):
        if char in stops:
            return text[:index]
    return text


def ascii_lower(text: str) -> str:
    """Lower-case ASCII letters only, as tdlib's `to_lower`."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
