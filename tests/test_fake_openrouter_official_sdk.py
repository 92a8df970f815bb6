"""Fidelity: the official `openrouter` SDK, unchanged, works against the OpenRouter fake.

The SDK is generated from OpenRouter's OpenAPI schema and validates every response against it,
so each test here fails when the fake leaves out a field the real service sends.
"""

from __future__ import annotations

import pytest

openrouter = pytest.importorskip("openrouter")  # test-only dependency (requirements.txt)
from openrouter import OpenRouter, errors  # noqa: E402

from course_lib import catalog, offline  # noqa: E402
from course_lib.fakes.openrouter import FakeOpenRouter  # noqa: E402

KEY = "sk-or-v1-fake-sdk-alice"
FREE = "deepseek/deepseek-chat-v3.1:free"
PAID = "openai/gpt-4o-mini"
HELLO = [{"role": "user", "content": "What is SQLite?"}]


def sdk(fake: FakeOpenRouter, key: str = KEY) -> OpenRouter:
    """An SDK client pointed at the fake, without retries (they would only slow tests)."""
    return OpenRouter(api_key=key, server_url=fake.base_url, retry_config=None,
                      timeout_ms=10_000)


def real_shaped_key() -> str:
    """A key of a real key's shape, made at run time (no key shape sits in any file)."""
    return "sk-or-v1-" + "7e" * 32


def test_chat_send_returns_a_validated_result(fake_openrouter):
    result = sdk(fake_openrouter).chat.send(model=PAID, messages=HELLO, max_tokens=400)
    assert result.id.startswith("gen-") and result.model == PAID
    assert result.system_fingerprint is None  # required by the schema, null at OpenRouter
    choice = result.choices[0]
    assert choice.finish_reason == "stop" and "SQLite" in choice.message.content
    usage = result.usage
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    assert usage.cost == pytest.approx(
        catalog.price_usd(PAID, usage.prompt_tokens, usage.completion_tokens))


def test_usage_carries_token_details_and_the_cost_breakdown(fake_openrouter):
    usage = sdk(fake_openrouter).chat.send(model=PAID, messages=HELLO).usage
    assert usage.prompt_tokens_details.cached_tokens == 0
    assert usage.completion_tokens_details.reasoning_tokens == 0
    details = usage.cost_details
    assert details.upstream_inference_prompt_cost == pytest.approx(
        catalog.price_usd(PAID, usage.prompt_tokens, 0))
    assert (details.upstream_inference_prompt_cost + details.upstream_inference_completions_cost
            == pytest.approx(usage.cost))
    assert usage.is_byok is False


def test_streamed_chunks_give_the_same_text_and_usage(fake_openrouter):
    client = sdk(fake_openrouter)
    plain = client.chat.send(model=FREE, messages=HELLO)
    chunks = list(client.chat.send(model=FREE, messages=HELLO, stream=True))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == plain.choices[0].message.content and len(chunks) > 10
    assert chunks[-1].choices == [] and chunks[-1].usage == plain.usage


def test_models_list_validates_every_model_of_the_catalog(fake_openrouter):
    page = sdk(fake_openrouter).models.list().result  # the SDK asks for 500 at offset 0
    assert [m.id for m in page.data] == [m["id"] for m in catalog.models()]
    assert page.total_count == len(page.data) and page.links.next is None
    v31 = next(m for m in page.data if m.id == FREE)
    assert v31.canonical_slug == "deepseek/deepseek-chat-v3.1"
    assert v31.architecture.input_modalities == ["text"]
    assert v31.pricing.prompt == "0" and v31.top_provider.context_length
    assert "max_tokens" in v31.supported_parameters and v31.per_request_limits is None


def test_models_list_pages(fake_openrouter):
    page = sdk(fake_openrouter).models.list(offset=300, limit=10).result
    every = [m["id"] for m in catalog.models()]
    assert [m.id for m in page.data] == every[300:310] and page.total_count == len(every)
    assert page.links.next == "/api/v1/models?offset=310&limit=10"


