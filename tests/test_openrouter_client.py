"""The OpenRouter client against the local fake: answers, usage, headers, call-time settings."""

from __future__ import annotations

import threading

import pytest

from course_lib import catalog, openrouter_client
from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.openrouter_client import OpenRouterError, chat, chat_once, chat_stream

KEY = "sk-or-v1-fake-test-key"  # conftest.FAKE_KEY, sent by the `online` fixture
FREE = "deepseek/deepseek-chat-v3.1:free"
PAID = "openai/gpt-4o-mini"
ASK = [{"role": "user", "content": "What is HTTP?"}]


@pytest.fixture
def fake(online):
    """A fresh fake OpenRouter, with the client pointed at it by the environment."""
    return online


def test_chat_once_returns_text_and_latency(fake):
    text, latency_ms = chat_once(ASK, model=FREE)
    assert isinstance(text, str) and text.strip()
    assert isinstance(latency_ms, int) and latency_ms >= 0


def test_request_carries_key_headers_and_parameters(fake):
    chat_once(ASK, model=FREE, temperature=0.7, max_tokens=50)
    (request,) = fake.chat_requests()
    assert request.header("Authorization") == f"Bearer {KEY}"
    assert request.header("HTTP-Referer") == openrouter_client.APP_URL
    assert request.header("X-Title") == openrouter_client.APP_TITLE
    assert request.json == {"model": FREE, "messages": ASK, "temperature": 0.7, "max_tokens": 50}


def test_non_ascii_text_round_trips_plain_and_streamed(fake):
    ask = [{"role": "user", "content": "echo: Привет, мир! ✓"}]
    assert chat_once(ask, model=FREE)[0] == "Привет, мир! ✓"
    assert "".join(chat_stream(ask, model=FREE)) == "Привет, мир! ✓"


def test_answers_are_deterministic(fake):
    assert chat_once(ASK, model=FREE)[0] == chat_once(ASK, model=FREE)[0]


def test_chat_reports_model_provider_usage_and_cost(fake):
    answer = chat(ASK, model=PAID)
    assert answer.model == PAID and answer.provider
    assert answer.prompt_tokens > 0 and answer.completion_tokens > 0
    assert answer.total_tokens == answer.prompt_tokens + answer.completion_tokens
    expected = catalog.price_usd(PAID, answer.prompt_tokens, answer.completion_tokens)
    assert answer.cost == pytest.approx(expected)
    assert answer.finish_reason == "stop"


def test_free_model_costs_nothing(fake):
    assert chat(ASK, model=FREE).cost == 0


def test_key_and_base_url_are_read_at_call_time(fake, monkeypatch):
    chat_once(ASK, model=FREE)
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-fake-second-key")
    with FakeOpenRouter() as other:
        monkeypatch.setenv("OPENROUTER_BASE_URL", other.base_url)
        chat_once(ASK, model=FREE)
        assert other.chat_requests()[0].header("Authorization") == "Bearer sk-or-v1-fake-second-key"
    assert len(fake.chat_requests()) == 1


def test_missing_key_raises_401_without_a_request(fake, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "")
    with pytest.raises(OpenRouterError) as caught:
        chat_once(ASK, model=FREE)
    assert caught.value.status == 401
    assert "OPENROUTER_API_KEY" in caught.value.msg
    assert str(caught.value) == f"[401] {caught.value.msg}"
    assert fake.requests == []


def test_max_tokens_truncates_the_answer(fake):
    answer = chat([{"role": "user", "content": "words: 300"}], model=FREE, max_tokens=20)
    assert answer.finish_reason == "length"
    assert answer.completion_tokens <= 20


def test_each_thread_uses_its_own_session_and_all_calls_succeed(fake):
    sessions, answers, errors = [], [], []

    def worker() -> None:
        try:
            for _ in range(5):
                answers.append(chat_once(ASK, model=FREE)[0])
            # the session itself is kept: a finished thread's session, collected, could hand
            # its id() to the next thread's
            sessions.append(openrouter_client._session(fake.base_url))
        except Exception as exc:  # collected: an exception in a thread would be lost
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and len(answers) == 40
    assert len({id(session) for session in sessions}) == 8


def test_connections_are_reused(fake):
    for _ in range(10):
        chat_once(ASK, model=FREE)
    ports = {request.client_port for request in fake.chat_requests()}
    assert len(ports) == 1


def test_the_local_fake_is_reached_directly_even_with_a_proxy_configured(fake, monkeypatch):
    dead_proxy = "http://127.0.0.1:9"  # nothing listens there: a request through it would fail
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, dead_proxy)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    assert chat_once(ASK, model=FREE)[0]


def test_streaming_yields_the_same_answer_piece_by_piece(fake):
    pieces = list(chat_stream(ASK, model=FREE))
    assert len(pieces) > 1
    assert "".join(pieces) == chat_once(ASK, model=FREE)[0]
    assert fake.chat_requests()[0].json["stream"] is True


def test_stream_error_midway_raises_after_some_text(fake):
    fake.mid_stream_error()
    received = []
    with pytest.raises(OpenRouterError) as caught:
        for piece in chat_stream([{"role": "user", "content": "words: 60"}], model=FREE):
            received.append(piece)
    assert received, "some text arrives before the error"
    assert caught.value.kind == "or.stream_error"
    assert 400 <= caught.value.status <= 599
