"""Checks of lesson 02 (the OpenRouter key): two predictions, `is_free`, `mask`, `duplicates`.

Each check calls the student's function with the cases below (the ordinary one first, then the
ones a quick version gets wrong) and stops at the first wrong answer. The keys and tokens the
`mask` check uses are made up at run time and are never shown in a verdict: each is handed over
as a `Labelled` string, whose repr is a description instead of the value. `mask` shows no key
as "(not set)", in a Russian lesson «(не задан)» (or "(not set)": the course's solution file,
which later cells run until yours passes, is English).
"""

from __future__ import annotations

from collections.abc import Callable

from course_lib import config
from course_lib.exercises.engine import (
    Texts,
    Wrong,
    call,
    call_text,
    need_function,
    prediction,
    say,
    shown,
)

TEXTS: Texts = {
    # predictions
    "why.privacy": {
        "en": "The address is right, yet OpenRouter answers 404: no free endpoint matches your "
              "data policy, so for you the model is not found.",
        "ru": "Адрес верный, но OpenRouter отвечает 404: ни одна бесплатная точка доступа не "
              "подходит под вашу политику данных, так что для вас модель не найдена."},
    "why.shell": {
        "en": "load_dotenv() does not replace a variable that is already set: the shell's old "
              "key wins, unless you pass override=True.",
        "ru": "load_dotenv() не заменяет уже заданную переменную: побеждает старый ключ из "
              "оболочки, если не передать override=True."},
    # is_free
    "free.ok": {"en": "is_free: {n} catalog entries judged by their prices, every one right.",
                "ru": "is_free: все записи каталога ({n}) оценены по ценам, и все верно."},
    "free.type": {"en": "{call} returned {got}: return True or False.",
                  "ru": "{call} вернула {got}: нужно вернуть True или False."},
    "free.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "free.hint.basic": {
        "en": "Look at the entry's pricing: a model is free when its prompt price and its "
              "completion price are both zero.",
        "ru": "Смотрите на pricing записи: модель бесплатна, когда цена промпта и цена ответа "
              "обе равны нулю."},
    "free.hint.number": {
        "en": "Prices are strings, and zero is written more than one way: compare them as "
              "numbers (float), not as text.",
        "ru": "Цены — строки, и ноль пишут по-разному: сравнивайте их как числа (float), а не "
              "как текст."},
    "free.hint.both": {"en": "One free price is not enough: both prices must be zero.",
                       "ru": "Одной нулевой цены мало: обе цены должны быть нулевыми."},
    "free.hint.name": {
        "en": ":free in the id is only a naming habit: the prices decide, whatever the id says.",
        "ru": ":free в id — лишь привычка в именах: решают цены, что бы ни было в id."},
    "free.hint.negative": {
        "en": "A negative price (openrouter/auto's -1: the price of whichever model it picks) "
              "is not zero: such a model is not free.",
        "ru": "Отрицательная цена (-1 у openrouter/auto: цена той модели, которую он выберет) — "
              "не ноль: такая модель не бесплатна."},
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
                              "(не задан)."},
    "mask.unset": {"en": "(not set)", "ru": "(не задан)"},  # what mask shows for no key
    "mask.hint.blank": {
        "en": "Strip first, then decide: a value of only spaces or line breaks is no key at all.",
        "ru": "Сначала strip(), потом решайте: значение из одних пробелов или переводов строки "
              "— это вовсе не ключ."},
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
        "en": "Under 16 characters (after strip) the rule for short values wins, even for a "
              "value that starts with sk-or-v1-: … and at most its last two characters.",
        "ru": "Короче 16 символов (после strip) действует правило для коротких значений, даже "
              "если значение начинается с sk-or-v1-: … и не больше двух последних символов."},
    "mask.hint.tiny": {
        "en": "Of a value of six characters or fewer nothing is shown, not even its end: only …",
        "ru": "От значения из шести символов или короче не показывается ничего, даже конец: "
              "только …"},
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
        "en": "A line whose first non-space character is # is a comment, indented or not: "
              "python-dotenv skips it, and so should you.",
        "ru": "Строка, у которой первый непробельный символ — #, это комментарий, с отступом "
              "или без: python-dotenv её пропускает, пропускайте и вы."},
    "dup.hint.hash": {
        "en": "Only a # at the start of a line (after spaces) makes a comment: a # inside a "
              "value is part of the value, and the line still sets its name.",
        "ru": "Комментарий — только # в начале строки (после пробелов): # внутри значения — "
              "часть значения, и строка всё равно задаёт имя."},
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
    "dup.comment": {"en": "from .env.example:", "ru": "из .env.example:"},  # words of a case
    "dup.note": {"en": "just a note", "ru": "просто заметка"},
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


