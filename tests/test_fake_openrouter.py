"""The OpenRouter fake: routes, keys, request checks, answers, streaming, modes, connections.

Faults are in test_fake_openrouter_faults.py, the control API and the command line in
test_fake_openrouter_control.py, the `openai` SDK in test_fake_openrouter_sdk.py.
"""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import catalog
from course_lib.fakes.http_base import Handler
from course_lib.fakes.openrouter import FakeOpenRouter, answers, errors, stream, wire

KEY = "sk-or-v1-fake-alice"
FREE = "deepseek/deepseek-chat-v3.1:free"
PAID = "openai/gpt-4o-mini"


def ask(text: str) -> list[dict]:
    """Messages with one user question."""
    return [{"role": "user", "content": text}]


def post(fake: FakeOpenRouter, body: object = None, *, key: str | None = KEY,
         session: requests.Session | None = None, raw: bytes | None = None,
         **fields: object) -> requests.Response:
    """POST a chat request (by default a valid one for a free model, plus `fields`)."""
    if body is None:
        body = {"model": FREE, "messages": ask("hello"), **fields}
    headers = {"Authorization": f"Bearer {key}"} if key is not None else {}
    data = raw if raw is not None else json.dumps(body).encode()
    return (session or requests).post(fake.base_url + "/chat/completions", data=data,
                                      headers=headers, timeout=10)


def sse_lines(resp: requests.Response) -> list[str]:
    """The non-empty lines of a server-sent-events body."""
    return [line for line in resp.content.decode("utf-8").split("\n") if line]


def sse_events(resp: requests.Response) -> list[dict]:
    """The JSON `data:` events of a stream (without `[DONE]`)."""
    return [json.loads(line[6:]) for line in sse_lines(resp)
            if line.startswith("data: ") and line != "data: [DONE]"]


# --- routes -------------------------------------------------------------------------------


