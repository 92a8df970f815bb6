"""Checks of lesson 04: chat_once, explain, answer_text (04a); with_retries, stream_text (04b).

Each check calls the student's function with the cases below (the ordinary one first, then the
ones a quick version gets wrong) and stops at the first wrong answer. `chat_once` is checked
against a local fake of OpenRouter of its own (the environment points at it for the check
only); the others are pure functions, and `with_retries` gets a recording `sleep`, so nothing
waits for real.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from unittest import mock

import requests

from course_lib import config, offline
from course_lib.exercises import lesson04b
from course_lib.exercises.engine import TEXTS as ENGINE_TEXTS
from course_lib.exercises.engine import (
    Texts,
    Wrong,
    need_function,
    one_line,
    prediction,
    say,
    shown,
)
from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.openrouter.answers import answer
from course_lib.openrouter_errors import OpenRouterError

TEXTS: Texts = {
    # shared
    "raised": {"en": "{call} raised {error}.", "ru": "{call} выбросила исключение {error}."},
    "type": {"en": "{call} returned {got}, a {kind}: {want}.",
             "ru": "{call} вернула {got} типа {kind}: {want}."},
    "no_status": {"en": "{call} raised {error}: an error without status {status}.",
                  "ru": "{call} выбросила {error}: это ошибка без статуса {status}."},
    "status": {"en": "{call} raised an error with status {got}.",
               "ru": "{call} выбросила ошибку со статусом {got}."},
    "no_raise": {"en": "{call} returned {got} instead of raising an error.",
                 "ru": "{call} вернула {got}, а должна была выбросить ошибку."},
    # chat_once
    "chat.ok": {"en": "chat_once: {n} calls, each request as OpenRouter expects it, the latency "
                      "measured, the key read at every call, no request without one, and each "
                      "failure told by your explain and answer_text.",
                "ru": "chat_once: все вызовы ({n}) верны: запрос такой, как ждёт OpenRouter, "
                      "задержка измерена, ключ читается при каждом вызове, без ключа запроса "
                      "нет, а каждый сбой объясняют ваши explain и answer_text."},
    "chat.want_pair": {"en": "return a pair (text, latency_ms)",
                       "ru": "нужна пара (text, latency_ms)"},
    "chat.no_request": {"en": "{call} sent no request to OPENROUTER_BASE_URL.",
                        "ru": "{call} не отправила запрос на OPENROUTER_BASE_URL."},
    "chat.no_request.hint": {
        "en": "Read the address inside the function, config.openrouter_base_url(), and POST to it "
              "+ \"/chat/completions\".",
        "ru": "Читайте адрес внутри функции, config.openrouter_base_url(), и отправляйте POST на "
              "него + \"/chat/completions\"."},
    "chat.many": {"en": "{call} sent {n} requests.",
                  "ru": "{call} отправила {n:запрос|запроса|запросов}."},
    "chat.many.hint": {"en": "One call of chat_once, one request.",
                       "ru": "Один вызов chat_once — один запрос."},
    "chat.path": {"en": "{call} sent {method} {path}.", "ru": "{call} отправила {method} {path}."},
    "chat.auth": {"en": "{call} sent the header Authorization: {got}.",
                  "ru": "{call} отправила заголовок Authorization: {got}."},
    "chat.auth.hint": {"en": "The key goes in Authorization: Bearer <key>, the key as "
                             "config.openrouter_key() returns it.",
                       "ru": "Ключ передаётся в Authorization: Bearer <ключ> — таким, каким его "
                             "возвращает config.openrouter_key()."},
    "chat.stale_key": {"en": "{call} still sent the old key after OPENROUTER_API_KEY changed.",
                       "ru": "{call} отправила старый ключ, хотя OPENROUTER_API_KEY изменился."},
    "chat.stale_key.hint": {"en": "Read the key inside the function, at every call, not once in "
                                  "a cell above.",
                            "ru": "Читайте ключ внутри функции при каждом вызове, а не один раз "
                                  "в ячейке выше."},
    "chat.not_json": {"en": "{call} sent a body that is not JSON.",
                      "ru": "{call} отправила тело, которое не является JSON."},
    "chat.field": {"en": "{call} sent \"{field}\": {got} in the body.",
                   "ru": "{call} отправила в теле \"{field}\": {got}."},
    "chat.field.hint": {"en": "The body is json= a dict with model, messages, temperature and "
                              "max_tokens, each the argument as given.",
                        "ru": "Тело — json= словарь с model, messages, temperature и max_tokens, "
                              "каждое значение — аргумент как есть."},
    "chat.text": {"en": "{call} returned the text {got}.", "ru": "{call} вернула текст {got}."},
    "chat.text.hint": {"en": "The answer is in choices[0][\"message\"][\"content\"] of the JSON "
                             "body.",
                       "ru": "Ответ лежит в choices[0][\"message\"][\"content\"] тела JSON."},
    "chat.latency": {"en": "{call} returned the latency {got}: whole milliseconds, an int.",
                     "ru": "{call} вернула задержку {got}: нужны целые миллисекунды, int."},
    "chat.latency.hint": {"en": "time.perf_counter() before and after the request; the "
                                "difference is in seconds: × 1000, then round().",
                          "ru": "time.perf_counter() до и после запроса; разница — в секундах: "
                                "× 1000, затем round()."},
    "chat.keyless_sent": {"en": "{call} with OPENROUTER_API_KEY empty sent a request anyway.",
                          "ru": "{call} при пустом OPENROUTER_API_KEY всё равно отправила "
                                "запрос."},
    "chat.keyless.hint": {"en": "No key (None): raise OpenRouterError(401, your message) before "
                                "requests.post, so nothing goes out.",
                          "ru": "Нет ключа (None): выбросьте OpenRouterError(401, ваш текст) до "
                                "requests.post, чтобы ничего не ушло."},
    "chat.waited": {"en": "{call} waited for a slow answer although timeout_s=0.2.",
                    "ru": "{call} ждала медленного ответа, хотя timeout_s=0.2."},
    "chat.waited.hint": {"en": "Pass timeout=timeout_s to requests.post: without it, requests "
                               "waits as long as the server takes.",
                         "ru": "Передайте timeout=timeout_s в requests.post: без него requests "
                               "ждёт, сколько бы сервер ни думал."},
    "chat.hint.basic": {"en": "Build the URL, the headers and the payload inside the function, "
                              "POST with json=, and return (text, latency_ms).",
                        "ru": "Соберите URL, заголовки и тело внутри функции, отправьте POST с "
                              "json= и верните (text, latency_ms)."},
    "chat.content_type": {"en": "{call} sent the body with Content-Type: {got}.",
                          "ru": "{call} отправила тело с Content-Type: {got}."},
    "chat.content_type.hint": {"en": "Hand requests the dict as json=: it writes the JSON and "
                                     "labels it Content-Type: application/json. data= does "
                                     "neither.",
                               "ru": "Передайте словарь в requests как json=: он сам запишет "
                                     "JSON и пометит его Content-Type: application/json. data= "
                                     "не делает ни того, ни другого."},
    "chat.latency_long": {"en": "{call} returned the latency {got} ms, more than the whole call "
                                "took.",
                          "ru": "{call} вернула задержку {got} мс — больше, чем длился весь "
                                "вызов."},
    "chat.latency_short": {"en": "{call} returned the latency {got} ms for an answer that took "
                                 "at least {least} ms.",
                           "ru": "{call} вернула задержку {got} мс, а ответ шёл не меньше "
                                 "{least} мс."},
    "chat.latency_real.hint": {"en": "Measure it, do not make it up: time.perf_counter() just "
                                     "before requests.post and just after.",
                               "ru": "Измерьте её, а не придумывайте: time.perf_counter() "
                                     "прямо перед requests.post и сразу после."},
    "chat.needs": {"en": "chat_once uses your {name}, which is not ready yet: {what}",
                   "ru": "chat_once пользуется вашей {name}, а она ещё не готова: {what}"},
    "chat.needs.missing": {"en": "{name} is not defined.", "ru": "{name} не определена."},
    "chat.needs.hint": {"en": "Run the cells of exercises 1 and 2 (explain, answer_text) until "
                              "their checks say ✓, then this check again.",
                        "ru": "Выполните ячейки упражнений 1 и 2 (explain, answer_text), пока "
                              "их проверки не скажут ✓, потом снова эту."},
    "chat.explained": {"en": "{call} raised {error}, not what explain({status}, resp.text) "
                             "says.",
                       "ru": "{call} выбросила {error}, а не то, что говорит "
                             "explain({status}, resp.text)."},
    "chat.explain.hint": {"en": "A status that is not 2xx: raise OpenRouterError(the status, "
                                "explain(the status, resp.text)) before reading the body as an "
                                "answer.",
                          "ru": "Статус не 2xx: выбросьте OpenRouterError(статус, "
                                "explain(статус, resp.text)), прежде чем читать тело как ответ."},
    "chat.answered": {"en": "{call} raised {error}, not what answer_text(resp.json()) raises.",
                      "ru": "{call} выбросила {error}, а не то, что выбрасывает "
                            "answer_text(resp.json())."},
    "chat.answer.hint": {"en": "A 2xx status: the text is answer_text(resp.json()); it also "
                               "finds the error inside a 200.",
                         "ru": "Статус 2xx: текст — это answer_text(resp.json()); она же "
                               "находит ошибку внутри 200."},
    # 04a predictions
    "why.content_type": {"en": "With data= the bytes go out as they are, and nothing says what "
                               "they are; json= writes the JSON and adds Content-Type: "
                               "application/json.",
                         "ru": "С data= байты уходят как есть, и ничто не говорит, что это; "
                               "json= сам пишет JSON и добавляет Content-Type: "
                               "application/json."},
    "why.revoked_status": {"en": "A key OpenRouter no longer accepts is 401 Unauthorized, the "
                                 "same as a missing or mistyped one; the body says more (\"User "
                                 "not found.\").",
                           "ru": "Ключ, который OpenRouter больше не принимает, — это 401 "
                                 "Unauthorized, как и пустой ключ или ключ с опечаткой; "
                                 "подробности — в теле («User not found.»)."},
    "why.status_in_200": {"en": "Once the model has started, OpenRouter has already sent 200 "
                                "OK: the error can only come in the body.",
                          "ru": "Когда модель уже начала отвечать, OpenRouter уже отправил "
                                "200 OK: ошибка может прийти только в теле."},
    # explain
    "explain.ok": {"en": "explain: {n} answers explained, JSON or not, the server's words "
                         "included.",
                   "ru": "explain: все ответы ({n}) объяснены — JSON и не JSON, со словами "
                         "сервера."},
    "explain.want_str": {"en": "return the message, a str", "ru": "нужен текст сообщения, str"},
    "explain.empty": {"en": "{call} returned an empty message.",
                      "ru": "{call} вернула пустое сообщение."},
    "explain.hint.basic": {"en": "Look the status up in a dict of your messages; any other "
                                 "status gets one fallback message.",
                           "ru": "Найдите статус в словаре ваших сообщений; любой другой статус "
                                 "получает одно общее сообщение."},
    "explain.fallback": {"en": "explain({a}, '') and explain({b}, '') differ (apart from the "
                               "number).",
                         "ru": "explain({a}, '') и explain({b}, '') различаются (не считая "
                               "числа)."},
    "explain.fallback.hint": {"en": "Every status without a message of its own gets the same "
                                    "fallback; here that includes 500-504 (their own messages "
                                    "are homework task 3).",
                              "ru": "Любой статус без своего сообщения получает одно и то же "
                                    "общее; здесь это и 500–504 (их сообщения — задание 3 "
                                    "домашней работы)."},
    "explain.same": {"en": "explain({a}, '') and explain({b}, '') give the same message (apart "
                           "from the number).",
                     "ru": "explain({a}, '') и explain({b}, '') дают одно и то же сообщение "
                           "(не считая числа)."},
    "explain.same.hint": {"en": "Each of 400, 401, 402, 403, 404, 408 and 429 needs a message of "
                                "its own: what went wrong, and what to do.",
                          "ru": "Каждому из 400, 401, 402, 403, 404, 408 и 429 нужно своё "
                                "сообщение: что случилось и что делать."},
    "explain.key": {"en": "explain(401, '') does not name OPENROUTER_API_KEY.",
                    "ru": "explain(401, '') не называет OPENROUTER_API_KEY."},
    "explain.key.hint": {"en": "A 401 is about the key: tell the user which setting to check.",
                         "ru": "401 — это про ключ: скажите, какую настройку проверить."},
    "explain.words": {"en": "{call} returned {got}: OpenRouter's own message is not in it.",
                      "ru": "{call} вернула {got}: в нём нет сообщения самого OpenRouter."},
    "explain.lost": {"en": "{call} returned {got}: the message for the status is not in it.",
                     "ru": "{call} вернула {got}: в нём нет сообщения для этого статуса."},
    "explain.words.hint": {"en": "Parse the body with json.loads; OpenRouter's words are in "
                                 "[\"error\"][\"message\"]: add them to the message for the "
                                 "status.",
                           "ru": "Разберите тело через json.loads; слова OpenRouter лежат в "
                                 "[\"error\"][\"message\"]: добавьте их к сообщению для "
                                 "статуса."},
    "explain.not_json": {"en": "{call} returned {got}, not what explain({status}, '') returns.",
                         "ru": "{call} вернула {got}, а не то, что возвращает "
                               "explain({status}, '')."},
    "explain.not_json.hint": {"en": "Not every body is OpenRouter's JSON (an HTML page from a "
                                    "proxy, an empty body): catch ValueError from json.loads and "
                                    "use the message for the status alone.",
                              "ru": "Не всякое тело — JSON от OpenRouter (HTML-страница прокси, "
                                    "пустое тело): ловите ValueError от json.loads и "
                                    "возвращайте сообщение для одного статуса."},
    "explain.shape.hint": {"en": "Valid JSON may still be no object, or carry no error object "
                                 "or no message: check with isinstance and .get before reading.",
                           "ru": "Корректный JSON может оказаться не объектом или без объекта "
                                 "error или без message: проверяйте isinstance и .get перед "
                                 "чтением."},
    # answer_text
    "answer.ok": {"en": "answer_text: {n} bodies of 200 OK read, and no error inside one "
                        "slipped through.",
                  "ru": "answer_text: все тела 200 OK ({n}) прочитаны, и ни одна ошибка внутри "
                        "них не проскочила."},
    "answer.want_str": {"en": "return the answer's text, a str",
                        "ru": "нужен текст ответа, str"},
    "answer.text": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "answer.hint.basic": {"en": "The text is data[\"choices\"][0][\"message\"][\"content\"]; a "
                                "cut answer (finish_reason \"length\") is still an answer.",
                          "ru": "Текст — data[\"choices\"][0][\"message\"][\"content\"]; "
                                "обрезанный ответ (finish_reason \"length\") — тоже ответ."},
    "answer.hint.error": {"en": "A body with \"error\" has no answer: raise OpenRouterError with "
                                "error[\"code\"] as the status (502 if it has none) and "
                                "error[\"message\"] in msg.",
                          "ru": "В теле с \"error\" ответа нет: выбросьте OpenRouterError со "
                                "статусом error[\"code\"] (502, если его нет) и "
                                "error[\"message\"] в msg."},
    "answer.hint.finish": {"en": "finish_reason \"error\" means the model broke off: raise "
                                 "OpenRouterError (the code of choices[0][\"error\"], else 502) "
                                 "and never return the half answer.",
                           "ru": "finish_reason \"error\" значит, что модель оборвалась: "
                                 "выбросьте OpenRouterError (код из choices[0][\"error\"], иначе "
                                 "502) и не возвращайте половину ответа."},
    "answer.hint.shape": {"en": "No choices at all (missing or empty) is an answer you cannot "
                                "use: raise OpenRouterError(500, …).",
                          "ru": "Нет choices совсем (нет ключа или пустой список) — такой ответ "
                                "не годится: выбросьте OpenRouterError(500, …)."},
    "answer.words": {"en": "{call} raised {error}: OpenRouter's message is not in it.",
                     "ru": "{call} выбросила {error}: в ней нет сообщения OpenRouter."},
    # with_retries
    "retry.ok": {"en": "with_retries: {n} runs, each waiting as long as it should, and only "
                       "when another try can help.",
                 "ru": "with_retries: все прогоны ({n}) верны: пауза нужной длины и только "
                       "тогда, когда повтор может помочь."},
    "retry.returned": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "retry.want_value": {"en": "{call} returned {got}, not what the successful try returned.",
                         "ru": "{call} вернула {got}, а не то, что вернула удачная попытка."},
    "retry.waits": {"en": "{call} waited {got} seconds.",
                    "ru": "{call} ждала столько секунд: {got}."},
    "retry.tries": {"en": "{call} tried {got} times.",
                    "ru": "{call} сделала {got:попытку|попытки|попыток}."},
    "retry.real_sleep": {"en": "{call} called time.sleep itself.",
                         "ru": "{call} сама вызвала time.sleep."},
    "retry.real_sleep.hint": {"en": "Wait only through the sleep parameter: the caller decides "
                                    "how waiting is done (a test passes a recorder).",
                              "ru": "Ждите только через параметр sleep: как ждать, решает "
                                    "вызывающий (тест передаёт запись пауз)."},
    "retry.other_error": {"en": "{call} raised {error}, not the error of the last try.",
                          "ru": "{call} выбросила {error}, а не ошибку последней попытки."},
    "retry.not_raised": {"en": "{call} returned {got}: all tries failed, so the last error "
                               "must be raised.",
                         "ru": "{call} вернула {got}: все попытки провалились, значит нужно "
                               "выбросить последнюю ошибку."},
    "retry.hint.basic": {"en": "A loop of retries + 1 tries: return call() when it works; after "
                               "a transient error, sleep(base_s * 2 ** n) and go on.",
                         "ru": "Цикл из retries + 1 попыток: если call() сработал — верните "
                               "результат; после временной ошибки sleep(base_s * 2 ** n) и "
                               "дальше."},
    "retry.hint.backoff": {"en": "Wait base_s · 2ⁿ before retry n (n = 0, 1, …), never more "
                                 "than cap_s.",
                           "ru": "Перед повтором n (n = 0, 1, …) ждите base_s · 2ⁿ, но не "
                                 "больше cap_s."},
    "retry.hint.last": {"en": "After the last try, raise its error again (a bare raise in the "
                              "except clause); no sleep after the last try.",
                        "ru": "После последней попытки снова выбросьте её ошибку (просто raise "
                              "в except); после последней попытки не ждите."},
    "retry.hint.permanent": {"en": "Only 408, 429, 500, 502, 503 and 504 are worth another try; "
                                   "any other error is raised at once, without waiting.",
                             "ru": "Повторять стоит только 408, 429, 500, 502, 503 и 504; любую "
                                   "другую ошибку выбрасывайте сразу, без паузы."},
    "retry.hint.after": {"en": "An error with retry_after (seconds) says how long to wait: wait "
                               "exactly that, or raise at once when it is more than 10 s.",
                         "ru": "Ошибка с retry_after (секунды) говорит, сколько ждать: ждите "
                               "ровно столько или сразу выбросьте её, если это больше 10 с."},
    # stream_text
    "stream.ok": {"en": "stream_text: {n} streams read, comments, empty pieces and a broken "
                        "stream included.",
                  "ru": "stream_text: все потоки ({n}) прочитаны, включая комментарии, пустые "
                        "куски и оборванный поток."},
    "stream.want_str": {"en": "return the whole text, a str", "ru": "нужен весь текст, str"},
    "stream.text": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "stream.hint.basic": {"en": "Take the lines that start with \"data: \", json.loads the rest, "
                                "and join choices[0][\"delta\"][\"content\"] of each.",
                          "ru": "Берите строки, начинающиеся с \"data: \", разбирайте остаток "
                                "через json.loads и склеивайте choices[0][\"delta\"][\"content\"] "
                                "каждой."},
    "stream.hint.comments": {"en": "Lines starting with \":\" are keep-alive comments, and empty "
                                   "lines separate events: skip both.",
                             "ru": "Строки, начинающиеся с \":\", — комментарии для поддержания "
                                   "соединения, пустые строки разделяют события: пропускайте их."},
    "stream.hint.pieces": {"en": "A delta may have no content (None or missing), and the last "
                                 "event (usage) has no choices at all.",
                           "ru": "В delta может не быть content (None или нет ключа), а у "
                                 "последнего события (usage) нет choices вовсе."},
    "stream.hint.done": {"en": "data: [DONE] ends the stream: it is no JSON, and nothing after "
                               "it belongs to the answer.",
                         "ru": "data: [DONE] завершает поток: это не JSON, и ничего после него "
                               "к ответу не относится."},
    "stream.hint.error": {"en": "An event with \"error\" means the stream broke: raise "
                                "OpenRouterError with error[\"code\"] (502 if none) and "
                                "error[\"message\"] in msg.",
                          "ru": "Событие с \"error\" значит, что поток оборвался: выбросьте "
                                "OpenRouterError с error[\"code\"] (502, если его нет) и "
                                "error[\"message\"] в msg."},
    "stream.hint.code": {"en": "The status must be a number: an error without a code, or with a "
                               "code that is no number, gets 502.",
                         "ru": "Статус должен быть числом: ошибка без кода или с кодом, который "
                               "не число, получает 502."},
    **lesson04b.TEXTS,  # cost_usd and the prediction (04b)
}


def outcome(function: Callable, written: str, *args: object,
            **kwargs: object) -> tuple[object, BaseException | None]:
    """The student's `function(*args, **kwargs)`, prints swallowed: (value, None) or (None, error).

    Like `engine.call`, but with keyword arguments, and an exception is handed back: some
    exercises must raise.
    """
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return function(*args, **kwargs), None
    except NotImplementedError:
        raise Wrong(say(ENGINE_TEXTS, "not_written", call=written)) from None
    except (Exception, SystemExit) as error:  # what the student's code raises is a finding
        return None, error


def returned(function: Callable, written: str, hint: str, *args: object,
             **kwargs: object) -> object:
    """The value of a call that must not raise; None or an exception is Wrong."""
    value, error = outcome(function, written, *args, **kwargs)
    if error is not None:
        raise Wrong(say(TEXTS, "raised", call=written, error=one_line(error)), hint)
    if value is None:
        raise Wrong(say(ENGINE_TEXTS, "none", call=written), hint)
    return value


def raised(function: Callable, written: str, status: int, hint: str, *args: object,
           **kwargs: object) -> BaseException:
    """The error of a call that must raise one with `status` (an `OpenRouterError`, say)."""
    return expect_error(*outcome(function, written, *args, **kwargs), written, status, hint)


def expect_error(value: object, error: BaseException | None, written: str, status: int,
                 hint: str) -> BaseException:
    """Wrong unless the call's outcome is an error with `status`; the error."""
    if error is None:
        raise Wrong(say(ENGINE_TEXTS, "none", call=written) if value is None else
                    say(TEXTS, "no_raise", call=written, got=shown(value)), hint)
    got = getattr(error, "status", None)
    if got is None:
        raise Wrong(say(TEXTS, "no_status", call=written, error=one_line(error), status=status),
                    hint)
    if got != status:
        raise Wrong(say(TEXTS, "status", call=written, got=shown(got)), hint)
    return error


