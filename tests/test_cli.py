"""The command line: `python -m course_lib` lists its commands and each has `--help`."""

from __future__ import annotations

import subprocess
import sys

import pytest

from course_lib.__main__ import COMMANDS, available, present


def run(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m course_lib ARGS` and capture its output."""
    return subprocess.run([sys.executable, "-m", "course_lib", *args], capture_output=True,
                          text=True, timeout=60)


def test_help_lists_every_available_command():
    done = run("--help")
    assert done.returncode == 0
    for name in available():
        assert name in done.stdout


@pytest.mark.parametrize("name", sorted(available()))
def test_each_command_has_help(name):
    done = run(name, "--help")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: python -m course_lib " + name)


def test_the_fixed_commands_are_present():
    for name in ("bot", "fake-openrouter", "fake-telegram"):
        assert name in available(), name


def test_a_missing_module_is_not_listed():
    assert not present("course_lib.no_such_package.module")
    assert set(available()) <= set(COMMANDS)


def test_no_command_is_a_usage_error():
    done = run()
    assert done.returncode == 2 and "COMMAND" in done.stderr
