"""Numbers in texts: the plural form of a counted noun, and the decimal comma of Russian.

A text of the catalogs writes a counted noun as the format spec of its number, the noun's
forms between bars; the number and a space come before the form chosen, or stand for `#`:

    "Все {total:модель|модели|моделей} в порядке"   # 1 модель, 2 модели, 5 моделей, 21 модель
    "All {total:model|models} passed"                # 1 model, 2 models
    "за {days:последний # день|последние # дня|последние # дней}"   # за последний 21 день

Three forms follow the Russian rule (one, few, many), two the English one (one, other), as in
CLDR and gettext. A float field (`{timeout}`, `{usd:.2f}`) is written with a decimal comma in
Russian: «0,2 с». `fill()` formats a text this way; `t()` and the exercises' `say()` use it.
"""

from __future__ import annotations

import string
from collections.abc import Sequence


def plural(n: int, forms: Sequence[str]) -> str:
    """The form of a noun for `n`: forms (one, few, many) in Russian, (one, other) in English."""
    n = abs(int(n))
    if len(forms) == 2:
        return forms[0] if n == 1 else forms[1]
    if len(forms) != 3:
        raise ValueError(f"a counted noun has 2 forms (English) or 3 (Russian), got {forms!r}")
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


def number(value: float, lang: str, spec: str = "") -> str:
    """`value` formatted with `spec`, with a decimal comma in Russian (0,2; 1,0; 2,5)."""
    text = format(value, spec)
    return text.replace(".", ",") if lang == "ru" and isinstance(value, float) else text


class _Formatter(string.Formatter):
    """`str.format` that knows counted nouns (`{n:# form|forms}`) and the decimal comma."""

    def __init__(self, lang: str) -> None:
        """Format for `lang` ("en" or "ru")."""
        super().__init__()
        self.lang = lang

    def format_field(self, value: object, format_spec: str) -> str:
        """A counted noun, a float in the text's language, or what `format()` makes."""
        if "|" in format_spec:
            form = plural(int(value), format_spec.split("|"))  # type: ignore[call-overload]
            written = number(value, self.lang)  # type: ignore[arg-type]
            return form.replace("#", written) if "#" in form else f"{written} {form}"
        if isinstance(value, float):
            return number(value, self.lang, format_spec)
        return format(value, format_spec)


def fill(template: str, lang: str, /, **fields: object) -> str:
    """`template` with `fields` filled in, counted nouns and decimals written for `lang`."""
    return _Formatter(lang).format(template, **fields)
