"""The OpenRouter fake's scripted faults, sticky faults and chaos mode."""

from __future__ import annotations

import json
import threading

import pytest
import requests

from course_lib.fakes.openrouter import FakeOpenRouter, errors
from course_lib.fakes.openrouter.faults import TRANSIENT

KEY = "sk-or-v1-fake-alice"
FREE = "deepseek/deepseek-chat-v3.1:free"
PAID = "openai/gpt-4o-mini"


def post(fake: FakeOpenRouter, *, key: str | None = KEY, timeout: float = 10,
         **fields: object) -> requests.Response:
    """POST a valid chat request for a free model (plus `fields`)."""
    body = {"model": FREE, "messages": [{"role": "user", "content": "hello"}], **fields}
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return requests.post(fake.base_url + "/chat/completions", json=body, headers=headers,
                         timeout=timeout)


def events(resp: requests.Response) -> list[dict]:
    """The JSON `data:` events of a stream."""
    lines = resp.content.decode("utf-8").split("\n")
    return [json.loads(line[6:]) for line in lines
            if line.startswith("data: ") and line != "data: [DONE]"]


# --- fail, fail_always ----------------------------------------------------------------------


def test_fail_answers_count_requests_then_recovers(fake_openrouter):
    fake_openrouter.fail(503, count=2)
    responses = [post(fake_openrouter) for _ in range(3)]
    assert [r.status_code for r in responses] == [503, 503, 200]
    assert responses[0].json()["error"] == {"code": 503,
                                            "message": "Service temporarily unavailable"}
    assert responses[0].json()["user_id"].startswith("user_")


@pytest.mark.parametrize(("status", "message"), [
    (400, errors.MESSAGES[400]),
    (401, "User not found."),
    (402, errors.MESSAGES[402]),
    (404, f"No endpoints found for {FREE}."),
    (408, "Request timed out"),
    (429, "Rate limit exceeded: free-models-per-min. "),
    (500, "Internal Server Error"),
    (502, "Provider returned error"),
    (503, "Service temporarily unavailable"),
    (504, errors.MESSAGES[504]),
    (418, "I'm a Teapot"),
])
def test_fail_uses_openrouters_message_for_each_status(fake_openrouter, status, message):
    fake_openrouter.fail(status)
    resp = post(fake_openrouter)
    assert resp.status_code == status
    assert resp.json()["error"]["code"] == status and resp.json()["error"]["message"] == message


def test_fail_403_is_a_moderation_error_with_reasons(fake_openrouter):
    fake_openrouter.fail(403)
    error = post(fake_openrouter).json()["error"]
    assert "requires moderation" in error["message"]
    metadata = error["metadata"]
    assert metadata["reasons"] == ["harassment"] and metadata["flagged_input"]
    assert metadata["model_slug"] == FREE and metadata["provider_name"]


def test_fail_502_names_the_provider_and_its_raw_error(fake_openrouter):
    fake_openrouter.fail(502)
    metadata = post(fake_openrouter, model=PAID).json()["error"]["metadata"]
    assert metadata == {"raw": errors.PROVIDER_RAW, "provider_name": "OpenAI"}


def test_fail_429_carries_ratelimit_headers_in_body_and_http(fake_openrouter):
    fake_openrouter.fail(429)
    resp = post(fake_openrouter)
    headers = resp.json()["error"]["metadata"]["headers"]
    assert headers["X-RateLimit-Remaining"] == "0"
    assert resp.headers["X-RateLimit-Reset"] == headers["X-RateLimit-Reset"]


def test_fail_with_own_message_and_retry_after(fake_openrouter):
    fake_openrouter.fail(429, message="Slow down", retry_after=7)
    resp = post(fake_openrouter)
    assert resp.json()["error"]["message"] == "Slow down" and resp.headers["Retry-After"] == "7"


@pytest.mark.parametrize(("status", "title"), [(502, "502 Bad Gateway"),
                                               (503, "503 Service Unavailable"),
                                               (504, "504 Gateway Timeout")])
def test_fail_html_sends_a_proxys_html_page(fake_openrouter, status, title):
    fake_openrouter.fail(status, html=True)
    resp = post(fake_openrouter)
    assert resp.status_code == status
    assert resp.headers["Content-Type"].startswith("text/html")
    assert f"<title>{title}</title>" in resp.text and "nginx" in resp.text
    with pytest.raises(ValueError):
        resp.json()


def test_fail_always_is_sticky_until_clear(fake_openrouter):
    fake_openrouter.fail_always(500)
    assert [post(fake_openrouter).status_code for _ in range(3)] == [500] * 3
    fake_openrouter.clear()
    assert post(fake_openrouter).status_code == 200


def test_queued_faults_come_first_in_order_then_the_sticky_one(fake_openrouter):
    fake_openrouter.fail_always(503)
    fake_openrouter.fail(500)
    fake_openrouter.malformed()
    fake_openrouter.fail(502, count=2)
    responses = [post(fake_openrouter) for _ in range(5)]
    assert [r.status_code for r in responses] == [500, 200, 502, 502, 503]
    with pytest.raises(ValueError):
        responses[1].json()


