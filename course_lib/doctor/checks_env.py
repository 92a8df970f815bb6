"""Checks of the `.env` file: found and readable, every line well-formed, no name set twice,
and no shell variable silently winning over it.

Two rules of python-dotenv explain most surprises, and the messages say them out loud:
the last of two equal names wins, and a variable already set in the environment wins over the
file (course_lib keeps that rule, see `course_lib.config`).
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from dotenv.parser import Binding

from course_lib.doctor import envfile, shapes
from course_lib.doctor.check import FAIL, WARN, Check, fail, ok, warn, worst
from course_lib.doctor.context import Context
from course_lib.doctor.settings import NAMES, SECRETS, SHELL, show
from course_lib.texts import t

# Other names people give these variables (from tutorials of other libraries).
ALIASES = {"BOT_TOKEN": "TELEGRAM_BOT_TOKEN", "TG_TOKEN": "TELEGRAM_BOT_TOKEN",
           "TOKEN": "TELEGRAM_BOT_TOKEN", "API_KEY": "OPENROUTER_API_KEY",
           "KEY": "OPENROUTER_API_KEY"}


def env_file(ctx: Context) -> Check:
    """`.env` found, readable, in an encoding course_lib can read."""
    env = ctx.env
    if env.path is None:
        return _no_file(ctx)
    if env.read_error:
        return fail("env.file", t("doctor.env.unreadable", path=env.path, error=env.read_error),
                    t("doctor.env.unreadable.fix"))
    if env.encoding == envfile.UTF16:
        return fail("env.file", t("doctor.env.utf16", path=env.path), t("doctor.env.resave"))
    if not env.encoding:
        line, byte = env.bad_byte or (0, 0)
        return fail("env.file", t("doctor.env.not_utf8", path=env.path, line=line,
                                  byte=f"0x{byte:02X}"), t("doctor.env.resave"))
    notes = [t("doctor.env.bom")] if env.encoding == envfile.UTF8_BOM else []
    notes += [t("doctor.env.crlf")] if env.crlf else []
    return ok("env.file", t("doctor.env.ok", path=env.path) + "".join(notes))


def _no_file(ctx: Context) -> Check:
    """No `.env` anywhere up from here: a misnamed file, settings in the shell, or nothing."""
    near = envfile.lookalikes()
    if near:
        return fail("env.file", t("doctor.env.lookalike", name=near[0], folder=Path.cwd()),
                    t("doctor.env.lookalike.fix", name=near[0]))
    key = ctx.settings["OPENROUTER_API_KEY"]
    if key.source == SHELL and key.value:
        return ok("env.file", t("doctor.env.none_shell"))
    return warn("env.file", t("doctor.env.none", folder=Path.cwd()), t("doctor.env.none.fix"))


def _meant(name: str, value: str | None) -> str | None:
    """The course variable a misspelt or other-named line was probably meant to set."""
    upper = name.upper()
    if upper in NAMES:
        return upper  # only the case differs: names are case-sensitive in .env
    if value and value.strip().startswith("sk-or-"):
        return "OPENROUTER_API_KEY"  # an OpenRouter key under another name (OPENAI_API_KEY…)
    close = difflib.get_close_matches(upper, NAMES, n=1, cutoff=0.75)
    return ALIASES.get(upper) or (close[0] if close else None)


def _line_problem(ctx: Context, binding: Binding) -> tuple[str, str] | None:
    """(status, text) for a line python-dotenv cannot parse or whose name is not the course's."""
    line = binding.original.line
    if binding.error:  # never quote the line itself: it may hold the key
        text = binding.original.string.upper()
        name = next((n for n in NAMES if n in text), None)
        if name is None:
            return WARN, t("doctor.lines.unparsed", line=line)
        return FAIL, t("doctor.lines.unparsed_name", line=line, name=name)
    if binding.key is None or binding.key in NAMES:
        return None
    meant = _meant(binding.key, binding.value)
    if meant is None:
        return None
    status = FAIL if ctx.settings[meant].value is None else WARN
    return status, t("doctor.lines.misspelt", line=line, name=binding.key, meant=meant)


def lines(ctx: Context) -> Check | None:
    """Every line is `NAME=value`, with the names course_lib reads."""
    if not ctx.env.readable:
        return None
    bindings = ctx.env.bindings()
    found = [p for p in (_line_problem(ctx, b) for b in bindings) if p]
    if not found:
        count = len({b.key for b in bindings if b.key})
        return ok("env.lines", t("doctor.lines.ok", count=count))
    status = worst([s for s, _ in found])
    message = " ".join(text for _, text in found)
    return Check("env.lines", status, message, t("doctor.lines.fix"))


