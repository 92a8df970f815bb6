"""The checklist itself: order and dependencies, exit status, text and JSON, both languages."""

from __future__ import annotations

import json
import os
import re

import pytest
from doctor_support import doctor, real_key

from course_lib.doctor import report, runner
from course_lib.doctor.check import FAIL, OK, SKIP, WARN, Check
from course_lib.doctor.envfile import EnvFile
from course_lib.texts import doctor as doctor_texts
from course_lib.texts import t

FIELDS = re.compile(r"{(\w*)(?:[!:][^{}]*)?}")  # a field, with its plural forms or spec


def test_every_text_exists_in_both_languages_with_the_same_fields():
    for key, entry in doctor_texts.TEXTS.items():
        assert key.startswith(("doctor.", "models.")), key
        assert set(entry) == {"en", "ru"} and entry["en"].strip() and entry["ru"].strip(), key
        assert set(FIELDS.findall(entry["en"])) == set(FIELDS.findall(entry["ru"])), key


def test_no_key_is_defined_in_two_parts_of_the_catalog():
    assert sum(len(part.TEXTS) for part in doctor_texts.PARTS) == len(doctor_texts.TEXTS)


def test_no_text_suggests_turning_certificate_verification_off():
    for entry in doctor_texts.TEXTS.values():
        for text in entry.values():
            assert "verify=False" not in text and "verify = False" not in text


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_check_has_a_title_and_a_section(lang):
    for step in runner.STEPS:
        assert t(f"doctor.title.{step.id}", lang)
        assert t(f"doctor.section.{step.id.split('.')[0]}", lang)


def test_a_check_refuses_an_unknown_status():
    with pytest.raises(ValueError):
        Check("x.y", "maybe", "?")


@pytest.mark.parametrize(("statuses", "expected"), [
    ([OK, OK], 0), ([OK, WARN, SKIP], 0), ([OK, FAIL], 1), ([FAIL, WARN], 1), ([], 0)])
def test_only_a_failed_check_fails_the_run(statuses, expected):
    checks = [Check(f"env.c{i}", status, "m") for i, status in enumerate(statuses)]
    assert report.exit_status(checks) == expected


def test_the_text_groups_checks_by_section_and_shows_fixes():
    checks = [Check("python.version", OK, "Python fine."),
              Check("env.file", WARN, "No .env.", "Copy it."),
              Check("env.lines", FAIL, "Bad line.", "Fix it."),
              Check("telegram.token", SKIP, "Not set.")]
    lines = report.render(checks).splitlines()
    assert lines[:3] == ["Setup check (python -m course_lib doctor)", "", "Python"]
    assert lines[3] == "  ✓ Python fine."
    assert lines[5:10] == [".env and environment", "  ! No .env.", "      → Copy it.",
                           "  ✗ Bad line.", "      → Fix it."]
    assert "  – Not set." in lines
    summary = " ".join(lines[lines.index("", 10) + 1:])
    assert "Fix the ✗ lines" in summary and "exit status 1" in summary


def test_a_console_that_cannot_show_the_symbols_gets_ascii():
    assert report.symbols_for("utf-8") is report.SYMBOLS
    symbols = report.symbols_for("cp437")
    assert symbols is report.ASCII_SYMBOLS
    text = report.render([Check("env.file", FAIL, "Bad.", "Fix.")], symbols)
    text.encode("cp437")  # would raise if a symbol were left
    assert "  x Bad." in text and "-> Fix." in text


def test_json_holds_the_exit_status_offline_flag_and_every_check():
    checks = [Check("env.file", WARN, "No .env.", "Copy it.")]
    result = json.loads(report.as_json(checks, offline=True))
    assert result == {"exit_status": 0, "offline": True, "checks": [
        {"id": "env.file", "status": "warn", "message": "No .env.", "fix": "Copy it."}]}


def test_checks_run_in_the_order_of_the_list():
    order = [check_id for check_id in doctor()]
    expected = [step.id for step in runner.STEPS if step.id in order]
    assert order == expected


def test_a_crashing_check_becomes_a_masked_failure_and_the_rest_still_runs(monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", real_key())

    def crash(ctx):
        raise RuntimeError(f"boom with {ctx.key}")

    steps = tuple(runner.Step(s.id, crash) if s.id == "bot.db" else s for s in runner.STEPS)
    monkeypatch.setattr(runner, "STEPS", steps)
    monkeypatch.setenv("OPENROUTER_BASE_URL", "http://127.0.0.1:9/api/v1")
    found = doctor()
    check = found["bot.db"]
    assert check.status == FAIL and "the check itself failed" in check.message
    assert real_key() not in check.message and "sk-or-v1-…0000" in check.message
    assert "bug of the doctor" in check.fix
    assert "telegram.token" in found, "the checks after it still ran"


def test_a_failure_skips_what_depends_on_it_naming_the_cause(monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", real_key())
    monkeypatch.setenv("OPENROUTER_BASE_URL", "https://openrouter.ai/api/v1/chat/completions")
    found = doctor()
    assert found["openrouter.url"].status == FAIL
    for check_id in ("openrouter.reach", "openrouter.auth", "openrouter.privacy"):
        assert found[check_id].status == SKIP
        assert 'fix "OpenRouter base URL" first' in found[check_id].message


def test_the_language_is_pinned_only_while_env_is_unreadable(monkeypatch, tmp_path):
    monkeypatch.delenv("COURSE_LANG")
    broken = EnvFile(tmp_path / ".env", b"\xff\xfe", encoding="utf-16")
    with runner.pinned_language(broken):
        assert os.environ["COURSE_LANG"] == "en"
    assert "COURSE_LANG" not in os.environ
    with runner.pinned_language(EnvFile(None)):
        assert "COURSE_LANG" not in os.environ


def test_the_checklist_speaks_russian(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    found = doctor()
    assert "офлайн-режим" in found["openrouter.key"].message
    text = report.render(list(found.values()))
    assert "Проверка настройки" in text and "код выхода 0" in text