def test_faults_wait_for_a_request_that_passes_the_key_check(fake_openrouter):
    fake_openrouter.fail(503)
    assert post(fake_openrouter, key=None).status_code == 401
    fake_openrouter.revoke("sk-or-v1-fake-revoked")
    assert post(fake_openrouter, key="sk-or-v1-fake-revoked").status_code == 401
    assert post(fake_openrouter).status_code == 503


def test_faults_come_before_the_body_checks(fake_openrouter):
    fake_openrouter.fail(503)
    assert post(fake_openrouter, model="not/a-model").status_code == 503


def test_faults_touch_only_chat_requests(fake_openrouter):
    fake_openrouter.fail_always(500)
    assert requests.get(fake_openrouter.base_url + "/models", timeout=10).status_code == 200
    resp = requests.get(fake_openrouter.base_url + "/key", timeout=10,
                        headers={"Authorization": f"Bearer {KEY}"})
    assert resp.status_code == 200


@pytest.mark.parametrize(("call", "error"), [
    (lambda f: f.fail(200), "status must be an HTTP error status"),
    (lambda f: f.fail(503, count=0), "count must be a whole number"),
    (lambda f: f.error_in_200(status=99), "status must be"),
    (lambda f: f.hang(-1), "seconds must be between"),
    (lambda f: f.chaos(1.5), "chaos rate must be between 0 and 1"),
])
def test_senseless_faults_are_refused(fake_openrouter, call, error):
    with pytest.raises(ValueError, match=error):
        call(fake_openrouter)


# --- errors inside HTTP 200 -----------------------------------------------------------------


def test_error_in_200_has_an_error_and_no_choices(fake_openrouter):
    fake_openrouter.error_in_200()
    resp = post(fake_openrouter)
    body = resp.json()
    assert resp.status_code == 200 and "choices" not in body
    assert body["error"]["code"] == 502 and body["error"]["message"] == "Provider returned error"
    assert body["error"]["metadata"]["provider_name"] == "Chutes"


def test_error_in_200_takes_a_status(fake_openrouter):
    fake_openrouter.error_in_200(count=2, status=503)
    bodies = [post(fake_openrouter).json() for _ in range(3)]
    assert [b.get("error", {}).get("code") for b in bodies] == [503, 503, None]


def test_error_in_200_in_a_stream_is_its_only_event(fake_openrouter):
    fake_openrouter.error_in_200()
    resp = post(fake_openrouter, stream=True)
    (event,) = events(resp)
    assert resp.status_code == 200 and resp.text.startswith(": OPENROUTER PROCESSING")
    assert event["error"]["code"] == 502 and event["choices"][0]["finish_reason"] == "error"


def test_finish_reason_error_stops_after_a_few_words(fake_openrouter):
    fake_openrouter.finish_reason_error()
    resp = post(fake_openrouter)
    (choice,) = resp.json()["choices"]
    assert resp.status_code == 200 and choice["finish_reason"] == "error"
    assert choice["error"] == {"code": 502, "message": "Provider disconnected unexpectedly"}
    assert 0 < len(choice["message"]["content"].split()) <= 5


def test_mid_stream_error_sends_text_then_an_error_event_and_no_done(fake_openrouter):
    fake_openrouter.mid_stream_error()
    resp = post(fake_openrouter, stream=True)
    *pieces, last = events(resp)
    assert resp.status_code == 200 and pieces
    assert all(p["choices"][0]["delta"]["content"] for p in pieces)
    assert last["error"] == {"code": 502, "message": "Provider disconnected unexpectedly",
                             "metadata": {"error_type": "provider_unavailable"}}
    assert last["choices"][0]["finish_reason"] == "error"
    assert "[DONE]" not in resp.text and "usage" not in resp.text


def test_mid_stream_error_without_stream_is_a_finish_reason_error(fake_openrouter):
    fake_openrouter.mid_stream_error()
    assert post(fake_openrouter).json()["choices"][0]["finish_reason"] == "error"


def test_finish_reason_error_in_a_stream_is_a_mid_stream_error(fake_openrouter):
    fake_openrouter.finish_reason_error()
    assert events(post(fake_openrouter, stream=True))[-1]["choices"][0]["finish_reason"] == "error"


def test_the_connection_stays_usable_after_a_mid_stream_error(fake_openrouter):
    fake_openrouter.mid_stream_error()
    with requests.Session() as session:
        texts = [session.post(fake_openrouter.base_url + "/chat/completions", timeout=10,
                              headers={"Authorization": f"Bearer {KEY}"},
                              json={"model": FREE, "stream": True,
                                    "messages": [{"role": "user", "content": "x"}]}).text
                 for _ in range(2)]
    assert "Provider disconnected" in texts[0] and "data: [DONE]" in texts[1]
    assert len({r.client_port for r in fake_openrouter.requests}) == 1


