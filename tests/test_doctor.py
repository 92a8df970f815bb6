"""The doctor against the local fakes: every OpenRouter and network problem diagnosed right.

The OpenRouter fake plays the service (revoked key, data policy, rate limits, credit limit),
a closed port plays a wrong address, and the fake behind HTTPS with a certificate from an
untrusted CA (trustme) plays a corporate proxy that intercepts HTTPS.
"""

from __future__ import annotations

import socket

import pytest
from doctor_support import doctor, real_key, text_of

from course_lib import config
from course_lib.doctor import checks_python
from course_lib.doctor.check import FAIL, OK, SKIP, WARN
from course_lib.doctor.context import Context
from course_lib.fakes.openrouter import FakeOpenRouter

KEY = real_key()
NETWORK = ("openrouter.reach", "openrouter.auth", "openrouter.privacy")


@pytest.fixture
def service(fake_openrouter, monkeypatch) -> FakeOpenRouter:
    """The fake OpenRouter, and a key of the real shape pointed at it."""
    monkeypatch.setenv("OPENROUTER_BASE_URL", fake_openrouter.base_url)
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    return fake_openrouter


def closed_port() -> int:
    """A local port nothing listens on (connections to it are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- no key: offline mode -----------------------------------------------------------------------

def test_without_a_key_offline_mode_is_tested_and_network_checks_skipped():
    found = doctor()
    assert found["openrouter.key"].status == WARN
    assert "offline mode" in found["openrouter.key"].message
    assert found["openrouter.offline"].status == OK
    for check_id in NETWORK:
        assert found[check_id].status == SKIP
        assert "not checked without a key" in found[check_id].message
    assert all(check.status != FAIL for check in found.values())


def test_the_placeholder_of_offline_start_counts_as_offline_mode(fake_openrouter, monkeypatch):
    from course_lib import offline

    # What offline.start() leaves in a notebook's process: the fake's URL and its placeholder.
    monkeypatch.setenv("OPENROUTER_BASE_URL", fake_openrouter.base_url)
    monkeypatch.setenv("OPENROUTER_API_KEY", offline.FAKE_KEY)
    found = doctor()
    assert found["openrouter.key"].status == WARN
    assert "offline.start()" in found["openrouter.key"].message
    assert found["openrouter.offline"].status == OK
    assert found["openrouter.reach"].status == SKIP


# --- a working set-up ---------------------------------------------------------------------------

def test_a_good_key_passes_every_openrouter_check_and_stays_masked(service):
    found = doctor()
    for check_id in ("openrouter.key", "openrouter.url", *NETWORK, "bot.model"):
        assert found[check_id].status == OK, found[check_id]
    assert "openrouter.offline" not in found
    assert "free tier" in found["openrouter.auth"].message
    assert "no credit limit" in found["openrouter.auth"].message
    # The service is a local fake: its catalog is named as what it is.
    assert "catalog of the local server at 127.0.0.1:" in found["bot.model"].message
    assert "A local server answered at 127.0.0.1:" in found["openrouter.reach"].message
    assert KEY not in text_of(found)
    assert any(KEY in (r.header("Authorization") or "") for r in service.requests)


def test_the_privacy_probe_asks_for_one_token_of_a_free_model(service):
    doctor()
    (request,) = service.chat_requests()
    body = request.json
    assert body["max_tokens"] == 1 and body["model"].endswith(":free")


# --- what OpenRouter says about the key ---------------------------------------------------------

def test_a_revoked_key_is_rejected_and_later_checks_skipped(service):
    service.revoke(KEY)
    found = doctor()
    check = found["openrouter.auth"]
    assert check.status == FAIL and config.mask(KEY) in check.message
    assert "invalid or revoked" in check.fix and "User not found" in check.fix
    assert found["openrouter.privacy"].status == SKIP
    assert "Key accepted" in found["openrouter.privacy"].message
    assert KEY not in text_of(found)


def test_the_data_policy_404_is_the_privacy_setting(service):
    service.data_policy = True
    check = doctor()["openrouter.privacy"]
    assert check.status == FAIL and "privacy settings" in check.message
    assert "https://openrouter.ai/settings/privacy" in check.fix
    assert "Enable free endpoints that may publish prompts" in check.fix


@pytest.mark.parametrize(("limit", "words"), [
    ("free_per_minute", "20 requests per minute"),
    ("free_per_day", "50 requests a day"),
])
def test_a_rate_limit_is_a_warning_with_the_remedy(service, limit, words):
    setattr(service, limit, 0)
    check = doctor()["openrouter.privacy"]
    assert check.status == WARN and "429" in check.message
    assert words in check.fix


def test_a_used_up_credit_limit_is_a_warning(service):
    service.key_limit = 0.0
    check = doctor()["openrouter.auth"]
    assert check.status == WARN and "used up its credit limit" in check.message
    assert ":free" in check.fix


def test_a_credit_limit_with_money_left_is_reported(service):
    service.key_limit = 5.0
    check = doctor()["openrouter.auth"]
    assert check.status == OK and "credit limit $5.00, $5.00 left" in check.message


def test_a_paid_active_model_without_credits_warns_of_402(service, tmp_path):
    from doctor_support import add_model

    from course_lib import db

    path = config.db_path()
    db.init_db(path)
    add_model(path, 11, "deepseek/deepseek-chat-v3.1", "DeepSeek V3.1", active=True)
    check = doctor()["bot.model"]
    assert check.status == WARN and "402" in check.message
    assert ":free" in check.fix


# --- the address of OpenRouter ------------------------------------------------------------------

@pytest.mark.parametrize(("url", "words"), [
    ("https://openrouter.ai/api/v1/chat/completions", "/chat/completions"),
    ("https://openrouter.ai", "does not end with /api/v1"),
    ("openrouter.ai/api/v1", "not a full URL"),
    ("http://openrouter.ai/api/v1", "unencrypted"),
    ("'https://openrouter.ai/api/v1'", "quote marks"),
])
def test_a_malformed_base_url_fails_before_any_request(service, monkeypatch, url, words):
    monkeypatch.setenv("OPENROUTER_BASE_URL", url)
    found = doctor()
    assert found["openrouter.url"].status == FAIL and words in found["openrouter.url"].message
    assert "https://openrouter.ai/api/v1" in found["openrouter.url"].fix
    assert found["openrouter.reach"].status == SKIP
    assert service.requests == []


def test_a_wrong_path_on_the_server_is_a_404(service, monkeypatch):
    monkeypatch.setenv("OPENROUTER_BASE_URL", service.base_url.replace("/api/v1", "/v2/api/v1"))
    check = doctor()["openrouter.reach"]
    assert check.status == FAIL
    assert "OPENROUTER_BASE_URL" in check.fix and "/api/v1" in check.fix


def test_a_closed_port_is_connection_refused(service, monkeypatch):
    monkeypatch.setenv("OPENROUTER_BASE_URL", f"http://127.0.0.1:{closed_port()}/api/v1")
    found = doctor()
    assert found["openrouter.reach"].status == FAIL
    assert "Cannot connect" in found["openrouter.reach"].fix
    assert found["openrouter.auth"].status == SKIP
    assert found["openrouter.privacy"].status == SKIP


def test_an_answer_that_is_not_a_model_list_is_a_wrong_address(service, monkeypatch):
    monkeypatch.setattr("course_lib.doctor.probe.get_json", lambda *a, **k: {"hello": 1})
    check = doctor()["openrouter.reach"]
    assert check.status == FAIL and "not with OpenRouter's list" in check.message


# --- TLS: a proxy intercepting HTTPS ------------------------------------------------------------

@pytest.fixture
def https_service(https_openrouter, monkeypatch):
    """The HTTPS fake (conftest: a certificate of an untrusted CA), and a good key."""
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    return https_openrouter


def test_an_untrusted_certificate_is_recognised_as_an_intercepting_proxy(https_service):
    found = doctor()
    check = found["openrouter.reach"]
    assert check.status == FAIL and "intercepts HTTPS" in check.message
    assert "REQUESTS_CA_BUNDLE" in check.fix and "CERTIFICATE_VERIFY_FAILED" in check.fix
    assert "not in .env" in check.fix
    assert "verify=False" not in text_of(found)
    assert found["openrouter.auth"].status == SKIP


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"])
def test_trusting_the_proxy_ca_fixes_it(https_service, proxy_ca, tmp_path, monkeypatch,
                                        variable):
    bundle = tmp_path / "proxy-ca.pem"
    proxy_ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv(variable, str(bundle))
    found = doctor()
    assert found["openrouter.reach"].status == OK
    assert f"certificate verified with the CA bundle from {variable}" in (
        found["openrouter.reach"].message)
    assert found["openrouter.privacy"].status == OK


@pytest.fixture
def no_ca_variables(monkeypatch) -> None:
    """None of the variables that name a CA bundle is set."""
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)


def test_a_ca_bundle_variable_naming_a_missing_file_is_caught(service, no_ca_variables,
                                                              monkeypatch, tmp_path):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "nowhere.pem"))
    check = doctor()["openrouter.reach"]
    assert check.status == FAIL and "does not exist" in check.message
    assert service.requests == []


def test_a_ca_bundle_that_is_not_pem_is_caught(service, no_ca_variables, monkeypatch, tmp_path):
    bundle = tmp_path / "proxy.cer"
    bundle.write_bytes(b"\x30\x82\x01\x0a binary DER")
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    check = doctor()["openrouter.reach"]
    assert check.status == FAIL and "no PEM certificate" in check.message
    assert "openssl x509 -inform der" in check.fix


# --- Python -------------------------------------------------------------------------------------

def test_an_old_python_fails():
    ctx = Context.build()
    assert checks_python.version(ctx).status == OK
    old = checks_python.version(ctx, info=(3, 9, 18))
    assert old.status == FAIL and "3.9.18" in old.message and "venv" in old.fix


def test_missing_packages_fail_and_missing_notebook_packages_warn():
    ctx = Context.build()
    missing = checks_python.packages(ctx, required=(("no_such_module_here", "no-such"),))
    assert missing.status == FAIL and "no-such" in missing.message
    assert "pip install -r requirements.txt" in missing.fix
    extra = checks_python.packages(ctx, extra=(("no_such_module_here", "jupyter-x"),))
    assert extra.status == WARN and "jupyter-x" in extra.message