# --- predictions --------------------------------------------------------------------------------

check_privacy_status = prediction(TEXTS, "why.privacy")
check_shell_wins = prediction(TEXTS, "why.shell")


# --- is_free ------------------------------------------------------------------------------------


def entry(model_id: str, prompt: str, completion: str) -> dict:
    """A catalog entry cut to what is_free needs (a verdict shows it whole)."""
    return {"id": model_id, "pricing": {"prompt": prompt, "completion": completion}}


FREE_CASES: list[tuple[dict, bool, str]] = [
    (entry("deepseek/deepseek-chat-v3.1:free", "0", "0"), True, "basic"),
    (entry("openai/gpt-4o", "0.0000025", "0.00001"), False, "basic"),
    (entry("qwen/qwen3-8b:free", "0.0", "0.000000"), True, "number"),
    (entry("qwen/qwen3-8b", "0", "0.0000002"), False, "both"),
    (entry("qwen/qwen3-14b", "0.00000006", "0"), False, "both"),
    (entry("google/gemini-2.5-pro-exp-03-25", "0", "0"), True, "name"),
    (entry("example/paid:free", "0.0000001", "0.0000004"), False, "name"),
    (entry("openrouter/auto", "-1", "-1"), False, "negative"),
]


def check_is_free(function: Callable) -> str:
    """The student's `is_free(model)` on catalog entries: zero written two ways, names, -1."""
    need_function(function, "is_free")
    for model, expected, hint_key in FREE_CASES:
        hint = say(TEXTS, f"free.hint.{hint_key}")
        got = call(function, "is_free", model, hint=hint)
        where = call_text("is_free", model)
        if not isinstance(got, bool):
            raise Wrong(say(TEXTS, "free.type", call=where, got=shown(got)), hint)
        if got != expected:
            raise Wrong(say(TEXTS, "free.wrong", call=where, got=shown(got)), hint)
    return say(TEXTS, "free.ok", n=len(FREE_CASES))


# --- mask -------------------------------------------------------------------------------------

HEX = "0123456789abcdef" * 4  # made up here: no key is written out in the repository
PREFIX = "sk-or-v1-"
SHORT = 16  # a value shorter than this shows … and at most its last two characters
TINY = 6  # a value this short or shorter shows nothing of itself


def mask_cases() -> list[tuple[object, str, str]]:
    """(value, expected, hint) for every call, the ordinary one first."""
    unset = say(TEXTS, "mask.unset")
    key = labelled(PREFIX + HEX[:60] + "a1b2", "mask.key")
    padded = labelled(" " + PREFIX + HEX[4:] + "7f3a\n", "mask.padded")
    token = labelled("7654321:" + "Zx9Qw" * 7, "mask.token")
    return [
        (key, PREFIX + "…a1b2", "basic"), (None, unset, "unset"), ("", unset, "unset"),
        (padded, PREFIX + "…7f3a", "strip"), (token, "765…x9Qw", "other"),
        ("abcdefghijklmnop", "abc…mnop", "other"), ("hunter2", "…r2", "short"),
        ("sk-or-v1-abc123", "…23", "short"), ("abcdefghijklmno", "…no", "short"),
        (" hunter2\n", "…r2", "short"), ("abcdef", "…", "tiny"), ("abc", "…", "tiny"),
        ("   ", unset, "blank"), (" \n", unset, "blank"),
    ]


