"""JupyterLab for the course: `make lab` points JUPYTER_CONFIG_DIR at this folder.

The lab is rooted at the course folder, so the lessons, the homework and `course_lib` are all
in its file browser, and it opens on the lessons (the Russian ones with COURSE_LANG=ru, in the
environment or in `.env`). Options given on the command line (`make lab LAB_ARGS=…`) override
these. `custom/custom.css` beside this file (loaded because of
`custom_css`) wraps long output lines between words instead of in the middle of a word.
In the lab's terminals `python` is the course's: the server puts `.venv` first on PATH, as
activating it would, and since bash and zsh read your own start-up file (which may put pyenv or
conda first), `terminal/` puts it first again after that. Lab settings you change are kept in
`lab/` here (git-ignored).
"""

import os
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
COURSE = HERE.parent

c = get_config()  # noqa: F821  (provided by Jupyter when it loads this file)
c.ServerApp.root_dir = str(COURSE)


def course_lang() -> str:
    """COURSE_LANG from the environment, else from the course's .env, else English."""
    value = os.environ.get("COURSE_LANG")
    env_file = COURSE / ".env"
    if value is None and env_file.is_file():
        for line in env_file.read_text("utf-8", "replace").splitlines():
            name, _, text = line.partition("=")
            if name.strip() == "COURSE_LANG":
                value = text.strip().strip("\"'")  # the last one wins, as in python-dotenv
    return "ru" if (value or "").strip().lower() == "ru" else "en"


# The lessons in the course's language: the Russian edition is notebooks/ru/.
c.LabApp.default_url = "/lab/tree/notebooks/ru" if course_lang() == "ru" else "/lab/tree/notebooks"
c.LabApp.custom_css = True



def terminal_shell() -> list[str]:
    """The terminals' shell, started so that the course's Python comes first on PATH."""
    shell = os.environ.get("SHELL") or shutil.which("sh") or "/bin/sh"
    if Path(shell).name == "bash":
        return [shell, "--rcfile", str(HERE / "terminal" / "bashrc")]
    if Path(shell).name == "zsh":
        os.environ["COURSE_ZDOTDIR"] = os.environ.get("ZDOTDIR", os.path.expanduser("~"))
        os.environ["ZDOTDIR"] = str(HERE / "terminal" / "zsh")
    return [shell]  # not a login shell: that would reset PATH from /etc/profile


VENV = COURSE / ".venv"
if VENV.is_dir():  # the server's terminals inherit these, as after activating .venv
    os.environ["COURSE_VENV"] = os.environ["VIRTUAL_ENV"] = str(VENV)
    scripts = VENV / ("Scripts" if os.name == "nt" else "bin")
    os.environ["PATH"] = f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}"
if os.name != "nt":
    c.ServerApp.terminado_settings = {"shell_command": terminal_shell()}