def written_call(name: str, *args: str, **kwargs: object) -> str:
    """How a call is named in a verdict: positional parts as given, keywords as values."""
    return f"{name}({', '.join([*args, *(f'{k}={shown(v)}' for k, v in kwargs.items())])})"


# --- chat_once --------------------------------------------------------------------------------

KEY, NEW_KEY = "sk-or-v1-fake-check-key", "sk-or-v1-fake-check-key-new"
MESSAGES = [{"role": "system", "content": "Answer briefly."},
            {"role": "user", "content": "What is HTTP?"}]
MODEL, PAID = "deepseek/deepseek-chat-v3.1:free", "openai/gpt-4o-mini"


@contextlib.contextmanager
def pointed_at(fake: FakeOpenRouter, key: str) -> Iterator[None]:
    """The course's settings point at `fake` with `key` for the block (an empty key: none)."""
    offline.bypass_proxy_for_loopback()  # a laptop's HTTP_PROXY must not catch 127.0.0.1
    with mock.patch.dict(os.environ, OPENROUTER_BASE_URL=fake.base_url, OPENROUTER_API_KEY=key):
        yield


def masked(value: object) -> str:
    """A header as a verdict shows it: anything shaped like a key masked."""
    return re.sub(r"sk-or-[A-Za-z0-9-]{6,}", lambda m: config.mask(m.group()), str(value))


