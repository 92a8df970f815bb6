"""The doctor on `.env` files with every flaw students hit, and on shell variables over them.

Each test writes a `.env` into a fresh working directory, runs the doctor, and checks that the
right line says the right thing, with secrets masked.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from doctor_support import clean_workdir, doctor, real_key, real_token, text_of, write_env

from course_lib import config
from course_lib.doctor import checks_env, envfile, settings
from course_lib.doctor.check import FAIL, OK, SKIP, WARN


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A fresh working directory where `.env` decides (no key or token in the environment)."""
    return clean_workdir(tmp_path, monkeypatch)


# --- found, readable, encoding ------------------------------------------------------------------

def test_no_env_file_is_a_warning_with_the_copy_fix(workdir):
    found = doctor()
    assert found["env.file"].status == WARN
    assert ".env.example" in found["env.file"].fix
    assert "env.lines" not in found and "env.duplicates" not in found


@pytest.mark.parametrize("name", [".env.txt", "env"])
def test_a_misnamed_env_file_is_found_and_the_rename_explained(workdir, name):
    (workdir / name).write_text("OPENROUTER_API_KEY=" + real_key() + "\n", encoding="utf-8")
    check = doctor()["env.file"]
    assert check.status == FAIL and name in check.message
    assert f"ren {name} .env" in check.fix and f"mv {name} .env" in check.fix


def test_a_clean_env_file_passes_every_env_check(workdir):
    path = write_env(workdir, f"OPENROUTER_API_KEY={real_key()}\nCOURSE_LANG=en\n")
    found = doctor()
    for check_id in ("env.file", "env.lines", "env.duplicates", "env.shell", "openrouter.key"):
        assert found[check_id].status == OK, found[check_id]
    assert str(path) in found["env.file"].message
    assert real_key() not in text_of(found)
    assert config.mask(real_key()) in found["openrouter.key"].message


def test_a_bom_is_tolerated_and_said_so(workdir):
    write_env(workdir, codecs.BOM_UTF8 + f"OPENROUTER_API_KEY={real_key()}\n".encode())
    found = doctor()
    assert found["env.file"].status == OK and "BOM" in found["env.file"].message
    assert found["openrouter.key"].status == OK, "the first variable must not get the BOM"


def test_crlf_line_endings_are_tolerated_and_said_so(workdir):
    write_env(workdir, f"OPENROUTER_API_KEY={real_key()}\r\nCOURSE_LANG=en\r\n")
    found = doctor()
    assert found["env.file"].status == OK and "CRLF" in found["env.file"].message
    assert found["openrouter.key"].status == OK
    assert settings.read(envfile.read())["OPENROUTER_API_KEY"].raw == real_key()


def test_utf16_from_notepad_fails_with_the_resave_fix(workdir):
    write_env(workdir, f"OPENROUTER_API_KEY={real_key()}\r\n".encode("utf-16"))
    found = doctor()
    check = found["env.file"]
    assert check.status == FAIL and "UTF-16" in check.message
    assert "Save with Encoding" in check.fix and "UTF-8" in check.fix
    assert "env.lines" not in found, "a file that cannot be read has no lines to judge"
    assert found["openrouter.offline"].status == SKIP
    assert ".env file" in found["openrouter.offline"].message


def test_a_file_saved_as_windows_1251_names_the_bad_byte_and_line(workdir):
    write_env(workdir, "COURSE_LANG=en\n# мой ключ\nOPENROUTER_API_KEY=x\n".encode("cp1251"))
    check = doctor()["env.file"]
    assert check.status == FAIL and "not UTF-8" in check.message
    assert "line 2" in check.message and "0xEC" in check.message


def test_an_unreadable_file_fails_with_the_reason(workdir, monkeypatch):
    write_env(workdir, "COURSE_LANG=en\n")
    original = Path.read_bytes

    def refuse(path: Path) -> bytes:
        if path.name == ".env":
            raise PermissionError(13, "Permission denied")
        return original(path)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    check = doctor()["env.file"]
    assert check.status == FAIL and "Permission denied" in check.message
    assert "chmod" in check.fix


def test_the_doctor_reads_settings_exactly_as_config_does(workdir, monkeypatch):
    write_env(workdir, "export OPENROUTER_API_KEY = 'sk-or-v1-quoted'\nCOURSE_DB=\n"
                       "TELEGRAM_API_URL=http://127.0.0.1:9/ # comment\n")
    monkeypatch.setenv("COURSE_LANG", "")
    found = settings.read(envfile.read())
    for name in settings.NAMES:
        assert found[name].value == config.get(name), name


