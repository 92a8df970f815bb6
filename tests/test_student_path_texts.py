"""Commands in messages are copied whole: no punctuation right after one changes it.

"…: python -m pip install -r requirements.txt -e ." turns `-e .` into `-e ..`; "cmd: set NAME=."
sets NAME to a dot; "Your ids: /note_list." typed in the console is an unknown command. Every
text of course_lib and of the homework is scanned, in both languages, with its fields filled
in: a command (backticked, or after "run", "запустите" or ":") must end at a space, a line
end, or a bracket, never at `.`, `,` or `;`.
"""

from __future__ import annotations

import re
import string

import pytest

from course_lib import texts
from course_lib.doctor import checks_python
from course_lib.texts.plural import fill
from homework.grading import texts as homework_texts

# Fields that hold a command when the code fills them in; any other field gets a plain word.
SAMPLES = {"command": checks_python.install_command(), "commands": "    make check"}
PROGRAM = re.compile(
    r"(?:python3?|py|\.venv[/\\]\S+|make|pip|jupyter|unset|export|set|setx|mv|ren|cp|copy|"
    r"chmod|curl|sudo|git|Remove-Item|cd|docker|/[a-z_]+(?:@\w+)?)(?=[\s.,;:]|$)")
TRIGGER = re.compile(r"(?:\b(?:[Rr]un|[Зз]апустите|[Вв]ыполните)\b:?|:)[ \t]+")
# Lower-case words that are a command's arguments, not the sentence going on after it.
ARGUMENTS = {"install", "check", "doctor", "models", "bot", "lab", "test", "demo", "pip", "venv",
             "apt", "dnf", "pacman", "bubblewrap", "course_lib", "sysctl", "update", "clean"}
PROSE = re.compile(r"[a-zа-яё]+[.,;:!?]?")


def render(text: str, lang: str = "en") -> str:
    """The text with every field filled in as the code would (a number where it has a spec)."""
    specs = {field: spec for _, field, spec, _ in string.Formatter().parse(text) if field}
    return fill(text, lang, **{name: 1 if spec else SAMPLES.get(name, "X1")
                               for name, spec in specs.items()})


def _command_after(text: str, start: int) -> str | None:
    """The command starting at `start` if punctuation follows it right away, else None."""
    tokens = re.split(r"[ \t]+", text[start:].split("\n")[0])
    for i, token in enumerate(tokens):
        if i and (token.startswith("(") or
                  (PROSE.fullmatch(token) and token.rstrip(".,;:!?") not in ARGUMENTS)):
            return None  # the sentence goes on: the command ended at a space
        if token != "." and token[-1:] in ".,;":  # a lone "." is the folder itself
            return " ".join(tokens[: i + 1])
        if token[-1:] in ":!?)":
            return None
    return None


def commands_followed_by_punctuation(text: str) -> list[str]:
    """The commands in `text` that a `.`, `,` or `;` follows."""
    found = re.findall(r"`[^`\n]+`[.,;]", text)
    for trigger in TRIGGER.finditer(text):
        if PROGRAM.match(text, trigger.end()):
            command = _command_after(text, trigger.end())
            found += [command] if command else []
    return found


def every_text() -> list[tuple[str, str, str]]:
    """(key, language, text) of every message of course_lib and of the homework."""
    catalogs = {**texts._all(), **{f"homework:{k}": v for k, v in homework_texts._ALL.items()}}
    return [(key, lang, text) for key, entry in catalogs.items() for lang, text in entry.items()]


@pytest.mark.parametrize("text, bad", [
    ("Install them: {command}. In Jupyter…", "-e .."),
    ("Remove it: PowerShell: Remove-Item Env:KEY; cmd: set KEY=. Then", "set KEY=."),
    ("Your ids: /note_list.", "/note_list."),
    ("Debian `sudo apt install bubblewrap`, Fedora", "`sudo apt install bubblewrap`,"),
    ("Запустите make check, затем", "make check,"),
])
def test_the_scan_finds_a_command_followed_by_punctuation(text, bad):
    assert any(found.endswith(bad) for found in commands_followed_by_punctuation(render(text)))


@pytest.mark.parametrize("text", [
    "Run python -m course_lib doctor for the fix.",
    "Rename it: ren X .env (Windows) or mv X .env (macOS/Linux).",
    "Remove it: unset KEY in this terminal, and delete its export line.",
    "Install them, from the course folder:\n\n    .venv/bin/python -m pip install -e .\n",
    "Make the file yours (macOS/Linux: chmod 600 .env) and close it.",
    "Set it: make the file writable, or set COURSE_DB to another file.",
    "Your ids: /note_list",
])
def test_the_scan_lets_a_command_that_ends_cleanly_pass(text):
    assert commands_followed_by_punctuation(text) == []


def test_no_text_has_a_command_followed_by_punctuation():
    bad = [f"{key} ({lang}): {found!r}" for key, lang, text in every_text()
           for found in commands_followed_by_punctuation(render(text, lang))]
    assert not bad, "\n".join(bad)