def one_request(fake: FakeOpenRouter, mark: int, written: str):
    """The single chat request the call sent since `mark`; Wrong if none or several."""
    sent = fake.chat_requests(mark)
    if not sent:
        others = [r for r in fake.requests if r.number > mark]
        if others:  # it reached the fake, but not POST …/chat/completions
            raise Wrong(say(TEXTS, "chat.path", call=written, method=others[-1].method,
                            path=others[-1].path), say(TEXTS, "chat.no_request.hint"))
        raise Wrong(say(TEXTS, "chat.no_request", call=written),
                    say(TEXTS, "chat.no_request.hint"))
    if len(sent) > 1:
        raise Wrong(say(TEXTS, "chat.many", call=written, n=len(sent)),
                    say(TEXTS, "chat.many.hint"))
    return sent[0]


def check_sent(request, written: str, key: str, fields: dict) -> None:
    """Wrong unless the request carried `key` as a Bearer token and the body `fields`, as JSON."""
    if request.header("Authorization") != f"Bearer {key}":
        stale = request.header("Authorization") == f"Bearer {KEY}"
        raise Wrong(say(TEXTS, "chat.stale_key" if stale else "chat.auth", call=written,
                        got=shown(masked(request.header("Authorization")))),
                    say(TEXTS, "chat.stale_key.hint" if stale else "chat.auth.hint"))
    body = request.json
    if not isinstance(body, dict):
        raise Wrong(say(TEXTS, "chat.not_json", call=written), say(TEXTS, "chat.field.hint"))
    for field, value in fields.items():
        if body.get(field) != value:
            raise Wrong(say(TEXTS, "chat.field", call=written, field=field,
                            got=shown(body.get(field))), say(TEXTS, "chat.field.hint"))
    kind = request.header("Content-Type")
    if (kind or "").split(";")[0].strip().lower() != "application/json":
        raise Wrong(say(TEXTS, "chat.content_type", call=written, got=shown(kind)),
                    say(TEXTS, "chat.content_type.hint"))


