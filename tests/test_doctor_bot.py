"""The doctor on the bot's side: its database and active model, and the Telegram token.

Broken databases are built by hand, as a homework might: without the partial unique index
(so two rows can be active), without the table, or not SQLite at all. The Telegram fake plays
the Bot API, accepting one token and rejecting every other.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from doctor_support import doctor, make_db_without_index, real_token, text_of

from course_lib import catalog, config, db
from course_lib.doctor.check import FAIL, OK, SKIP, WARN
from course_lib.fakes.telegram import FakeTelegram

TOKEN = real_token()


@pytest.fixture
def path() -> Path:
    """The bot's database file of this test (COURSE_DB, set by conftest)."""
    return config.db_path()


# --- the database -------------------------------------------------------------------------------

def test_a_database_not_created_yet_is_fine(path):
    found = doctor()
    assert found["bot.db"].status == OK and "not created yet" in found["bot.db"].message
    assert found["bot.model"].status == OK
    assert "deepseek/deepseek-chat-v3.1:free" in found["bot.model"].message
    assert not path.exists(), "the doctor creates nothing"


def test_a_healthy_database_passes(path):
    db.init_db(path)
    db.set_active_model(3, path)
    found = doctor()
    assert found["bot.db"].status == OK
    assert "10 models, exactly one active" in found["bot.db"].message
    assert "Mistral Small 24b" in found["bot.model"].message
    assert f"snapshot of {catalog.snapshot_date()}" in found["bot.model"].message


def test_two_active_models_fail_with_the_repair_command(path):
    make_db_without_index(path, active_ids=(1, 3))
    found = doctor()
    check = found["bot.db"]
    assert check.status == FAIL
    assert "2 models are active (ids: 1, 3)" in check.message
    assert "ux_models_single_active is missing" in check.message
    assert "db.set_active_model(1); db.init_db()" in check.fix
    assert "bot.model" in found and found["bot.model"].status == SKIP


def test_the_repair_command_of_the_fix_really_repairs(path):
    make_db_without_index(path, active_ids=(1, 3))
    db.set_active_model(1, path)
    db.init_db(path)
    assert doctor()["bot.db"].status == OK


def test_a_missing_index_alone_is_a_warning(path):
    make_db_without_index(path, active_ids=(2,))
    check = doctor()["bot.db"]
    assert check.status == WARN and "ux_models_single_active" in check.message


def test_a_missing_table_fails_with_init_db(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.close()
    check = doctor()["bot.db"]
    assert check.status == FAIL and "models table does not exist" in check.message
    assert "db.init_db()" in check.fix


def test_a_file_that_is_not_sqlite_fails(path):
    path.write_text("these are my notes, not a database\n" * 50, encoding="utf-8")
    check = doctor()["bot.db"]
    assert check.status == FAIL and "not a database" in check.message


def test_an_empty_table_fails_with_init_db(path):
    db.init_db(path)
    with db.connect(path) as conn:
        conn.execute("DELETE FROM models")
    check = doctor()["bot.db"]
    assert check.status == FAIL and "empty" in check.message
    assert "db.init_db()" in check.fix


def test_a_locked_database_is_named(path):
    db.init_db(path)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # e.g. DB Browser with unsaved changes
    try:
        check = doctor()["bot.db"]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert check.status == FAIL and "locked" in check.message
    assert "DB Browser" in check.fix


def test_a_database_path_inside_a_file_cannot_be_created(tmp_path, monkeypatch):
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    monkeypatch.setenv("COURSE_DB", str(tmp_path / "notes.txt" / "bot.db"))
    check = doctor()["bot.db"]
    assert check.status == FAIL and "cannot be created" in check.message
    assert "COURSE_DB" in check.fix


def test_a_database_path_that_is_a_folder_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DB", str(tmp_path))
    assert doctor()["bot.db"].status == FAIL


def test_an_active_model_missing_from_the_catalog_fails(path):
    db.init_db(path)
    with db.connect(path) as conn:
        conn.execute("UPDATE models SET key = 'vendor/retired-model:free' WHERE id = 1")
    found = doctor()
    assert found["bot.db"].status == FAIL  # validate_registry says it too
    assert found["bot.model"].status == SKIP


def test_an_active_model_the_live_catalog_lacks_fails(path, online, monkeypatch):
    db.init_db(path)
    monkeypatch.setattr("course_lib.catalog.find", lambda model_id: {"id": model_id})
    with db.connect(path) as conn:  # the snapshot "knows" it, the live catalog does not
        conn.execute("UPDATE models SET key = 'vendor/retired-model:free' WHERE id = 1")
    check = doctor()["bot.model"]
    assert check.status == FAIL and "not in the catalog of the local server" in check.message
    assert "models check" in check.fix


# --- Telegram -----------------------------------------------------------------------------------

@pytest.fixture
def telegram(monkeypatch):
    """The Telegram fake, accepting TOKEN, with TELEGRAM_API_URL pointing at it."""
    with FakeTelegram(token=TOKEN) as fake:
        monkeypatch.setenv("TELEGRAM_API_URL", fake.api_url)
        yield fake


def test_no_token_is_neutral_and_nothing_is_asked():
    found = doctor()
    assert found["telegram.token"].status == SKIP and "lesson 5" in found["telegram.token"].message
    assert "telegram.getme" not in found


def test_an_accepted_token_names_the_bot(telegram, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    found = doctor()
    assert found["telegram.token"].status == OK
    assert found["telegram.getme"].status == OK
    assert "@course_fake_bot" in found["telegram.getme"].message
    assert telegram.calls[-1][0] == "getMe"
    assert TOKEN not in text_of(found)


def test_a_rejected_token_is_a_401_and_stays_masked(telegram, monkeypatch):
    other = real_token("9876543210")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", other)
    found = doctor()
    check = found["telegram.getme"]
    assert check.status == FAIL and "401 Unauthorized" in check.message
    assert config.mask(other) in check.message and "@BotFather" in check.fix
    assert other not in text_of(found)


@pytest.mark.parametrize(("value", "words"), [
    ("<your token>", "placeholder"),
    ("123456:ABC-DEF...", "placeholder"),
    ('"' + TOKEN + '"', "quote marks"),
    ("just-a-word", "does not look like a bot token"),
])
def test_a_malformed_token_fails_and_is_not_sent(telegram, monkeypatch, value, words):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", value)
    found = doctor()
    assert found["telegram.token"].status == FAIL
    assert words in found["telegram.token"].message
    assert found["telegram.getme"].status == SKIP
    assert telegram.calls == []


def test_a_token_of_unusual_length_is_left_to_telegram(telegram, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN[:-3])
    found = doctor()
    assert found["telegram.token"].status == WARN
    assert found["telegram.getme"].status == FAIL  # Telegram has the final word


def test_an_unreachable_bot_api_is_named_without_the_token(monkeypatch):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv("TELEGRAM_API_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    found = doctor()
    check = found["telegram.getme"]
    assert check.status == FAIL and f"127.0.0.1:{port}" in check.message
    assert "refused" in check.fix and "TELEGRAM_API_URL" in check.fix
    assert TOKEN not in text_of(found)