def test_upstream_rate_limit_is_a_429_from_the_provider(fake_openrouter):
    fake_openrouter.upstream_rate_limit()
    resp = post(fake_openrouter)
    error = resp.json()["error"]
    assert resp.status_code == 429 and error["message"] == "Provider returned error"
    assert error["metadata"] == {
        "raw": f"{FREE} is temporarily rate-limited upstream. Please retry shortly, or add your "
               "own key to accumulate your rate limits: https://openrouter.ai/settings/integrations",
        "provider_name": "Chutes"}


def test_malformed_is_json_content_type_with_a_cut_off_body(fake_openrouter):
    fake_openrouter.malformed()
    resp = post(fake_openrouter)
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("application/json")
    assert resp.text.startswith('{"id": "gen-')
    with pytest.raises(json.JSONDecodeError):
        json.loads(resp.text)


def test_malformed_stream_has_an_event_that_is_not_json(fake_openrouter):
    fake_openrouter.malformed()
    resp = post(fake_openrouter, stream=True)
    with pytest.raises(json.JSONDecodeError):
        events(resp)


def test_unexpected_json_has_neither_choices_nor_error(fake_openrouter):
    fake_openrouter.unexpected_json()
    body = post(fake_openrouter).json()
    assert body["id"].startswith("gen-") and "choices" not in body and "error" not in body


def test_unexpected_json_stream_has_events_without_choices(fake_openrouter):
    fake_openrouter.unexpected_json()
    resp = post(fake_openrouter, stream=True)
    assert [set(e) for e in events(resp)] == [{"id", "object", "model"}]
    assert resp.text.rstrip().endswith("data: [DONE]")


# --- drop, hang -----------------------------------------------------------------------------


def test_drop_closes_the_connection_without_a_response(fake_openrouter):
    fake_openrouter.drop()
    with pytest.raises(requests.ConnectionError):
        post(fake_openrouter)
    assert post(fake_openrouter).status_code == 200


def test_hang_makes_a_client_time_out_and_then_answers_normally(fake_openrouter):
    fake_openrouter.hang(0.05)
    fake_openrouter.hang(30)
    assert post(fake_openrouter).status_code == 200  # waited 50 ms, then answered
    with pytest.raises(requests.ReadTimeout):
        post(fake_openrouter, timeout=0.3)


def test_a_hanging_request_blocks_neither_others_nor_stop():
    fake = FakeOpenRouter().start()
    fake.hang(60)
    outcome: list[object] = []

    def hanging() -> None:
        try:
            outcome.append(post(fake, timeout=30))
        except requests.RequestException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=hanging)
    thread.start()
    while not fake.chat_requests():  # wait until the hanging request has arrived
        thread.join(timeout=0.01)
    assert post(fake).status_code == 200 and thread.is_alive()
    fake.stop()
    thread.join(timeout=10)
    assert not thread.is_alive() and isinstance(outcome[0], requests.ConnectionError)


# --- chaos ----------------------------------------------------------------------------------


def statuses_under_chaos(rate: float, seed: int, n: int = 40) -> list[int]:
    """The statuses of `n` chat requests to a fresh fake in chaos mode."""
    with FakeOpenRouter(chaos=rate, seed=seed) as fake, requests.Session() as session:
        return [session.post(fake.base_url + "/chat/completions", timeout=10,
                             headers={"Authorization": f"Bearer {KEY}"},
                             json={"model": FREE, "messages": [{"role": "user", "content": "x"}]}
                             ).status_code for _ in range(n)]


def test_chaos_fails_about_its_rate_with_transient_statuses_reproducibly():
    first = statuses_under_chaos(0.5, seed=7)
    failures = [s for s in first if s != 200]
    assert first == statuses_under_chaos(0.5, seed=7)
    assert first != statuses_under_chaos(0.5, seed=8)
    assert 5 <= len(failures) <= 35 and set(failures) <= set(TRANSIENT)


def test_chaos_rate_one_fails_everything_and_zero_nothing():
    assert 200 not in statuses_under_chaos(1.0, seed=1, n=20)
    assert set(statuses_under_chaos(0.0, seed=1, n=20)) == {200}


def test_chaos_method_and_clear(fake_openrouter):
    fake_openrouter.chaos(1.0, seed=3)
    assert post(fake_openrouter).status_code in TRANSIENT
    fake_openrouter.clear()
    assert post(fake_openrouter).status_code == 200


def test_stop_ends_every_wait_at_once():
    fake = FakeOpenRouter().start()
    results: list[bool] = []
    waiter = threading.Thread(target=lambda: results.append(fake.pause(600)))
    waiter.start()
    fake.stop()
    waiter.join(timeout=10)
    assert not waiter.is_alive() and results == [False]
    assert fake.pause(0) is False  # and a stopped fake does not start new waits