def test_chat_completion_has_openrouter_shape(fake_openrouter):
    resp = post(fake_openrouter)
    body = resp.json()
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/json")
    assert list(body) == ["id", "provider", "model", "object", "created", "choices",
                          "system_fingerprint", "usage"]
    assert body["system_fingerprint"] is None  # nullable, but always there
    assert body["id"].startswith("gen-") and resp.headers["X-Generation-Id"] == body["id"]
    assert (body["provider"], body["model"], body["object"]) == ("Chutes", FREE, "chat.completion")
    assert isinstance(body["created"], int)
    (choice,) = body["choices"]
    assert choice["index"] == 0 and choice["logprobs"] is None
    assert choice["finish_reason"] == choice["native_finish_reason"] == "stop"
    assert choice["message"]["role"] == "assistant" and choice["message"]["content"]
    assert choice["message"]["refusal"] is None and choice["message"]["reasoning"] is None
    usage = body["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert usage["cost"] == 0


def test_paid_model_costs_catalog_price_and_names_its_provider(fake_openrouter):
    body = post(fake_openrouter, model=PAID).json()
    usage = body["usage"]
    expected = catalog.price_usd(PAID, usage["prompt_tokens"], usage["completion_tokens"])
    assert body["provider"] == "OpenAI"
    assert usage["cost"] == pytest.approx(expected) and usage["cost"] > 0


def test_generation_ids_are_unique(fake_openrouter):
    ids = {post(fake_openrouter).json()["id"] for _ in range(5)}
    assert len(ids) == 5


def test_models_lists_the_catalog_without_a_key(fake_openrouter):
    resp = requests.get(fake_openrouter.base_url + "/models", timeout=10)
    assert resp.status_code == 200
    served = resp.json()["data"]
    assert [m["id"] for m in served] == [m["id"] for m in catalog.models()]
    for entry, model in zip(catalog.models(), served, strict=True):
        assert model == {**entry, **{k: model[k] for k in ("default_parameters",
                                                            "supported_voices", "links")}}


def test_models_carry_every_field_of_openrouters_model_object(fake_openrouter):
    served = requests.get(fake_openrouter.base_url + "/models", timeout=10).json()["data"]
    required = {"id", "canonical_slug", "hugging_face_id", "name", "created", "description",
                "context_length", "architecture", "pricing", "top_provider",
                "per_request_limits", "supported_parameters", "default_parameters",
                "supported_voices", "links"}
    assert len(served) > 300 and all(required <= set(model) for model in served)
    v31 = next(m for m in served if m["id"] == FREE)
    assert v31["canonical_slug"] == "deepseek/deepseek-chat-v3.1"
    assert v31["links"] == {"details": "/api/v1/models/deepseek/deepseek-chat-v3.1/endpoints"}
    assert v31["architecture"]["input_modalities"] == ["text"]
    assert v31["top_provider"]["is_moderated"] is True and "max_tokens" in v31[
        "supported_parameters"]


def test_key_reports_masked_label_and_accumulated_usage(fake_openrouter):
    costs = [post(fake_openrouter, model=PAID).json()["usage"]["cost"] for _ in range(2)]
    resp = requests.get(fake_openrouter.base_url + "/key", timeout=10,
                        headers={"Authorization": f"Bearer {KEY}"})
    data = resp.json()["data"]
    assert resp.status_code == 200
    assert data["label"] == "sk-or-v1-fak...ice" and KEY not in resp.text  # as OpenRouter's
    assert data["usage"] == pytest.approx(sum(costs))
    assert data["usage_daily"] == data["usage_weekly"] == data["usage_monthly"] == data["usage"]
    assert data["limit"] is None and data["limit_remaining"] is None
    assert data["is_free_tier"] is True and "requests" in data["rate_limit"]
    assert data["is_management_key"] is False and data["byok_usage"] == 0
    assert data["include_byok_in_limit"] is False and data["free_model_daily_requests"] == {
        "limit": 50, "used": 0, "remaining": 50}


def test_key_reports_limit_and_what_remains(fake_openrouter):
    fake_openrouter.key_limit = 1.0
    cost = post(fake_openrouter, model=PAID).json()["usage"]["cost"]
    data = requests.get(fake_openrouter.base_url + "/key", timeout=10,
                        headers={"Authorization": f"Bearer {KEY}"}).json()["data"]
    assert data["limit"] == 1.0 and data["limit_remaining"] == pytest.approx(1.0 - cost)


def test_key_usage_is_per_key(fake_openrouter):
    post(fake_openrouter, model=PAID)
    data = requests.get(fake_openrouter.base_url + "/key", timeout=10,
                        headers={"Authorization": "Bearer sk-or-v1-fake-bob"}).json()["data"]
    assert data["usage"] == 0


@pytest.mark.parametrize(("headers", "message"), [
    ({}, "Missing Authentication header"),
    ({"Authorization": "Bearer sk-or-v1-fake-revoked"}, "User not found."),
])
def test_key_route_needs_a_valid_key(fake_openrouter, headers, message):
    fake_openrouter.revoke("sk-or-v1-fake-revoked")
    resp = requests.get(fake_openrouter.base_url + "/key", headers=headers, timeout=10)
    assert resp.status_code == 401 and resp.json()["error"]["message"] == message


def test_unknown_route_is_a_json_404(fake_openrouter):
    resp = requests.get(fake_openrouter.base_url + "/nothing/here", timeout=10)
    assert resp.status_code == 404
    assert resp.json()["error"]["code"] == 404 and "/api/v1/nothing/here" in resp.text


def test_base_url_without_api_v1_is_a_404(fake_openrouter):
    root = fake_openrouter.base_url.removesuffix("/api/v1")
    resp = requests.post(root + "/chat/completions", json={}, timeout=10)
    assert resp.status_code == 404


@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("GET", "/chat/completions", "POST"), ("PUT", "/chat/completions", "POST"),
    ("DELETE", "/models", "GET"), ("POST", "/key", "GET"),
])
def test_wrong_method_is_a_405_naming_the_right_one(fake_openrouter, method, path, allowed):
    resp = requests.request(method, fake_openrouter.base_url + path, timeout=10,
                            headers={"Authorization": f"Bearer {KEY}"}, json={})
    assert resp.status_code == 405 and resp.headers["Allow"] == allowed
    assert resp.json()["error"]["code"] == 405 and fake_openrouter.chat_requests() == []


def test_errors_name_no_user_after_a_keyed_request_on_the_same_connection(fake_openrouter):
    with requests.Session() as session:
        assert "user_id" in post(fake_openrouter, {"model": FREE}, session=session).json()
        resp = session.get(fake_openrouter.base_url + "/nothing", timeout=10)
    assert "user_id" not in resp.json()


