"""Checks of lesson 01 (HTTP basics): `parse_response`, `build_request`, `status_class`, and the
lesson's three predictions (`post_stream`, `same_port`, `no_key`).

Each check calls the student's function with the cases below (the ordinary one first, then the
ones a quick version gets wrong) and stops at the first wrong answer. `status_class` names the
classes in the lesson's language (`COURSE_LANG`): "client error" in English, «ошибка клиента» in
Russian, where the English names pass too (the course's solution file, which later cells run
until yours passes, is English), if every answer is in the same language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from course_lib import config
from course_lib.exercises.engine import (
    Texts,
    Wrong,
    call,
    call_text,
    need_function,
    prediction,
    say,
    shown,
)

TEXTS: Texts = {
    # parse_response
    "parse.ok": {"en": "parse_response: {n} responses taken apart correctly, odd ones included.",
                 "ru": "parse_response: все ответы ({n}) разобраны верно, включая необычные."},
    "parse.shape": {"en": "{call} returned {got}: expected three values (status, headers, body).",
                    "ru": "{call} вернула {got}, а нужны три значения (status, headers, body)."},
    "parse.status_type": {"en": "{call} returned the status {got}, a {kind}: make it an int.",
                          "ru": "{call} вернула статус {got} типа {kind}: нужен int."},
    "parse.status": {"en": "{call} returned the status {got}: not the code of the status line.",
                     "ru": "{call} вернула статус {got}: это не код из строки статуса."},
    "parse.headers_type": {"en": "{call} returned the headers as {got}: make them a dict.",
                           "ru": "{call} вернула заголовки как {got}: нужен словарь (dict)."},
    "parse.header_missing": {"en": "{call}: the header {name!r} is missing.",
                             "ru": "{call}: нет заголовка {name!r}."},
    "parse.header_value": {"en": "{call}: the header {name!r} is {got}.",
                           "ru": "{call}: заголовок {name!r} равен {got}."},
    "parse.header_extra": {"en": "{call}: the headers hold {name}, which is no header of this "
                                 "response.",
                           "ru": "{call}: в заголовках есть {name}, а в этом ответе такого "
                                 "заголовка нет."},
    "parse.body_type": {"en": "{call} returned the body as {got}, a {kind}: keep it bytes.",
                        "ru": "{call} вернула тело {got} типа {kind}: оставьте его байтами."},
    "parse.body": {"en": "{call} returned the body {got}.",
                   "ru": "{call} вернула тело {got}."},
    "parse.hint.basic": {
        "en": "Split the head from the body at the first empty line (b\"\\r\\n\\r\\n\"), the "
              "head into lines at \"\\r\\n\"; the status is the second word of the first line.",
        "ru": "Отделите заголовочную часть от тела по первой пустой строке (b\"\\r\\n\\r\\n\"), "
              "её разбейте на строки по \"\\r\\n\"; статус — второе слово первой строки."},
    "parse.hint.reason": {
        "en": "The reason phrase may have spaces (Service Unavailable): take only the second "
              "word of the status line.",
        "ru": "В пояснении к статусу бывают пробелы (Service Unavailable): берите только второе "
              "слово строки статуса."},
    "parse.hint.empty": {
        "en": "A response may have no body (204 No Content): then the body is b\"\".",
        "ru": "У ответа может не быть тела (204 No Content): тогда тело — b\"\"."},
    "parse.hint.colon": {
        "en": "A value may contain a colon itself (http://host:port/): split each header line "
              "at its first colon only.",
        "ru": "В значении тоже бывает двоеточие (http://host:port/): делите строку заголовка "
              "только по первому двоеточию."},
    "parse.hint.spaces": {
        "en": "The space after the colon is optional and a value may be padded: split at the "
              "first colon, then strip() the name and the value.",
        "ru": "Пробел после двоеточия необязателен, а вокруг значения бывают лишние пробелы: "
              "делите по первому двоеточию, затем strip() для имени и значения."},
    "parse.hint.body": {
        "en": "The body may contain an empty line too: only the first b\"\\r\\n\\r\\n\" ends "
              "the head; keep everything after it.",
        "ru": "В теле тоже бывает пустая строка: заголовочная часть заканчивается только на "
              "первом b\"\\r\\n\\r\\n\", всё после него — тело."},
    "parse.hint.bytes": {
        "en": "Return the body as the bytes received: decoding is the caller's job "
              "(json.loads takes bytes).",
        "ru": "Возвращайте тело теми же байтами, что пришли: декодировать будет вызывающий код "
              "(json.loads принимает байты)."},
    # build_request
    "build.ok": {"en": "build_request: {n} requests, every line and byte where a server "
                       "expects it.",
                 "ru": "build_request: все запросы ({n}) верны, каждая строка и каждый байт там, "
                       "где их ждёт сервер."},
    "build.str": {"en": "{call} returned a str: a socket sends bytes.",
                  "ru": "{call} вернула str, а сокет отправляет байты."},
    "build.str.hint": {"en": "Build the head as text, .encode(\"ascii\") it, then add the body.",
                       "ru": "Соберите заголовочную часть строкой, сделайте "
                             ".encode(\"ascii\") и добавьте тело."},
    "build.type": {"en": "{call} returned {got}, a {kind}: return bytes.",
                   "ru": "{call} вернула {got} типа {kind}: нужны байты (bytes)."},
    "build.bare_lf": {"en": "{call}: a line ends with \\n alone.",
                      "ru": "{call}: строка заканчивается одним \\n."},
    "build.bare_lf.hint": {"en": "HTTP lines end with \\r\\n (carriage return, line feed).",
                           "ru": "Строки HTTP заканчиваются на \\r\\n (возврат каретки, перевод "
                                 "строки)."},
    "build.no_end": {"en": "{call}: no empty line ends the head.",
                     "ru": "{call}: заголовочная часть не заканчивается пустой строкой."},
    "build.no_end.hint": {"en": "Every line ends with \\r\\n, and one more \\r\\n (an empty "
                                "line) ends the head, with a body or without.",
                          "ru": "Каждая строка заканчивается на \\r\\n, и ещё один \\r\\n "
                                "(пустая строка) завершает заголовочную часть — с телом или без."},
    "build.request_line": {"en": "{call}: the first line is {got}.",
                           "ru": "{call}: первая строка — {got}."},
    "build.request_line.hint": {"en": "The request line is the method, the path and HTTP/1.1, "
                                      "with one space between them.",
                                "ru": "Строка запроса — это метод, путь и HTTP/1.1, через один "
                                      "пробел."},
    "build.bad_header": {"en": "{call}: the line {got} is not a header.",
                         "ru": "{call}: строка {got} — не заголовок."},
    "build.bad_header.hint": {"en": "Each header is one line: Name: value.",
                              "ru": "Каждый заголовок — одна строка: Name: value."},
    "build.twice": {"en": "{call}: the header {name!r} appears twice.",
                    "ru": "{call}: заголовок {name!r} встречается дважды."},
    "build.twice.hint": {"en": "Write each header once.",
                         "ru": "Пишите каждый заголовок один раз."},
    "build.host": {"en": "{call}: the Host header is {got}.",
                   "ru": "{call}: заголовок Host равен {got}."},
    "build.host.hint": {"en": "HTTP/1.1 requires Host: the host argument as given, port included.",
                        "ru": "HTTP/1.1 требует Host: аргумент host как есть, вместе с портом."},
    "build.header": {"en": "{call}: the header {name!r} is {got}.",
                     "ru": "{call}: заголовок {name!r} равен {got}."},
    "build.header.hint": {"en": "Write every pair of headers as its own line, after Host.",
                          "ru": "Запишите каждую пару из headers отдельной строкой после Host."},
    "build.length": {"en": "{call}: Content-Length is {got}.",
                     "ru": "{call}: Content-Length равен {got}."},
    "build.length.hint": {"en": "Content-Length counts the body's bytes, not its characters "
                                "('Привет' is 6 characters, 12 bytes in UTF-8); no body, no "
                                "Content-Length.",
                          "ru": "Content-Length считает байты тела, а не символы («Привет» — "
                                "6 символов, но 12 байт в UTF-8); нет тела — нет "
                                "Content-Length."},
    "build.host_first": {"en": "{call}: the first header is {got}, not Host.",
                         "ru": "{call}: первый заголовок — {got}, а не Host."},
    "build.host_first.hint": {"en": "HTTP asks for Host as the first header, right after the "
                                    "request line; the other headers follow it.",
                              "ru": "HTTP просит ставить Host первым заголовком, сразу после "
                                    "строки запроса; остальные идут за ним."},
    "build.empty_length": {"en": "{call}: there is no body, yet the request says "
                                 "Content-Length: {got}.",
                           "ru": "{call}: тела нет, а в запросе есть Content-Length: {got}."},
    "build.empty_length.hint": {"en": "No body, no Content-Length line at all: write the header "
                                      "only when there is a body to count.",
                                "ru": "Нет тела — нет и строки Content-Length: пишите этот "
                                      "заголовок, только когда есть что считать."},
    "build.body": {"en": "{call}: after the empty line comes {got}.",
                   "ru": "{call}: после пустой строки идёт {got}."},
    "build.body.hint": {"en": "The body bytes follow the empty line, unchanged.",
                        "ru": "Байты тела идут сразу после пустой строки, без изменений."},
    "build.hint.basic": {
        "en": "Start with the request line and Host, end each line with \\r\\n and the head "
              "with an empty line; headers may be None (no headers).",
        "ru": "Начните со строки запроса и Host, каждую строку завершите \\r\\n, а заголовочную "
              "часть — пустой строкой; headers может быть None (нет заголовков)."},
    # status_class
    "status.ok": {"en": "status_class: all {n} codes classified, the impossible ones included.",
                  "ru": "status_class: все коды ({n}) распознаны верно, включая невозможные."},
    "status.type": {"en": "{call} returned {got}: return the name of the class, a str.",
                    "ru": "{call} вернула {got}: нужно название класса, строка (str)."},
    "status.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "status.spelling": {"en": "{call} returned {got}: almost; spell it exactly as in the table.",
                        "ru": "{call} вернула {got}: почти; напишите точно как в таблице."},
    "status.language": {"en": "{call} returned {got}: the lesson is in English, so the class "
                              "is {expected}.",
                        "ru": "{call} вернула {got}: урок идёт на русском, поэтому класс "
                              "называется {expected}."},
    "status.mixed": {"en": "{call} returned {got}, where {expected} was due: name every class "
                           "in one language.",
                     "ru": "{call} вернула {got}, а нужно {expected}: называйте все классы на "
                           "одном языке."},
    # the names status_class returns, in the lesson's language (a check compares them)
    "class.1": {"en": "informational", "ru": "информационный"},
    "class.2": {"en": "success", "ru": "успех"},
    "class.3": {"en": "redirection", "ru": "перенаправление"},
    "class.4": {"en": "client error", "ru": "ошибка клиента"},
    "class.5": {"en": "server error", "ru": "ошибка сервера"},
    "class.invalid": {"en": "invalid", "ru": "некорректный"},
    "status.hint.class": {"en": "The first digit is the class, and code // 100 gives it "
                                "(404 // 100 == 4).",
                          "ru": "Первая цифра — это класс, её даёт code // 100 (404 // 100 == 4)."},
    "status.hint.invalid": {"en": "Only 100 to 599 are status codes: look at the whole number, "
                                  "not just its first digit.",
                            "ru": "Коды статуса — только от 100 до 599: смотрите на всё число, "
                                  "а не только на первую цифру."},
    # predictions: why the answer is what it is (the hint of a wrong guess, or after ✓)
    "why.post_stream": {
        "en": "405 Method Not Allowed: the path exists, but not for this method; the Allow header "
              "lists the methods it takes. A client error: the same POST fails again.",
        "ru": "405 Method Not Allowed: путь существует, но не для этого метода; заголовок Allow "
              "перечисляет разрешённые. Ошибка клиента: тот же POST снова не пройдёт."},
    "why.same_port": {
        "en": "One connection is one socket, and a socket keeps its port: the server saw the same "
              "origin twice. A new connection gets a new port.",
        "ru": "Одно соединение — один сокет, а сокет сохраняет свой порт: сервер дважды увидел "
              "один и тот же origin. Новое соединение получает новый порт."},
    "why.no_key": {
        "en": "401 Unauthorized: the request did not say who is calling. OpenRouter wants the key "
              "in the header Authorization: Bearer <key>.",
        "ru": "401 Unauthorized: запрос не сообщил, кто его отправил. OpenRouter ждёт ключ в "
              "заголовке Authorization: Bearer <ключ>."},
}


# --- parse_response ---------------------------------------------------------------------------

RESPONSES: list[tuple[bytes, tuple[int, dict[str, str], bytes], str]] = [
    (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi",
     (200, {"Content-Type": "text/plain", "Content-Length": "2"}, b"hi"), "basic"),
    (b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\r\n",
     (503, {"Retry-After": "1"}, b""), "reason"),
    (b"HTTP/1.1 204 No Content\r\nServer: course-fake/1.0\r\n\r\n",
     (204, {"Server": "course-fake/1.0"}, b""), "empty"),
    (b"HTTP/1.1 301 Moved Permanently\r\nLocation: http://127.0.0.1:8080/new\r\n\r\n",
     (301, {"Location": "http://127.0.0.1:8080/new"}, b""), "colon"),
    (b"HTTP/1.1 200 OK\r\nContent-Length:5\r\nX-Note:   padded  \r\n\r\nhello",
     (200, {"Content-Length": "5", "X-Note": "padded"}, b"hello"), "spaces"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nline\r\n\r\nline 2",
     (200, {"Content-Length": "14"}, b"line\r\n\r\nline 2"), "body"),
    (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + '{"text": "Привет"}'.encode(),
     (200, {"Content-Type": "application/json"}, '{"text": "Привет"}'.encode()), "bytes"),
]


def check_parse_response(function: Callable) -> str:
    """The student's `parse_response(raw)` against every response in RESPONSES."""
    need_function(function, "parse_response")
    for raw, (status, headers, body), case in RESPONSES:
        hint = say(TEXTS, f"parse.hint.{case}")
        got = call(function, "parse_response", raw, hint=hint)
        where = call_text("parse_response", raw)
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise Wrong(say(TEXTS, "parse.shape", call=where, got=shown(got)), hint)
        got_status, got_headers, got_body = got
        if not isinstance(got_status, int) or isinstance(got_status, bool):
            raise Wrong(say(TEXTS, "parse.status_type", call=where, got=shown(got_status),
                            kind=type(got_status).__name__), hint)
        if got_status != status:
            raise Wrong(say(TEXTS, "parse.status", call=where, got=shown(got_status)), hint)
        compare_headers(got_headers, headers, where, hint)
        if not isinstance(got_body, bytes):
            raise Wrong(say(TEXTS, "parse.body_type", call=where, got=shown(got_body),
                            kind=type(got_body).__name__), say(TEXTS, "parse.hint.bytes"))
        if got_body != body:
            raise Wrong(say(TEXTS, "parse.body", call=where, got=shown(got_body)), hint)
    return say(TEXTS, "parse.ok", n=len(RESPONSES))


