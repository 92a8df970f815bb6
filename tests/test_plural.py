"""Numbers in the texts: the plural rule, the decimal comma, and every text that uses them.

The Russian rule (CLDR/gettext): one if n % 10 == 1 and n % 100 != 11 (1, 21, 101), few if
n % 10 in 2..4 and n % 100 not in 12..14 (2, 22), many otherwise (0, 5, 11, 12, 14, 25, 111).
"""

from __future__ import annotations

import re
import string

import pytest

from course_lib import texts
from course_lib.texts import t
from course_lib.texts.plural import fill, number, plural

MODEL = ("модель", "модели", "моделей")
COUNTS = (1, 2, 5, 11, 21, 22, 25)  # the numbers


@pytest.mark.parametrize("n, form", [
    (0, "моделей"), (1, "модель"), (2, "модели"), (5, "моделей"), (11, "моделей"),
    (12, "моделей"), (14, "моделей"), (21, "модель"), (22, "модели"), (25, "моделей"),
    (101, "модель"), (111, "моделей"),
])
def test_the_russian_rule(n, form):
    assert plural(n, MODEL) == form


@pytest.mark.parametrize("n, form", [(0, "models"), (1, "model"), (2, "models"), (21, "models")])
def test_the_english_rule(n, form):
    assert plural(n, ("model", "models")) == form


def test_a_noun_needs_two_or_three_forms():
    with pytest.raises(ValueError):
        plural(3, ("одна",))


@pytest.mark.parametrize("value, lang, spec, written", [
    (0.2, "ru", "", "0,2"), (1.0, "ru", "", "1,0"), (2.5, "ru", ".1f", "2,5"),
    (0.2, "en", "", "0.2"), (3, "ru", "", "3"), (0.1234, "ru", ".2f", "0,12"),
])
def test_number_writes_a_decimal_comma_in_russian(value, lang, spec, written):
    assert number(value, lang, spec) == written


def test_fill_writes_counted_nouns_and_decimals():
    assert fill("{n:модель|модели|моделей}, {s} с", "ru", n=21, s=0.2) == "21 модель, 0,2 с"
    assert fill("за {d:последний # день|последние # дня|последние # дней}", "ru", d=22) == \
        "за последние 22 дня"
    assert fill("{n:model|models} in {s} s", "en", n=1, s=0.2) == "1 model in 0.2 s"
    assert fill("{x!r} {y:>3}", "ru", x="a|b", y=7) == "'a|b'   7"  # other specs as usual


# Every counted noun of the texts: (key, field, what the Russian text says with `#` for the
# number and `@` for the noun's form, its forms: one, few, many).
SYMBOL = ("символ", "символа", "символов")
LAST_DAYS = ("последний # день", "последние # дня", "последние # дней")
RUSSIAN = [
    ("models.summary.passed", "total", "Все # @ в порядке", MODEL),
    ("models.summary.failed", "total", "из # @;", ("модели", "моделей", "моделей")),
    ("models.registry.seed", "count", "проверяем # @ —", MODEL),
    ("models.registry.db", "count", "Реестр: # @ в", MODEL),
    ("bot.note.too_long", "length", "В заметке # @,", SYMBOL),
    ("bot.ask.cut", "length", "В вопросе # @:", SYMBOL),
    ("doctor.key.unusual", "length", "в нём # @ вместо", SYMBOL),
    ("doctor.token.unusual", "length", "в нём # @ (у", SYMBOL),
    ("bot.note.stats_title", "days", "за @ (", LAST_DAYS),
    ("bot.note.stats_none", "days", "За @ заметок", LAST_DAYS),
    ("bot.console.line_cut", "limit", "помещается # @ (", ("байт", "байта", "байт")),
    ("bot.console.line_cut", "limit", "(# @,", ("латинская буква", "латинские буквы",
                                               "латинских букв")),
    ("bot.console.line_cut", "max", "в заметку помещается # @,", SYMBOL),
]
CATEGORY = {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 25: 2}  # one, few, many: written out


def fields_of(key: str, lang: str) -> set[str]:
    """The names of the fields of one text."""
    return {name for _, name, _, _ in string.Formatter().parse(t(key, lang)) if name}


@pytest.mark.parametrize("key, field, said, forms", RUSSIAN, ids=lambda part: str(part)[:24])
def test_every_counted_noun_takes_the_form_of_its_number(key, field, said, forms):
    for n in COUNTS:
        expected = said.replace("@", forms[CATEGORY[n]]).replace("#", str(n))
        text = t(key, "ru", **({name: 3 for name in fields_of(key, "ru")} | {field: n}))
        assert expected in text, (n, text)


def test_no_russian_text_puts_a_bare_number_field_before_a_counted_noun():
    noun = re.compile(r"\{\w+\} (?:модел|символ|заметк|запрос|секунд|байт|дн|провер|балл|попыт)")
    bad = [key for key in texts.keys() if noun.search(t(key, "ru"))]  # noqa: SIM118
    assert not bad, bad


@pytest.mark.parametrize("key, values, written", [
    ("or.timeout", {"host": "h", "timeout": 0.2}, "за 0,2 с"),
    ("doctor.getme.timeout", {"host": "h", "timeout": 2.5}, "за 2,5 с"),
    ("models.spacing", {"spacing": 3.0}, "раз в 3,0 с"),
    ("doctor.auth.limit", {"limit": 1.5, "left": 0.25}, "лимит расходов $1,50, осталось $0,25"),
    ("bot.ask.footer", {"ms": 16, "model": "m"}, "(16 мс; модель: m)"),
    ("models.latency", {"ms": 16}, "16 мс"),
])
def test_russian_numbers_have_a_decimal_comma_and_russian_units(key, values, written):
    assert written in t(key, "ru", **values)
    assert "," not in t(key, "en", **values).replace(", ", "")