# --- keys ---------------------------------------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "", "Bearer", "Bearer   ", "Basic abc"])
def test_missing_or_empty_bearer_is_401(fake_openrouter, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    resp = requests.post(fake_openrouter.base_url + "/chat/completions", timeout=10,
                         json={"model": FREE, "messages": ask("hi")}, headers=headers)
    assert resp.status_code == 401
    assert resp.json() == {"error": {"code": 401, "message": "Missing Authentication header"}}


def test_revoked_key_gets_user_not_found_and_others_still_work(fake_openrouter):
    fake_openrouter.revoke(KEY)
    resp = post(fake_openrouter)
    assert resp.status_code == 401
    assert resp.json() == {"error": {"code": 401, "message": "User not found."}}
    assert post(fake_openrouter, key="sk-or-v1-fake-bob").status_code == 200


def test_errors_of_a_known_key_carry_a_stable_user_id(fake_openrouter):
    first = post(fake_openrouter, {"model": FREE}).json()
    second = post(fake_openrouter, {"model": FREE}).json()
    other = post(fake_openrouter, {"model": FREE}, key="sk-or-v1-fake-bob").json()
    assert first["user_id"].startswith("user_") and first["user_id"] == second["user_id"]
    assert other["user_id"] != first["user_id"] and KEY not in json.dumps(first)


# --- request checks -----------------------------------------------------------------------


@pytest.mark.parametrize(("body", "message"), [
    (b"{not json", "Invalid JSON in request body"),
    (b"[1, 2]", "Request body must be a JSON object"),
    ({"model": FREE}, 'Input required: specify "prompt" or "messages"'),
    ({"model": FREE, "messages": []}, 'Input required: specify "prompt" or "messages"'),
    ({"model": FREE, "messages": "hi"}, "messages must be an array"),
    ({"model": FREE, "messages": ["hi"]}, "messages[0] must be an object"),
    ({"model": FREE, "messages": [{"role": "bot", "content": "hi"}]}, "messages[0].role must be"),
    ({"model": FREE, "messages": [{"role": "user", "content": 5}]}, "messages[0].content must"),
    ({"model": FREE, "messages": ask("hi"), "temperature": 2.5}, "temperature must be a number"),
    ({"model": FREE, "messages": ask("hi"), "temperature": -0.1}, "temperature must be"),
    ({"model": FREE, "messages": ask("hi"), "temperature": "hot"}, "temperature must be"),
    ({"model": FREE, "messages": ask("hi"), "temperature": True}, "temperature must be"),
    ({"model": FREE, "messages": ask("hi"), "max_tokens": 0}, "max_tokens must be a whole number"),
    ({"model": FREE, "messages": ask("hi"), "max_tokens": 1.5}, "max_tokens must be"),
    ({"model": FREE, "messages": ask("hi"), "max_tokens": "10"}, "max_tokens must be"),
    ({"model": FREE, "messages": ask("hi"), "stream": "yes"}, "stream must be true or false"),
    ({"messages": ask("hi")}, "No model given"),
    ({"model": "", "messages": ask("hi")}, "No model given"),
    ({"model": "foo/bar", "messages": ask("hi")}, "foo/bar is not a valid model ID"),
    ({"model": "deepseek/deepseek-chat-v3.1:fre", "messages": ask("hi")},
     "deepseek/deepseek-chat-v3.1:fre is not a valid model ID"),
    ({"models": ["nope/nope", FREE], "messages": ask("hi")}, "nope/nope is not a valid model ID"),
])
def test_bad_request_bodies_get_400_with_a_specific_message(fake_openrouter, body, message):
    raw = body if isinstance(body, bytes) else None
    resp = post(fake_openrouter, body, raw=raw)
    error = resp.json()["error"]
    assert resp.status_code == 400 and error["code"] == 400
    assert error["message"].startswith(message)


@pytest.mark.parametrize("temperature", [0, 0.2, 2])
def test_temperature_bounds_are_accepted(fake_openrouter, temperature):
    assert post(fake_openrouter, temperature=temperature).status_code == 200


def test_models_fallback_list_uses_its_first_model(fake_openrouter):
    body = post(fake_openrouter, {"models": [PAID, FREE], "messages": ask("hi")}).json()
    assert body["model"] == PAID


def test_prompt_string_is_accepted_like_openrouter_does(fake_openrouter):
    resp = post(fake_openrouter, {"model": FREE, "prompt": "echo: from a prompt"})
    assert resp.json()["choices"][0]["message"]["content"] == "from a prompt"


def test_max_completion_tokens_is_read_like_max_tokens(fake_openrouter):
    body = post(fake_openrouter, {"model": FREE, "messages": ask("words: 30"),
                                  "max_completion_tokens": 4}).json()
    assert body["usage"]["completion_tokens"] == 4
    assert body["choices"][0]["finish_reason"] == "length"


def test_key_is_checked_before_the_body(fake_openrouter):
    resp = post(fake_openrouter, raw=b"{not json", key=None)
    assert resp.status_code == 401


# --- answers ------------------------------------------------------------------------------


def content(resp: requests.Response) -> str:
    """The answer text of a completion response."""
    return resp.json()["choices"][0]["message"]["content"]


def test_answers_are_deterministic(fake_openrouter):
    body = {"model": FREE, "messages": ask("How do I split a string?"), "max_tokens": 300}
    assert content(post(fake_openrouter, body)) == content(post(fake_openrouter, body))


def test_echo_hook_answers_exactly_the_text(fake_openrouter):
    text = "Привет,  world!\nsecond line  "
    resp = post(fake_openrouter, {"model": FREE, "messages": ask(f"echo: {text}")})
    assert content(resp) == text


def test_words_hook_answers_that_many_vocabulary_words(fake_openrouter):
    resp = post(fake_openrouter, {"model": FREE, "messages": ask("words: 250")})
    words = content(resp).split(" ")
    assert len(words) == 250 and set(words) <= set(answers.VOCABULARY)
    assert resp.json()["usage"]["completion_tokens"] == 250


def test_max_tokens_truncates_with_finish_reason_length(fake_openrouter):
    full = content(post(fake_openrouter, {"model": FREE, "messages": ask("words: 50")}))
    resp = post(fake_openrouter, {"model": FREE, "messages": ask("words: 50"), "max_tokens": 10})
    choice = resp.json()["choices"][0]
    assert choice["finish_reason"] == choice["native_finish_reason"] == "length"
    assert choice["message"]["content"].split() == full.split()[:10]
    assert resp.json()["usage"]["completion_tokens"] == 10


def test_an_answer_that_fits_max_tokens_stops_normally(fake_openrouter):
    resp = post(fake_openrouter, {"model": FREE, "messages": ask("words: 10"), "max_tokens": 10})
    assert resp.json()["choices"][0]["finish_reason"] == "stop"


@pytest.mark.parametrize(("question", "words"), [
    ("What is an HTTP status code?", "Status codes"),
    ("How do I use SQLite from Python?", "SQLite"),
    ("How do I install a Python package?", "virtual environment"),
    ("How does a Telegram bot get messages?", "BotFather"),
    ("What is OpenRouter?", "OpenRouter is one API"),
])
def test_known_topics_get_a_numbered_topic_answer(fake_openrouter, question, words):
    text = content(post(fake_openrouter, {"model": FREE, "messages": ask(question)}))
    assert words in text and "\n1. " in text and "\n3. " in text


def test_other_questions_get_a_numbered_answer_naming_the_question(fake_openrouter):
    text = content(post(fake_openrouter, {"model": FREE, "messages": ask("Why is the sky blue?")}))
    assert "Why is the sky blue?" in text and "\n1. " in text


def test_russian_questions_get_a_russian_answer(fake_openrouter):
    text = content(post(fake_openrouter, {"model": FREE, "messages": ask("Почему небо синее?")}))
    assert "Почему небо синее?" in text and "Начните" in text


def test_answer_follows_the_last_user_message(fake_openrouter):
    messages = [{"role": "system", "content": "Answer briefly."}, *ask("echo: first"),
                {"role": "assistant", "content": "first"}, *ask("echo: second")]
    assert content(post(fake_openrouter, {"model": FREE, "messages": messages})) == "second"


def test_content_parts_are_read_as_text(fake_openrouter):
    messages = [{"role": "user", "content": [{"type": "text", "text": "echo: parts"}]}]
    assert content(post(fake_openrouter, {"model": FREE, "messages": messages})) == "parts"


def test_prompt_tokens_are_words_plus_four_per_message(fake_openrouter):
    messages = [{"role": "system", "content": "Be brief."}, *ask("echo: one two three")]
    usage = post(fake_openrouter, {"model": FREE, "messages": messages}).json()["usage"]
    assert usage["prompt_tokens"] == (2 + 4) + (4 + 4)
    assert usage["completion_tokens"] == 3


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tokens_join_back_to_the_text(text):
    assert "".join(answers.split_tokens(text)) == text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=1, max_value=40))
