"""`python -m course_lib doctor` and `models check` as real processes: output and exit status.

Each runs in a fresh folder with the test's environment (no key, the database in tmp_path);
with a key, the local fake started by the test plays OpenRouter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from doctor_support import make_db_without_index, real_key, write_env

from course_lib import config, db


def run(folder: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    """Run `python -m course_lib ARGS` in `folder` with extra environment variables."""
    environ = {**os.environ, **env}
    environ = {name: value for name, value in environ.items() if value is not None}
    return subprocess.run([sys.executable, "-m", "course_lib", *args], cwd=folder, env=environ,
                          capture_output=True, text=True, timeout=60)


def test_doctor_offline_without_a_key_exits_0(tmp_path):
    done = run(tmp_path, "doctor", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["exit_status"] == 0 and result["offline"] is True
    statuses = {check["id"]: check["status"] for check in result["checks"]}
    assert statuses["openrouter.key"] == "warn" and statuses["openrouter.offline"] == "ok"
    assert statuses["openrouter.reach"] == "skip"
    assert set(result["checks"][0]) == {"id", "status", "message", "fix"}


def test_doctor_text_output_is_a_checklist_with_a_summary(tmp_path):
    done = run(tmp_path, "doctor")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Setup check (python -m course_lib doctor)"
    assert "  ! No OPENROUTER_API_KEY: offline mode" in done.stdout
    assert "  ✓ Offline mode works" in done.stdout
    assert "      → " in done.stdout
    assert "exit status 0" in done.stdout


def test_doctor_speaks_russian(tmp_path):
    done = run(tmp_path, "doctor", COURSE_LANG="ru")
    assert "Проверка настройки" in done.stdout and "офлайн-режим" in done.stdout


def test_doctor_exits_1_when_something_fails(tmp_path):
    make_db_without_index(config.db_path(), active_ids=(1, 2))
    done = run(tmp_path, "doctor", "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    failed = [check["id"] for check in result["checks"] if check["status"] == "fail"]
    assert failed == ["bot.db"] and result["exit_status"] == 1


def test_doctor_survives_a_utf16_env_that_course_lib_cannot_read(tmp_path):
    write_env(tmp_path, f"OPENROUTER_API_KEY={real_key()}\r\n".encode("utf-16"))
    environ = {name: None for name in ("OPENROUTER_API_KEY", "COURSE_LANG")}
    done = run(tmp_path, "doctor", "--json", **environ)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    checks = {check["id"]: check for check in json.loads(done.stdout)["checks"]}
    assert checks["env.file"]["status"] == "fail" and "UTF-16" in checks["env.file"]["message"]


def test_doctor_with_a_rejected_key_exits_1_and_never_prints_it(tmp_path, fake_openrouter):
    fake_openrouter.revoke(real_key())
    done = run(tmp_path, "doctor", OPENROUTER_API_KEY=real_key(),
               OPENROUTER_BASE_URL=fake_openrouter.base_url)
    assert done.returncode == 1
    assert "OpenRouter rejected the key sk-or-v1-…0000" in done.stdout
    assert real_key() not in done.stdout + done.stderr


def test_models_check_offline_exits_0(tmp_path):
    db.init_db(config.db_path())
    done = run(tmp_path, "models", "check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Offline mode")
    assert "All 10 models passed" in done.stdout


def test_models_check_exits_1_when_a_model_fails(tmp_path, fake_openrouter):
    fake_openrouter.data_policy = True
    done = run(tmp_path, "models", "check", "--json", OPENROUTER_API_KEY=real_key(),
               OPENROUTER_BASE_URL=fake_openrouter.base_url)
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["passed"] == 0 and result["catalog"]["source"] == "live"
    assert real_key() not in done.stdout


def test_models_needs_its_action(tmp_path):
    done = run(tmp_path, "models")
    assert done.returncode == 2 and "check" in done.stderr
