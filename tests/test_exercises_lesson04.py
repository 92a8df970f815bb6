"""The checks of lesson 04 (course_lib/exercises/lesson04.py) against the usual wrong versions.

tests/test_exercises.py shows that every check says ✗ on the skeleton and ✓ on its solution;
here each check meets the mistakes a student really makes (a key read once, no timeout, a
crash on an HTML page, a retry of a 402, a wait after the last try …) and must say ✗ with the
hint that helps, in one verdict, without hanging or waiting for real.
"""

from __future__ import annotations

import json
import runpy
import time

import pytest
import requests
from test_exercises import RU_SOLUTIONS, SOLUTIONS, earlier_solutions, flat

from course_lib import config
from course_lib.exercises import lesson04, run
from course_lib.exercises.engine import say
from course_lib.openrouter_client import OpenRouterError


def solved(name: str):
    """The solution of exercise `name`, loaded from its file after the lesson's earlier ones."""
    return runpy.run_path(str(SOLUTIONS / "04" / f"{name}.py"),
                          init_globals=earlier_solutions(LESSON, name))[name]


LESSON = SOLUTIONS.parent / "04a-chat-once.ipynb"  # 04's solutions, in CHECKS order


def verdict(name: str, function) -> str:
    """The check's verdict on `function`, flat (it is wrapped to fit a slide)."""
    result = run(f"04.{name}", function)
    assert not result.passed and result.text.startswith("✗ "), result.text
    return flat(result.text)


# --- chat_once ----------------------------------------------------------------------------


def post(url, key, messages, model, temperature=0.2, max_tokens=400, timeout_s=30.0):
    """The request of the exercise, given its parts: what the wrong versions below vary."""
    started = time.perf_counter()
    resp = requests.post(url + "/chat/completions", timeout=timeout_s,
                         headers={"Authorization": f"Bearer {key}"},
                         json={"model": model, "messages": messages,
                               "temperature": temperature, "max_tokens": max_tokens})
    latency_ms = round((time.perf_counter() - started) * 1000)
    return resp.json()["choices"][0]["message"]["content"], latency_ms


