"""Every Russian text of course_lib is Russian prose, in the course's Russian conventions.

The catalogs of `course_lib.texts`, of the exercise engine and of the library's own exercise
modules: each "ru" text is Cyrillic prose (English only in names the student types or sees in
other software), says «тайм-аут», «некорректный», «заглушка OpenRouter», «№1», «мс».
"""

from __future__ import annotations

import re

import pytest

from course_lib import texts
from course_lib.exercises import engine, lesson04b, your_code
from course_lib.texts import t

CATALOGS = {"texts": texts._all(), "engine": engine.TEXTS, "lesson04b": lesson04b.TEXTS,
            "your_code": your_code.TEXTS}
# Labels of other software and server messages, quoted as the student sees them there.
QUOTED = ("Enable free endpoints that may publish prompts", "Save with Encoding",
          "No endpoints found matching your data policy", "Internal Server Error",
          "Activating the environment", "Create API Key", "Service Unavailable",
          "Request Timeout", "Gateway Timeout")
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z']+(?:[ ,]+[A-Za-z][a-z']+){2,}\b")
WRONG = {  # a slip: what to write instead
    r"таймаут": "тайм-аут", r"\bне корректн": "некорректн", r"лаборатор": "заглушка OpenRouter",
    r"#\{|#\d": "№", r"\d+ ?ms\b|\} ms\b": "мс", r"\d\.\d+ ?с\b": "десятичная запятая",
    r"\bзаглушк\w* курса": "заглушка OpenRouter", r"Ответ был": "Бот не ответил",
}


def russian_texts() -> list[tuple[str, str]]:
    """(catalog:key, Russian text) of every catalog."""
    return [(f"{name}:{key}", entry["ru"]) for name, catalog in CATALOGS.items()
            for key, entry in catalog.items()]


@pytest.mark.parametrize("name, catalog", CATALOGS.items(), ids=list(CATALOGS))
def test_every_text_has_a_russian_version(name, catalog):
    missing = [key for key, entry in catalog.items() if not entry.get("ru", "").strip()]
    assert not missing, missing


def test_every_russian_text_is_russian_prose():
    bad = []
    for key, text in russian_texts():
        prose = text
        for quoted in QUOTED:
            prose = prose.replace(quoted, "")
        if ENGLISH_RUN.search(prose):
            bad.append(f"{key}: {ENGLISH_RUN.search(prose).group(0)!r}")
    assert not bad, "\n".join(bad)


def test_the_russian_texts_follow_the_courses_conventions():
    bad = [f"{key}: {pattern} → {instead}" for key, text in russian_texts()
           for pattern, instead in WRONG.items() if re.search(pattern, text)]
    assert not bad, "\n".join(bad)


def test_the_conventions_scan_finds_each_slip():
    for slip in ("таймаут", "не корректный JSON", "лаборатория", "#{id}", "(16 ms; model: m)",
                 "за 0.2 с", "заглушка курса", "Ответ был: (ответа нет)"):
        assert any(re.search(pattern, slip) for pattern in WRONG), slip


def test_the_footer_and_notes_read_russian():
    assert t("bot.ask.footer", "ru", ms=16, model="m") == "(16 мс; модель: m)"
    assert t("bot.ask.footer", "en", ms=16, model="m") == "(16 ms; model: m)"
    assert t("bot.note.added", "ru", id=1) == "Заметка №1 сохранена."
    assert t("bot.note.line", "ru", id=1, when="2026-01-02 03:04", text="x").startswith("№1 · ")
    assert t("bot.note.line", "en", id=1, when="2026-01-02 03:04", text="x").startswith("#1 · ")
    assert t("or.malformed", "ru").startswith("Ответ OpenRouter — некорректный JSON")
