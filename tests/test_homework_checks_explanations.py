"""Task 3's explanations: honest ones pass in many wordings, generic or copied ones do not.

Each status has explanations written the way students write them (short, long, informal; in
English and Russian); each must pass its own status. A generic sentence with a random tag,
the server's own words, and the course's own texts (verbatim or with a word changed) fail.
"""

from __future__ import annotations

import re

import pytest
from homework_cases import MESSAGES
from homework_cases.faulty import RUSSIAN

from course_lib.texts.errors import TEXTS
from homework.grading import copies
from homework.grading.checks_task3 import specific
from homework.grading.explanations import copied, missing, normalise

HONEST = {
    500: [
        "OpenRouter itself had an internal error. Not your fault: try again in a minute.",
        "Something broke on OpenRouter's side. Give it a minute and retry.",
        "oops, OpenRouter's servers crashed. nothing you did - try again later",
        "The error is inside OpenRouter, not in your request. Please retry later; if it keeps "
        "happening, report it.",
        "Server-side problem at OpenRouter. Wait a bit and ask again.",
        "Внутренняя ошибка на сервере OpenRouter, вы тут ни при чём. Попробуйте ещё раз через "
        "минуту.",
        "У OpenRouter что-то сломалось на их стороне. Повторите запрос позже.",
        "Сбой в самом OpenRouter, а не в вашем запросе. Подождите немного и попробуйте снова.",
    ],
    502: [
        "The model's provider failed to answer. Try again, or pick another model with /models.",
        "OpenRouter reached the company hosting this model, but the host sent back garbage. "
        "Retry or switch to a different model.",
        "upstream provider is broken rn, try another model",
        "Bad response from the model's server (the provider behind OpenRouter). Please try "
        "again later.",
        "The AI provider crashed while answering. Ask again in a moment or choose another model.",
        "Провайдер модели вернул ошибку. Повторите или выберите другую модель.",
        "Поставщик, на котором работает модель, ответил некорректно. Попробуйте ещё раз позже.",
        "Сервер провайдера модели дал сбой — смените модель через /model или подождите.",
    ],
    503: [
        "Every server that runs this model is busy or offline at the moment. Wait a little or "
        "switch models.",
        "The model is overloaded at the moment, too many people are using it. Try again in a "
        "few minutes.",
        "All servers for this model are busy or down. Pick a different model or wait.",
        "This model is temporarily unavailable (no provider is online). Come back later or use "
        "another model.",
        "Сейчас эту модель никто не обслуживает. Подождите или смените модель.",
        "Модель перегружена: слишком много запросов. Попробуйте позже или выберите другую "
        "модель.",
        "Нет доступных провайдеров для этой модели. Повторите через пару минут.",
    ],
    504: [
        "The model took too long to answer. Ask a shorter question or try again later.",
        "Timeout: the provider didn't respond in time. Retry, maybe with a simpler prompt.",
        "model is super slow today and the request hit its deadline. try again or pick a "
        "faster model",
        "The upstream model timed out before finishing its answer. Try a shorter request, or "
        "switch to another model.",
        "Модель отвечала слишком долго. Задайте вопрос короче или повторите позже.",
        "Провайдер не успел ответить вовремя (тайм-аут). Попробуйте ещё раз или сократите "
        "вопрос.",
        "Время ожидания ответа истекло. Повторите запрос или выберите модель побыстрее.",
    ],
}
GENERIC = [
    "Something went wrong, try again later [x7f2]",
    "Error, please try again. (ref 9a1c)",
    "Oops! Request failed. Retry later.",
    "Что-то пошло не так, попробуйте позже [k3z9]",
    "Service unavailable, try again later.",  # the starter's own fallback
]
SERVER_WORDS_ONLY = {
    500: "Internal Server Error. Try again later.",
    502: "Bad Gateway (Provider returned error). Please retry.",
    503: "503 Service Unavailable: Service temporarily unavailable. Try again later.",
    504: "Gateway Timeout: the provider did not answer in time. Try again.",
}
NO_ACTION = {
    500: "OpenRouter had an internal error.",
    502: "The model's provider returned an invalid answer.",
    503: "The model is overloaded right now.",
    504: "Модель не успела ответить вовремя.",
}


@pytest.mark.parametrize("status, text", [(s, t) for s, texts in HONEST.items() for t in texts])
def test_honest_explanations_pass_in_many_wordings(status, text):
    assert missing(status, text) == "" and not copied(text)