def test_answers_never_exceed_max_tokens_and_repeat_exactly(question, max_tokens):
    messages = ask(question)
    first = answers.answer(FREE, messages, max_tokens)
    assert first == answers.answer(FREE, messages, max_tokens)
    assert first.completion_tokens == len(answers.split_tokens(first.text)) <= max_tokens


# --- streaming ----------------------------------------------------------------------------


def test_stream_follows_openrouters_sse_format(fake_openrouter):
    resp = post(fake_openrouter, stream=True)
    lines = sse_lines(resp)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/event-stream"
    assert resp.headers["Transfer-Encoding"] == "chunked" and "Content-Length" not in resp.headers
    assert lines[:2] == [": OPENROUTER PROCESSING"] * 2
    assert all(line.startswith("data: ") for line in lines[2:])
    assert lines[-1] == "data: [DONE]"


def test_stream_chunks_carry_the_same_answer_then_finish_then_usage(fake_openrouter):
    whole = post(fake_openrouter, max_tokens=300).json()
    events = sse_events(post(fake_openrouter, stream=True, max_tokens=300))
    *pieces, finish, last = events
    assert all(e["object"] == "chat.completion.chunk" for e in events)
    assert len({e["id"] for e in events}) == 1 and events[0]["provider"] == "Chutes"
    assert "".join(e["choices"][0]["delta"]["content"] for e in pieces) == \
        whole["choices"][0]["message"]["content"]
    assert all(e["choices"][0]["finish_reason"] is None for e in pieces)
    assert finish["choices"][0]["finish_reason"] == "stop"
    assert finish["choices"][0]["delta"]["content"] == ""
    assert last["choices"] == [] and last["usage"] == whole["usage"]


