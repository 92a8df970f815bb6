"""Fidelity: the official `openai` SDK, unchanged, works against the OpenRouter fake."""

from __future__ import annotations

from types import ModuleType
from typing import TYPE_CHECKING

import pytest

from course_lib import catalog
from course_lib.fakes.openrouter import FakeOpenRouter

if TYPE_CHECKING:
    import openai as openai_types

KEY = "sk-or-v1-fake-alice"
FREE = "deepseek/deepseek-chat-v3.1:free"
PAID = "openai/gpt-4o-mini"
HELLO = [{"role": "user", "content": "What is SQLite?"}]


def openai_sdk() -> ModuleType:
    """The `openai` package, imported on first use: it takes half a second, and every xdist
    worker imports this file to collect it."""
    import openai

    return openai


def client(fake: FakeOpenRouter, retries: int = 0, key: str = KEY) -> openai_types.OpenAI:
    """An SDK client pointed at the fake (no retries unless asked: they would slow tests)."""
    return openai_sdk().OpenAI(base_url=fake.base_url, api_key=key, max_retries=retries, timeout=10)


def test_create_returns_a_parsed_completion(fake_openrouter):
    completion = client(fake_openrouter).chat.completions.create(model=PAID, messages=HELLO,
                                                                 max_tokens=400)
    choice = completion.choices[0]
    assert completion.id.startswith("gen-") and completion.model == PAID
    assert choice.finish_reason == "stop" and "SQLite" in choice.message.content
    assert choice.message.role == "assistant"
    usage = completion.usage
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert usage.cost == pytest.approx(
        catalog.price_usd(PAID, usage.prompt_tokens, usage.completion_tokens))
    assert completion.provider == "OpenAI"  # OpenRouter's extra field survives parsing


def test_sdk_request_reaches_the_fake_as_sent(fake_openrouter):
    client(fake_openrouter).chat.completions.create(model=FREE, messages=HELLO, temperature=0.2,
                                                    max_tokens=50)
    (request,) = fake_openrouter.chat_requests()
    assert request.header("Authorization") == f"Bearer {KEY}"
    assert request.json == {"model": FREE, "messages": HELLO, "temperature": 0.2,
                            "max_tokens": 50}


def test_streamed_text_and_usage_match_the_plain_answer(fake_openrouter):
    sdk = client(fake_openrouter)
    plain = sdk.chat.completions.create(model=PAID, messages=HELLO)
    pieces, finish, usage = [], None, None
    for chunk in sdk.chat.completions.create(model=PAID, messages=HELLO, stream=True):
        if chunk.choices:
            pieces.append(chunk.choices[0].delta.content or "")
            finish = chunk.choices[0].finish_reason or finish
        if chunk.usage is not None:
            usage = chunk.usage
    assert "".join(pieces) == plain.choices[0].message.content and len(pieces) > 10
    assert finish == "stop" and usage == plain.usage


def test_sdk_requests_reuse_one_connection(fake_openrouter):
    sdk = client(fake_openrouter)
    for _ in range(5):
        sdk.chat.completions.create(model=FREE, messages=HELLO)
    sdk.models.list()
    # (A stream is different: the sync SDK closes the response at `[DONE]` before reading the
    # end of the chunked body, so it opens a new connection after each stream, here as online.)
    assert len({r.client_port for r in fake_openrouter.requests}) == 1


def test_models_list_is_the_catalog(fake_openrouter):
    models = client(fake_openrouter).models.list()
    assert [m.id for m in models] == [m["id"] for m in catalog.models()]


