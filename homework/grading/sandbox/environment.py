"""The environment of a student process, built from scratch: nothing of the instructor's.

No variable of the grader's own environment is passed on (no real key, no token, no proxy
password): only a minimal PATH, a temporary HOME, the fakes' addresses, the grader's random
key and token, and settings that make runs repeatable. Without a network namespace, the proxy
variables point at a closed port, so libraries that honour them cannot reach the internet;
NO_PROXY keeps 127.0.0.1 (the fakes) direct. A raw socket ignores proxies: that is why the
network namespace is the real barrier, and the fallback only best-effort.

Sandboxed (`laptop_environment`), the environment is that of a terminal on the student's
laptop (`persona`): HOME, USER, SHELL, TERM, LANG, a PATH with the virtual environment first
as `activate` leaves it, and the course's own variables. Nothing only a grader would set
(no marker, no fixed hash seed, no TMPDIR): the namespaces find and end the processes, and
the box is the laptop's disk.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from homework.grading.sandbox.persona import Persona

MARKER = "HOMEWORK_SANDBOX"  # finds a submission's processes without namespaces (Linux)
DEAD_PROXY = "http://127.0.0.1:9"  # the discard port: nothing listens there
PROXY_NAMES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
               "all_proxy")


def _system_part() -> dict[str, str]:
    """What the operating system needs to start Python at all."""
    python_dir = str(Path(sys.executable).parent)
    if sys.platform == "win32":
        root = os.environ.get("SYSTEMROOT", r"C:\Windows")
        return {"SYSTEMROOT": root, "PATH": f"{python_dir};{root}\\system32",
                "PATHEXT": ".COM;.EXE;.BAT;.CMD"}
    return {"PATH": f"{python_dir}:/usr/local/bin:/usr/bin:/bin"}


def _home_part(home: Path, tmp: Path) -> dict[str, str]:
    """A home and a temporary folder inside the submission's own folder."""
    names = {"HOME": home, "USERPROFILE": home, "APPDATA": home, "TMPDIR": tmp, "TEMP": tmp,
             "TMP": tmp, "SQLITE_TMPDIR": tmp}
    return {name: str(path) for name, path in names.items()}


def student_environment(home: Path, tmp: Path, settings: dict[str, str], marker: str,
                        network_isolated: bool) -> dict[str, str]:
    """The complete environment of one student process."""
    env = {**_system_part(), **_home_part(home, tmp)}
    env.update({"LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8",
                "PYTHONUTF8": "1", "PYTHONHASHSEED": "0",  # same hashes, same runs
                "MALLOC_ARENA_MAX": "2",  # fewer malloc arenas: less address space per thread
                "COURSE_LANG": "en", MARKER: marker})
    if not network_isolated:
        env.update(dict.fromkeys(PROXY_NAMES, DEAD_PROXY))
        env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.update(settings)
    return env


SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _locales() -> str:
    """The locales this machine has (`locale -a`), lower-cased; '' if that cannot be said."""
    try:
        return subprocess.run(["locale", "-a"], capture_output=True, text=True,
                              timeout=5).stdout.lower()
    except (OSError, subprocess.SubprocessError):
        return ""


def laptop_lang(locales: str) -> str:
    """LANG as on a laptop: en_US.UTF-8 where the system has it, else C.UTF-8."""
    return "en_US.UTF-8" if "en_us.utf8" in locales.split() else "C.UTF-8"


LANG = laptop_lang(_locales())  # once, where the grading workers are forked from


def laptop_environment(persona: Persona, settings: dict[str, str]) -> dict[str, str]:
    """The environment of a student process in the sandbox: a terminal on `persona`'s laptop."""
    env = {"HOME": persona.home, "USER": persona.user, "LOGNAME": persona.user,
           "SHELL": "/bin/bash", "TERM": persona.term, "LANG": LANG, "SHLVL": "1",
           "PWD": persona.work, "PATH": f"{persona.home}/.local/bin:{SYSTEM_PATH}",
           "_": sys.executable}  # bash sets `_` to the program it starts
    if sys.prefix != sys.base_prefix:  # a virtual environment, activated as students do
        env["VIRTUAL_ENV"] = sys.prefix
        env["PATH"] = f"{sys.prefix}/bin:{env['PATH']}"
    else:
        env["PATH"] = f"{Path(sys.executable).parent}:{env['PATH']}"
    env.update(settings)
    return env