# --- duplicates ---------------------------------------------------------------------------------

def test_a_placeholder_further_down_hides_the_real_key(workdir):
    write_env(workdir, f"OPENROUTER_API_KEY={real_key()}\nCOURSE_LANG=en\n"
                       "OPENROUTER_API_KEY=sk-or-v1-...\n")
    found = doctor()
    check = found["env.duplicates"]
    assert check.status == FAIL
    assert "lines 1, 3" in check.message and "python-dotenv keeps the last one" in check.message
    assert "'sk-or-v1-...' on line 3 hides the real-looking key on line 1" in check.message
    assert "Delete line 3" in check.fix
    # One verdict: the key's own check waits for the duplicate to be fixed.
    assert found["openrouter.key"].status == SKIP
    assert "Duplicates in .env" in found["openrouter.key"].message
    assert real_key() not in text_of(found)


def test_an_empty_copy_of_the_example_line_hides_the_key(workdir):
    write_env(workdir, f"OPENROUTER_API_KEY={real_key()}\nOPENROUTER_API_KEY=\n")
    found = doctor()
    assert found["env.duplicates"].status == FAIL
    assert "an empty value on line 2 hides" in found["env.duplicates"].message
    assert found["openrouter.key"].status == SKIP, "not '! no key, fine for the course'"


def test_the_same_value_twice_is_only_a_warning(workdir):
    write_env(workdir, "COURSE_LANG=ru\nCOURSE_LANG=ru\n")
    check = doctor()["env.duplicates"]
    assert check.status == WARN and "same value" in check.message


def test_two_different_values_fail_and_show_the_winner(workdir):
    write_env(workdir, "COURSE_LANG=ru\nCOURSE_LANG=en\n")
    check = doctor()["env.duplicates"]
    assert check.status == FAIL and "line 2 wins: 'en'" in check.message
    assert "looks real" not in check.message
    assert "one line per variable" in check.fix


# --- how the key is written ---------------------------------------------------------------------

KEY = real_key()


@pytest.mark.parametrize(("line", "status", "words"), [
    ("OPENROUTER_API_KEY=sk-or-v1-...", FAIL, "placeholder"),
    ("OPENROUTER_API_KEY=<your key>", FAIL, "placeholder"),
    ("OPENROUTER_API_KEY=your_key_here", FAIL, "placeholder"),
    ("OPENROUTER_API_KEY=<" + KEY + ">", FAIL, "placeholder"),
    ("OPENROUTER_API_KEY=ваш_ключ", FAIL, "placeholder"),
    ("OPENROUTER_API_KEY='Bearer " + KEY + "'", FAIL, "Bearer"),
    ("OPENROUTER_API_KEY=“" + KEY + "”", FAIL, "quote marks"),
    ("OPENROUTER_API_KEY='\"" + KEY + "\"'", FAIL, "quote marks"),
    ("OPENROUTER_API_KEY='" + KEY[:20] + " " + KEY[20:] + "'", FAIL, "space"),
    ("OPENROUTER_API_KEY=" + KEY[:12] + "с" + KEY[13:], FAIL, "non-Latin"),
    ("OPENROUTER_API_KEY=sk-proj-abcdefghijklmnopqrstuvwxyz", FAIL, "OpenAI"),
    ("OPENROUTER_API_KEY=abcdefghijklmnop", FAIL, "does not look like"),
    ("OPENROUTER_API_KEY=" + KEY[:40], WARN, "40 characters instead of 73"),
    ("OPENROUTER_API_KEY=\" " + KEY + " \"", WARN, "spaces around it"),
    ("OPENROUTER_API_KEY=\"" + KEY + "\"", OK, "shape of an OpenRouter key"),
    ("OPENROUTER_API_KEY='" + KEY + "'", OK, "shape of an OpenRouter key"),
])
def test_each_way_of_writing_the_key_wrong_is_named(workdir, line, status, words):
    write_env(workdir, line + "\n")
    found = doctor()
    check = found["openrouter.key"]
    assert (check.status, words in check.message) == (status, True), check
    assert KEY not in text_of(found) and KEY[:40] not in text_of(found)
    if status != OK:
        assert check.fix