def check_result(value: object, written: str, expected_text: str, took_ms: float,
                 least_ms: int = 0) -> None:
    """Wrong unless `value` is (the expected text, a latency in ms the call can have measured).

    The request took at least `least_ms` (the fake waited that long) and at most `took_ms`,
    the whole call as the check timed it: a latency outside is made up, or not in ms.
    """
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        raise Wrong(say(TEXTS, "type", call=written, got=shown(value),
                        kind=type(value).__name__, want=say(TEXTS, "chat.want_pair")),
                    say(TEXTS, "chat.hint.basic"))
    text, latency = value
    if text != expected_text:
        raise Wrong(say(TEXTS, "chat.text", call=written, got=shown(text)),
                    say(TEXTS, "chat.text.hint"))
    if not isinstance(latency, int) or isinstance(latency, bool) or not 0 <= latency < 60_000:
        raise Wrong(say(TEXTS, "chat.latency", call=written, got=shown(latency)),
                    say(TEXTS, "chat.latency.hint"))
    if latency > took_ms + 1:  # + 1: round() may go up by half a millisecond
        raise Wrong(say(TEXTS, "chat.latency_long", call=written, got=latency),
                    say(TEXTS, "chat.latency_real.hint"))
    if latency < least_ms - 5:  # - 5: a timer may wake a little early
        raise Wrong(say(TEXTS, "chat.latency_short", call=written, got=latency, least=least_ms),
                    say(TEXTS, "chat.latency_real.hint"))


