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


@pytest.fixture
def fake_openrouter() -> Iterator[FakeOpenRouter]:
    """A fresh local OpenRouter on a free port of 127.0.0.1, stopped after the test."""
    with FakeOpenRouter() as fake:
        yield fake