@pytest.mark.parametrize(("status", "error_class"), [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (402, "APIStatusError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (502, "InternalServerError"),
    (503, "InternalServerError"),
    (504, "InternalServerError"),
])
def test_scripted_statuses_raise_the_sdks_exception_classes(fake_openrouter, status, error_class):
    fake_openrouter.fail(status)
    with pytest.raises(getattr(openai_sdk(), error_class)) as caught:
        client(fake_openrouter).chat.completions.create(model=FREE, messages=HELLO)
    assert caught.value.status_code == status
    assert caught.value.body["code"] == status  # the SDK unwraps OpenRouter's "error" object


def test_html_error_page_raises_internal_server_error(fake_openrouter):
    fake_openrouter.fail(502, html=True)
    with pytest.raises(openai_sdk().InternalServerError) as caught:
        client(fake_openrouter).chat.completions.create(model=FREE, messages=HELLO)
    assert "502 Bad Gateway" in caught.value.response.text


def test_free_limit_and_bad_model_raise_the_right_classes():
    with FakeOpenRouter(free_per_minute=1) as fake:
        sdk = client(fake)
        sdk.chat.completions.create(model=FREE, messages=HELLO)
        with pytest.raises(openai_sdk().RateLimitError, match="free-models-per-min"):
            sdk.chat.completions.create(model=FREE, messages=HELLO)
        with pytest.raises(openai_sdk().BadRequestError, match="is not a valid model ID"):
            sdk.chat.completions.create(model="nope/nope", messages=HELLO)


def test_revoked_key_raises_authentication_error(fake_openrouter):
    fake_openrouter.revoke("sk-or-v1-fake-revoked")
    with pytest.raises(openai_sdk().AuthenticationError, match="User not found"):
        client(fake_openrouter, key="sk-or-v1-fake-revoked").chat.completions.create(
            model=FREE, messages=HELLO)


def test_data_policy_raises_not_found(fake_openrouter):
    fake_openrouter.data_policy = True
    with pytest.raises(openai_sdk().NotFoundError, match="data policy"):
        client(fake_openrouter).chat.completions.create(model=FREE, messages=HELLO)


def test_no_credits_raises_a_402_the_sdk_does_not_retry(fake_openrouter):
    fake_openrouter.no_credits = True
    with pytest.raises(openai_sdk().APIStatusError) as caught:
        client(fake_openrouter, retries=2).chat.completions.create(model=PAID, messages=HELLO)
    assert caught.value.status_code == 402 and len(fake_openrouter.chat_requests()) == 1


def test_mid_stream_error_raises_api_error_after_some_text(fake_openrouter):
    fake_openrouter.mid_stream_error()
    pieces = []
    with pytest.raises(openai_sdk().APIError, match="Provider disconnected unexpectedly"):
        for chunk in client(fake_openrouter).chat.completions.create(model=FREE, messages=HELLO,
                                                                     stream=True):
            pieces.append(chunk.choices[0].delta.content)
    assert pieces and all(pieces)


def test_dropped_connection_raises_connection_error(fake_openrouter):
    fake_openrouter.drop()
    with pytest.raises(openai_sdk().APIConnectionError):
        client(fake_openrouter).chat.completions.create(model=FREE, messages=HELLO)


def test_hang_raises_timeout_error(fake_openrouter):
    fake_openrouter.hang(30)
    sdk = openai_sdk().OpenAI(base_url=fake_openrouter.base_url, api_key=KEY, max_retries=0,
                        timeout=0.3)
    with pytest.raises(openai_sdk().APITimeoutError):
        sdk.chat.completions.create(model=FREE, messages=HELLO)


def test_sdk_retries_a_transient_failure_and_succeeds(fake_openrouter):
    fake_openrouter.fail(503)
    completion = client(fake_openrouter, retries=2).chat.completions.create(model=FREE,
                                                                           messages=HELLO)
    assert completion.choices[0].message.content
    assert len(fake_openrouter.chat_requests()) == 2
    assert fake_openrouter.chat_requests()[1].header("x-stainless-retry-count") == "1"


# --- the gaps the official `openrouter` SDK found, seen from the `openai` SDK and raw httpx ----


def test_openai_sdk_sees_fingerprint_and_usage_details(fake_openrouter):
    completion = client(fake_openrouter).chat.completions.create(model=PAID, messages=HELLO)
    assert completion.system_fingerprint is None
    usage = completion.usage
    assert usage.prompt_tokens_details.cached_tokens == 0
    assert usage.completion_tokens_details.reasoning_tokens == 0
    assert usage.cost_details["upstream_inference_prompt_cost"] == pytest.approx(
        catalog.price_usd(PAID, usage.prompt_tokens, 0))  # OpenRouter's extra field survives


def test_openai_sdk_models_carry_openrouters_fields(fake_openrouter):
    model = next(m for m in client(fake_openrouter).models.list() if m.id == FREE)
    extra = model.model_extra
    assert extra["canonical_slug"] == "deepseek/deepseek-chat-v3.1"
    assert {"architecture", "top_provider", "per_request_limits", "supported_parameters",
            "description", "links"} <= set(extra)


def test_openai_sdk_gets_an_authentication_error_for_a_mistyped_key(fake_openrouter):
    with pytest.raises(openai_sdk().AuthenticationError, match="User not found"):
        client(fake_openrouter, key="sk-or-v1-typo-1234").chat.completions.create(
            model=FREE, messages=HELLO)


def test_raw_httpx_sees_the_same_wire_format(fake_openrouter):
    httpx = pytest.importorskip("httpx")
    with httpx.Client(base_url=fake_openrouter.base_url + "/", timeout=10) as http:
        models = http.get("models").json()["data"]
        assert len(models) == len(catalog.models()) and "links" in models[0]
        refused = http.post("chat/completions", json={"model": FREE, "messages": HELLO},
                            headers={"Authorization": "Bearer sk-or-v1-typo-1234"})
        assert refused.status_code == 401
        assert refused.json() == {"error": {"code": 401, "message": "User not found."}}
        key = http.get("key", headers={"Authorization": f"Bearer {KEY}"}).json()["data"]
        assert {"usage_daily", "usage_weekly", "usage_monthly", "byok_usage",
                "is_management_key", "include_byok_in_limit"} <= set(key)
