"""The OpenRouter fake answers a question written in Russian in Russian, as real models do.

Asked over HTTP like any client would, streaming and not; English questions keep their answers.
"""

from __future__ import annotations

import json
import re

import pytest
import requests

from course_lib.fakes.openrouter import answers

KEY = "sk-or-v1-fake-alice"
FREE = "deepseek/deepseek-chat-v3.1:free"
INTROS_EN = ("Briefly:", "In short:", "The short answer:")
INTROS_RU = ("Коротко:", "Если кратко:", "Короткий ответ:")


def chat(fake, question: str, **fields: object) -> requests.Response:
    """POST one user question (with `fields`) to the fake's chat completions."""
    body = {"model": FREE, "messages": [{"role": "system", "content": "Answer briefly."},
                                         {"role": "user", "content": question}], **fields}
    return requests.post(fake.base_url + "/chat/completions", json=body, timeout=10,
                         headers={"Authorization": f"Bearer {KEY}"})


def streamed(resp: requests.Response) -> tuple[str, dict]:
    """The text of a streamed answer, joined from its chunks, and the usage of its last event."""
    events = [json.loads(line[6:]) for line in resp.content.decode("utf-8").split("\n")
              if line.startswith("data: ") and line != "data: [DONE]"]
    text = "".join(e["choices"][0]["delta"]["content"] for e in events[:-1] if e["choices"])
    return text, events[-1]["usage"]


def cyrillic_share(text: str) -> float:
    """The share of Cyrillic letters among the letters of `text`."""
    cyrillic, latin = (len(re.findall(p, text.lower())) for p in ("[а-яё]", "[a-z]"))
    return cyrillic / (cyrillic + latin)


@pytest.mark.parametrize("question, words", [
    ("Что такое HTTP?", "протокол «запрос — ответ»"),
    ("Как работать с базой данных SQLite из Python?", "встраиваемая база данных"),
    ("Как бот Telegram получает сообщения?", "длинным опросом"),
    ("Зачем нужен OpenRouter?", "единый API"),
    ("Как завести виртуальное окружение для питона?", "виртуальное окружение"),
    ("Как научиться программировать?", "Коротко о «Как научиться программировать?»"),
])
def test_a_russian_question_gets_a_russian_answer(fake_openrouter, question, words):
    resp = chat(fake_openrouter, question)
    text = resp.json()["choices"][0]["message"]["content"]
    assert resp.status_code == 200 and words in text
    assert text.startswith((*INTROS_RU, "Коротко о")) and cyrillic_share(text) > 0.7
    assert re.search(r"\n1\. .+\n2\. .+\n3\. ", text)  # the shape of the English answers


@pytest.mark.parametrize("question", ["What is HTTP?", "How do I learn to program?",
                                      "Что значит 404 Not Found in HTTP requests?"])
def test_an_english_question_keeps_its_english_answer(fake_openrouter, question):
    text = chat(fake_openrouter, question).json()["choices"][0]["message"]["content"]
    assert text.startswith((*INTROS_EN, "Here is a short answer")) and cyrillic_share(text) < 0.1


def test_the_usage_counts_the_russian_words(fake_openrouter):
    body = chat(fake_openrouter, "Что такое HTTP?").json()
    text, usage = body["choices"][0]["message"]["content"], body["usage"]
    assert usage["completion_tokens"] == len(text.split())
    assert usage["prompt_tokens"] == 2 + 3 + 2 * 4  # the words of both messages, 4 a message
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_the_stream_carries_the_same_russian_answer(fake_openrouter):
    whole = chat(fake_openrouter, "Что такое SQLite?").json()
    text, usage = streamed(chat(fake_openrouter, "Что такое SQLite?", stream=True))
    assert text == whole["choices"][0]["message"]["content"] and "встраиваемая" in text
    assert usage == whole["usage"]


def test_max_tokens_cuts_a_russian_answer_after_that_many_words(fake_openrouter):
    body = chat(fake_openrouter, "Что такое HTTP?", max_tokens=5).json()
    assert body["choices"][0]["finish_reason"] == "length"
    assert len(body["choices"][0]["message"]["content"].split()) == 5
    text, usage = streamed(chat(fake_openrouter, "Что такое HTTP?", stream=True, max_tokens=5))
    assert text == body["choices"][0]["message"]["content"] and usage["completion_tokens"] == 5


@pytest.mark.parametrize("text, russian", [
    ("Что такое HTTP?", True), ("What is HTTP?", False), ("Объясни OpenRouter", True),
    ("Explain the SQLite WAL mode, пожалуйста", False), ("", False), ("404?", False),
])
def test_russian_means_most_words_are_cyrillic_a_tie_too(text, russian):
    assert answers.is_russian(text) is russian