SLOW_MS = 150  # one answer of the fake comes this late: a measured latency shows it


def check_chat_once(function: Callable) -> str:
    """The student's `chat_once` against a fake of its own: requests, latency, key, failures."""
    need_function(function, "chat_once")
    calls = [  # (key in the environment, keyword arguments, the fake's delay in ms)
        (KEY, {"model": MODEL}, 0),
        (KEY, {"model": PAID, "temperature": 0.7, "max_tokens": 50}, 0),
        (NEW_KEY, {"model": MODEL}, 0),
        (NEW_KEY, {"model": MODEL, "max_tokens": 60}, SLOW_MS),
    ]
    with FakeOpenRouter() as fake:
        for key, kwargs, delay_ms in calls:
            if delay_ms:
                fake.hang(delay_ms / 1000)  # then it answers as usual
            with pointed_at(fake, key):
                written = written_call("chat_once", "messages", **kwargs)
                mark = fake.request_count
                value, took_ms = answered(function, written, fake, mark, kwargs)
                fields = {"model": kwargs["model"], "messages": MESSAGES,
                          "temperature": kwargs.get("temperature", 0.2),
                          "max_tokens": kwargs.get("max_tokens", 400)}
                check_sent(one_request(fake, mark, written), written, key, fields)
                check_result(value, written, answer(kwargs["model"], MESSAGES,
                                                    fields["max_tokens"]).text, took_ms, delay_ms)
        check_no_key(function, fake)
        check_timeout(function, fake)
        check_failures(function, fake)
    return say(TEXTS, "chat.ok", n=len(calls) + 2 + len(FAILURES))


def answered(function: Callable, written: str, fake: FakeOpenRouter, mark: int,
             kwargs: dict) -> tuple[object, float]:
    """What `chat_once(MESSAGES, **kwargs)` returned, and how long the call took in ms.

    Wrong if it raised or returned None.
    """
    started = time.perf_counter()
    value, error = outcome(function, written, MESSAGES, **kwargs)
    took_ms = (time.perf_counter() - started) * 1000
    if error is not None:  # when nothing reached the fake, the address is the likely fault
        hint = "chat.hint.basic" if fake.request_count > mark else "chat.no_request.hint"
        raise Wrong(say(TEXTS, "raised", call=written, error=one_line(error)), say(TEXTS, hint))
    if value is None:
        raise Wrong(say(ENGINE_TEXTS, "none", call=written), say(TEXTS, "chat.hint.basic"))
    return value, took_ms


def check_no_key(function: Callable, fake: FakeOpenRouter) -> None:
    """With OPENROUTER_API_KEY empty: OpenRouterError(401), and nothing sent."""
    written = written_call("chat_once", "messages", model=MODEL)
    hint = say(TEXTS, "chat.keyless.hint")
    with pointed_at(fake, ""):
        mark = fake.request_count
        value, error = outcome(function, written, MESSAGES, model=MODEL)
        if fake.request_count > mark:
            raise Wrong(say(TEXTS, "chat.keyless_sent", call=written), hint)
        expect_error(value, error, written, 401, hint)


def check_timeout(function: Callable, fake: FakeOpenRouter) -> None:
    """With a server that hangs, the call gives up after about `timeout_s`."""
    written = written_call("chat_once", "messages", model=MODEL, timeout_s=0.2)
    fake.hang(1.5)
    with pointed_at(fake, KEY):
        started = time.perf_counter()
        outcome(function, written, MESSAGES, model=MODEL, timeout_s=0.2)
        if time.perf_counter() - started > 1.2:
            raise Wrong(say(TEXTS, "chat.waited", call=written), say(TEXTS, "chat.waited.hint"))


# The failures chat_once must turn into one OpenRouterError: (what the fake does, the helper
# that tells the message). Bodies the same on every run (no time or id in them), so the check
# can ask the student's own explain or answer_text what they make of the same body.
FAILURES: list[tuple[Callable[[FakeOpenRouter], None], str]] = [
    (lambda fake: fake.fail(503), "explain"),
    (lambda fake: fake.fail(502, html=True), "explain"),
    (lambda fake: fake.fail(402), "explain"),
    (lambda fake: fake.error_in_200(), "answer_text"),
]


def check_failures(function: Callable, fake: FakeOpenRouter) -> None:
    """Each failure raises what the student's explain (not 2xx) or answer_text (200) make of it."""
    written = written_call("chat_once", "messages", model=MODEL)
    with pointed_at(fake, KEY):
        for make, helper in FAILURES:
            make(fake)  # the check's own request first: what the fake sends for this failure
            resp = requests.post(fake.base_url + "/chat/completions", timeout=10,
                                 headers={"Authorization": f"Bearer {KEY}"},
                                 json={"model": MODEL, "messages": MESSAGES})
            wanted = expected_error(function, helper, resp)
            make(fake)
            value, error = outcome(function, written, MESSAGES, model=MODEL)
            hint = say(TEXTS, "chat.explain.hint" if helper == "explain" else "chat.answer.hint")
            expect_error(value, error, written, wanted.status, hint)
            if getattr(error, "msg", None) != wanted.msg:
                key = "chat.explained" if helper == "explain" else "chat.answered"
                raise Wrong(say(TEXTS, key, call=written, error=one_line(error),
                                status=resp.status_code), hint)