def check_mask(function: Callable) -> str:
    """The student's `mask(secret)`: keys, tokens, nothing, blanks, pasted and short values."""
    need_function(function, "mask")
    cases = mask_cases()
    for value, expected, hint_key in cases:
        hint = say(TEXTS, f"mask.hint.{hint_key}")
        got = call(function, "mask", value, hint=hint)
        where = call_text("mask", value)
        if not isinstance(got, str):
            raise Wrong(say(TEXTS, "mask.type", call=where, got=shown(got)), hint)
        if value and leaks(got, value):
            raise Wrong(say(TEXTS, "mask.leak", call=where), hint)
        if got != expected and not {got, expected} <= unset_texts():
            raise Wrong(say(TEXTS, "mask.wrong", call=where, got=shown(got)), hint)
    return say(TEXTS, "mask.ok", n=len(cases))



def unset_texts() -> set[str]:
    """What mask may show for no key: the lesson's words, or English (the course's own file)."""
    return {say(TEXTS, "mask.unset"), TEXTS["mask.unset"]["en"]}

def leaks(got: str, value: str) -> bool:
    """Whether `got` contains five characters in a row (or all) of what must stay hidden."""
    secret = value.strip()
    if len(secret) < SHORT:
        head, tail = 0, (2 if len(secret) > TINY else 0)
    else:
        head, tail = (len(PREFIX) if secret.startswith(PREFIX) else 3), 4
    hidden = secret[head:len(secret) - tail]
    window = min(5, len(hidden))
    return window > 0 and any(hidden[i:i + window] in got
                              for i in range(len(hidden) - window + 1))


# --- duplicates -------------------------------------------------------------------------------

def env_files() -> list[tuple[str, dict[str, list[int]], str]]:
    """(text of a .env, expected, hint) for every call; its words in the lesson's language."""
    lang, comment, note = config.lang(), say(TEXTS, "dup.comment"), say(TEXTS, "dup.note")
    return [
        (f"OPENROUTER_API_KEY=sk-or-v1-fake-7f3a\nCOURSE_LANG={lang}\n# {comment}\n"
         "OPENROUTER_API_KEY=sk-or-v1-paste-here\n", {"OPENROUTER_API_KEY": [1, 4]}, "basic"),
        (f"OPENROUTER_API_KEY=sk-or-v1-fake-7f3a\nCOURSE_LANG={lang}\n", {}, "none"),
        ("# OPENROUTER_API_KEY=old\n  # OPENROUTER_API_KEY=older\n\t# OPENROUTER_API_KEY=oldest\n"
         "OPENROUTER_API_KEY=new\n", {}, "comment"),
        (f"PASSWORD=a#b\nCOURSE_LANG={lang}\nPASSWORD=c\n", {"PASSWORD": [1, 3]}, "hash"),
        ("A=1\nB=2\nA = 3\n  A=4\n", {"A": [1, 3, 4]}, "spaces"),
        ("\nA=1\n\n# note\nA=2\n", {"A": [2, 5]}, "blank"),
        ("export A=1\nA=2\nexport B=1\n", {"A": [1, 2]}, "export"),
        ("A=x=y\nB==\nA==\n", {"A": [1, 3]}, "equals"),
        ("A=1\r\nB=2\r\nA=3\r\nB=4\r\n", {"A": [1, 3], "B": [2, 4]}, "crlf"),
        (f"A=1\n{note}\nA=2\nB=1\n", {"A": [1, 3]}, "no_equals"),
    ]


def check_duplicates(function: Callable) -> str:
    """The student's `duplicates(text)` on the .env files above."""
    need_function(function, "duplicates")
    cases = env_files()
    for text, expected, hint_key in cases:
        hint = say(TEXTS, f"dup.hint.{hint_key}")
        got = call(function, "duplicates", text, hint=hint)
        where = call_text("duplicates", text)
        if not isinstance(got, dict):
            raise Wrong(say(TEXTS, "dup.type", call=where, got=shown(got)), hint)
        as_lists = {name: list(lines) if isinstance(lines, (list, tuple)) else lines
                    for name, lines in got.items()}
        if as_lists != expected:
            raise Wrong(say(TEXTS, "dup.wrong", call=where, got=shown(got)), hint)
    return say(TEXTS, "dup.ok", n=len(cases))


CHECKS: dict[str, Callable[..., str]] = {  # in the lesson's order
    "privacy_status": check_privacy_status,
    "is_free": check_is_free,
    "mask": check_mask,
    "duplicates": check_duplicates,
    "shell_wins": check_shell_wins,
}
