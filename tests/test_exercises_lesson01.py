"""The checks of lesson 01 (course_lib/exercises/lesson01.py) against more wrong versions.

tests/test_exercises.py shows that every check says ✗ on the skeleton and ✓ on its solution, and
meets the first usual mistakes; here `build_request` meets two more that a server or a proxy
would mind (issue 17): `Content-Length: 0` on a request without a body, and `Host` after the
other headers. Each must say ✗ with the hint that helps, and the lesson's predictions say ✓ on
their solution's guess, and ✗ with what happened otherwise.
"""

from __future__ import annotations

import runpy

import pytest
from test_exercises import SOLUTIONS, flat

from course_lib.exercises import lesson01, run


def always_a_length(method, path, host, headers=None, body=b""):
    """Sends Content-Length on every request, 0 when there is no body."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append(f"Content-Length: {len(body)}")
    return ("".join(line + "\r\n" for line in lines) + "\r\n").encode("ascii") + body


def host_last(method, path, host, headers=None, body=b""):
    """Writes the caller's headers first and Host after them."""
    lines = [f"{method} {path} HTTP/1.1"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    lines.append(f"Host: {host}")
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("".join(line + "\r\n" for line in lines) + "\r\n").encode("ascii") + body


@pytest.mark.parametrize(("wrong", "said", "hint"), [
    (always_a_length, "there is no body, yet the request says Content-Length: 0",
     "No body, no Content-Length line at all"),
    (host_last, "the first header is 'Accept: application/json', not Host",
     "Host as the first header, right after the request line"),
])
def test_build_request_catches(wrong, said, hint):
    result = run("01.build_request", wrong)
    verdict = flat(result.text)
    assert not result.passed and said in verdict, result.text
    assert "Hint:" in verdict and hint in verdict, result.text


def test_the_solution_still_passes_the_tightened_check():
    solved = runpy.run_path(str(SOLUTIONS / "01" / "build_request.py"))["build_request"]
    assert run("01.build_request", solved).passed


@pytest.mark.parametrize("name", ["post_stream", "same_port", "no_key"])
def test_a_prediction_says_yes_to_the_right_guess_and_what_happened_to_a_wrong_one(name):
    right = runpy.run_path(str(SOLUTIONS / "01" / f"{name}.py"))["guess"]
    yes = run(f"01.{name}", right, right)
    assert yes.passed and yes.text.startswith(f"✓ Yes: {right!r}."), yes.text
    wrong = "no idea" if not isinstance(right, str) else 0
    no = flat(run(f"01.{name}", wrong, right).text)
    assert no.startswith(f"✗ It was {right!r}, not {wrong!r}.") and "Hint:" in no, no
    assert "No guess yet" in run(f"01.{name}", ..., right).text


def test_the_predictions_are_checked_in_the_lessons_order():
    assert list(lesson01.CHECKS) == ["parse_response", "build_request", "status_class",
                                     "post_stream", "same_port", "no_key"]



RU_SOLUTIONS = SOLUTIONS.parent / "ru" / "solutions"
RU_NAMES = {1: "информационный", 2: "успех", 3: "перенаправление", 4: "ошибка клиента",
            5: "ошибка сервера"}


def solution_of(folder):
    """The status_class of a solution folder (English or Russian)."""
    return runpy.run_path(str(folder / "01" / "status_class.py"))["status_class"]


def test_status_class_names_the_classes_in_russian_or_english_in_a_russian_lesson(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    assert run("01.status_class", solution_of(RU_SOLUTIONS)).passed
    assert run("01.status_class", solution_of(SOLUTIONS)).passed
    english = solution_of(SOLUTIONS)
    mixed = run("01.status_class", lambda code: english(code) if code < 300 else
                RU_NAMES.get(code // 100, "некорректный"))
    assert not mixed.passed and "status_class(301) вернула 'перенаправление', а нужно " \
        "'redirection': называйте все классы на одном языке" in flat(mixed.text), mixed.text


def test_status_class_names_the_classes_in_english_in_an_english_lesson(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "en")
    result = run("01.status_class", solution_of(RU_SOLUTIONS))
    assert not result.passed and "status_class(200) returned 'успех': the lesson is in " \
        "English, so the class is 'success'" in flat(result.text), result.text


def test_status_class_in_russian_meets_the_usual_mistakes(monkeypatch):
    monkeypatch.setenv("COURSE_LANG", "ru")
    first_digit = run("01.status_class", lambda code: RU_NAMES.get(int(str(code)[0]),
                                                                   "некорректный"))
    assert not first_digit.passed and "status_class(1000)" in first_digit.text, first_digit.text
    capital = run("01.status_class", lambda code: RU_NAMES[code // 100].capitalize())
    assert not capital.passed and "почти" in capital.text, capital.text
    assert "вернула []: нужно название класса" in run("01.status_class", lambda code: []).text