def compare_headers(got: object, expected: dict[str, str], where: str, hint: str) -> None:
    """Wrong unless `got` maps the same names (in any letter case) to the same values."""
    if not isinstance(got, Mapping):
        raise Wrong(say(TEXTS, "parse.headers_type", call=where, got=shown(got)), hint)
    names = {str(name).lower(): name for name in got}
    for lower, name in names.items():  # first: a status line or a "Name:value" taken as a name
        if lower not in {name.lower() for name in expected}:
            raise Wrong(say(TEXTS, "parse.header_extra", call=where, name=shown(name)), hint)
    for name, value in expected.items():
        if name.lower() not in names:
            raise Wrong(say(TEXTS, "parse.header_missing", call=where, name=name), hint)
        if got[names[name.lower()]] != value:
            raise Wrong(say(TEXTS, "parse.header_value", call=where, name=name,
                            got=shown(got[names[name.lower()]])), hint)


# --- build_request ----------------------------------------------------------------------------

LOCAL = "127.0.0.1:8080"
JSON = {"Content-Type": "application/json"}
REQUESTS: list[tuple[object, ...]] = [
    ("GET", "/anything?lang=en", LOCAL),  # headers and body left to their defaults
    ("DELETE", "/anything/notes/7", LOCAL, None, b""),
    ("GET", "/headers", "example.org", {"Accept": "application/json", "Connection": "close"}, b""),
    ("POST", "/anything/notes", LOCAL, JSON, b'{"text": "buy milk"}'),
    ("POST", "/anything/notes", LOCAL, JSON, '{"text": "Привет"}'.encode()),
]


