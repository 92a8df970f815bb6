"""TLS: an intercepting proxy's certificate is recognised, and trusting its CA is the fix.

A local HTTPS server with a certificate from a throw-away CA stands in for a corporate proxy
that intercepts HTTPS: Python does not trust that CA, exactly as it does not trust the proxy's.
"""

from __future__ import annotations

import pytest

from course_lib.openrouter_client import OpenRouterError, chat
from course_lib.retry import RetryPolicy

ASK = [{"role": "user", "content": "What is HTTP?"}]
FREE = "deepseek/deepseek-chat-v3.1:free"


@pytest.fixture
def https_fake(https_openrouter, monkeypatch):
    """The HTTPS fake (conftest) with a placeholder key."""
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-fake-tls-tests")
    return https_openrouter


def test_untrusted_certificate_is_explained_with_the_ca_bundle_fix(https_fake):
    waits = []
    with pytest.raises(OpenRouterError) as caught:
        chat(ASK, model=FREE, policy=RetryPolicy(sleep=waits.append))
    error = caught.value
    assert (error.status, error.kind) == (503, "or.tls")
    assert "CERTIFICATE_VERIFY_FAILED" in error.msg and "REQUESTS_CA_BUNDLE" in error.msg
    assert "verify=False" not in error.msg
    assert waits == [], "a certificate problem does not go away by retrying"


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"])
def test_trusting_the_proxy_ca_fixes_it(https_fake, proxy_ca, tmp_path, monkeypatch, variable):
    bundle = tmp_path / "proxy-ca.pem"
    proxy_ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv(variable, str(bundle))
    assert chat(ASK, model=FREE).text
    assert len(https_fake.chat_requests()) == 1


def test_a_ca_bundle_that_does_not_exist_is_named(https_fake, tmp_path, monkeypatch):
    missing = tmp_path / "no-such-ca.pem"
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(missing))
    with pytest.raises(OpenRouterError) as caught:
        chat(ASK, model=FREE)
    assert caught.value.kind == "or.ca_missing" and str(missing) in caught.value.msg
