"""Checks of OpenRouter's side of the set-up: the key as written, the base URL, the service.

In order, each building on the one before: the key's shape (no request), the URL's shape,
then the service reachable over verified HTTPS (`GET /models`, which needs no key). What the
key may do comes next, in `checks_account`. Without a key the network checks are skipped
and offline mode (the local fake) is tested instead.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from course_lib import config, offline
from course_lib.config import LOOPBACK
from course_lib.doctor import probe, registry_view, settings, shape_check, shapes
from course_lib.doctor.check import Check, fail, ok, warn
from course_lib.doctor.context import Context
from course_lib.openrouter_client import OpenRouterError
from course_lib.texts import t


def key(ctx: Context) -> Check:
    """The key: present, shaped like `sk-or-v1-…`, no placeholder, quotes, spaces or Bearer."""
    setting = ctx.settings["OPENROUTER_API_KEY"]
    if setting.value is None:
        return warn("openrouter.key", t("doctor.key.none"), t("doctor.key.none.fix"))
    if setting.value == offline.FAKE_KEY:  # set by offline.start() in this process
        return warn("openrouter.key", t("doctor.key.fake"), t("doctor.key.none.fix"))
    return shape_check.check("openrouter.key", setting, shapes.key_problem(setting.raw or ""),
                             "doctor.key.ok")


def _url_problem(url: str) -> str | None:
    """What is wrong with a base URL, as a text key, or None."""
    parts = urlsplit(url)
    if any(ch.isspace() for ch in url) or url[:1] in shapes.QUOTES or url[-1:] in shapes.QUOTES:
        return "doctor.url.quotes"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "doctor.url.scheme"
    if parts.path.endswith("/chat/completions"):
        return "doctor.url.endpoint"
    if not parts.path.endswith("/api/v1"):
        return "doctor.url.path"
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        return "doctor.url.plain_http"  # the key would cross the network unencrypted
    return None


def url(ctx: Context) -> Check:
    """OPENROUTER_BASE_URL well-formed: http(s)://host/…/api/v1, HTTPS unless local."""
    base = settings.base_url(ctx.settings)
    problem = _url_problem(base)
    if problem:
        return fail("openrouter.url", t(problem, url=base), t(problem + ".fix", url=base))
    default = "" if ctx.settings["OPENROUTER_BASE_URL"].value else t("doctor.url.default")
    return ok("openrouter.url", t("doctor.url.ok", url=base, default=default))


def offline_mode(ctx: Context) -> Check | None:
    """Without a key: the local fake starts and answers, as notebooks and the bot will use it."""
    if ctx.key:
        return None
    try:
        with offline.openrouter(lambda _line: None):
            probe.ping(registry_view.seed_rows()[0]["key"], ctx.timeout_s)
    except OpenRouterError as error:
        if not probe.answered(error):
            return fail("openrouter.offline", t("doctor.offline.fail"), error.msg)
    return ok("openrouter.offline", t("doctor.offline.ok"))


def reach(ctx: Context) -> Check:
    """`GET /models` answers with the catalog, over HTTPS with a verified certificate."""
    base = config.openrouter_base_url()
    host = urlsplit(base).netloc
    problem = probe.ca_problem()
    if problem:
        return fail("openrouter.reach", problem, t("doctor.ca.fix"))
    try:
        payload = probe.get_json("/models", None, ctx.timeout_s)
    except OpenRouterError as error:
        if error.kind == "or.tls":
            return fail("openrouter.reach", t("doctor.reach.tls", host=host),
                        error.msg + " " + t("doctor.reach.tls.how"))
        return fail("openrouter.reach", t("doctor.reach.fail", host=host), error.msg)
    data = payload.get("data")
    ids = {m.get("id") for m in data if isinstance(m, dict)} if isinstance(data, list) else set()
    if not ids:
        return fail("openrouter.reach", t("doctor.reach.no_models", host=host),
                    t("doctor.reach.no_models.fix"))
    ctx.live_catalog = ids
    # A server on this machine is a stand-in for OpenRouter (the course's fake): say so.
    text = "doctor.reach.local" if urlsplit(base).hostname in LOOPBACK else "doctor.reach.ok"
    return ok("openrouter.reach", t(text, host=host, count=len(ids), tls=_tls_note(base)))


def _tls_note(base: str) -> str:
    """How the connection was secured, for the success message."""
    if not base.startswith("https:"):
        return t("doctor.reach.plain")
    bundle = probe.ca_bundle()
    return t("doctor.reach.tls_bundle", name=bundle[0]) if bundle else t("doctor.reach.tls_ok")
