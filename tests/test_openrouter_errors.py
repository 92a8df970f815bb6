"""Every failure of the client becomes one `OpenRouterError` with a specific, friendly message."""

from __future__ import annotations

import logging
import re

import pytest
import requests

from course_lib import openrouter_errors, retry
from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.openrouter_client import OpenRouterError, chat_once, chat_stream
from course_lib.texts import errors as error_texts
from course_lib.texts import t

KEY = "sk-or-v1-fake-test-key"  # conftest.FAKE_KEY, sent by the `online` fixture
FREE = "deepseek/deepseek-chat-v3.1:free"
PAID = "openai/gpt-4o-mini"
ASK = [{"role": "user", "content": "What is HTTP?"}]


@pytest.fixture
def fake(online, monkeypatch):
    """A fresh fake with the client pointed at it and no waiting between retries."""
    monkeypatch.setattr(retry, "DEFAULT_POLICY", retry.RetryPolicy(sleep=lambda s: None))
    return online


def failure(model: str = FREE, **kwargs) -> OpenRouterError:
    """The error `chat_once` raises (the test fails if it returns)."""
    with pytest.raises(OpenRouterError) as caught:
        chat_once(ASK, model=model, **kwargs)
    assert KEY not in str(caught.value) and KEY not in repr(caught.value)
    return caught.value


@pytest.mark.parametrize(
    ("status", "kind", "words"),
    [
        (400, "or.400", "bad request format"),
        (403, "or.403.moderation", "blocked by the model's moderation"),
        (408, "or.408", "408 Request Timeout"),
        (500, "or.500", "500 Internal Server Error"),
        (502, "or.502", "502 Bad Gateway"),
        (503, "or.503", "503 Service Unavailable"),
        (504, "or.504", "504 Gateway Timeout"),
    ],
)
def test_each_status_gets_its_own_explanation(fake, status, kind, words):
    fake.fail_always(status)
    error = failure()
    assert (error.status, error.kind) == (status, kind)
    assert words in error.msg


def test_the_four_server_errors_are_all_different_and_not_generic(fake):
    messages = set()
    for status in (500, 502, 503, 504):
        fake.clear()
        fake.fail_always(status)
        messages.add(failure().msg)
    generic = t("or.other", status=0).split("(")[0]
    assert len(messages) == 4
    assert not any(m.startswith(generic) for m in messages)


def test_unknown_status_gets_the_generic_fallback(fake):
    fake.fail_always(418)
    error = failure()
    assert error.status == 418 and "try again later" in error.msg


def test_invalid_model_id(fake):
    error = failure(model="no-such/model")
    assert (error.status, error.kind) == (400, "or.400.model")
    assert "no-such/model" in error.msg and "provider/model-name" in error.msg


def test_revoked_key_is_named_masked(fake):
    fake.revoke(KEY)
    error = failure()
    assert (error.status, error.kind) == (401, "or.401")
    assert "sk-or-v1-…-key" in error.msg


def test_missing_authorization_header_is_explained(fake):
    fake.fail(401, message="Missing Authentication header")
    error = failure()
    assert error.kind == "or.401.missing_header" and "Authorization: Bearer" in error.msg


def test_no_credits(fake):
    fake.no_credits = True
    error = failure(model=PAID)
    assert (error.status, error.kind) == (402, "or.402")
    assert "credits" in error.msg


def test_data_policy_points_at_the_privacy_settings(fake):
    fake.data_policy = True
    error = failure()
    assert (error.status, error.kind) == (404, "or.404.privacy")
    assert "https://openrouter.ai/settings/privacy" in error.msg


def test_no_endpoints_for_a_retired_model(fake):
    fake.fail(404, message=f"No endpoints found for {FREE}.")
    error = failure()
    assert (error.status, error.kind) == (404, "or.404.model")
    assert FREE in error.msg and "/models" in error.msg


def test_the_key_never_reaches_the_logs(fake, caplog):
    caplog.set_level(logging.DEBUG)
    fake.fail_always(503)
    failure()
    assert "retry" in caplog.text.lower(), "the retries are logged"
    assert KEY not in caplog.text


def test_wrong_base_url_path_is_explained(fake, monkeypatch):
    monkeypatch.setenv("OPENROUTER_BASE_URL", fake.base_url.replace("/api/v1", "/v1"))
    error = failure()
    assert (error.status, error.kind) == (404, "or.404")
    assert "OPENROUTER_BASE_URL" in error.msg


def test_per_minute_free_limit(fake):
    fake.free_per_minute = 2
    chat_once(ASK, model=FREE)
    chat_once(ASK, model=FREE)
    error = failure()
    assert (error.status, error.kind) == (429, "or.429.minute")
    assert "20 requests per minute" in error.msg