def check_build_request(function: Callable) -> str:
    """The student's `build_request(...)` on every call in REQUESTS, read as a server would."""
    need_function(function, "build_request")
    for args in REQUESTS:
        got = call(function, "build_request", *args, hint=say(TEXTS, "build.hint.basic"))
        check_request(got, args)
    return say(TEXTS, "build.ok", n=len(REQUESTS))


def wrong(key: str, **fields: object) -> Wrong:
    """A Wrong with the text `key` and its hint `key.hint`."""
    return Wrong(say(TEXTS, key, **fields), say(TEXTS, f"{key}.hint"))


def check_request(got: object, args: tuple) -> None:
    """Wrong unless `got` is the request a server expects for `build_request(*args)`."""
    where = call_text("build_request", *args)
    method, path, host, headers, body = (*args, None, b"")[:5]
    if isinstance(got, str):
        raise wrong("build.str", call=where)
    if not isinstance(got, bytes):
        raise Wrong(say(TEXTS, "build.type", call=where, got=shown(got), kind=type(got).__name__),
                    say(TEXTS, "build.str.hint"))
    head, end, rest = got.partition(b"\r\n\r\n")
    if b"\n" in head.replace(b"\r\n", b"") or (not end and b"\n\n" in got):
        raise wrong("build.bare_lf", call=where)
    if not end:
        raise wrong("build.no_end", call=where)
    request_line, *lines = head.decode("latin-1").split("\r\n")
    if request_line != f"{method} {path} HTTP/1.1":
        raise wrong("build.request_line", call=where, got=shown(request_line))
    sent = header_lines(lines, where)
    if sent.get("host") != host:
        raise wrong("build.host", call=where, got=shown(sent.get("host")))
    if lines[0].partition(":")[0].lower() != "host":  # RFC 9110 §7.2: Host first
        raise wrong("build.host_first", call=where, got=shown(lines[0]))
    for name, value in (headers or {}).items():
        if sent.get(name.lower()) != value:
            raise wrong("build.header", call=where, name=name, got=shown(sent.get(name.lower())))
    if not body and "content-length" in sent:  # no body: no Content-Length line at all
        raise wrong("build.empty_length", call=where, got=sent["content-length"])
    if body and sent.get("content-length") != str(len(body)):
        raise wrong("build.length", call=where, got=shown(sent.get("content-length")))
    if rest != body:
        raise wrong("build.body", call=where, got=shown(rest))


