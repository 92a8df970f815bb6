"""The bot on the student's path: nothing cut or dropped without a word, files out of git.

- /ask keeps the lecture's first 600 characters of a question, and now says so;
- a line longer than the terminal's line buffer arrives cut (Linux: 4095 bytes and the Enter):
  the console says so in words a student can act on, instead of "That note has 4084
  characters", a number nobody typed;
- "/model@mybot 2" (a command addressed to another bot) suggests "/model 2", not "/model";
- /note_export in the console writes into `exports/`, which git ignores, and says where.
"""

from __future__ import annotations

import io
import os
import pty
import re
import shutil
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from course_lib import notes, retry
from course_lib.bot import console
from course_lib.bot.console import CONSOLE_USER_ID, run_console
from course_lib.bot.core import BotCore

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-or-v1-fake-bot-tests"
QUESTION = "echo: " + "abcdefghij" * 85  # 856 characters


@pytest.fixture(autouse=True)
def offline_english(monkeypatch):
    """English, no key: the console starts its own fake OpenRouter."""
    monkeypatch.setenv("COURSE_LANG", "en")
    monkeypatch.setenv("OPENROUTER_API_KEY", "")
    monkeypatch.delenv("OPENROUTER_BASE_URL", raising=False)


@pytest.fixture
def bot(tmp_path) -> BotCore:
    """A core on a fresh database, as the console and Telegram build it."""
    return BotCore(tmp_path / "bot.db")


@pytest.fixture
def fake(fake_openrouter, monkeypatch):
    """The local OpenRouter, the client pointed at it, retries without waiting."""
    monkeypatch.setenv("OPENROUTER_BASE_URL", fake_openrouter.base_url)
    monkeypatch.setenv("OPENROUTER_API_KEY", KEY)
    monkeypatch.setattr(retry, "DEFAULT_POLICY", retry.RetryPolicy(sleep=lambda s: None))
    return fake_openrouter


def say(bot: BotCore, text: str) -> str:
    """The text of the core's replies to one message."""
    return "\n".join(reply.text or "" for reply in bot.handle(1001, text))


class TerminalInput(io.StringIO):
    """Lines as a terminal hands them over (isatty is what the console asks)."""

    def isatty(self) -> bool:
        return True


def chat(tmp_path: Path, stdin: io.StringIO, **options) -> str:
    """Run the console on `stdin`; what it printed."""
    out = io.StringIO()
    assert run_console(stdin, out, db_path=tmp_path / "bot.db", **options) == 0
    return out.getvalue()


# --- /ask over 600 characters -------------------------------------------------------------------

def test_ask_says_the_question_was_cut_before_the_answer(bot, fake):
    reply = say(bot, "/ask " + QUESTION)
    (request,) = fake.chat_requests()
    assert request.json["messages"][1]["content"] == QUESTION[:600]
    notice = "(Your question has 856 characters: only its first 600 went to the model.)"
    assert reply.startswith(notice + "\n\n" + QUESTION[6:600] + "\n\n")


def test_a_question_of_600_characters_is_not_cut(bot, fake):
    assert "went to the model" not in say(bot, "/ask " + QUESTION[:600])


