"""Checks of lesson 02 (the OpenRouter key): `mask` and `duplicates`.

Each check calls the student's function with the cases below (the ordinary one first, then the
ones a quick version gets wrong) and stops at the first wrong answer. The keys and tokens the
`mask` check uses are made up at run time and are never shown in a verdict: each is handed over
as a `Labelled` string, whose repr is a description instead of the value.
"""

from __future__ import annotations

from collections.abc import Callable

from course_lib.exercises.engine import Texts, Wrong, call, call_text, need_function, say, shown

TEXTS: Texts = {
    # mask
    "mask.ok": {"en": "mask: {n} values shown safely, none of them leaked.",
                "ru": "mask: все значения ({n}) показаны безопасно, ни одно не утекло."},
    "mask.type": {"en": "{call} returned {got}: return the text to show, a str.",
                  "ru": "{call} вернула {got}: нужен текст для показа, строка (str)."},
    "mask.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "mask.leak": {"en": "{call} shows part of the secret that must stay hidden.",
                  "ru": "{call} показывает часть секрета, которая должна остаться скрытой."},
    "mask.key": {"en": "<an OpenRouter key: sk-or-v1- and 64 hex digits, ending a1b2>",
                 "ru": "<ключ OpenRouter: sk-or-v1- и 64 шестнадцатеричные цифры, в конце a1b2>"},
    "mask.padded": {"en": "<an OpenRouter key ending 7f3a, pasted with a space before and a line "
                          "break after>",
                    "ru": "<ключ OpenRouter с 7f3a в конце, вставленный с пробелом в начале и "
                          "переводом строки в конце>"},
    "mask.token": {"en": "<a Telegram bot token, 43 characters, starting 765>",
                   "ru": "<токен Telegram-бота, 43 символа, начинается с 765>"},
    "mask.hint.basic": {
        "en": "Show the prefix every OpenRouter key shares (sk-or-v1-), then …, then the last "
              "four characters: nothing in between.",
        "ru": "Покажите начало, общее для всех ключей OpenRouter (sk-or-v1-), затем …, затем "
              "четыре последних символа — и ничего между ними."},
    "mask.hint.unset": {"en": "No key at all (None, or an empty string) is shown as (not set).",
                        "ru": "Отсутствие ключа (None или пустая строка) показывается как "
                              "(not set)."},
    "mask.hint.strip": {
        "en": "A value pasted into .env may carry spaces or a line break: strip() it first, "
              "then take its last four characters.",
        "ru": "Значение, вставленное в .env, может прийти с пробелами или переводом строки: "
              "сначала strip(), потом четыре последних символа."},
    "mask.hint.other": {
        "en": "Only the sk-or-v1- prefix is the same for everyone: of any other secret show its "
              "first three characters.",
        "ru": "Только начало sk-or-v1- у всех одинаковое: у любого другого секрета покажите "
              "первые три символа."},
    "mask.hint.short": {
        "en": "A value shorter than 16 characters is too short to show seven of its characters: "
              "show … and at most its last two.",
        "ru": "Значение короче 16 символов слишком короткое, чтобы показать семь его символов: "
              "покажите … и не больше двух последних."},
    # duplicates
    "dup.ok": {"en": "duplicates: {n} .env files read, every repeated name found on its lines.",
               "ru": "duplicates: все файлы .env ({n}) прочитаны, каждое повторённое имя найдено "
                     "на своих строках."},
    "dup.type": {"en": "{call} returned {got}: return a dict of name → list of line numbers.",
                 "ru": "{call} вернула {got}: нужен словарь имя → список номеров строк."},
    "dup.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "dup.hint.basic": {
        "en": "Number the lines from 1 (enumerate(..., start=1)), take the name before the = "
              "and keep the names seen on two lines or more.",
        "ru": "Нумеруйте строки с 1 (enumerate(..., start=1)), берите имя до = и оставляйте "
              "имена, встреченные в двух строках и больше."},
    "dup.hint.none": {"en": "When no name repeats, the answer is an empty dict.",
                      "ru": "Когда ни одно имя не повторяется, ответ — пустой словарь."},
    "dup.hint.comment": {
        "en": "A line whose first non-space character is # is a comment: python-dotenv skips "
              "it, and so should you.",
        "ru": "Строка, у которой первый непробельный символ — #, это комментарий: "
              "python-dotenv её пропускает, пропускайте и вы."},
    "dup.hint.spaces": {"en": "Spaces around a name don't make it another name: strip() it.",
                        "ru": "Пробелы вокруг имени не делают его другим именем: strip()."},
    "dup.hint.blank": {"en": "Line numbers count every line of the file, blank lines and "
                             "comments too.",
                       "ru": "Номера строк считают все строки файла, пустые и комментарии "
                             "тоже."},
    "dup.hint.export": {
        "en": "python-dotenv also reads export NAME=value (the shell's form): the name is what "
              "comes after export.",
        "ru": "python-dotenv понимает и export NAME=value (так пишут в оболочке): имя — то, что "
              "идёт после export."},
    "dup.hint.equals": {"en": "A value may contain = itself: the name ends at the first =.",
                        "ru": "В значении тоже бывает =: имя заканчивается на первом =."},
    "dup.hint.crlf": {"en": "Windows ends lines with \\r\\n: splitlines() handles both endings.",
                      "ru": "В Windows строки заканчиваются на \\r\\n: splitlines() понимает оба "
                            "варианта."},
    "dup.hint.no_equals": {"en": "A line without = sets nothing: skip it.",
                           "ru": "Строка без = ничего не задаёт: пропускайте её."},
}


