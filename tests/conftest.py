"""Fixtures shared by the test files: the local fakes, each fresh for every test."""

from __future__ import annotations

import ssl
from collections.abc import Iterator

import pytest

from course_lib.fakes.openrouter import FakeOpenRouter

try:  # only the TLS tests need it; it is in requirements.txt
    import trustme
except ImportError:  # pragma: no cover
    trustme = None


@pytest.fixture(autouse=True)
def offline_environment(tmp_path, monkeypatch) -> None:
    """Every test starts offline: no key or token, English, its own database file.

    An empty variable wins over `.env`, so a developer's real key in `.env` is never used;
    loopback bypasses any proxy configured on the machine.
    """
    for name in ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "TELEGRAM_BOT_TOKEN",
                 "TELEGRAM_API_URL"):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("COURSE_LANG", "en")
    monkeypatch.setenv("COURSE_DB", str(tmp_path / "course_bot.db"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


FAKE_KEY = "sk-or-v1-fake-test-key"  # the fake accepts any key that is not revoked


@pytest.fixture
def online(fake_openrouter, monkeypatch) -> FakeOpenRouter:
    """The local OpenRouter with the client pointed at it: its base URL and a placeholder key."""
    monkeypatch.setenv("OPENROUTER_BASE_URL", fake_openrouter.base_url)
    monkeypatch.setenv("OPENROUTER_API_KEY", FAKE_KEY)
    return fake_openrouter


@pytest.fixture
def fake_openrouter() -> Iterator[FakeOpenRouter]:
    """A fresh local OpenRouter on a free port of 127.0.0.1, stopped after the test."""
    with FakeOpenRouter() as fake:
        yield fake


@pytest.fixture(scope="session")
def proxy_ca():
    """A certificate authority nobody trusts, like a corporate proxy's that intercepts HTTPS."""
    return trustme.CA()


@pytest.fixture
def https_openrouter(proxy_ca, monkeypatch) -> Iterator[FakeOpenRouter]:
    """The OpenRouter fake behind HTTPS with a certificate of `proxy_ca`; the client points at it.

    No CA bundle variable is set, so Python does not trust the certificate, exactly as it does
    not trust an intercepting proxy's. Tests set the key they need.
    """
    fake = FakeOpenRouter()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    proxy_ca.issue_cert("127.0.0.1").configure_cert(context)
    fake.httpd.socket = context.wrap_socket(fake.httpd.socket, server_side=True)
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE"):
        monkeypatch.delenv(name, raising=False)
    with fake:
        monkeypatch.setenv("OPENROUTER_BASE_URL", fake.base_url.replace("http:", "https:"))
        yield fake
