"""Offline first: no key → the local fake answers, and one line says so."""

from __future__ import annotations

import os

import pytest

from course_lib import offline
from course_lib.openrouter_client import chat_once

ASK = [{"role": "user", "content": "echo: offline works"}]
MODEL = "deepseek/deepseek-chat-v3.1:free"


@pytest.fixture
def lines():
    """What the offline helpers said."""
    return []


def test_without_a_key_the_block_uses_a_fake_and_restores_the_environment(lines):
    with offline.openrouter(lines.append) as is_offline:
        assert is_offline
        assert chat_once(ASK, model=MODEL)[0] == "offline works"
    assert lines == [
        "Offline mode: no OPENROUTER_API_KEY, so a local fake of OpenRouter answers "
        "(canned answers, no real model)."]
    assert os.environ["OPENROUTER_API_KEY"] == "" and os.environ["OPENROUTER_BASE_URL"] == ""


def test_with_a_key_nothing_changes_and_the_key_is_masked(lines, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-fake-real-looking-1234")
    with offline.openrouter(lines.append) as is_offline:
        assert not is_offline
        assert os.environ["OPENROUTER_API_KEY"] == "sk-or-v1-fake-real-looking-1234"
    assert lines == ["OpenRouter: https://openrouter.ai/api/v1 (key sk-or-v1-…1234)."]


def test_start_keeps_one_fake_for_the_process(lines, monkeypatch):
    monkeypatch.setattr(offline, "_running", None)
    try:
        assert offline.start(lines.append) is True
        first = os.environ["OPENROUTER_BASE_URL"]
        assert offline.start(lines.append) is True
        assert os.environ["OPENROUTER_BASE_URL"] == first, "a second call starts no second fake"
        assert chat_once(ASK, model=MODEL)[0] == "offline works"
        assert len(lines) == 2 and lines[0] == lines[1]
    finally:
        offline._running.stop()


def test_start_with_a_key_starts_nothing(lines, monkeypatch):
    monkeypatch.setattr(offline, "_running", None)
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-fake-real-looking-1234")
    assert offline.start(lines.append) is False
    assert offline._running is None and lines[0].startswith("OpenRouter: ")


def test_start_lets_local_calls_bypass_a_proxy(lines, monkeypatch):
    monkeypatch.setattr(offline, "_running", None)
    monkeypatch.setenv("NO_PROXY", "intranet.example")
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        offline.start(lines.append)
        assert os.environ["NO_PROXY"] == "intranet.example,127.0.0.1,localhost"
        assert os.environ["no_proxy"] == "127.0.0.1,localhost"
        offline.bypass_proxy_for_loopback()
        assert os.environ["NO_PROXY"] == "intranet.example,127.0.0.1,localhost", "idempotent"
    finally:
        offline._running.stop()