def test_stream_sends_one_event_per_token(fake_openrouter):
    events = sse_events(post(fake_openrouter, {"model": FREE, "messages": ask("words: 40"),
                                               "stream": True}))
    assert len(events) == 40 + 2


def test_stream_truncated_by_max_tokens_ends_with_length(fake_openrouter):
    events = sse_events(post(fake_openrouter, {"model": FREE, "messages": ask("words: 40"),
                                               "stream": True, "max_tokens": 7}))
    assert events[-2]["choices"][0]["finish_reason"] == "length"
    assert events[-1]["usage"]["completion_tokens"] == 7


def test_stream_false_answers_as_one_json_body(fake_openrouter):
    resp = post(fake_openrouter, stream=False)
    assert resp.headers["Content-Type"].startswith("application/json") and content(resp)


class WriteRecorder:
    """A socket file that keeps every write separately."""

    def __init__(self) -> None:
        self.writes: list[bytes] = []

    def write(self, data: bytes) -> None:
        self.writes.append(bytes(data))


def recording_handler() -> Handler:
    """A `Handler` without a connection, whose writes are recorded."""
    handler = Handler.__new__(Handler)
    handler.wfile, handler.requestline, handler.close_connection = WriteRecorder(), "", False
    handler.request_version, handler.command = "HTTP/1.1", "POST"
    return handler


def test_each_stream_event_goes_out_in_one_write():
    handler = recording_handler()
    reply = answers.answer(FREE, ask("words: 5"))
    stream.send_answer(handler, "gen-1-x", FREE, reply, wire.usage(5, 5))
    head, *events = handler.wfile.writes
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert head.endswith(b": OPENROUTER PROCESSING\n\n\r\n")
    assert len(events) == 1 + 5 + 2 + 1  # comment, five tokens, finish, usage, [DONE]
    for write in events:  # each a whole chunk: size line, one event, CRLF
        size, _, rest = write.partition(b"\r\n")
        assert rest[: int(size, 16)].count(b"\n\n") == 1
    assert events[-1].endswith(b"data: [DONE]\n\n\r\n0\r\n\r\n")


