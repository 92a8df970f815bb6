"""What the fake "model" answers, and how it counts tokens.

Answers are deterministic: the same model, messages and `max_tokens` always give the same text,
so tests and notebook outputs are stable. The fake knows a few topics of the course (HTTP,
SQLite, Python, Telegram, OpenRouter) and otherwise gives a short numbered answer that names
the question. A question written in Russian (most of its words in Cyrillic) gets the same
answer in Russian, as a real model would give. Two hooks in the last user message help tests:

- `echo: <text>` answers exactly `<text>`;
- `words: N` answers N deterministic words (for long answers and truncation).

Token rule (a simplification: real tokenizers split text finer, about 4 characters a token):
one token per whitespace-separated word, plus 4 tokens per message for its role and framing.
`max_tokens` cuts the answer after that many words, with `finish_reason: "length"`.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass
from typing import Any

# A token is one word with the spaces before it (the last one keeps trailing spaces too), so
# "".join(tokens) gives back the text exactly and a stream can send one token per chunk.
TOKEN_RE = re.compile(r"\s*\S+(?:\s+\Z)?|\s+\Z")
TOKENS_PER_MESSAGE = 4
MAX_WORDS = 100_000  # `words: N` is capped so a typo cannot make the fake build gigabytes
ECHO_RE = re.compile(r"\A\s*echo: ?(.*)\Z", re.DOTALL)
WORDS_RE = re.compile(r"\A\s*words:\s*(\d+)\s*\Z")
VOCABULARY = (
    "request", "answer", "model", "token", "stream", "server", "client", "status", "header",
    "retry", "limit", "latency", "cache", "query", "table", "index", "message", "update", "bot",
    "key", "provider", "route", "error", "timeout", "chunk", "event", "usage", "price", "prompt",
)

TOPICS: dict[str, tuple[str, str, str]] = {  # name: (keyword pattern, points, points in Russian)
    "openrouter": (r"openrouter|llm api", (
        "1. OpenRouter is one API for hundreds of LLMs from many providers, in OpenAI's chat "
        "completions format.\n2. Send POST /api/v1/chat/completions with `Authorization: "
        "Bearer <key>`, a model id and the messages.\n3. Free models (ids ending in `:free`) "
        "are rate-limited: about 20 requests a minute and a daily cap."), (
        "1. OpenRouter — единый API для сотен LLM от множества провайдеров, в формате chat "
        "completions от OpenAI.\n2. Отправьте POST /api/v1/chat/completions с заголовком "
        "`Authorization: Bearer <ключ>`, идентификатором модели и сообщениями.\n3. У "
        "бесплатных моделей (идентификаторы с `:free` на конце) есть лимиты: около 20 "
        "запросов в минуту и дневной предел.")),
    "http": (r"http|status code|request|код ответа|код статуса|код состояния", (
        "1. HTTP is a request–response protocol: the client sends a method, a path, headers "
        "and maybe a body; the server replies with a status code, headers and a body.\n"
        "2. Status codes by first digit: 2xx success, 3xx redirect, 4xx client error "
        "(400, 401, 404, 429), 5xx server error (500, 502, 503, 504).\n3. HTTP is stateless: "
        "each request carries what the server needs, such as the Authorization header."), (
        "1. HTTP — протокол «запрос — ответ»: клиент отправляет метод, путь, заголовки и, "
        "возможно, тело; сервер отвечает кодом статуса, заголовками и телом.\n2. Коды "
        "статуса по первой цифре: 2xx — успех, 3xx — перенаправление, 4xx — ошибка клиента "
        "(400, 401, 404, 429), 5xx — ошибка сервера (500, 502, 503, 504).\n3. HTTP не хранит "
        "состояние: каждый запрос несёт всё, что нужно серверу, например заголовок "
        "Authorization.")),
    "sqlite": (r"sqlite|sql|database|баз[аеуы] данных", (
        "1. SQLite is an embedded SQL database: one file, no server, the library runs inside "
        "your program.\n2. Use Python's built-in sqlite3 module and pass values as `?` "
        "parameters, never formatted into the SQL.\n3. Group writes in a transaction "
        "(BEGIN IMMEDIATE … COMMIT) and give each thread its own connection."), (
        "1. SQLite — встраиваемая база данных SQL: один файл, без сервера, библиотека работает "
        "внутри вашей программы.\n2. Используйте встроенный модуль Python sqlite3 и "
        "передавайте значения параметрами `?`, а не вставляйте их в текст SQL.\n3. "
        "Объединяйте записи в транзакцию (BEGIN IMMEDIATE … COMMIT) и давайте каждому потоку "
        "своё соединение.")),
    "telegram": (r"telegram|телеграм|\bbot\b|бот", (
        "1. A Telegram bot is a program that calls the Bot API over HTTPS with a token from "
        "@BotFather.\n2. It receives updates by long polling (getUpdates) or a webhook and "
        "answers with methods such as sendMessage.\n3. Keep the token in `.env`, never in the "
        "code, and each message under 4096 characters."), (
        "1. Бот Telegram — программа, которая обращается к Bot API по HTTPS с токеном от "
        "@BotFather.\n2. Обновления он получает длинным опросом (getUpdates) или через "
        "вебхук, а отвечает методами вроде sendMessage.\n3. Храните токен в `.env`, а не в "
        "коде, и укладывайте каждое сообщение в 4096 символов.")),
    "python": (r"python|pip|venv|питон", (
        "1. Python is a dynamically typed language with a large standard library.\n2. Give each "
        "project its own virtual environment (`python -m venv .venv`) and pin dependencies in "
        "requirements.txt.\n3. Read a traceback from the bottom up: the last line names the "
        "exception, the lines above show where it happened."), (
        "1. Python — язык с динамической типизацией и большой стандартной библиотекой.\n2. "
        "Заведите каждому проекту своё виртуальное окружение (`python -m venv .venv`) и "
        "закрепите версии зависимостей в requirements.txt.\n3. Читайте трассировку снизу "
        "вверх: последняя строка называет исключение, строки выше показывают, где оно "
        "возникло.")),
}
INTROS = ("Briefly:", "In short:", "The short answer:")
INTROS_RU = ("Коротко:", "Если кратко:", "Короткий ответ:")
GENERIC_EN = ("Here is a short answer to “{q}”:\n1. Start from the goal: what should happen, "
              "and how you will check it.\n2. Take the smallest step that works, test it, then "
              "build on it.\n3. If something fails, read the exact error message first: it "
              "usually names the cause.")
GENERIC_RU = ("Коротко о «{q}»:\n1. Начните с цели: что должно получиться и как это "
              "проверить.\n2. Сделайте самый маленький рабочий шаг, проверьте его и двигайтесь "
              "дальше.\n3. Если что-то не работает, сначала прочитайте точный текст ошибки: "
              "обычно он называет причину.")


@dataclass(frozen=True)
class Answer:
    """One answer of the fake model."""

    text: str
    finish_reason: str  # "stop", or "length" when `max_tokens` cut it
    completion_tokens: int


def split_tokens(text: str) -> list[str]:
    """The text as tokens (words with their leading spaces); joined, they give the text back."""
    return TOKEN_RE.findall(text)


def message_text(content: Any) -> str:
    """The text of a message's `content`: a string, or the text parts of a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p["text"] for p in content
                        if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