def test_per_day_free_limit_is_not_retried(fake):
    fake.free_per_day = 1
    chat_once(ASK, model=FREE)
    error = failure()
    assert (error.status, error.kind) == (429, "or.429.day")
    assert len(fake.chat_requests()) == 2


def test_upstream_rate_limit_quotes_the_provider(fake):
    fake.upstream_rate_limit(count=3)
    error = failure()
    assert error.kind == "or.429.upstream"
    assert "temporarily rate-limited upstream" in error.msg


def test_moderation_names_the_reasons(fake):
    fake.fail(403)
    error = failure()
    assert error.kind == "or.403.moderation" and "harassment" in error.msg


def test_forbidden_without_moderation_reasons():
    ctx = {"model": FREE, "api_key": KEY, "masked": "…", "host": "openrouter.ai"}
    error = openrouter_errors.from_error_body(403, {"message": "Forbidden"}, None, ctx)
    assert (error.status, error.kind) == (403, "or.403") and "No access" in error.msg


@pytest.mark.parametrize("status", [502, 503, 504])
def test_html_page_from_a_proxy(fake, status):
    fake.fail_always(status, html=True)
    error = failure()
    assert error.status == status
    assert "HTML page" in error.msg and "proxy" in error.msg
    assert "<" not in error.msg


def test_error_inside_200_ok(fake):
    fake.error_in_200(count=3, status=502)
    error = failure()
    assert error.status == 502 and "200 OK" in error.msg


def test_finish_reason_error(fake):
    fake.finish_reason_error(count=3)
    error = failure()
    assert error.kind == "or.finish_error" and 400 <= error.status <= 599


def test_malformed_json_is_500(fake):
    fake.malformed(count=3)
    error = failure()
    assert (error.status, error.kind) == (500, "or.malformed")


def test_unexpected_json_is_500(fake):
    fake.unexpected_json(count=3)
    error = failure()
    assert (error.status, error.kind) == (500, "or.unexpected")


def test_timeout(fake):
    fake.hang(3, count=3)
    error = failure(timeout_s=0.2)
    assert (error.status, error.kind) == (408, "or.timeout")
    assert "0.2 s" in error.msg


def test_connection_refused(fake, monkeypatch):
    with FakeOpenRouter() as closed:
        url = closed.base_url
    monkeypatch.setenv("OPENROUTER_BASE_URL", url)  # nothing listens there any more
    error = failure()
    assert (error.status, error.kind) == (503, "or.connect")
    assert "127.0.0.1" in error.msg


def test_dropped_connection_is_retried_and_succeeds(fake):
    fake.drop(count=1)
    assert chat_once(ASK, model=FREE)[0]
    assert len(fake.chat_requests()) == 2


def test_dns_failure_is_recognised():
    exc = requests.exceptions.ConnectionError(
        "HTTPSConnectionPool(host='openrouter.ai'): NameResolutionError: Failed to resolve")
    error = openrouter_errors.from_exception(exc, "https://openrouter.ai/api/v1/x", 30)
    assert (error.status, error.kind) == (503, "or.dns") and "openrouter.ai" in error.msg


def test_proxy_failure_is_recognised():
    exc = requests.exceptions.ProxyError("Unable to connect to proxy")
    error = openrouter_errors.from_exception(exc, "https://openrouter.ai/api/v1/x", 30)
    assert error.kind == "or.proxy" and "HTTPS_PROXY" in error.msg


def test_a_key_echoed_by_the_server_is_masked(fake):
    fake.fail(400, message=f"bad request from {KEY} and sk-or-v1-another-secret-value")
    error = failure()
    assert KEY not in error.msg and "sk-or-v1-another-secret-value" not in error.msg
    assert "sk-or-v1-…" in error.msg


def test_messages_in_russian(fake, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    fake.fail_always(503)
    assert re.search("[а-яА-Я]", failure().msg)


def test_stream_opening_errors_are_friendly_too(fake):
    fake.fail_always(504)
    with pytest.raises(OpenRouterError) as caught:
        list(chat_stream(ASK, model=FREE))
    assert caught.value.kind == "or.504"


def test_the_error_pickles_and_keeps_status_and_message():
    import pickle

    error = pickle.loads(pickle.dumps(OpenRouterError(503, "down")))
    assert (error.status, error.msg, str(error)) == (503, "down", "[503] down")


def test_every_message_exists_in_both_languages_with_the_same_fields():
    for key, entry in error_texts.TEXTS.items():
        assert set(entry) == {"en", "ru"}, key
        fields = [set(re.findall(r"{(\w+)}", entry[lang])) for lang in ("en", "ru")]
        assert fields[0] == fields[1], key


def test_no_message_suggests_turning_verification_off():
    for entry in error_texts.TEXTS.values():
        for text in entry.values():
            assert "verify=False" not in text