def _looks_real(name: str, value: str | None) -> bool:
    """Whether a secret's value could be a real one (right shape or close), not a stand-in."""
    if not value or not value.strip():
        return False
    problem = (shapes.key_problem if name == "OPENROUTER_API_KEY" else shapes.token_problem)(value)
    return problem in (None, "doctor.key.unusual", "doctor.token.unusual")


def _by_name(ctx: Context) -> dict[str, list[Binding]]:
    """The lines of `.env` that set each name, in file order."""
    by_name: dict[str, list[Binding]] = {}
    for binding in ctx.env.bindings():
        if binding.key:
            by_name.setdefault(binding.key, []).append(binding)
    return by_name


def hidden(ctx: Context, name: str) -> tuple[int, int] | None:
    """(line, last line) when a real-looking secret in `.env` is replaced by a later line that
    is empty or a placeholder, and the shell does not set the variable; else None."""
    if not ctx.env.readable or name not in SECRETS or ctx.settings[name].source == SHELL:
        return None
    found = _by_name(ctx).get(name, [])
    real = [b for b in found[:-1] if _looks_real(name, b.value)]
    if len(found) < 2 or not real or _looks_real(name, found[-1].value):
        return None
    return real[-1].original.line, found[-1].original.line


def _shown(name: str, value: str | None) -> str:
    """A value for the duplicates' message: masked, or "an empty value"."""
    return show(name, value) if (value or "").strip() else t("doctor.dup.empty")


def _duplicate(ctx: Context, name: str, found: list[Binding]) -> tuple[str, str, str]:
    """(status, text, fix) for one name set on several lines."""
    numbers = ", ".join(str(b.original.line) for b in found)
    last = found[-1]
    if len({(b.value or "").strip() for b in found}) == 1:
        return WARN, t("doctor.dup.same", name=name, lines=numbers,
                       last=last.original.line), t("doctor.dup.fix")
    lines = hidden(ctx, name)
    if lines is None:
        return FAIL, t("doctor.dup.differ", name=name, lines=numbers, last=last.original.line,
                       value=_shown(name, last.value)), t("doctor.dup.fix")
    # One verdict: the later line hides the real-looking one (the key check then waits).
    what = t(f"doctor.dup.what.{name}")
    winner = (t("doctor.dup.winner", value=_shown(name, last.value))
              if (last.value or "").strip() else t("doctor.dup.empty"))
    return FAIL, t("doctor.dup.hidden", name=name, lines=numbers, winner=winner,
                   last=lines[1], line=lines[0], what=what), \
        t("doctor.dup.hidden.fix", last=lines[1], line=lines[0], what=what)


def duplicates(ctx: Context) -> Check | None:
    """No variable set on two lines (python-dotenv would quietly keep the last)."""
    if not ctx.env.readable:
        return None
    found = [_duplicate(ctx, name, group) for name, group in _by_name(ctx).items()
             if len(group) > 1]
    if not found:
        return ok("env.duplicates", t("doctor.dup.ok"))
    message = " ".join(text for _, text, _ in found)
    fixes = " ".join(dict.fromkeys(fix for _, _, fix in found))  # each different fix once
    return Check("env.duplicates", worst([s for s, _, _ in found]), message, fixes)


def unset_hint(name: str, platform: str | None = None) -> str:
    """How to remove a variable from the shell, on this computer's system."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return t("doctor.shell.fix_windows", name=name)
    rc = "~/.zshrc" if platform == "darwin" else "~/.bashrc"
    return t("doctor.shell.fix_unix", name=name, rc=rc)


def shell(ctx: Context) -> Check | None:
    """No variable of `.env` overridden by a different value set in the shell."""
    if not ctx.env.readable:
        return None
    in_file = ctx.env.values()
    clashes = [s for s in ctx.settings.values()
               if s.source == SHELL and (in_file.get(s.name) or "").strip()
               and (s.raw or "").strip() != (in_file[s.name] or "").strip()]
    if not clashes:
        return ok("env.shell", t("doctor.shell.ok"))
    texts = [t("doctor.shell.empty" if s.value is None else "doctor.shell.override",
               name=s.name, shell=show(s.name, s.value), dotenv=show(s.name, in_file[s.name]))
             for s in clashes]
    return warn("env.shell", " ".join(texts), unset_hint(clashes[0].name))
