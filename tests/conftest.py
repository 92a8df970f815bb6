"""Fixtures shared by the test files: the local fakes, each fresh for every test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from course_lib.fakes.openrouter import FakeOpenRouter


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