@pytest.mark.parametrize("text", GENERIC)
@pytest.mark.parametrize("status", sorted(HONEST))
def test_a_generic_sentence_explains_no_status(status, text):
    assert missing(status, text) == "meaning"


@pytest.mark.parametrize("status", sorted(HONEST))
def test_the_servers_own_words_do_not_count(status):
    assert missing(status, SERVER_WORDS_ONLY[status]) == "meaning"


@pytest.mark.parametrize("status", sorted(HONEST))
def test_a_meaning_without_an_action_is_half_an_explanation(status):
    assert missing(status, NO_ACTION[status]) == "action"


@pytest.mark.parametrize("status", sorted(HONEST))
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_courses_own_texts_do_not_count_verbatim_or_nearly(status, lang):
    text = TEXTS[f"or.{status}"][lang].replace("{provider}", " (DeepInfra)")
    assert copied(text) and copied(f"Error: [{status}] {text}")
    words = text.split()
    changed = " ".join([*words[:3], "really", *words[4:-1], "please."])  # two words changed
    assert copied(changed)


def test_the_reference_and_its_russian_version_are_their_own_words():
    for status in HONEST:
        for text in (MESSAGES[status], RUSSIAN[status]):
            assert missing(status, text) == "" and not copied(text), text


def test_hints_say_what_is_missing_without_the_answer():
    texts = {500: "OpenRouter had an internal error.", 502: HONEST[502][0],
             503: GENERIC[0], 504: TEXTS["or.504"]["en"]}
    assert specific(500, texts, None).key == "t3.no_action"
    assert specific(502, texts, None) is None
    assert specific(503, texts, None).key == "t3.no_meaning"
    assert specific(504, texts, None).key == "t3.copied"
    rendered = specific(503, texts, None).render("en")
    assert "overload" not in rendered and "provider" not in rendered


def test_the_same_generic_sentence_with_different_tags_fails_every_status():
    texts = {s: f"Something went wrong, try again later [{tag}]"
             for s, tag in zip(HONEST, ("x7f2", "q1w9", "zz3k", "m0n8"), strict=True)}
    assert {s: specific(s, texts, None).key for s in HONEST} == dict.fromkeys(HONEST,
                                                                              "t3.no_meaning")


def test_normalise_drops_numbers_markup_and_server_words():
    assert normalise("[503] Service temporarily unavailable: try <b>later</b>") == "try later"
    assert normalise('Error {"error": {"code": 502}} nginx') == "error"


@pytest.mark.parametrize("status", sorted(HONEST))
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_courses_texts_with_their_clauses_reordered_are_copies(status, lang):
    text = TEXTS[f"or.{status}"][lang].replace("{provider}", " (DeepInfra)")
    clauses = re.split(r"(?<=[.:;])\s+", text)
    assert len(clauses) >= 3
    assert copied(" ".join(reversed(clauses))) and copied(" ".join(clauses[1:] + clauses[:1]))
    assert specific(status, {status: " ".join(reversed(clauses))}, None).key == "t3.copied"


def lesson_explanations(status: int) -> list[str]:
    """The lessons' passages (both languages) that say what `status` means."""
    return [passage for text in copies.lesson_texts() for passage in
            copies.PASSAGE_BREAK.split(text)
            if str(status) in passage and missing(status, passage) != "meaning"
            and 8 <= len(normalise(passage).split()) <= 80]


@pytest.mark.parametrize("status", sorted(HONEST))
def test_an_explanation_pasted_from_a_lesson_is_a_copy(status):
    pasted = lesson_explanations(status)
    assert pasted, f"the lessons explain {status}"
    for passage in pasted:
        message = f"{passage} Try again in a few minutes, or pick another model."
        assert copied(message), passage
        assert specific(status, {status: message}, None).key == "t3.copied"


def test_a_long_honest_explanation_holding_a_course_text_is_not_a_copy():
    # The generic fallback (46 characters) quoted inside a student's own 300-character text.
    fallback = TEXTS["or.other"]["en"].format(status=503)
    message = (f"Sorry, no answer this time. {fallback} In plain words: every company that runs "
               "this model is overloaded or switched off for maintenance at the moment, so none "
               "of them can take your question. Nothing is wrong with what you asked; wait a few "
               "minutes and ask again, or use /model to choose another model.")
    assert len(message) > 250 and fallback in message
    assert not copied(message)
    assert specific(503, {503: message}, None) is None


def test_a_short_fact_the_course_also_states_is_not_a_copy():
    assert not copied("OpenRouter had an internal error, so retry a bit later.")
    assert copied(TEXTS["or.500"]["en"] + " Sorry!")
