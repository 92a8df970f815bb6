"""The doctor's words on the student's path: one verdict per problem, hints that fit the value,
and a local fake never passed off as OpenRouter.

The case of the issue: a real-looking key on line 1 of `.env`, then the lines of `.env.example`
pasted below it, with their empty `OPENROUTER_API_KEY=` on line 5.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from doctor_support import clean_workdir, doctor, real_key, real_token, text_of, write_env

from course_lib.doctor import checks_python
from course_lib.doctor.check import FAIL, SKIP
from course_lib.doctor.context import Context

KEY = real_key("7")
EXAMPLE_PASTED = (f"OPENROUTER_API_KEY={KEY}\n"
                  "# Copy this file to .env and fill in your own values.\n"
                  "# Without a key the course uses its local fake of OpenRouter (offline mode).\n"
                  "# Get a key at https://openrouter.ai -> Keys -> Create API Key.\n"
                  "OPENROUTER_API_KEY=\n"
                  "TELEGRAM_BOT_TOKEN=\n"
                  "COURSE_LANG=en\n")


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """A fresh working directory where `.env` decides (no key or token in the environment)."""
    return clean_workdir(tmp_path, monkeypatch)


def test_a_key_hidden_by_a_later_empty_line_gets_one_clear_verdict(workdir):
    write_env(workdir, EXAMPLE_PASTED)
    found = doctor()
    verdict = found["env.duplicates"]
    assert verdict.status == FAIL
    assert ("an empty value on line 5 hides the real-looking key on line 1, so course_lib "
            "never sees it") in verdict.message
    assert verdict.fix.startswith("Delete line 5 of .env")
    said = text_of(found)
    # No second opinion that contradicts it, and no "(not set)" to puzzle over.
    assert "fine for the course" not in said and "No OPENROUTER_API_KEY" not in said
    assert "(not set)" not in said and "wins" not in verdict.message
    assert found["openrouter.key"].status == SKIP
    assert 'fix "Duplicates in .env" first' in found["openrouter.key"].message
    assert [c.id for c in found.values() if c.status == FAIL] == ["env.duplicates"]
    assert KEY not in said


def test_the_same_verdict_in_russian(workdir, monkeypatch):
    write_env(workdir, EXAMPLE_PASTED.replace("COURSE_LANG=en", "COURSE_LANG=ru"))
    monkeypatch.delenv("COURSE_LANG", raising=False)
    found = doctor()
    assert "пустое значение в строке 5 скрывает похожий на настоящий ключ из строки 1" in (
        found["env.duplicates"].message)
    assert found["env.duplicates"].fix.startswith("Удалите строку 5 из .env")
    assert "сначала исправьте «Повторы в .env»" in found["openrouter.key"].message


def test_a_hidden_token_waits_for_the_duplicate_too(workdir):
    write_env(workdir, f"TELEGRAM_BOT_TOKEN={real_token()}\nTELEGRAM_BOT_TOKEN=<your token>\n")
    found = doctor()
    assert "hides the real-looking token on line 1" in found["env.duplicates"].message
    assert found["telegram.token"].status == SKIP
    assert found["telegram.getme"].status == SKIP


def test_a_key_set_in_the_shell_is_not_called_hidden(workdir, monkeypatch):
    write_env(workdir, EXAMPLE_PASTED)
    monkeypatch.setenv("OPENROUTER_API_KEY", "")  # the shell wins: "no key", on purpose
    found = doctor()
    assert "hides" not in found["env.duplicates"].message
    assert "line 5 wins: an empty value" in found["env.duplicates"].message
    assert found["openrouter.key"].status != SKIP


@pytest.mark.parametrize("value, angles", [
    ("sk-or-v1-paste-your-key-here", False),
    ("your_key_here", False),
    ("<your key>", True),
])
def test_the_placeholder_hint_mentions_angle_brackets_only_when_there_are_some(
        workdir, value, angles):
    write_env(workdir, f"OPENROUTER_API_KEY={value}\n")
    check = doctor()["openrouter.key"]
    assert check.status == FAIL and "placeholder" in check.message
    assert ("< >" in check.fix) is angles
    assert "OPENROUTER_API_KEY= followed by the value only" in check.fix


def test_offline_the_local_fakes_catalog_is_not_called_openrouters(workdir, online):
    found = doctor()
    said = text_of(found)
    assert "live catalog of OpenRouter" not in said
    assert "the catalog of the local server at 127.0.0.1:" in found["bot.model"].message
    assert "OpenRouter's live catalog was not checked" in found["bot.model"].message
    assert found["openrouter.reach"].message.startswith("A local server answered at 127.0.0.1:")


def test_the_install_fix_ends_with_the_command_itself(workdir):
    check = checks_python.packages(Context.build(), required=(("no_such_module", "x"),))
    assert check.fix.endswith(": .venv/bin/python -m pip install -r requirements.txt -e .")
    assert "-e .." not in check.fix
