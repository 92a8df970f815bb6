"""Lesson 02's checks catch the wrong versions a quick solution gives, with the hint that helps.

`tests/test_exercises_0203.py` has the first wrong versions of `mask` and `duplicates`; here
are the ones the tightened checks must now fail (a value of only spaces, a short secret, a
comment with spaces before its #), and those of `is_free`, the lesson's third exercise. The
predictions' checks compare a guess with what happened.
"""

from __future__ import annotations

import re
import runpy
from pathlib import Path

import pytest

from course_lib.exercises import run

SECRET = re.compile(r"sk-or-v1-[0-9a-f]{20,}|[0-9a-f]{20,}")


def flat(text: str) -> str:
    """A verdict without its line breaks (it is wrapped to fit a slide)."""
    return " ".join(text.split())


def verdict(exercise: str, function: object) -> str:
    """The check's verdict on a wrong version: it must not pass."""
    result = run(exercise, function)
    assert not result.passed, result.text
    return flat(result.text)


# --- is_free ------------------------------------------------------------------------------


def prices(model):
    """The two prices of a catalog entry, as the strings the API gives."""
    return model["pricing"]["prompt"], model["pricing"]["completion"]


def as_text(model):
    """Compares the strings with "0": "0.0" is zero too."""
    return prices(model) == ("0", "0")


def prompt_only(model):
    """Looks at the prompt price only."""
    return float(prices(model)[0]) == 0


def by_name(model):
    """Trusts the id's :free instead of the prices."""
    return model["id"].endswith(":free")


def at_most_zero(model):
    """Counts openrouter/auto's -1 (the price of the model it picks) as free."""
    return all(float(price) <= 0 for price in prices(model))


def zero_or_one(model):
    """The right idea, but 1 or 0 instead of True or False."""
    return int(all(float(price) == 0 for price in prices(model)))


@pytest.mark.parametrize(("wrong", "said"), [
    (as_text, "compare them as numbers"), (prompt_only, "both prices must be zero"),
    (by_name, ":free in the id is only a naming habit"), (at_most_zero, "negative price"),
    (zero_or_one, "return True or False"), (lambda model: None, "returns nothing yet"),
])
def test_is_free_catches(wrong, said):
    assert said in verdict("02.is_free", wrong)


# --- mask ---------------------------------------------------------------------------------


def none_check_before_strip(secret):
    """The first version of the course's solution: "   " is truthy, so it becomes "…"."""
    if not secret:
        return "(not set)"
    secret = secret.strip()
    if len(secret) < 16:
        return "…" + secret[-2:] if len(secret) > 6 else "…"
    prefix = "sk-or-v1-" if secret.startswith("sk-or-v1-") else secret[:3]
    return prefix + "…" + secret[-4:]


def rules(*, short_first=True, tail=True, tiny=True, limit=16):
    """A mask with one of the exercise's rules changed."""
    def mask(secret):
        secret = (secret or "").strip()
        if not secret:
            return "(not set)"
        prefix = "sk-or-v1-" if secret.startswith("sk-or-v1-") else secret[:3]
        if not short_first and secret.startswith("sk-or-v1-"):
            return prefix + "…" + secret[-4:]
        if len(secret) < limit:
            if not tail:
                return "…"
            return "…" + secret[-2:] if len(secret) > 6 or not tiny else "…"
        return prefix + "…" + secret[-4:]
    return mask


@pytest.mark.parametrize(("wrong", "said"), [
    (none_check_before_strip, "only spaces or line breaks is no key"),
    (rules(tail=False), "at most its last two"),
    (rules(short_first=False), "even for a value that starts with sk-or-v1-"),
    (rules(tiny=False), "nothing is shown"),
    (rules(limit=17), "first three characters"),
    (rules(limit=15), "at most its last two"),
])
def test_mask_catches(wrong, said):
    assert said in verdict("02.mask", wrong)


def test_mask_says_nothing_of_the_secret_when_the_prefix_rule_wins_wrongly():
    # sk-or-v1-abc123 is short: showing its prefix shows most of it.
    text = verdict("02.mask", rules(short_first=False))
    assert "shows part of the secret" in text and not SECRET.search(text)


# --- duplicates ---------------------------------------------------------------------------


def finder(comment):
    """A duplicate finder, right but for what it takes for a comment."""
    def duplicates(text):
        found: dict[str, list[int]] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or "=" not in line or comment(line):
                continue
            name = line.split("=", 1)[0].strip()
            if name.startswith("export "):
                name = name[len("export "):].strip()
            found.setdefault(name, []).append(number)
        return {name: numbers for name, numbers in found.items() if len(numbers) > 1}
    return duplicates


@pytest.mark.parametrize(("wrong", "said"), [
    (finder(lambda line: line.startswith("#")), "indented or not"),  # column 0 only
    (finder(lambda line: "#" in line), "a # inside a value is part of the value"),
])
def test_duplicates_catches(wrong, said):
    assert said in verdict("02.duplicates", wrong)


def test_the_right_comment_rule_passes():
    assert run("02.duplicates", finder(lambda line: line.lstrip().startswith("#"))).passed


# --- predictions --------------------------------------------------------------------------


@pytest.mark.parametrize(("exercise", "guess", "actual", "passed"), [
    ("02.privacy_status", 404, 404, True), ("02.privacy_status", 403, 404, False),
    ("02.privacy_status", ..., 404, False), ("02.shell_wins", " Shell", "shell", True),
    ("02.shell_wins", ".env", "shell", False),
])
def test_predictions(exercise, guess, actual, passed):
    result = run(exercise, guess, actual)
    assert result.passed is passed, result.text


# --- mask in the lesson's language ------------------------------------------------------------

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def mask_of(folder: Path) -> object:
    """The mask of a solution folder: notebooks/solutions or notebooks/ru/solutions."""
    return runpy.run_path(str(folder / "02" / "mask.py"))["mask"]


def test_mask_shows_no_key_in_russian_or_english_in_a_russian_lesson(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    russian = mask_of(NOTEBOOKS / "ru" / "solutions")
    assert russian(None) == "(не задан)" and run("02.mask", russian).passed
    assert run("02.mask", mask_of(NOTEBOOKS / "solutions")).passed
    said = verdict("02.mask", lambda secret: "" if not secret else russian(secret))
    assert "mask(None) вернула ''" in said and "показывается как (не задан)" in said


def test_mask_shows_no_key_as_not_set_in_an_english_lesson(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "en")
    said = verdict("02.mask", mask_of(NOTEBOOKS / "ru" / "solutions"))
    assert "mask(None) returned '(не задан)'" in said and "is shown as (not set)" in said


@pytest.mark.parametrize(("lang", "shown"), [
    ("en", r"COURSE_LANG=en\n# from .env.example:"), ("ru", r"COURSE_LANG=ru\n# из .env.example:"),
])
def test_the_env_files_of_duplicates_speak_the_lessons_language(lang, shown, monkeypatch):
    monkeypatch.setenv("COURSE_LANG", lang)
    assert shown in verdict("02.duplicates", lambda text: {})