def test_ask_says_it_in_russian_and_on_an_error_too(bot, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    reply = say(bot, "/ask " + QUESTION)  # no key: an error, but the question was still cut
    assert reply.startswith("(В вопросе 856 символов: модели ушли только первые 600.)\n\n")
    assert "Ошибка: [401]" in reply


def test_the_console_says_the_question_was_cut(tmp_path):
    output = chat(tmp_path, io.StringIO("/ask " + QUESTION + "\n"))
    assert "(Your question has 856 characters: only its first 600 went to the model.)\n\n" \
        + QUESTION[6:600] in output


# --- a line cut by the terminal -----------------------------------------------------------------

def test_a_note_cut_by_the_terminal_is_explained_not_counted(tmp_path):
    typed = "/note_add " + "x" * 4990  # 5,000 characters, of which the terminal keeps 4,095
    output = chat(tmp_path, TerminalInput(typed[:4095] + "\n/note_count\n"))
    assert "4084" not in output  # a length the student never typed
    assert "a terminal passes at most 4095 bytes per line" in output
    assert "split it into several /note_add" in output and "Telegram" in output
    assert "Your notes: 0." in output, "half a note is never stored"


def test_a_cyrillic_note_cut_mid_letter_is_explained_too(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    # 4,095 bytes: "/note_add " and 2,042 letters of two bytes, then half a letter (read as
    # U+FFFD, since the console decodes stdin with errors="replace").
    line = "/note_add " + "я" * 2042 + "\ufffd"
    output = chat(tmp_path, TerminalInput(line + "\n"))
    assert "в строку терминала помещается 4095 байт" in output
    assert notes.count_notes(CONSOLE_USER_ID, tmp_path / "bot.db") == 0


def test_a_line_just_under_the_limit_reaches_the_bot(tmp_path):
    output = chat(tmp_path, TerminalInput("/note_add " + "x" * 4084 + "\n"))  # 4,094 bytes
    assert "That note has 4084 characters" in output and "line buffer" not in output
    assert "terminal passes" not in output


def test_piped_input_has_no_line_limit(tmp_path):
    output = chat(tmp_path, io.StringIO("/note_add " + "x" * 4990 + "\n"))
    assert "That note has 4990 characters" in output


def test_the_line_limit_of_each_system():
    assert console.line_limit(TerminalInput(), "linux") == 4096
    assert console.line_limit(TerminalInput(), "win32") is None
    assert console.line_limit(io.StringIO(), "linux") is None
    primary, secondary = os.openpty()
    try:
        with open(secondary, closefd=False) as terminal:  # macOS asks the terminal: 1024 there
            assert console.line_limit(terminal, "darwin") == os.fpathconf(secondary,
                                                                          "PC_MAX_CANON")
    finally:
        os.close(primary)
        os.close(secondary)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux line buffer")
def test_a_long_paste_into_a_real_terminal(tmp_path):
    """`python -m course_lib bot --console` on a pseudo-terminal: the kernel cuts the line."""
    primary, secondary = pty.openpty()
    attrs = termios.tcgetattr(secondary)
    attrs[3] &= ~termios.ECHO  # no echo to drain: only the bot's output matters here
    termios.tcsetattr(secondary, termios.TCSANOW, attrs)
    env = {**os.environ, "COURSE_DB": str(tmp_path / "bot.db"), "PYTHONIOENCODING": "utf-8",
           "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "course_lib", "bot", "--console"],
                            stdin=secondary, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=tmp_path, env=env)
    os.close(secondary)
    try:
        typed = ("/note_add " + "x" * 4990 + "\n").encode()
        for start in range(0, len(typed), 512):  # as a terminal delivers a paste, in pieces
            os.write(primary, typed[start:start + 512])
            time.sleep(0.01)
        os.write(primary, b"/note_count\n/quit\n")
        out, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
        os.close(primary)
    text = out.decode("utf-8")
    assert proc.returncode == 0, err.decode()
    assert "a terminal passes at most 4095 bytes per line" in text
    assert "4084" not in text and "Your notes: 0." in text


# --- commands addressed to a bot ----------------------------------------------------------------

@pytest.mark.parametrize("text, suggestion", [
    ("/model@mybot 2", "/model 2"),
    ("/ask@AnyBot what is HTTP?", "/ask what is HTTP?"),
    ("/note_list@mybot", "/note_list"),
    ("/Model@mybot 2", "/model 2"),
    ("/ask@mybot " + "long question " * 20, "/ask <question>"),
])
def test_a_command_for_another_bot_is_suggested_whole(bot, text, suggestion):
    reply = say(bot, text)
    assert reply.startswith("That command is addressed to @")
    assert reply.endswith("send it without the @ part: " + suggestion)


def test_a_wrongly_cased_command_keeps_its_arguments(bot):
    assert say(bot, "/MODEL 2") == "Commands are written in lowercase: try /model 2"


def test_the_console_suggests_the_whole_command(tmp_path):
    output = chat(tmp_path, io.StringIO("/model@mybot 2\n"))
    assert "send it without the @ part: /model 2\n" in output


def test_a_command_for_this_bot_runs_with_its_arguments(bot):
    assert say(bot, "/model@course_bot 2").startswith("Active model is now: 2.")


# --- /note_export in the console ----------------------------------------------------------------

def test_the_console_exports_into_a_git_ignored_folder_and_says_where(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    output = chat(tmp_path, io.StringIO("/note_add milk\n/note_export\n"))
    (saved,) = (tmp_path / "exports").glob("notes_*.txt")
    assert f"Saved {saved.resolve()} — Your notes: 1" in output
    assert not list(tmp_path.glob("notes_*.txt")), "nothing in the working directory itself"
    assert "milk" in saved.read_text("utf-8")


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(),
                    reason="needs git and the course's repository")
def test_git_ignores_the_exports_folder_of_the_course():
    done = subprocess.run(["git", "check-ignore", "-q", "exports/notes_2025-03-10.txt"],
                          cwd=ROOT, capture_output=True, timeout=30)
    assert done.returncode == 0, "exports/ must be in .gitignore"
    assert re.search(r"^exports/$", (ROOT / ".gitignore").read_text(), re.MULTILINE)