def expected_error(function: Callable, helper: str, resp: requests.Response) -> OpenRouterError:
    """The error chat_once should raise for `resp`, as the student's explain or answer_text says.

    Both live beside chat_once (the notebook, or the lesson's namespace of `yours`).
    """
    found = getattr(function, "__globals__", {}).get(helper)
    written = helper + (f"({resp.status_code}, resp.text)" if helper == "explain"
                        else "(resp.json())")
    value, error = None, None
    if callable(found):
        args = (resp.status_code, resp.text) if helper == "explain" else (resp.json(),)
        value, error = outcome(found, written, *args)
        if helper == "explain" and error is None and isinstance(value, str) and value.strip():
            return OpenRouterError(resp.status_code, value)
        if helper == "answer_text" and isinstance(error, OpenRouterError):
            return error
    if not callable(found):
        what = say(TEXTS, "chat.needs.missing", name=helper)
    elif error is not None:
        what = say(TEXTS, "raised", call=written, error=one_line(error))
    elif value is None:
        what = say(ENGINE_TEXTS, "none", call=written)
    else:
        what = say(TEXTS, "answer.text", call=written, got=shown(value))
    raise Wrong(say(TEXTS, "chat.needs", name=helper, what=what), say(TEXTS, "chat.needs.hint"))


# --- explain ----------------------------------------------------------------------------------

LISTED = (400, 401, 402, 403, 404, 408, 429)
FALLBACK = (500, 502, 503, 504, 418, 599)
SERVER_WORDS = {  # OpenRouter's own messages for these statuses (as the course's fake sends them)
    400: "deepseek-chat is not a valid model ID", 401: "User not found.",
    402: "Insufficient credits. This account never purchased credits.",
    403: "Your input was flagged for \"harassment\".",
    404: "No endpoints found matching your data policy (Free model publication).",
    408: "Request timed out", 429: "Rate limit exceeded: free-models-per-min.",
    500: "Internal Server Error", 502: "Provider returned error",
    503: "Service temporarily unavailable", 504: "Gateway Timeout",
    418: "I'm a teapot", 599: "Network Connect Timeout Error",
}
NOT_JSON = ["<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>nginx</body></html>",
            "Bad Gateway", "{\"error\": {\"code\": 401, \"message\": \"cut off"]
ODD_JSON = ["[1, 2]", "null", "\"error\"", "{\"error\": \"oops\"}", "{\"detail\": \"no\"}",
            "{\"error\": {\"code\": 401}}", "{\"error\": {\"message\": null}}"]


def error_body(status: int) -> str:
    """OpenRouter's error body for `status`, as text."""
    return json.dumps({"error": {"code": status, "message": SERVER_WORDS[status]}})


def check_explain(function: Callable) -> str:
    """The student's `explain(status, body)`: own messages, one fallback, any body."""
    need_function(function, "explain")
    base = {}
    for status in LISTED + FALLBACK:
        base[status] = explained(function, status, "", say(TEXTS, "explain.hint.basic"))
    same_fallback(base)
    own_messages(base)
    if "OPENROUTER_API_KEY" not in base[401]:
        raise Wrong(say(TEXTS, "explain.key"), say(TEXTS, "explain.key.hint"))
    for status in LISTED + FALLBACK:
        written = written_call("explain", str(status), shown(error_body(status)))
        got = explained(function, status, error_body(status), say(TEXTS, "explain.words.hint"))
        if base[status] not in got:
            raise Wrong(say(TEXTS, "explain.lost", call=written, got=shown(got)),
                        say(TEXTS, "explain.words.hint"))
        if SERVER_WORDS[status] not in got:
            raise Wrong(say(TEXTS, "explain.words", call=written, got=shown(got)),
                        say(TEXTS, "explain.words.hint"))
    for bodies, hint in ((NOT_JSON, "explain.not_json.hint"), (ODD_JSON, "explain.shape.hint")):
        for body in bodies:
            for status in (401, 429, 502):
                got = explained(function, status, body, say(TEXTS, hint))
                if got != base[status]:
                    raise Wrong(say(TEXTS, "explain.not_json", call=written_call(
                        "explain", str(status), shown(body)), got=shown(got), status=status),
                        say(TEXTS, hint))
    return say(TEXTS, "explain.ok", n=3 * len(LISTED + FALLBACK) + 3 * len(NOT_JSON + ODD_JSON))


def explained(function: Callable, status: int, body: str, hint: str) -> str:
    """The student's message for one response; Wrong unless it is a non-empty str."""
    written = written_call("explain", str(status), shown(body))
    got = returned(function, written, hint, status, body)
    if not isinstance(got, str):
        raise Wrong(say(TEXTS, "type", call=written, got=shown(got), kind=type(got).__name__,
                        want=say(TEXTS, "explain.want_str")), hint)
    if not got.strip():
        raise Wrong(say(TEXTS, "explain.empty", call=written), hint)
    return got


def without_number(status: int, text: str) -> str:
    """A message with its status number taken out: "HTTP 503" and "HTTP 418" compare equal."""
    return text.replace(str(status), "#")


def same_fallback(base: dict[int, str]) -> None:
    """Wrong unless every status without a message of its own gets the same one."""
    first = FALLBACK[0]
    for status in FALLBACK[1:]:
        if without_number(status, base[status]) != without_number(first, base[first]):
            raise Wrong(say(TEXTS, "explain.fallback", a=first, b=status),
                        say(TEXTS, "explain.fallback.hint"))


def own_messages(base: dict[int, str]) -> None:
    """Wrong unless each listed status has a message that no other status (nor the fallback) has."""
    seen = {without_number(FALLBACK[0], base[FALLBACK[0]]): FALLBACK[0]}
    for status in LISTED:
        text = without_number(status, base[status])
        if text in seen:
            raise Wrong(say(TEXTS, "explain.same", a=seen[text], b=status),
                        say(TEXTS, "explain.same.hint"))
        seen[text] = status


# --- answer_text ------------------------------------------------------------------------------

HALF = "The short answer:\n1. HTTP"
WHOLE = "HTTP is a request–response protocol."