def url_read_once():
    """Reads the base URL when it is defined (the set-up's fake), not at each call."""
    url = "http://127.0.0.1:9/api/v1"  # where the notebook pointed when the cell ran

    def chat_once(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
        return post(url, config.openrouter_key(), messages, model, temperature, max_tokens,
                    min(timeout_s, 2))
    return chat_once


def key_read_once():
    """Reads the key once, at the first call."""
    keys = []

    def chat_once(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
        keys.append(keys[0] if keys else config.openrouter_key())
        if not keys[-1]:
            raise OpenRouterError(401, "no key")
        return post(config.openrouter_base_url(), keys[-1], messages, model, temperature,
                    max_tokens, timeout_s)
    return chat_once


def no_key_check(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
    """Sends the request whatever the key."""
    return post(config.openrouter_base_url(), config.openrouter_key(), messages, model,
                temperature, max_tokens, timeout_s)


def keeps_defaults(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
    """Sends the lecture's 0.2 and 400 whatever the arguments say."""
    if not config.openrouter_key():
        raise OpenRouterError(401, "no key")
    return post(config.openrouter_base_url(), config.openrouter_key(), messages, model)


def no_timeout(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
    """Forgets timeout=timeout_s."""
    if not config.openrouter_key():
        raise OpenRouterError(401, "no key")
    return post(config.openrouter_base_url(), config.openrouter_key(), messages, model,
                temperature, max_tokens)


def seconds(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
    """Returns the latency in seconds."""
    text, latency_ms = solved("chat_once")(messages, model=model, temperature=temperature,
                                           max_tokens=max_tokens, timeout_s=timeout_s)
    return text, latency_ms / 1000


def raises_value_error(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
    """A missing key as ValueError: no status."""
    if not config.openrouter_key():
        raise ValueError("no key")
    return solved("chat_once")(messages, model=model, temperature=temperature,
                               max_tokens=max_tokens, timeout_s=timeout_s)


LATENCY = "round((time.perf_counter() - started) * 1000)"
NOT_2XX = ("    if not 200 <= resp.status_code < 300:\n"
           "        raise OpenRouterError(resp.status_code, "
           "explain(resp.status_code, resp.text))\n")
NAIVE = 'resp.json()["choices"][0]["message"]["content"]'


def variant(*changes: tuple[str, str], without: str = ""):
    """The solution of chat_once with each (old, new) made, beside the lesson's explain and
    answer_text (less `without`), as in the notebook."""
    source = (SOLUTIONS / "04" / "chat_once.py").read_text("utf-8")
    for old, new in changes:
        assert old in source, old
        source = source.replace(old, new)
    namespace = {**earlier_solutions(LESSON, "chat_once"), "json": json}
    namespace.pop(without, None)
    exec(compile(source, "chat_once.py", "exec"), namespace)
    return namespace["chat_once"]


@pytest.mark.parametrize(("wrong", "said"), [
    # a made-up latency: none at all, or a constant
    (variant((LATENCY, "0")), "returned the latency 0 ms for an answer that took at least 150"),
    (variant((LATENCY, "120")), "returned the latency 120 ms, more than the whole call took"),
    # the JSON text sent with data=: no Content-Type: application/json
    (variant(("json=payload", "data=json.dumps(payload)")), "sent the body with Content-Type: "
                                                             "None"),
    # a failure told without the student's explain, or not caught at all
    (variant(("explain(resp.status_code, resp.text)", "resp.text")),
     "not what explain(503, resp.text) says"),
    (variant((NOT_2XX, "")), "not what explain(503, resp.text) says"),
    (variant((NOT_2XX, ""), ("answer_text(resp.json())", NAIVE)),
     "raised KeyError: 'choices': an error without status 503. Hint: A status that is not 2xx"),
    (variant(("answer_text(resp.json())", NAIVE)),
     "raised KeyError: 'choices': an error without status 502. Hint: A 2xx status"),
    (variant(without="explain"), "uses your explain, which is not ready yet: explain is not "
                                 "defined"),
    (url_read_once(), "Read the address inside the function"),
    (key_read_once(), "still sent the old key"),
    (no_key_check, "empty sent a request anyway"),
    (keeps_defaults, '"temperature": 0.2'),
    (no_timeout, "Pass timeout=timeout_s"),
    (seconds, "whole milliseconds"),
    (raises_value_error, "an error without status 401"),
    (lambda messages, **kwargs: solved("chat_once")(messages, **kwargs)[0], "a pair"),
])
def test_chat_once_catches(wrong, said):
    assert said in verdict("chat_once", wrong)


def test_chat_once_check_never_waits_for_a_server_that_hangs():
    started = time.perf_counter()
    verdict("chat_once", no_timeout)
    assert time.perf_counter() - started < 5  # the fake hangs 1.5 s; no 30 s wait


def test_chat_once_verdict_masks_a_key_typed_into_the_function():
    typed = "sk-or-v1-" + "0123456789abcdef" * 4  # made up here: never a real key in the repo

    def typed_key(messages, *, model, temperature=0.2, max_tokens=400, timeout_s=30):
        return post(config.openrouter_base_url(), typed, messages, model, temperature,
                    max_tokens, timeout_s)

    said = verdict("chat_once", typed_key)
    assert "Authorization" in said and typed not in said and config.mask(typed) in said


# --- explain ------------------------------------------------------------------------------

MESSAGES = {400: "Bad request.", 401: "Check OPENROUTER_API_KEY.", 402: "Add credits.",
            403: "Refused.", 404: "Not found.", 408: "Too slow.", 429: "Wait a minute."}


def with_words(status: int, body: str, parse) -> str:
    """A message for `status`, plus OpenRouter's words as `parse` finds them."""
    return MESSAGES.get(status, "Unavailable, try later.") + parse(body)


def no_shape_check(status: int, body: str) -> str:
    """Survives a body that is no JSON, but trusts any JSON to be OpenRouter's error object."""
    try:
        data = json.loads(body)
    except ValueError:
        return MESSAGES.get(status, "Unavailable, try later.")
    return MESSAGES.get(status, "Unavailable, try later.") + data["error"]["message"]


@pytest.mark.parametrize(("wrong", "said"), [
    (lambda status, body: with_words(status, body,
                                      lambda b: json.loads(b)["error"]["message"] if b else ""),
     "catch ValueError"),
    (no_shape_check, "check with isinstance"),
    (lambda status, body: MESSAGES.get(status, f"Unavailable ({status})."),
     "OpenRouter's own message is not in it"),
    (lambda status, body: f"OpenRouter error {status}.", "same message"),
    (lambda status, body: {**MESSAGES, 503: "Busy."}.get(status, "Unavailable."),
     "homework task 3"),
    (lambda status, body: {**MESSAGES, 401: "Bad key."}.get(status, "Unavailable."),
     "does not name OPENROUTER_API_KEY"),
    (lambda status, body: "", "an empty message"),
    (lambda status, body: status, "a str"),
])
def test_explain_catches(wrong, said):
    assert said in verdict("explain", wrong)


def russian_explain():
    """The Russian lesson's solution of explain: its messages in Russian."""
    return runpy.run_path(str(RU_SOLUTIONS / "04" / "explain.py"))["explain"]


def test_explain_in_russian_passes_and_keeps_openrouters_words(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    explain = russian_explain()
    assert run("04.explain", explain).passed
    said = explain(401, json.dumps({"error": {"code": 401, "message": "User not found."}}))
    assert said.startswith("OpenRouter не принимает ключ") and "«User not found.»" in said
    assert explain(418, "") == "OpenRouter недоступен (HTTP 418): попробуйте позже."


RU_MESSAGES = {400: "Неверный запрос.", 401: "Проверьте OPENROUTER_API_KEY.",
               402: "Пополните счёт.", 403: "Отказ.", 404: "Не найдено.", 408: "Слишком долго.",
               429: "Подождите минуту."}


@pytest.mark.parametrize(("wrong", "said"), [
    # the English mistakes, made in Russian: a 401 that names no setting, one fallback for all
    (lambda status, body: {**RU_MESSAGES, 401: "Ключ не подошёл."}.get(status, "Недоступен."),
     "explain(401, '') не называет OPENROUTER_API_KEY"),
    (lambda status, body: f"Ошибка OpenRouter {status}.", "дают одно и то же сообщение"),
])
def test_explain_in_russian_catches_the_same_mistakes(wrong, said, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    assert said in verdict("explain", wrong)


def test_explain_texts_are_not_given_away():
    # The fallback hint names no message; the check never shows what it wanted.
    said = verdict("explain", lambda status, body: f"OpenRouter error {status}.")
    assert "service unavailable" not in said.lower()


# --- answer_text --------------------------------------------------------------------------


def naive(data):
    """Reads choices whatever the body says."""
    return data["choices"][0]["message"]["content"]


def always_500(data):
    """Raises, but with one status for every error."""
    if "error" in data or not data.get("choices"):
        raise OpenRouterError(500, "error")
    return solved("answer_text")(data)


def half_answers(data):
    """Catches `error`, misses finish_reason "error"."""
    if "error" in data:
        raise OpenRouterError(data["error"].get("code") or 502, data["error"]["message"])
    if not data.get("choices"):
        raise OpenRouterError(500, "no choices")
    return data["choices"][0]["message"]["content"]


def mute(data):
    """The right statuses, but OpenRouter's words dropped."""
    try:
        return solved("answer_text")(data)
    except OpenRouterError as error:
        raise OpenRouterError(error.status, "Something failed.") from None


@pytest.mark.parametrize(("wrong", "said"), [
    (naive, "raised KeyError: 'choices'"),
    (always_500, "status 500"),
    (half_answers, "instead of raising"),
    (mute, "OpenRouter's message is not in it"),
    (lambda data: data, "a str"),
])
def test_answer_text_catches(wrong, said):
    assert said in verdict("answer_text", wrong)


# --- with_retries -------------------------------------------------------------------------

TRANSIENT = {408, 429, 500, 502, 503, 504}


def retrying(delay, *, transient=TRANSIENT, after=True, cap=10, sleep_last=False,
             rewrap=False):
    """A with_retries whose waits come from `delay(attempt, base_s, cap_s)`, and its variants."""
    def with_retries(call, *, retries=2, base_s=0.5, cap_s=8.0, sleep=time.sleep):
        for attempt in range(retries + 1):
            try:
                return call()
            except OpenRouterError as error:
                if error.status not in transient:
                    raise
                wait = delay(attempt, base_s, cap_s)
                if after and error.retry_after is not None:
                    if error.retry_after > cap:
                        raise
                    wait = error.retry_after
                if attempt == retries:
                    if sleep_last:
                        sleep(wait)
                    if rewrap:
                        raise OpenRouterError(error.status, "gave up") from None
                    raise
                sleep(wait)
    return with_retries


def backoff(attempt, base_s, cap_s):
    """The exercise's wait."""
    return min(base_s * 2**attempt, cap_s)


def with_time_sleep(call, *, retries=2, base_s=0.5, cap_s=8.0, sleep=time.sleep):
    """Ignores the `sleep` parameter."""
    return retrying(backoff)(call, retries=retries, base_s=base_s, cap_s=cap_s,
                             sleep=time.sleep)


@pytest.mark.parametrize(("wrong", "said"), [
    (retrying(lambda attempt, base_s, cap_s: base_s), "waited [0.5, 0.5] seconds"),
    (retrying(lambda attempt, base_s, cap_s: base_s * 2**attempt), "never more than cap_s"),
    (retrying(backoff, transient=TRANSIENT | {400, 402}), "raised at once, without waiting"),
    (retrying(backoff, after=False), "retry_after"),
    (retrying(backoff, cap=60), "more than 10 s"),
    (retrying(backoff, sleep_last=True), "no sleep after the last try"),
    (retrying(backoff, rewrap=True), "not the error of the last try"),
    (with_time_sleep, "called time.sleep itself"),
    (lambda call, **kwargs: call(), "raised OpenRouterError: [503]"),
])
def test_with_retries_catches(wrong, said):
    started = time.perf_counter()
    assert said in verdict("with_retries", wrong)
    assert time.perf_counter() - started < 2  # nothing waited for real


def test_with_retries_verdict_in_russian_names_the_waits_and_tries(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    said = verdict("with_retries", retrying(lambda attempt, base_s, cap_s: base_s))
    assert "ждала столько секунд: [0.5, 0.5]." in said


@pytest.mark.parametrize(("n", "requests_ru", "tries_ru"), [
    (1, "1 запрос", "1 попытку"), (2, "2 запроса", "2 попытки"), (5, "5 запросов", "5 попыток"),
    (11, "11 запросов", "11 попыток"), (21, "21 запрос", "21 попытку"),
    (22, "22 запроса", "22 попытки"), (25, "25 запросов", "25 попыток"),
])
def test_counted_requests_and_tries_take_the_form_of_their_number(n, requests_ru, tries_ru,
                                                                  monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    assert say(lesson04.TEXTS, "chat.many", call="f()", n=n) == f"f() отправила {requests_ru}."
    assert say(lesson04.TEXTS, "retry.tries", call="f()", got=n) == f"f() сделала {tries_ru}."


def test_with_retries_retries_nothing_but_openrouter_errors():
    def catches_everything(call, *, retries=2, base_s=0.5, cap_s=8.0, sleep=time.sleep):
        for attempt in range(retries + 1):
            try:
                return call()
            except Exception as error:
                if getattr(error, "status", 503) not in TRANSIENT or attempt == retries:
                    raise
                sleep(min(base_s * 2**attempt, cap_s))

    assert "ValueError" in verdict("with_retries", catches_everything)


# --- stream_text --------------------------------------------------------------------------


def every_line(lines):
    """json.loads on every line."""
    return "".join(json.loads(line[6:])["choices"][0]["delta"]["content"] for line in lines)


def past_done(lines):
    """Skips [DONE] instead of stopping there."""
    return solved("stream_text")([line for line in lines if line != "data: [DONE]"])


def first_choice(lines):
    """Reads choices[0] of every event, the usage event too."""
    pieces = []
    for line in lines:
        if line.startswith("data: {"):
            pieces.append(json.loads(line[6:])["choices"][0]["delta"]["content"] or "")
        elif line == "data: [DONE]":
            break
    return "".join(pieces)


def ignores_errors(lines):
    """Returns the text so far when the stream broke."""
    return solved("stream_text")([line for line in lines if '"error"' not in line])


def with_code(status):
    """The solution, but the status of a broken stream is `status(error)`."""
    def stream_text(lines):
        try:
            return solved("stream_text")(lines)
        except OpenRouterError as error:
            event = json.loads(next(line for line in lines if '"error"' in line)[6:])["error"]
            raise OpenRouterError(status(event), error.msg) from None
    return stream_text


@pytest.mark.parametrize(("wrong", "said"), [
    (every_line, "raised JSONDecodeError"),
    (first_choice, "no choices at all"),
    (past_done, "nothing after it belongs to the answer"),
    (ignores_errors, "instead of raising"),
    # a code that is no number ("server_error") passed through as the status
    (with_code(lambda error: error.get("code", 502)), "raised an error with status 'server_error'"),
    # a word turned into 502, but no code at all: status None, or a KeyError
    (with_code(lambda error: 502 if isinstance(error.get("code"), str) else error.get("code")),
     "raised OpenRouterError: [None] The stream broke off: Upstream error: an error without "
     "status 502"),
    (with_code(lambda error: 502 if isinstance(error["code"], str) else error["code"]),
     "raised KeyError: 'code': an error without status 502"),
])
def test_stream_text_catches(wrong, said):
    assert said in verdict("stream_text", wrong)


def test_stream_text_check_names_the_code_rule():
    said = verdict("stream_text", with_code(lambda error: error.get("code", 502)))
    assert "a code that is no number, gets 502" in said


# --- cost_usd (04b) -------------------------------------------------------------------------


@pytest.mark.parametrize(("wrong", "said"), [
    (lambda p, c, prices: p * prices["prompt"] + c * prices["completion"],
     "a str: return the cost in dollars"),  # str * int repeats the string
    (lambda p, c, prices: (p + c) * float(prices["prompt"]), "returned 0.003."),
    (lambda p, c, prices: p * float(prices["completion"]) + c * float(prices["prompt"]),
     "Prompt tokens times the prompt price"),
    (lambda p, c, prices: round(p * float(prices["prompt"]) + c * float(prices["completion"]), 6),
     "Do not round"),
    (lambda p, c, prices: p * float(prices["prompt"]) + c * float(prices["completion"])
     + sum(float(v) for k, v in prices.items() if k not in ("prompt", "completion")),
     "Only the \"prompt\" and \"completion\" prices count"),
    (lambda p, c, prices: f"{p * float(prices['prompt']) + c * float(prices['completion'])}",
     "a str"),
])
def test_cost_usd_catches(wrong, said):
    assert said in verdict("cost_usd", wrong)


# --- the prediction (04b) ---------------------------------------------------------------------


@pytest.mark.parametrize(("guess", "said"), [
    (..., "No guess yet"), (2, "It was 3, not 2"), (1, "It was 3, not 1"),
    (True, "It was 3, not True"),
])
def test_the_lab_requests_prediction(guess, said):
    result = run("04.lab_requests", guess, 3)
    assert not result.passed and said in flat(result.text)
    assert run("04.lab_requests", 3, 3).passed


# --- every verdict: one per run, the same every time, short enough for a slide --------------


@pytest.mark.parametrize("name", sorted(name for name, check in lesson04.CHECKS.items()
                                        if "prediction" not in check.__qualname__))
def test_a_broken_function_gets_one_verdict_not_a_traceback(name):  # predictions get no function
    def broken(*args, **kwargs):
        raise RuntimeError("oops\nsecond line")

    said = run(f"04.{name}", broken).text
    assert said.startswith("✗ ") and "raised RuntimeError: oops second line" in flat(said)
    assert "Traceback" not in said and max(len(line) for line in said.splitlines()) <= 100
