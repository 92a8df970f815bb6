"""The console front end, in this process and as `python -m course_lib bot --console`; the CLI."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest

from course_lib import __main__ as course_cli
from course_lib import notes
from course_lib.bot.console import CONSOLE_USER_ID, run_console
from course_lib.texts import t

KEY = "sk-or-v1-fake-bot-tests"
SCRIPT = "/models\n/note_add x\n/ask echo: hi\n/note_export\n"
MODEL_LINE = "★ 1. DeepSeek V3.1 (free) [deepseek/deepseek-chat-v3.1:free]"
FOOTER = re.compile(r"^\(\d+ ms; model: deepseek/deepseek-chat-v3\.1:free\)$", re.MULTILINE)


@pytest.fixture(autouse=True)
def offline_english(monkeypatch):
    """English, no key: the console must start its own fake OpenRouter."""
    monkeypatch.setenv("COURSE_LANG", "en")
    monkeypatch.setenv("OPENROUTER_API_KEY", "")
    monkeypatch.delenv("OPENROUTER_BASE_URL", raising=False)


def chat(tmp_path: Path, script: str) -> tuple[int, str]:
    """Run the console in this process on `script`; its exit status and its output."""
    out = io.StringIO()
    status = run_console(io.StringIO(script), out, db_path=tmp_path / "bot.db",
                         save_dir=tmp_path)
    return status, out.getvalue()


def test_console_chat_without_a_key_uses_a_local_fake(tmp_path):
    status, output = chat(tmp_path, SCRIPT)
    assert status == 0
    assert output.startswith("Offline mode: no OPENROUTER_API_KEY, so a local fake of OpenRouter")
    assert MODEL_LINE in output.splitlines()
    assert "Note #1 saved." in output
    assert "\nhi\n" in output and FOOTER.search(output)
    assert t("bot.console.typing") in output
    assert output.rstrip().endswith("Bye!")


def test_console_saves_a_document_and_prints_its_path(tmp_path):
    _, output = chat(tmp_path, "/note_add Привет, мир\n/note_export\n")
    (saved,) = tmp_path.glob("notes_*.txt")
    assert f"Saved {saved}" in output
    assert "Привет, мир" in saved.read_text("utf-8")


def test_console_puts_the_environment_back(tmp_path):
    chat(tmp_path, "/ask echo: hi\n")
    assert "OPENROUTER_BASE_URL" not in os.environ
    assert os.environ["OPENROUTER_API_KEY"] == ""


def test_console_with_a_key_uses_the_configured_openrouter(tmp_path, fake_openrouter,
                                                           monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    monkeypatch.setenv("OPENROUTER_BASE_URL", fake_openrouter.base_url)
    _, output = chat(tmp_path, "/ask echo: via the configured one\n")
    assert f"OpenRouter: {fake_openrouter.base_url} (key sk-or-v1-…ests)." in output
    assert "local fake" not in output and KEY not in output
    assert "via the configured one" in output and len(fake_openrouter.chat_requests()) == 1


def test_quit_and_exit_end_the_chat(tmp_path):
    for word in ("/quit", "/exit"):
        status, output = chat(tmp_path, f"/note_add before\n{word}\n/note_add after\n")
        assert status == 0 and output.rstrip().endswith("Bye!")
    texts = [n.text for n in notes.all_notes(CONSOLE_USER_ID, tmp_path / "bot.db")]
    assert texts == ["before", "before"]


def test_blank_lines_are_not_messages(tmp_path):
    _, output = chat(tmp_path, "\n   \n/note_count\n")
    assert t("bot.empty") not in output and "Your notes: 0." in output


class InterruptedInput(io.StringIO):
    """Input on which the user presses Ctrl+C after the first line."""

    def __init__(self) -> None:
        super().__init__("/note_add typed before Ctrl+C\n")

    def readline(self, *args) -> str:
        line = super().readline(*args)
        if not line:
            raise KeyboardInterrupt
        return line


def test_ctrl_c_is_a_clean_exit(tmp_path):
    out = io.StringIO()
    assert run_console(InterruptedInput(), out, db_path=tmp_path / "bot.db") == 0
    assert "Note #1 saved." in out.getvalue() and out.getvalue().rstrip().endswith("Bye!")


def test_the_console_user_is_user_zero(tmp_path):
    chat(tmp_path, "/note_add mine\n")
    assert [n.text for n in notes.all_notes(CONSOLE_USER_ID, tmp_path / "bot.db")] == ["mine"]


def test_console_speaks_russian(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    _, output = chat(tmp_path, "/note_add тест\n")
    assert "OPENROUTER_API_KEY не задан" in output and "Заметка №1 сохранена." in output


def test_the_real_command_in_a_subprocess(tmp_path):
    env = {**os.environ, "OPENROUTER_API_KEY": "", "COURSE_LANG": "en",
           "COURSE_DB": str(tmp_path / "bot.db"), "PYTHONIOENCODING": "utf-8"}
    env.pop("OPENROUTER_BASE_URL", None)
    done = subprocess.run([sys.executable, "-m", "course_lib", "bot", "--console"],
                          input="/models\n/note_add x\n/ask echo: hi\n", capture_output=True,
                          text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "local fake of OpenRouter" in done.stdout and MODEL_LINE in done.stdout.splitlines()
    assert "Note #1 saved." in done.stdout
    assert "\nhi\n" in done.stdout and FOOTER.search(done.stdout)
    assert "Traceback" not in done.stderr
    assert (tmp_path / "bot.db").is_file()


def test_bot_help_names_the_console_option(capsys):
    with pytest.raises(SystemExit) as exit_info:
        course_cli.main(["bot", "--help"])
    assert exit_info.value.code == 0 and "--console" in capsys.readouterr().out


def test_the_bot_command_starts_telegram_polling(monkeypatch):
    started = []
    telegram = types.ModuleType("course_lib.bot.telegram")
    telegram.run_polling = lambda: started.append(True) or 0
    monkeypatch.setitem(sys.modules, "course_lib.bot.telegram", telegram)
    assert course_cli.main(["bot"]) == 0 and started == [True]
