"""Checks of what the key may do: accepted by OpenRouter, and allowed to use free models.

`GET /key` tells whether the key is valid, the account's tier (free: never bought credits) and
the key's credit limit. A one-token request to a `:free` model then tests the privacy setting:
with "Enable free endpoints that may publish prompts" off, OpenRouter answers 404 "No endpoints
found matching your data policy" for many free models.
"""

from __future__ import annotations

from course_lib import config
from course_lib.doctor import probe, registry_view, settings
from course_lib.doctor.check import Check, fail, ok, warn
from course_lib.doctor.context import Context
from course_lib.openrouter_client import OpenRouterError
from course_lib.texts import t


def _money(value: object) -> float | None:
    """A dollar amount from the API (a number, or None when there is none)."""
    try:
        return None if value is None else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def auth(ctx: Context) -> Check:
    """`GET /key` accepts the key; says its tier, credit limit and usage."""
    masked = config.mask(ctx.key)
    try:
        payload = probe.get_json("/key", ctx.key, ctx.timeout_s)
    except OpenRouterError as error:
        rejected = error.status == 401
        return fail("openrouter.auth", t("doctor.auth.rejected" if rejected else "doctor.auth.fail",
                                         masked=masked, status=error.status), error.msg)
    data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
    ctx.key_info = data
    return _describe(data, masked)


def _describe(data: dict, masked: str) -> Check:
    """The accepted key's tier, limit and usage, warning when its credit limit is used up."""
    tier = t("doctor.auth.free_tier" if data.get("is_free_tier") else "doctor.auth.paid_tier")
    limit, left = _money(data.get("limit")), _money(data.get("limit_remaining"))
    usage = _money(data.get("usage")) or 0.0
    if limit is None:
        limits = t("doctor.auth.no_limit")
    else:
        limits = t("doctor.auth.limit", limit=limit, left=left or 0.0)
    if limit is not None and left is not None and left <= 0:
        return warn("openrouter.auth", t("doctor.auth.spent", masked=masked, limit=limit),
                    t("doctor.auth.spent.fix"))
    return ok("openrouter.auth", t("doctor.auth.ok", masked=masked, tier=tier, limits=limits,
                                   usage=usage))


def free_model(ctx: Context) -> str:
    """The `:free` model to test with: the active one if free, else the registry's first free."""
    rows = registry_view.rows(settings.db_path(ctx.settings)) or registry_view.seed_rows()
    free = [row for row in rows if str(row["key"]).endswith(":free")]
    active = [row for row in free if row["active"]]
    chosen = (active or free or registry_view.seed_rows())[0]
    return str(chosen["key"])


def privacy(ctx: Context) -> Check:
    """A one-token request to a free model is answered: the privacy setting allows free models."""
    model = free_model(ctx)
    try:
        probe.ping(model, ctx.timeout_s)
    except OpenRouterError as error:
        if error.kind == "or.404.privacy":
            return fail("openrouter.privacy", t("doctor.privacy.off", model=model), error.msg)
        if not probe.answered(error):
            return warn("openrouter.privacy", t("doctor.privacy.unknown", model=model,
                                                status=error.status), error.msg)
    return ok("openrouter.privacy", t("doctor.privacy.ok", model=model))