class Labelled(str):
    """A string that a verdict shows by a description, never by its value (a made-up key)."""

    label = ""

    def __repr__(self) -> str:
        return self.label


def labelled(value: str, key: str) -> Labelled:
    """`value`, shown in verdicts as the text `key` of TEXTS."""
    secret = Labelled(value)
    secret.label = say(TEXTS, key)
    return secret


# --- mask -------------------------------------------------------------------------------------

HEX = "0123456789abcdef" * 4  # made up here: no key is written out in the repository
PREFIX = "sk-or-v1-"
SHORT = "short"  # expected: "…" and at most the last two characters


def mask_cases() -> list[tuple[object, str, str]]:
    """(value, expected or SHORT, hint) for every call, the ordinary one first."""
    key = labelled(PREFIX + HEX[:60] + "a1b2", "mask.key")
    padded = labelled(" " + PREFIX + HEX[4:] + "7f3a\n", "mask.padded")
    token = labelled("7654321:" + "Zx9Qw" * 7, "mask.token")
    return [
        (key, PREFIX + "…a1b2", "basic"), (None, "(not set)", "unset"), ("", "(not set)", "unset"),
        (padded, PREFIX + "…7f3a", "strip"), (token, "765…x9Qw", "other"),
        ("abcdefghijklmnop", "abc…mnop", "other"), ("hunter2", SHORT, "short"),
        ("sk-or-v1-abc123", SHORT, "short"), ("abc", SHORT, "short"),
    ]


def check_mask(function: Callable) -> str:
    """The student's `mask(secret)`: keys, tokens, nothing, pasted and short values."""
    need_function(function, "mask")
    cases = mask_cases()
    for value, expected, hint_key in cases:
        hint = say(TEXTS, f"mask.hint.{hint_key}")
        got = call(function, "mask", value, hint=hint)
        where = call_text("mask", value)
        if not isinstance(got, str):
            raise Wrong(say(TEXTS, "mask.type", call=where, got=shown(got)), hint)
        if value and leaks(got, value, expected):
            raise Wrong(say(TEXTS, "mask.leak", call=where), hint)
        if not (got == expected or (expected == SHORT and short_enough(got, value))):
            raise Wrong(say(TEXTS, "mask.wrong", call=where, got=shown(got)), hint)
    return say(TEXTS, "mask.ok", n=len(cases))


def leaks(got: str, value: str, expected: str) -> bool:
    """Whether `got` contains five characters in a row of what the answer must not show."""
    secret = value.strip()
    shown_part = 2 if expected == SHORT else 4
    hidden = secret[:-shown_part]
    if expected != SHORT:
        hidden = hidden[len(PREFIX) if secret.startswith(PREFIX) else 3:]
    window = min(5, len(hidden))
    return window > 0 and any(hidden[i:i + window] in got
                              for i in range(len(hidden) - window + 1))


def short_enough(got: str, value: str) -> bool:
    """Whether `got` is "…" and at most the last two characters of a short value."""
    return got.startswith("…") and len(got) <= 3 and value.strip().endswith(got[1:])


# --- duplicates -------------------------------------------------------------------------------

ENV_FILES: list[tuple[str, dict[str, list[int]], str]] = [
    ("OPENROUTER_API_KEY=sk-or-v1-fake-7f3a\nCOURSE_LANG=en\n# from .env.example:\n"
     "OPENROUTER_API_KEY=sk-or-v1-paste-here\n", {"OPENROUTER_API_KEY": [1, 4]}, "basic"),
    ("OPENROUTER_API_KEY=sk-or-v1-fake-7f3a\nCOURSE_LANG=en\n", {}, "none"),
    ("# OPENROUTER_API_KEY=old\n  # OPENROUTER_API_KEY=older\nOPENROUTER_API_KEY=new\n", {},
     "comment"),
    ("A=1\nB=2\nA = 3\n  A=4\n", {"A": [1, 3, 4]}, "spaces"),
    ("\nA=1\n\n# note\nA=2\n", {"A": [2, 5]}, "blank"),
    ("export A=1\nA=2\nexport B=1\n", {"A": [1, 2]}, "export"),
    ("A=x=y\nB==\nA==\n", {"A": [1, 3]}, "equals"),
    ("A=1\r\nB=2\r\nA=3\r\nB=4\r\n", {"A": [1, 3], "B": [2, 4]}, "crlf"),
    ("A=1\njust a note\nA=2\nB=1\n", {"A": [1, 3]}, "no_equals"),
]


def check_duplicates(function: Callable) -> str:
    """The student's `duplicates(text)` on the .env files above."""
    need_function(function, "duplicates")
    for text, expected, hint_key in ENV_FILES:
        hint = say(TEXTS, f"dup.hint.{hint_key}")
        got = call(function, "duplicates", text, hint=hint)
        where = call_text("duplicates", text)
        if not isinstance(got, dict):
            raise Wrong(say(TEXTS, "dup.type", call=where, got=shown(got)), hint)
        as_lists = {name: list(lines) if isinstance(lines, (list, tuple)) else lines
                    for name, lines in got.items()}
        if as_lists != expected:
            raise Wrong(say(TEXTS, "dup.wrong", call=where, got=shown(got)), hint)
    return say(TEXTS, "dup.ok", n=len(ENV_FILES))


CHECKS: dict[str, Callable[..., str]] = {
    "mask": check_mask,
    "duplicates": check_duplicates,
}
