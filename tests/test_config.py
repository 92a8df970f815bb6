"""Settings: environment over `.env`, read at call time, secrets masked."""

from __future__ import annotations

import os

import pytest

from course_lib import config

VARS = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL",
        "COURSE_DB", "COURSE_LANG")


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """A clean working directory with none of the course's variables in the environment."""
    for name in VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_env(folder, text: str) -> None:
    """Write a `.env` file and make sure its modification stamp changes."""
    path = folder / ".env"
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_defaults_without_env_or_file(workdir):
    assert config.openrouter_key() is None
    assert config.openrouter_base_url() == "https://openrouter.ai/api/v1"
    assert config.telegram_api_url() == "https://api.telegram.org"
    assert config.telegram_token() is None
    assert config.db_path().name == "course_bot.db"
    assert config.lang() == "en"


def test_dotenv_is_read(workdir):
    write_env(workdir, "OPENROUTER_API_KEY=sk-or-v1-from-dotenv\nCOURSE_LANG=ru\n")
    assert config.openrouter_key() == "sk-or-v1-from-dotenv"
    assert config.lang() == "ru"


def test_dotenv_found_in_a_parent_folder(workdir, monkeypatch):
    write_env(workdir, "TELEGRAM_API_URL=http://127.0.0.1:9/\n")
    (workdir / "notebooks").mkdir()
    monkeypatch.chdir(workdir / "notebooks")
    assert config.telegram_api_url() == "http://127.0.0.1:9"


def test_environment_wins_over_dotenv(workdir, monkeypatch):
    write_env(workdir, "OPENROUTER_API_KEY=sk-or-v1-from-dotenv\n")
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-from-shell")
    assert config.openrouter_key() == "sk-or-v1-from-shell"


def test_empty_environment_value_means_no_key_even_with_dotenv(workdir, monkeypatch):
    write_env(workdir, "OPENROUTER_API_KEY=sk-or-v1-from-dotenv\n")
    monkeypatch.setenv("OPENROUTER_API_KEY", "")
    assert config.openrouter_key() is None


def test_settings_are_read_at_call_time(workdir, monkeypatch):
    write_env(workdir, "OPENROUTER_API_KEY=sk-or-v1-first\n")
    assert config.openrouter_key() == "sk-or-v1-first"
    write_env(workdir, "OPENROUTER_API_KEY=sk-or-v1-second-value\n")
    assert config.openrouter_key() == "sk-or-v1-second-value"
    monkeypatch.setenv("COURSE_DB", str(workdir / "other.db"))
    assert config.db_path() == workdir / "other.db"


def test_duplicate_variable_last_one_wins(workdir):
    # python-dotenv's rule, and the trap the doctor warns about: a placeholder further down
    # silently replaces the real key.
    write_env(workdir, "OPENROUTER_API_KEY=sk-or-v1-real\nOPENROUTER_API_KEY=\n")
    assert config.openrouter_key() is None


def test_byte_order_mark_and_crlf_are_tolerated(workdir):
    (workdir / ".env").write_bytes("\ufeffCOURSE_LANG=ru\r\nCOURSE_DB=x.db\r\n".encode())
    assert config.lang() == "ru"
    assert config.db_path().name == "x.db"


def test_whitespace_around_values_is_ignored(workdir, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "  sk-or-v1-spaced  ")
    assert config.openrouter_key() == "sk-or-v1-spaced"


def test_unknown_language_falls_back_to_english(workdir, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "de")
    assert config.lang() == "en"
    monkeypatch.setenv("COURSE_LANG", "RU")
    assert config.lang() == "ru"


@pytest.mark.parametrize(
    ("secret", "shown"),
    [
        ("sk-or-v1-" + "0123456789abcdef" * 4, "sk-or-v1-…cdef"),
        ("123456789:AAFakeTokenForMaskingTests_xyz1", "123…xyz1"),
        (None, "(not set)"),
        ("", "(not set)"),
        ("   ", "(not set)"),
        ("short", "…"),
        ("sk-or-v1-abc", "…bc"),
    ],
)
def test_mask_shows_only_prefix_and_tail(secret, shown):
    assert config.mask(secret) == shown


def test_mask_says_not_set_in_the_courses_language(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    assert config.mask(None) == config.mask("  ") == "(не задан)"


def test_mask_never_reveals_the_middle():
    secret = "sk-or-v1-" + "a1b2c3d4e5" * 6 + "zzzz"
    masked = config.mask(secret)
    assert "a1b2c3d4e5" not in masked
    assert len(masked) < 20


def test_a_dotenv_that_is_not_utf8_does_not_crash(workdir):
    (workdir / ".env").write_bytes("COURSE_LANG=ru\n".encode("utf-16"))
    assert config.lang() == "en" and config.openrouter_key() is None
