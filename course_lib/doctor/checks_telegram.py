"""Checks of the Telegram bot token: written right, and accepted by the Bot API (`getMe`).

The token is optional until lesson 5 (the console bot needs none), so a missing token is a
neutral "–", never a failure. The token is part of every Bot API URL, so no URL, exception
text or server answer is ever printed here: only the host and Telegram's short description.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from course_lib import config
from course_lib import openrouter_client as client
from course_lib import openrouter_errors as errors
from course_lib.doctor import probe, settings, shape_check, shapes
from course_lib.doctor.check import Check, fail, ok, skip
from course_lib.doctor.context import Context
from course_lib.texts import t


def token(ctx: Context) -> Check:
    """TELEGRAM_BOT_TOKEN: `<bot id>:<35 characters>`, no placeholder, quotes, spaces or `bot`."""
    setting = ctx.settings["TELEGRAM_BOT_TOKEN"]
    if setting.value is None:
        return skip("telegram.token", t("doctor.token.none"))
    return shape_check.check("telegram.token", setting, shapes.token_problem(setting.raw or ""),
                             "doctor.token.ok")


def _no_answer(exc: requests.RequestException, url: str, timeout_s: float) -> Check:
    """The check for a getMe that got no HTTP answer (classified as the client does)."""
    host = urlsplit(url).netloc
    error = errors.from_exception(exc, url, timeout_s)  # its texts name only the host
    if error.kind == "or.tls":
        return fail("telegram.getme", t("doctor.reach.tls", host=host),
                    error.msg + " " + t("doctor.reach.tls.how"))
    kind = error.kind.removeprefix("or.")
    return fail("telegram.getme", t("doctor.getme.unreachable", host=host),
                t(f"doctor.getme.{kind}", host=host, timeout=timeout_s))


def _verdict(resp: requests.Response, token: str) -> Check:
    """The check for Telegram's answer to getMe."""
    masked = config.mask(token)
    try:
        body = resp.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    if resp.ok and body.get("ok") and isinstance(body.get("result"), dict):
        username = body["result"].get("username") or "?"
        return ok("telegram.getme", t("doctor.getme.ok", masked=masked, username=username))
    description = errors.clean(str(body.get("description") or resp.reason or ""), token)
    if resp.status_code in (401, 404):  # 404: Telegram's answer to a malformed token
        return fail("telegram.getme", t("doctor.getme.rejected", masked=masked,
                                        status=resp.status_code, description=description),
                    t("doctor.getme.rejected.fix"))
    return fail("telegram.getme", t("doctor.getme.fail", status=resp.status_code,
                                    description=description), t("doctor.getme.fail.fix"))


def get_me(ctx: Context) -> Check | None:
    """`getMe` with the token at TELEGRAM_API_URL: Telegram knows the bot."""
    if ctx.token is None:
        return None
    problem = probe.ca_problem()  # requests would raise a bare OSError for a missing bundle
    if problem:
        return fail("telegram.getme", problem, t("doctor.ca.fix"))
    base = settings.telegram_url(ctx.settings)
    url = f"{base}/bot{ctx.token}/getMe"
    try:
        resp = client._session(url).get(url, timeout=ctx.timeout_s, verify=client._ca_bundle())
    except requests.RequestException as exc:
        return _no_answer(exc, base, ctx.timeout_s)
    return _verdict(resp, ctx.token)
