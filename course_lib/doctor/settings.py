"""The course's settings as course_lib will see them, and where each one comes from.

The same rule as `course_lib.config.get`: a variable in the environment wins over `.env`, even
when it is empty, and a blank value counts as unset. Unlike `config`, reading never fails: a
`.env` that cannot be decoded simply contributes nothing (the `.env` check reports it).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from course_lib import config
from course_lib.doctor import shapes
from course_lib.doctor.envfile import EnvFile
from course_lib.texts import t

NAMES = ("OPENROUTER_API_KEY", "OPENROUTER_BASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_URL",
         "COURSE_DB", "COURSE_LANG")
SECRETS = frozenset({"OPENROUTER_API_KEY", "TELEGRAM_BOT_TOKEN"})
SHELL, DOTENV = "shell", "dotenv"
LONG_RUN = re.compile(r"[A-Za-z0-9]{12,}")


@dataclass(frozen=True)
class Setting:
    """One variable: its raw text (before course_lib strips it) and its source."""

    name: str
    raw: str | None = None
    source: str = ""  # SHELL, DOTENV, or "" when set nowhere

    @property
    def value(self) -> str | None:
        """The value course_lib uses: stripped, None when blank."""
        return self.raw.strip() if self.raw and self.raw.strip() else None


def read(env: EnvFile) -> dict[str, Setting]:
    """Every course setting, from the environment first, then from `.env`."""
    from_file = env.values() if env.readable else {}
    found = {}
    for name in NAMES:
        if name in os.environ:
            found[name] = Setting(name, os.environ[name], SHELL)
        elif from_file.get(name) is not None:
            found[name] = Setting(name, from_file[name], DOTENV)
        else:
            found[name] = Setting(name)
    return found


def show(name: str, value: str | None) -> str:
    """A value fit to print: secrets masked (a plain placeholder shown), others cut short."""
    if name in SECRETS:
        # A placeholder is no secret, and seeing "<your key>" helps; but a real key inside
        # placeholder marks ("<sk-or-v1-…>") has a long run of letters and digits: masked.
        if value and shapes.is_placeholder(value) and not LONG_RUN.search(value):
            return repr(value.strip())
        return config.mask(value)
    if value is None:
        return t("doctor.secret.not_set")
    return repr(value) if len(value) <= 60 else repr(value[:59] + "…")


def base_url(settings: dict[str, Setting]) -> str:
    """OPENROUTER_BASE_URL as the client will use it."""
    return (settings["OPENROUTER_BASE_URL"].value or config.DEFAULT_OPENROUTER_URL).rstrip("/")


def telegram_url(settings: dict[str, Setting]) -> str:
    """TELEGRAM_API_URL as the bot will use it."""
    return (settings["TELEGRAM_API_URL"].value or config.DEFAULT_TELEGRAM_URL).rstrip("/")


def db_path(settings: dict[str, Setting]) -> Path:
    """COURSE_DB as the bot will use it."""
    return Path(settings["COURSE_DB"].value or config.DEFAULT_DB_FILE)