def completion(text: str | None, finish_reason: str, error: dict | None = None) -> dict:
    """A 200 OK body of a chat completion, as OpenRouter sends it."""
    choice = {"index": 0, "finish_reason": finish_reason,
              "message": {"role": "assistant", "content": text}}
    if error is not None:
        choice["error"] = error
    return {"id": "gen-1", "provider": "Chutes", "model": MODEL, "object": "chat.completion",
            "choices": [choice], "usage": {"prompt_tokens": 10, "completion_tokens": 7}}


def error_in_200(code: object, message: str) -> dict:
    """A 200 OK body that carries an error instead of an answer."""
    return {"error": {"code": code, "message": message,
                      "metadata": {"provider_name": "Chutes"}}, "user_id": "user_1"}


# (the body, the text to return or the status to raise, OpenRouter's words to keep, hint)
ANSWERS: list[tuple[dict, str | int, str, str]] = [
    (completion(WHOLE, "stop"), WHOLE, "", "basic"),
    (completion(HALF, "length"), HALF, "", "basic"),
    (error_in_200(502, "Provider returned error"), 502, "Provider returned error", "error"),
    (error_in_200(429, "Rate limit exceeded: free-models-per-min."), 429,
     "Rate limit exceeded: free-models-per-min.", "error"),
    (error_in_200(None, "Upstream error"), 502, "Upstream error", "error"),
    (completion(HALF, "error", {"code": 502, "message": "Provider disconnected unexpectedly"}),
     502, "Provider disconnected unexpectedly", "finish"),
    (completion(HALF, "error", {"code": 504, "message": "Timed out mid-answer"}), 504,
     "Timed out mid-answer", "finish"),
    (completion(HALF, "error"), 502, "", "finish"),
    ({"id": "gen-2", "object": "chat.completion", "model": MODEL}, 500, "", "shape"),
    ({"id": "gen-3", "object": "chat.completion", "model": MODEL, "choices": []}, 500, "",
     "shape"),
]


def brief(data: dict) -> str:
    """A body as a verdict names it: what decides the case, the rest left out (…)."""
    if isinstance(data.get("error"), dict):
        error = data["error"]
        return f"{{'error': {{'code': {error['code']!r}, 'message': {error['message']!r}, …}}, …}}"
    if not data.get("choices"):
        return shown({key: value for key, value in data.items() if key != "model"})
    choice = data["choices"][0]
    parts = [f"'finish_reason': {choice['finish_reason']!r}"]
    if "error" in choice:
        parts.append(f"'error': {{'code': {choice['error']['code']!r}, …}}")
    parts.append(f"'message': {{'content': {shown(choice['message']['content'])}, …}}")
    return f"{{'choices': [{{{', '.join(parts)}}}], …}}"


def check_answer_text(function: Callable) -> str:
    """The student's `answer_text(data)` on answers, errors inside 200, and odd shapes."""
    need_function(function, "answer_text")
    for data, expected, words, case in ANSWERS:
        hint = say(TEXTS, f"answer.hint.{case}")
        written = written_call("answer_text", brief(data))
        if isinstance(expected, str):
            got = returned(function, written, hint, data)
            if not isinstance(got, str):
                raise Wrong(say(TEXTS, "type", call=written, got=shown(got),
                                kind=type(got).__name__, want=say(TEXTS, "answer.want_str")),
                            hint)
            if got != expected:
                raise Wrong(say(TEXTS, "answer.text", call=written, got=shown(got)), hint)
            continue
        error = raised(function, written, expected, hint, data)
        if words and words not in str(error) + str(getattr(error, "msg", "")):
            raise Wrong(say(TEXTS, "answer.words", call=written, error=one_line(error)), hint)
    return say(TEXTS, "answer.ok", n=len(ANSWERS))


# --- with_retries -----------------------------------------------------------------------------


def failure(status: int, retry_after: float | None = None) -> OpenRouterError:
    """A failed call, as the client raises it."""
    return OpenRouterError(status, f"HTTP {status}", retry_after=retry_after)


class Script:
    """A stand-in for a call to OpenRouter: each try raises or returns the next planned outcome."""

    def __init__(self, *outcomes: object) -> None:
        """Plan the outcomes, in order (an exception is raised, anything else returned)."""
        self.outcomes, self.tries = list(outcomes), 0

    def __call__(self) -> object:
        """One try."""
        outcome = self.outcomes[min(self.tries, len(self.outcomes) - 1)]
        self.tries += 1
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome

    def __repr__(self) -> str:
        """The plan, as a verdict names it: call=[503, 503, 'answer']."""
        return "[" + ", ".join(str(getattr(o, "status", None) or type(o).__name__)
                               if isinstance(o, BaseException) else repr(o)
                               for o in self.outcomes) + "]"


# (outcomes, keyword arguments, waits expected, hint). The try after the last wait is the last
# one: its outcome is what the call must return or raise.
RUNS: list[tuple[tuple, dict, list[float], str]] = [
    (("answer",), {}, [], "basic"),
    ((failure(503), failure(503), "answer"), {}, [0.5, 1.0], "basic"),
    ((failure(503), failure(502), failure(504)), {}, [0.5, 1.0], "last"),
    ((failure(402),), {}, [], "permanent"),
    ((failure(400),), {}, [], "permanent"),
    ((ValueError("a bug in the caller's code"),), {}, [], "permanent"),
    ((failure(408), failure(429), "answer"), {}, [0.5, 1.0], "basic"),
    ((failure(500),) * 5, {"retries": 4, "base_s": 1.0, "cap_s": 3.0}, [1.0, 2.0, 3.0, 3.0],
     "backoff"),
    ((failure(503),), {"retries": 0}, [], "last"),
    ((failure(429, retry_after=3), "answer"), {}, [3.0], "after"),
    ((failure(503, retry_after=10), "answer"), {}, [10.0], "after"),
    ((failure(429, retry_after=30),), {}, [], "after"),
]
REAL_SLEEP = time.sleep


def check_with_retries(function: Callable) -> str:
    """The student's `with_retries(call, …, sleep=…)` on scripted failures, with a fake sleep."""
    need_function(function, "with_retries")
    for outcomes, kwargs, waits, case in RUNS:
        script, slept = Script(*outcomes), []
        written = written_call("with_retries", f"call={script!r}", **kwargs)
        hint = say(TEXTS, f"retry.hint.{case}")
        value, error, slept_for_real = run_without_sleeping(function, written, script,
                                                            sleep=slept.append, **kwargs)
        if slept_for_real:
            raise Wrong(say(TEXTS, "retry.real_sleep", call=written),
                        say(TEXTS, "retry.real_sleep.hint"))
        final = outcomes[len(waits)]
        if isinstance(final, BaseException):
            same_error(value, error, final, written, hint)
        elif error is not None:
            raise Wrong(say(TEXTS, "raised", call=written, error=one_line(error)), hint)
        elif value is None:
            raise Wrong(say(ENGINE_TEXTS, "none", call=written), hint)
        elif value != final:
            raise Wrong(say(TEXTS, "retry.want_value", call=written, got=shown(value)), hint)
        if len(slept) != len(waits) or not all(map(math.isclose, slept, waits)):
            raise Wrong(say(TEXTS, "retry.waits", call=written, got=shown(slept)), hint)
        if script.tries != len(waits) + 1:
            raise Wrong(say(TEXTS, "retry.tries", call=written, got=script.tries), hint)
    return say(TEXTS, "retry.ok", n=len(RUNS))


