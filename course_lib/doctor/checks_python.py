"""Checks of the Python in use: its version, and whether the course's packages import.

A Jupyter kernel may run another Python than the terminal does. To check the kernel's, run the
doctor from a notebook cell with that very interpreter: `!{sys.executable} -m course_lib doctor`.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys

from course_lib.doctor import interpreter
from course_lib.doctor.check import Check, fail, ok, warn
from course_lib.doctor.context import Context
from course_lib.texts import t

MINIMUM = (3, 10)
# (module to import, package to install): what course_lib itself needs...
REQUIRED = (("requests", "requests"), ("dotenv", "python-dotenv"),
            ("telebot", "pyTelegramBotAPI"))
# ...and what the notebooks need on top (the bot runs without them).
FOR_NOTEBOOKS = (("openai", "openai"), ("jupyterlab", "jupyterlab"),
                 ("ipykernel", "ipykernel"), ("nbformat", "nbformat"))


def version(ctx: Context, info: tuple[int, ...] | None = None) -> Check:
    """Python 3.10 or newer (`info` replaces `sys.version_info` in tests)."""
    info = tuple(info or sys.version_info[:3])
    found = ".".join(str(part) for part in info)
    venv = t("doctor.python.venv") if sys.prefix != sys.base_prefix else ""
    if info[:2] >= MINIMUM:
        return ok("python.version", t("doctor.python.ok", version=found, venv=venv))
    return fail("python.version", t("doctor.python.old", version=found),
                t("doctor.python.old.fix"))


def install_command() -> str:
    """How to install the course's packages into its `.venv`, from the course folder."""
    return interpreter.venv_command(interpreter.INSTALL.split(), sys.platform == "win32")


def _importable(module: str, really: bool) -> bool:
    """Whether a module imports (`really`), or at least is installed."""
    try:
        if really:
            importlib.import_module(module)
            return True
        return importlib.util.find_spec(module) is not None
    except Exception:  # a broken install can fail with anything at import time
        return False


def packages(ctx: Context, required: tuple = REQUIRED, extra: tuple = FOR_NOTEBOOKS) -> Check:
    """The course's packages: the required ones import, the notebooks' ones are installed."""
    missing = [package for module, package in required if not _importable(module, True)]
    if missing:
        return fail("python.packages", t("doctor.packages.missing", names=", ".join(missing)),
                    t("doctor.packages.fix", command=install_command()))
    absent = [package for module, package in extra if not _importable(module, False)]
    if absent:
        return warn("python.packages", t("doctor.packages.extra", names=", ".join(absent)),
                    t("doctor.packages.fix", command=install_command()))
    names = ", ".join(package for _, package in required + extra)
    return ok("python.packages", t("doctor.packages.ok", names=names))