def test_quotes_typed_in_a_windows_set_command_are_caught(workdir, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", '"' + KEY + '"')  # cmd: set KEY="…" keeps them
    check = doctor()["openrouter.key"]
    assert check.status == FAIL and "set in the shell" in check.message
    assert "cmd keeps them" in check.fix


# --- lines and names ----------------------------------------------------------------------------

def test_an_unparsable_key_line_fails_without_showing_the_key(workdir):
    write_env(workdir, f"COURSE_LANG=en\nset OPENROUTER_API_KEY={KEY}\n")
    found = doctor()
    check = found["env.lines"]
    assert check.status == FAIL
    assert "Line 2" in check.message and "OPENROUTER_API_KEY" in check.message
    assert "NAME=value" in check.fix
    assert KEY not in text_of(found)


def test_another_unparsable_line_is_a_warning(workdir):
    write_env(workdir, "my settings:\nCOURSE_LANG=en\n")
    check = doctor()["env.lines"]
    assert check.status == WARN and "Line 1" in check.message


@pytest.mark.parametrize(("name", "meant"), [
    ("OPENROUTER_KEY", "OPENROUTER_API_KEY"),
    ("openrouter_api_key", "OPENROUTER_API_KEY"),
    ("OPENAI_API_KEY", "OPENROUTER_API_KEY"),
    ("TELEGRAM_TOKEN", "TELEGRAM_BOT_TOKEN"),
    ("BOT_TOKEN", "TELEGRAM_BOT_TOKEN"),
])
def test_a_misspelt_name_is_caught_with_the_right_one(workdir, name, meant):
    value = real_token() if "TOKEN" in meant else KEY
    write_env(workdir, f"{name}={value}\n")
    check = doctor()["env.lines"]
    assert check.status == FAIL, "the value it holds is lost"
    assert f"sets {name}" in check.message and f"did you mean {meant}" in check.message


def test_a_misspelt_name_beside_the_right_one_is_only_a_warning(workdir):
    write_env(workdir, f"OPENROUTER_API_KEY={KEY}\nOPENROUTER_KEY=old\n")
    assert doctor()["env.lines"].status == WARN


# --- the shell over .env ------------------------------------------------------------------------

def test_a_shell_variable_over_env_is_named_with_which_wins(workdir, monkeypatch):
    write_env(workdir, f"OPENROUTER_API_KEY={KEY}\n")
    monkeypatch.setenv("OPENROUTER_API_KEY", real_key("7"))
    found = doctor()
    check = found["env.shell"]
    assert check.status == WARN
    assert "the shell wins over .env" in check.message
    assert config.mask(real_key("7")) in check.message and config.mask(KEY) in check.message
    assert "OPENROUTER_API_KEY" in check.fix
    assert KEY not in text_of(found) and real_key("7") not in text_of(found)


def test_an_empty_shell_variable_hiding_the_env_key_is_explained(workdir, monkeypatch):
    write_env(workdir, f"OPENROUTER_API_KEY={KEY}\n")
    monkeypatch.setenv("OPENROUTER_API_KEY", "")
    found = doctor()
    assert found["env.shell"].status == WARN
    assert "empty in the shell" in found["env.shell"].message
    assert found["openrouter.key"].status == WARN  # course_lib sees no key at all


def test_the_same_value_in_shell_and_env_is_no_clash(workdir, monkeypatch):
    write_env(workdir, f"OPENROUTER_API_KEY={KEY}\n")
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)  # e.g. a notebook ran load_dotenv()
    assert doctor()["env.shell"].status == OK


@pytest.mark.parametrize(("platform", "words"), [
    ("win32", "Remove-Item Env:OPENROUTER_API_KEY"),
    ("darwin", "~/.zshrc"),
    ("linux", "~/.bashrc"),
])
def test_the_unset_advice_fits_the_system(platform, words):
    hint = checks_env.unset_hint("OPENROUTER_API_KEY", platform)
    assert words in hint and "restart" in hint.lower()


def test_the_telegram_token_in_env_is_checked_and_masked(workdir):
    write_env(workdir, f"TELEGRAM_BOT_TOKEN=bot{real_token()}\n")
    found = doctor()
    assert found["telegram.token"].status == FAIL
    assert "starts with \"bot\"" in found["telegram.token"].message
    assert real_token() not in text_of(found)
    assert found["telegram.getme"].status == SKIP