def test_current_key_metadata_validates(fake_openrouter):
    client = sdk(fake_openrouter)
    cost = client.chat.send(model=PAID, messages=HELLO).usage.cost
    data = client.api_keys.get_current_key_metadata().data
    assert data.label == "sk-or-v1-fak...ice"  # OpenRouter's shape: 3 characters ... last 3
    assert data.usage == data.usage_daily == data.usage_monthly == pytest.approx(cost)
    assert data.byok_usage == 0 and data.is_management_key is False
    assert data.limit is None and data.free_model_daily_requests.limit == 50


def test_mid_stream_error_arrives_as_a_chunk_with_an_integer_code(fake_openrouter):
    fake_openrouter.mid_stream_error()
    chunks = list(sdk(fake_openrouter).chat.send(model=FREE, messages=HELLO, stream=True))
    *pieces, last = chunks
    assert pieces and all(p.choices[0].delta.content for p in pieces)
    assert last.error.code == 502 and last.error.message == "Provider disconnected unexpectedly"
    assert last.error.metadata.error_type == "provider_unavailable"
    assert last.choices[0].finish_reason == "error"


@pytest.mark.parametrize(("key", "message"), [
    ("sk-or-v1-typo-0123", "User not found."),  # mistyped: no such account
    ("sk-or-v1-", "No auth credentials found"),
    ("sk-0r-v1-" + "ab" * 32, "No auth credentials found"),  # not an OpenRouter key at all
])
def test_malformed_keys_raise_the_sdks_unauthorized_error(fake_openrouter, key, message):
    with pytest.raises(errors.UnauthorizedResponseError, match=message) as caught:
        sdk(fake_openrouter, key).chat.send(model=FREE, messages=HELLO)
    assert caught.value.status_code == 401
    assert fake_openrouter.chat_requests()  # it reached the fake, which refused it


def test_a_well_formed_key_and_the_course_keys_are_accepted(fake_openrouter):
    for key in (real_shaped_key(), offline.FAKE_KEY, "sk-or-v1-grader-" + "0f" * 24):
        assert sdk(fake_openrouter, key).chat.send(model=FREE, messages=HELLO).choices


def test_strict_mode_accepts_only_the_keys_it_was_given():
    given = real_shaped_key()
    with FakeOpenRouter(keys=[given, "my-own-placeholder"], strict=True) as fake:
        for key in (given, "my-own-placeholder", offline.FAKE_KEY):
            assert sdk(fake, key).chat.send(model=FREE, messages=HELLO).choices
        for key in ("sk-or-v1-" + "0" * 64, KEY):
            with pytest.raises(errors.UnauthorizedResponseError, match="User not found"):
                sdk(fake, key).chat.send(model=FREE, messages=HELLO)


def test_scripted_statuses_raise_the_sdks_error_classes(fake_openrouter):
    classes = {400: errors.BadRequestResponseError, 402: errors.PaymentRequiredResponseError,
               404: errors.NotFoundResponseError, 429: errors.TooManyRequestsResponseError,
               500: errors.InternalServerResponseError, 502: errors.BadGatewayResponseError,
               503: errors.ServiceUnavailableResponseError}
    client = sdk(fake_openrouter)
    for status, error_class in classes.items():
        fake_openrouter.fail(status)
        with pytest.raises(error_class) as caught:
            client.chat.send(model=FREE, messages=HELLO)
        assert caught.value.status_code == status and caught.value.data.error.code == status


def test_a_graders_fake_accepts_any_credential_but_not_none():
    with FakeOpenRouter(any_key=True) as fake:
        assert sdk(fake, "sk-or-v1-PASTE-YOUR-KEY-HERE").chat.send(model=FREE,
                                                                   messages=HELLO).choices
        with pytest.raises(errors.UnauthorizedResponseError, match="Missing Authentication"):
            OpenRouter(server_url=fake.base_url, retry_config=None).chat.send(
                model=FREE, messages=HELLO)