def prompt_tokens(messages: list[dict]) -> int:
    """Tokens of the prompt: the words of every message plus 4 a message."""
    return sum(len(split_tokens(message_text(m.get("content")))) + TOKENS_PER_MESSAGE
               for m in messages)


def answer(model: str, messages: list[dict], max_tokens: int | None = None) -> Answer:
    """The model's deterministic answer, cut to `max_tokens` tokens if it is longer."""
    tokens = split_tokens(full_answer(model, messages))
    if max_tokens is not None and len(tokens) > max_tokens:
        return Answer("".join(tokens[:max_tokens]), "length", max_tokens)
    return Answer("".join(tokens), "stop", len(tokens))


def full_answer(model: str, messages: list[dict]) -> str:
    """The whole answer before any `max_tokens` cut."""
    question = last_user_text(messages)
    rng = random.Random(_seed(model, messages))
    if match := ECHO_RE.match(question):
        return match.group(1)
    if match := WORDS_RE.match(question):
        count = min(int(match.group(1)), MAX_WORDS)
        return " ".join(rng.choice(VOCABULARY) for _ in range(count))
    lowered, russian = question.lower(), is_russian(question)
    for pattern, points, points_ru in TOPICS.values():
        if re.search(pattern, lowered):
            intro = rng.choice(INTROS_RU if russian else INTROS)
            return f"{intro}\n{points_ru if russian else points}"
    return (GENERIC_RU if russian else GENERIC_EN).format(q=_short(question) or "your question")


def is_russian(text: str) -> bool:
    """Whether most words are Cyrillic: a real model answers in the language of the question.

    A tie is Russian: in "Объясни OpenRouter" the Latin words are the technical terms.
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    cyrillic = sum(bool(re.search("[а-яё]", word)) for word in words)
    return cyrillic > 0 and cyrillic >= len(words) - cyrillic


def last_user_text(messages: list[dict]) -> str:
    """The text of the last user message ("" if there is none)."""
    for message in reversed(messages):
        if message.get("role") == "user":
            return message_text(message.get("content"))
    return ""


def _seed(model: str, messages: list[dict]) -> int:
    """A stable number from the model and the messages (Python's hash() changes per run)."""
    text = model + "\n" + json.dumps(messages, sort_keys=True, ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def _short(question: str, limit: int = 80) -> str:
    """The question on one line, cut to `limit` characters."""
    line = " ".join(question.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