def header_lines(lines: list[str], where: str) -> dict[str, str]:
    """Header lines as lower-case name → value; Wrong on a malformed or a repeated one."""
    sent: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name or name != name.strip():
            raise wrong("build.bad_header", call=where, got=shown(line))
        if name.lower() in sent:
            raise wrong("build.twice", call=where, name=name)
        sent[name.lower()] = value.strip()
    return sent


# --- status_class -----------------------------------------------------------------------------

CLASSES = ["1", "2", "3", "4", "5", "invalid"]  # the keys class.<name> of TEXTS
LANGUAGES = ("en", "ru")
STATUS_CODES = [200, 204, 100, 101, 301, 304, 400, 401, 404, 429, 499, 500, 502, 503, 504, 599,
                99, 600, 0, 1000, 2024, -404]


def check_status_class(function: Callable) -> str:
    """The student's `status_class(code)` on real codes, then on numbers that are none."""
    need_function(function, "status_class")
    lang = ""  # the language of the names, as the first answer gives it
    for code in STATUS_CODES:
        valid = 100 <= code <= 599
        hint = say(TEXTS, "status.hint.class" if valid else "status.hint.invalid")
        got = call(function, "status_class", code, hint=hint)
        lang = lang or language_of(got)
        expected = TEXTS[f"class.{code // 100 if valid else 'invalid'}"][lang]
        where = call_text("status_class", code)
        if not isinstance(got, str):
            raise Wrong(say(TEXTS, "status.type", call=where, got=shown(got)), hint)
        if got != expected and got in names_in(set(LANGUAGES) - {lang}):
            key = "status.mixed" if lang != config.lang() else "status.language"
            raise Wrong(say(TEXTS, key, call=where, got=shown(got), expected=shown(expected)),
                        hint)
        if got.strip().lower() == expected != got:
            raise Wrong(say(TEXTS, "status.spelling", call=where, got=shown(got)), hint)
        if got != expected:
            raise Wrong(say(TEXTS, "status.wrong", call=where, got=shown(got)), hint)
    return say(TEXTS, "status.ok", n=len(STATUS_CODES))


def names_in(languages: set[str]) -> set[str]:
    """Every class name in these languages."""
    return {TEXTS[f"class.{name}"][lang] for name in CLASSES for lang in languages}


def language_of(answer: object) -> str:
    """The language of a status_class answer: the lesson's or English; the lesson's if neither."""
    # English passes in every lesson: later cells run the course's English solution file.
    for lang in dict.fromkeys([config.lang(), "en"]):
        if isinstance(answer, str) and answer in names_in({lang}):
            return lang
    return config.lang()


CHECKS: dict[str, Callable[..., str]] = {  # in the lesson's order
    "parse_response": check_parse_response,
    "build_request": check_build_request,
    "status_class": check_status_class,
    "post_stream": prediction(TEXTS, "why.post_stream"),
    "same_port": prediction(TEXTS, "why.same_port"),
    "no_key": prediction(TEXTS, "why.no_key"),
}