def test_a_json_response_goes_out_in_one_write():
    handler = recording_handler()
    handler.send_json(200, {"ok": True})
    (write,) = handler.wfile.writes
    assert write.startswith(b"HTTP/1.1 200 OK\r\n") and write.endswith(b'\r\n\r\n{"ok": true}')


# --- modes --------------------------------------------------------------------------------


def test_free_per_minute_limit_gives_429_with_retry_after_and_ratelimit_headers():
    with FakeOpenRouter(free_per_minute=2) as fake:
        fake.limits.clock = lambda: 60 * 16_666_667 + 10.0  # 10 s into a minute
        statuses = [post(fake).status_code for _ in range(2)]
        resp = post(fake)
    error = resp.json()["error"]
    reset = str((16_666_667 + 1) * 60_000)
    expected = {"X-RateLimit-Limit": "2", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    assert statuses == [200, 200] and resp.status_code == 429
    assert error["message"] == "Rate limit exceeded: free-models-per-min. "
    assert error["metadata"] == {"headers": expected, "provider_name": None}
    assert {k: resp.headers[k] for k in expected} == expected
    assert resp.headers["Retry-After"] == "50"


def test_free_per_minute_limit_is_per_key_and_free_models_only():
    with FakeOpenRouter(free_per_minute=1) as fake:
        assert post(fake).status_code == 200
        assert post(fake).status_code == 429
        assert post(fake, key="sk-or-v1-fake-bob").status_code == 200
        assert post(fake, model=PAID).status_code == 200


def test_free_per_minute_limit_resets_next_minute():
    now = [1_000_000_000.0]
    with FakeOpenRouter(free_per_minute=1) as fake:
        fake.limits.clock = lambda: now[0]
        assert [post(fake).status_code for _ in range(2)] == [200, 429]
        now[0] += 60
        assert post(fake).status_code == 200


def test_free_per_day_limit_gives_429_until_the_next_day():
    now = [1_000_000_000.0]
    with FakeOpenRouter(free_per_day=2) as fake:
        fake.limits.clock = lambda: now[0]
        statuses = [post(fake).status_code for _ in range(2)]
        resp = post(fake)
        now[0] += 86_400
        after = post(fake).status_code
    assert statuses == [200, 200] and resp.status_code == 429 and after == 200
    assert resp.json()["error"]["message"] == (
        "Rate limit exceeded: free-models-per-day. "
        "Add 10 credits to unlock 1000 free model requests per day")
    assert resp.headers["X-RateLimit-Limit"] == "2" and "Retry-After" not in resp.headers


def test_data_policy_makes_free_models_404_and_can_be_switched_live(fake_openrouter):
    assert post(fake_openrouter).status_code == 200
    fake_openrouter.data_policy = True
    resp = post(fake_openrouter)
    assert resp.status_code == 404
    assert resp.json()["error"]["message"] == (
        "No endpoints found matching your data policy (Free model publication). "
        "Configure: https://openrouter.ai/settings/privacy")
    assert post(fake_openrouter, model=PAID).status_code == 200


def test_no_credits_makes_paid_models_402_naming_max_tokens(fake_openrouter):
    fake_openrouter.no_credits = True
    resp = post(fake_openrouter, model=PAID, max_tokens=400)
    assert resp.status_code == 402
    assert resp.json()["error"]["message"] == (
        "This request requires more credits, or fewer max_tokens. You requested up to 400 "
        "tokens, but can only afford 0. To increase, visit https://openrouter.ai/settings/credits "
        "and upgrade to a paid account")
    assert post(fake_openrouter).status_code == 200  # free models need no credits


def test_no_credits_without_max_tokens_names_the_context_length(fake_openrouter):
    fake_openrouter.no_credits = True
    resp = post(fake_openrouter, model=PAID)
    assert f"up to {catalog.find(PAID)['context_length']} tokens" in resp.json()["error"]["message"]


def test_checks_run_in_openrouters_order():
    with FakeOpenRouter(free_per_minute=1, data_policy=True) as fake:
        assert post(fake, {"model": FREE}).status_code == 400  # body first: not counted
        assert post(fake).status_code == 404  # passes the limit, then the data policy
        assert post(fake).status_code == 429  # now the limit comes first


def test_latency_holds_requests_and_a_stop_ends_the_wait():
    fake = FakeOpenRouter(latency_ms=60_000).start()
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(_try(lambda: post(fake))))
    thread.start()
    settings_url = fake.base_url.replace("/api/v1", "/_fake/settings")
    assert requests.get(settings_url, timeout=10).json()["latency_ms"] == 60_000
    assert thread.is_alive() and outcome == []  # still held back by the latency
    fake.stop()
    thread.join(timeout=10)
    assert not thread.is_alive() and isinstance(outcome[0], requests.ConnectionError)


