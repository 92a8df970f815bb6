"""Every text a user reads, in English and Russian, in one place.

`t("key", name=value)` returns the text in the language of `COURSE_LANG`, with its fields
filled in (a counted noun in the right form and a float with a decimal comma in Russian:
`course_lib.texts.plural`). The catalogs live in the modules beside this one, one per part of
the course: plain data, which `course_lib.doctor.interpreter` reads before the course's packages
are known to be there (hence `config`, which needs python-dotenv, is imported only when a text
is asked for).
"""

from __future__ import annotations

from functools import cache

from course_lib.texts import bot, db, doctor, errors, offline, venv
from course_lib.texts.plural import fill

CATALOGS = (errors.TEXTS, db.TEXTS, bot.TEXTS, offline.TEXTS, doctor.TEXTS, venv.TEXTS)


@cache
def _all() -> dict[str, dict[str, str]]:
    """All catalogs merged; a key defined twice is a bug caught here."""
    merged: dict[str, dict[str, str]] = {}
    for catalog in CATALOGS:
        clash = merged.keys() & catalog.keys()
        if clash:
            raise RuntimeError(f"text keys defined twice: {sorted(clash)}")
        merged.update(catalog)
    return merged


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The text `key` in `lang` (default: `COURSE_LANG`), with `fields` filled in."""
    from course_lib import config

    lang = lang or config.lang()
    entry = _all()[key]
    text = entry.get(lang) or entry["en"]
    return fill(text, lang, **fields) if fields else text


def keys() -> list[str]:
    """Every text key (for tests that check both languages are complete)."""
    return sorted(_all())
