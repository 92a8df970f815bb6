"""The checklist: which checks run, in which order, and which ones each depends on.

A check that depends on a failed one is not run: its line says "not checked" and names the
failure to fix first (a rejected key says nothing about the privacy setting). Checks that talk
to OpenRouter need a key; without one they are skipped, since offline mode is fine.
A check that crashes becomes a ✗ line instead of a traceback: the doctor always answers.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from course_lib.doctor import (
    checks_account,
    checks_db,
    checks_env,
    checks_openrouter,
    checks_python,
    checks_telegram,
)
from course_lib.doctor.check import FAIL, Check, fail, skip
from course_lib.doctor.context import Context
from course_lib.doctor.envfile import EnvFile
from course_lib.openrouter_errors import clean
from course_lib.texts import t

# A pseudo-check: course_lib can read `.env` (else every setting read from it would fail).
ENV_READABLE = "env.readable"
# A secret whose real-looking value in `.env` a later line hides: the duplicates line is the
# one verdict, so the secret's own check waits instead of judging the empty or placeholder.
HIDDEN_BY_DUPLICATE = {"openrouter.key": "OPENROUTER_API_KEY",
                       "telegram.token": "TELEGRAM_BOT_TOKEN"}


@dataclass(frozen=True)
class Step:
    """One check of the list: its id, its function, what it needs, whether it needs a key."""

    id: str
    run: Callable[[Context], Check | None]
    needs: tuple[str, ...] = ()
    online: bool = False


STEPS: tuple[Step, ...] = (
    Step("python.version", checks_python.version),
    Step("python.packages", checks_python.packages),
    Step("env.file", checks_env.env_file),
    Step("env.lines", checks_env.lines),
    Step("env.duplicates", checks_env.duplicates),
    Step("env.shell", checks_env.shell),
    Step("openrouter.key", checks_openrouter.key),
    Step("openrouter.url", checks_openrouter.url),
    Step("openrouter.offline", checks_openrouter.offline_mode, needs=(ENV_READABLE,)),
    Step("openrouter.reach", checks_openrouter.reach, needs=(ENV_READABLE, "openrouter.url"),
         online=True),
    Step("openrouter.auth", checks_account.auth, needs=("openrouter.key", "openrouter.reach"),
         online=True),
    Step("openrouter.privacy", checks_account.privacy, needs=("openrouter.auth",), online=True),
    Step("bot.db", checks_db.database),
    Step("bot.model", checks_db.active_model, needs=("bot.db",)),
    Step("telegram.token", checks_telegram.token),
    Step("telegram.getme", checks_telegram.get_me, needs=(ENV_READABLE, "telegram.token")),
)


def _blocker(step: Step, ctx: Context, blocked: dict[str, str]) -> str | None:
    """The failed check that keeps `step` from running (followed through skipped ones)."""
    secret = HIDDEN_BY_DUPLICATE.get(step.id)
    if secret and ctx.status("env.duplicates") == FAIL and checks_env.hidden(ctx, secret):
        return "env.duplicates"
    for need in step.needs:
        if need == ENV_READABLE:
            if ctx.env.path is not None and not ctx.env.readable:
                return "env.file"
        elif need in blocked:
            return blocked[need]
        elif ctx.status(need) == FAIL:
            return need
    return None


def _guarded(step: Step, ctx: Context) -> Check | None:
    """Run one check; an unexpected exception becomes a ✗ line (with any secret masked)."""
    try:
        return step.run(ctx)
    except Exception as exc:
        detail = clean(clean(f"{type(exc).__name__}: {exc}", ctx.key), ctx.token)
        return fail(step.id, t("doctor.crash", title=t(f"doctor.title.{step.id}"),
                               detail=detail), t("doctor.crash.fix"))


def run_checks(ctx: Context | None = None) -> list[Check]:
    """Run every check in order; returns the lines of the checklist."""
    ctx = ctx or Context.build()
    blocked: dict[str, str] = {}  # check id -> the failed check that kept it from running
    with pinned_language(ctx.env):
        for step in STEPS:
            title = t(f"doctor.title.{step.id}")
            cause = _blocker(step, ctx, blocked)
            if step.online and not ctx.key:
                check: Check | None = skip(step.id, t("doctor.skip.no_key", title=title))
            elif cause:
                blocked[step.id] = cause
                check = skip(step.id, t("doctor.skip.blocked", title=title,
                                        cause=t(f"doctor.title.{cause}")))
            else:
                check = _guarded(step, ctx)
            if check is not None:
                ctx.results[check.id] = check
    return list(ctx.results.values())


@contextlib.contextmanager
def pinned_language(env: EnvFile) -> Iterator[None]:
    """Keep the doctor's own texts working when course_lib cannot read `.env`."""
    # `t()` asks course_lib.config for COURSE_LANG, which reads `.env` when the variable is not
    # in the environment, and an undecodable file makes that raise. Pinning the language for
    # the run lets the doctor explain the broken file instead of crashing on it.
    if env.path is None or env.readable or "COURSE_LANG" in os.environ:
        yield
        return
    os.environ["COURSE_LANG"] = "en"
    try:
        yield
    finally:
        os.environ.pop("COURSE_LANG", None)