def run_without_sleeping(function: Callable, written: str, *args: object,
                         **kwargs: object) -> tuple[object, BaseException | None, bool]:
    """`outcome()` with `time.sleep` made instant for this thread; True if the call used it."""
    me, used = threading.get_ident(), []

    def instant(seconds: float) -> None:
        if threading.get_ident() != me:  # another thread of the kernel (a fake): sleep on
            REAL_SLEEP(seconds)
        else:
            used.append(seconds)

    with mock.patch("time.sleep", instant):
        value, error = outcome(function, written, *args, **kwargs)
    return value, error, bool(used)


def same_error(value: object, error: BaseException | None, last: BaseException, written: str,
               hint: str) -> None:
    """Wrong unless the call raised `last`, the error of the last try, itself."""
    if error is None:
        raise Wrong(say(TEXTS, "retry.not_raised", call=written, got=shown(value)), hint)
    if error is not last:
        raise Wrong(say(TEXTS, "retry.other_error", call=written, error=one_line(error)), hint)


# --- stream_text ------------------------------------------------------------------------------


def event(choices: list, **extra: object) -> str:
    """One `data:` line of a streamed answer."""
    return "data: " + json.dumps({"id": "gen-1", "object": "chat.completion.chunk",
                                  "model": MODEL, "choices": choices, **extra},
                                 ensure_ascii=False)


NO_CONTENT = object()  # a delta without the key "content" at all


def piece(content: object, finish_reason: str | None = None) -> str:
    """An event carrying one piece of the answer in `delta.content`."""
    delta: dict[str, object] = {"role": "assistant"}
    if content is not NO_CONTENT:
        delta["content"] = content
    return event([{"index": 0, "delta": delta, "finish_reason": finish_reason}])


KEEP_ALIVE = ": OPENROUTER PROCESSING"
USAGE = event([], usage={"prompt_tokens": 9, "completion_tokens": 3, "total_tokens": 12})
DONE = "data: [DONE]"
STREAM_ERROR = event([{"index": 0, "delta": {"content": ""}, "finish_reason": "error"}],
                     error={"code": 502, "message": "Provider disconnected unexpectedly"})
# (lines as iter_lines() gives them, decoded; the text, or the status to raise; words; hint)
STREAMS: list[tuple[list[str], str | int, str, str]] = [
    ([piece("Hel"), piece("lo"), piece("", "stop"), DONE], "Hello", "", "basic"),
    ([piece(None), piece(NO_CONTENT), piece("При"), piece("вет"), piece("", "stop"), USAGE, DONE],
     "Привет", "", "pieces"),
    ([KEEP_ALIVE, "", KEEP_ALIVE, "", piece("Hi"), "", piece("!"), "", piece("", "stop"), "",
      USAGE, "", DONE, ""], "Hi!", "", "comments"),
    ([piece("one"), piece(" two"), DONE, piece(" three")], "one two", "", "done"),
    ([KEEP_ALIVE, piece("The"), piece(" short"), STREAM_ERROR], 502,
     "Provider disconnected unexpectedly", "error"),
    ([piece("Half"), event([], error={"code": 504, "message": "Upstream timed out"})], 504,
     "Upstream timed out", "error"),
    ([piece("Half"), event([], error={"code": "server_error", "message": "Internal error"})],
     502, "Internal error", "code"),
    ([piece("Half"), event([], error={"message": "Upstream error"})], 502, "Upstream error",
     "code"),
]


def brief_line(line: str) -> str:
    """A line of a stream as a verdict names it: an event by what it carries."""
    if not line.startswith("data: {"):
        return line
    data = json.loads(line[len("data: "):])
    if "error" in data:
        code = data["error"].get("code")
        return ('data: {…"error": {' + (f'"code": {json.dumps(code)}, ' if code else "")
                + '…}…}')
    if not data["choices"]:
        return 'data: {…"choices": [], "usage": {…}}'
    delta = data["choices"][0]["delta"]
    if "content" not in delta:
        return f"data: {{…{json.dumps({'delta': delta})[1:-1]}…}}"
    return f'data: {{…"content": {json.dumps(delta["content"], ensure_ascii=False)}…}}'


def stream_call(lines: list[str]) -> str:
    """`stream_text([...])` with each line named briefly."""
    return f"stream_text([{', '.join(repr(brief_line(line)) for line in lines)}])"


def check_stream_text(function: Callable) -> str:
    """The student's `stream_text(lines)` on whole streams, odd events and broken streams."""
    need_function(function, "stream_text")
    for lines, expected, words, case in STREAMS:
        hint = say(TEXTS, f"stream.hint.{case}")
        written = stream_call(lines)
        if isinstance(expected, int):
            error = raised(function, written, expected, hint, list(lines))
            if words not in str(error) + str(getattr(error, "msg", "")):
                raise Wrong(say(TEXTS, "answer.words", call=written, error=one_line(error)),
                            hint)
            continue
        got = returned(function, written, hint, list(lines))
        if not isinstance(got, str):
            raise Wrong(say(TEXTS, "type", call=written, got=shown(got), kind=type(got).__name__,
                            want=say(TEXTS, "stream.want_str")), hint)
        if got != expected:
            raise Wrong(say(TEXTS, "stream.text", call=written, got=shown(got)), hint)
    return say(TEXTS, "stream.ok", n=len(STREAMS))


CHECKS: dict[str, Callable[..., str]] = {  # in the lessons' order: 04a, then 04b
    # 04a
    "content_type": prediction(TEXTS, "why.content_type"),
    "revoked_status": prediction(TEXTS, "why.revoked_status"),
    "explain": check_explain,
    "status_in_200": prediction(TEXTS, "why.status_in_200"),
    "answer_text": check_answer_text,
    "chat_once": check_chat_once,
    # 04b
    "with_retries": check_with_retries,
    "lab_requests": lesson04b.check_lab_requests,
    "cost_usd": lesson04b.check_cost_usd,
    "stream_text": check_stream_text,
}