def _try(call):
    """The result of `call()`, or the exception it raised."""
    try:
        return call()
    except Exception as exc:
        return exc


# --- connections --------------------------------------------------------------------------


def test_keep_alive_reuses_one_connection_for_many_requests(fake_openrouter):
    with requests.Session() as session:
        for i in range(30):
            stream = i % 3 == 0
            assert post(fake_openrouter, session=session, stream=stream).status_code == 200
        assert post(fake_openrouter, {"model": FREE}, session=session).status_code == 400
        session.get(fake_openrouter.base_url + "/models", timeout=10)
    assert len(fake_openrouter.requests) == 32
    assert len({r.client_port for r in fake_openrouter.requests}) == 1


def test_stop_closes_kept_alive_connections():
    fake = FakeOpenRouter().start()
    conn = socket.create_connection((fake.host, fake.port), timeout=10)
    conn.sendall(b"GET /api/v1/models HTTP/1.1\r\nHost: x\r\n\r\n")
    received = b""
    while b"\r\n\r\n" not in received:
        received += conn.recv(65536)
    head, _, body = received.partition(b"\r\n\r\n")
    length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    while len(body) < length:
        body += conn.recv(65536)
    fake.stop()
    assert conn.recv(1) == b""  # closed by the server (a timeout here means it stayed open)
    conn.close()


def test_concurrent_clients_all_get_their_own_answers(fake_openrouter):
    failures: list[str] = []

    def client(n: int) -> None:
        with requests.Session() as session:
            for i in range(10):
                text = f"client {n} request {i}"
                resp = post(fake_openrouter, {"model": FREE, "messages": ask(f"echo: {text}")},
                            session=session)
                if resp.status_code != 200 or content(resp) != text:
                    failures.append(text)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == [] and len(fake_openrouter.chat_requests()) == 200


# --- recording ----------------------------------------------------------------------------


def test_requests_are_recorded_with_headers_body_and_json(fake_openrouter):
    post(fake_openrouter, temperature=0.2)
    requests.get(fake_openrouter.base_url + "/models?x=1", timeout=10)
    chat, models = fake_openrouter.requests
    assert (chat.method, chat.path) == ("POST", "/api/v1/chat/completions")
    assert chat.header("authorization") == chat.header("AUTHORIZATION") == f"Bearer {KEY}"
    assert chat.header("X-Missing") is None
    assert chat.json["temperature"] == 0.2 and json.loads(chat.body) == chat.json
    assert (models.method, models.path, models.json) == ("GET", "/api/v1/models?x=1", None)
    assert fake_openrouter.chat_requests() == [chat]
    assert 0 < chat.at <= models.at <= time.monotonic()  # when each arrived, in order


def test_masked_view_never_shows_a_whole_key(fake_openrouter):
    post(fake_openrouter, {"model": FREE, "messages": ask("my key: sk-or-v1-fake-carol")})
    view = fake_openrouter.requests[0].masked()
    assert view["headers"]["Authorization"] == "Bearer sk-or-v1-…lice"
    assert view["json"]["messages"][0]["content"] == "my key: sk-or-v1-…arol"
    assert "test-alice" not in json.dumps(view) and "test-carol" not in json.dumps(view)


def test_error_bodies_have_openrouters_shape():
    assert errors.error_body(503, "Service temporarily unavailable") == {
        "error": {"code": 503, "message": "Service temporarily unavailable"}}
    body = errors.error_body(502, "Provider returned error", {"raw": "x"}, "user_1")
    assert body == {"error": {"code": 502, "message": "Provider returned error",
                              "metadata": {"raw": "x"}}, "user_id": "user_1"}
