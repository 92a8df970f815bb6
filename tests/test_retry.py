"""The retry policy: what is retried, how often, how long it waits, and the total bound."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from course_lib import retry
from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.openrouter_client import OpenRouterError, chat, chat_stream
from course_lib.retry import RetryPolicy, call_with_retries

KEY = "sk-or-v1-fake-test-key"  # conftest.FAKE_KEY, sent by the `online` fixture
FREE = "deepseek/deepseek-chat-v3.1:free"
ASK = [{"role": "user", "content": "What is HTTP?"}]


@pytest.fixture
def waits():
    """The waits a policy asked for, recorded instead of slept."""
    return []


@pytest.fixture
def policy(waits):
    """The default policy with recorded sleeps and no jitter (rand() == 0)."""
    return RetryPolicy(sleep=waits.append, rand=lambda: 0.0)


@pytest.fixture
def fake(online):
    """A fresh fake with the client pointed at it."""
    return online


@pytest.mark.parametrize("status", [408, 500, 502, 503, 504])
def test_transient_statuses_are_retried_until_success(fake, policy, waits, status):
    fake.fail(status, count=2)
    assert chat(ASK, model=FREE, policy=policy).text
    assert len(fake.chat_requests()) == 3
    assert waits == [0.5, 1.0]  # exponential backoff: base, then twice the base


def test_at_most_two_retries_then_the_error(fake, policy, waits):
    fake.fail_always(503)
    with pytest.raises(OpenRouterError) as caught:
        chat(ASK, model=FREE, policy=policy)
    assert caught.value.status == 503
    assert len(fake.chat_requests()) == 3 and len(waits) == 2


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 409, 422])
def test_other_client_errors_are_never_retried(fake, policy, waits, status):
    fake.fail_always(status)
    with pytest.raises(OpenRouterError):
        chat(ASK, model=FREE, policy=policy)
    assert len(fake.chat_requests()) == 1 and waits == []


def test_rate_limit_is_retried_after_the_wait_the_server_asks_for(fake, policy, waits):
    fake.fail(429, count=2, retry_after=1)
    assert chat(ASK, model=FREE, policy=policy).text
    assert len(fake.chat_requests()) == 3 and waits == [1.0, 1.0]


def test_free_minute_window_reset_beyond_the_cap_is_not_waited_for(fake, policy, waits):
    fake.free_per_minute = 1
    chat(ASK, model=FREE, policy=policy)
    with pytest.raises(OpenRouterError) as caught:
        chat(ASK, model=FREE, policy=policy)
    # The window resets at the next full minute: waits up to 10 s are taken, longer ones not.
    assert all(w <= 10 for w in waits) and caught.value.retry_after is not None


def test_retry_after_is_honoured(fake, policy, waits):
    fake.fail(429, retry_after=3)
    chat(ASK, model=FREE, policy=policy)
    assert waits == [3.0]


def test_retry_after_beyond_the_cap_fails_at_once_and_says_how_long(fake, policy, waits):
    fake.fail(429, retry_after=45)
    with pytest.raises(OpenRouterError) as caught:
        chat(ASK, model=FREE, policy=policy)
    assert waits == [] and len(fake.chat_requests()) == 1
    assert caught.value.retry_after == 45 and "45 s" in caught.value.msg


def test_connection_errors_are_retried(policy, waits, monkeypatch):
    with FakeOpenRouter() as closed:
        url = closed.base_url
    monkeypatch.setenv("OPENROUTER_BASE_URL", url)
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    with pytest.raises(OpenRouterError) as caught:
        chat(ASK, model=FREE, policy=policy)
    assert caught.value.kind == "or.connect" and len(waits) == 2


def test_stream_opening_is_retried(fake, policy, waits):
    fake.fail(502, count=1)
    assert "".join(chat_stream(ASK, model=FREE, policy=policy))
    assert len(waits) == 1


def test_no_retry_policy_makes_one_attempt(fake, waits):
    fake.fail_always(503)
    with pytest.raises(OpenRouterError):
        chat(ASK, model=FREE, policy=RetryPolicy(retries=0, sleep=waits.append))
    assert len(fake.chat_requests()) == 1


def test_jitter_shortens_waits_by_at_most_a_quarter():
    policy = RetryPolicy(rand=lambda: 1.0)
    error = OpenRouterError(503, "down", retryable=True)
    assert policy.delay_s(0, error) == pytest.approx(0.375)


@given(
    attempts=st.lists(st.integers(min_value=0, max_value=10), max_size=5),
    retry_after=st.one_of(st.none(), st.floats(min_value=0, max_value=1e6)),
    rand=st.floats(min_value=0, max_value=1),
)
def test_total_wait_never_exceeds_the_stated_bound(attempts, retry_after, rand):
    policy = RetryPolicy(rand=lambda: rand)
    error = OpenRouterError(429, "slow down", retryable=True, retry_after=retry_after)
    delays = [policy.delay_s(n, error) for n in range(policy.retries + 3)]
    assert delays[policy.retries:] == [None] * 3, "never more than `retries` retries"
    total = sum(d for d in delays if d is not None)
    assert total <= policy.max_wait_s() == 20.0


def test_call_with_retries_passes_through_non_retryable_errors():
    calls = []

    def attempt() -> str:
        calls.append(1)
        raise OpenRouterError(400, "bad")

    with pytest.raises(OpenRouterError):
        call_with_retries(attempt, RetryPolicy(sleep=lambda s: None))
    assert calls == [1]


def test_default_policy_matches_the_documented_numbers():
    policy = retry.DEFAULT_POLICY
    assert (policy.retries, policy.base_s, policy.cap_s, policy.retry_after_cap_s) == (
        2, 0.5, 8.0, 10.0)
