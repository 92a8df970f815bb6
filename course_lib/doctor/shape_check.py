"""The checklist's line for a key or token that is set, from the problem `shapes` found.

✓ for the real shape, ! for an unusual length or spaces around it (the service has the final
word), ✗ for anything that cannot work: a placeholder, quotes, `Bearer `, a foreign key.
The value is only ever shown masked (or as a plain placeholder, which is no secret).
"""

from __future__ import annotations

from course_lib.doctor import shapes
from course_lib.doctor.check import Check, fail, ok, warn
from course_lib.doctor.settings import Setting, show
from course_lib.texts import t


def check(check_id: str, setting: Setting, problem: str | None, ok_key: str) -> Check:
    """The line for a secret that is set: ✓ real shape, ! unusual or padded, ✗ written wrong."""
    value = setting.value or ""
    fields = {"name": setting.name, "shown": show(setting.name, value),
              "where": t(f"doctor.where.{setting.source}"), "length": len(value)}
    if problem is None and shapes.padded(setting.raw or ""):
        problem = "doctor.shape.padded"
    if problem is None:
        return ok(check_id, t(ok_key, **fields))
    make = warn if problem.endswith((".unusual", ".padded")) else fail
    fix = problem + ".fix"
    if problem == "doctor.shape.placeholder" and not {"<", ">"} & set(value):
        fix = "doctor.shape.placeholder.plain.fix"  # no "< >" to speak of in this one
    return make(check_id, t(problem, **fields), t(fix, **fields))
