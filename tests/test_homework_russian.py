"""The starter in Russian: with COURSE_LANG=ru its bot speaks Russian, and it scores as in English.

The starter's bot runs as a student runs it (`python bot.py`) against the local fakes; every
reply, the command menu and the system prompt are read from outside. Then the grader runs the
starter with the student's COURSE_LANG (its `lang`): the same checks pass and fail in both
languages, and a finished homework, explained in English or in Russian, keeps its 100.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from homework_cases import REFERENCE, STARTER, Case, build
from homework_cases.faulty import CASES

from course_lib.fakes.openrouter import FakeOpenRouter
from course_lib.fakes.telegram import FakeTelegram
from homework.grading.engine.grader import Grader
from homework.grading.sandbox.limits import FAST
from homework.grading.submissions import Submission

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="bots run as POSIX processes")

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456:FAKE-local-token"
NOTE = "купить хлеб"
# Said by the user or kept as data, not prose: model ids, commands, placeholders, model labels,
# the name of the key's variable.
DATA = re.compile(r"[\w.-]+/[\w.:-]+|/\w+|<\w+>|\[[^\]]*\]|\b\d+\. [^\[\n]*|"
                  r"OPENROUTER_API_KEY|OpenRouter|" + re.escape(NOTE))
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str) -> list[str]:
    """The English words of `text` once what is data (commands, models, the note) is gone."""
    return ENGLISH_WORD.findall(DATA.sub(" ", text))


def talk(lang: str, folder: Path) -> tuple[list[tuple[str, str]], list[dict], list[dict]]:
    """(command, reply) from the starter's bot in `lang`; its menu; its OpenRouter requests."""
    work = folder / "bot"
    shutil.copytree(STARTER, work, ignore=shutil.ignore_patterns("__pycache__", "*.db", ".env"))
    replies: list[tuple[str, str]] = []
    with FakeTelegram(token=TOKEN) as tg, FakeOpenRouter(any_key=True) as fake:
        env = {**os.environ, "COURSE_LANG": lang, "TELEGRAM_BOT_TOKEN": TOKEN,
               "TELEGRAM_API_URL": tg.api_url, "OPENROUTER_BASE_URL": fake.base_url,
               "COURSE_DB": str(folder / "bot.db")}
        bot = subprocess.Popen([sys.executable, "bot.py"], cwd=work, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            user = tg.user(1001, "Anna")
            for command in COMMANDS:
                if command == FAILING:
                    fake.fail_always(503)
                user.send(command)
                answer = user.wait_replies(1, timeout=20)
                assert answer, f"no reply to {command}: {bot.poll()}"
                replies.append((command, answer[-1]["text"]))
                fake.clear()
            menu = tg.commands
            asked = [r.json for r in fake.chat_requests()]
        finally:
            bot.terminate()
            out, _ = bot.communicate(timeout=20)
    assert "Traceback" not in out, out
    return replies, menu, asked


COMMANDS = ("/start", "/note_add", f"/note_add {NOTE}", "/note_list", "/note_find",
            "/note_find хлеб", "/note_find xyz", "/note_edit 1", "/note_edit 7 текст",
            "/note_edit 1 купить хлеб и молоко", "/note_count", "/note_del", "/note_del 1",
            "/note_del 1", "/note_list", "/models", "/model", "/model x", "/model 99",
            "/model 3", "/ask", "/ask Что такое HTTP?", "/ask Как работает DNS?")
ASKED, FAILING = COMMANDS[-2:]  # the model answers; then OpenRouter fails with 503


@pytest.fixture(scope="module")
def russian(tmp_path_factory):
    """The Russian conversation."""
    return talk("ru", tmp_path_factory.mktemp("ru"))


def test_the_starters_bot_speaks_russian_with_course_lang_ru(russian):
    conversation, menu, asked = russian
    # Every reply but the model's own answer (the fake's text) is the bot's, all in Russian.
    english = [(command, english_words(reply.split("\n\n")[-1] if command == ASKED else reply))
               for command, reply in conversation]
    assert [(command, words) for command, words in english if words] == []
    replies = dict(conversation)  # a command said twice: its last reply
    assert replies["/note_list"] == "Заметок пока нет." and replies["/note_del 1"] == \
        "Такой заметки нет."
    assert replies[f"/note_add {NOTE}"] == "Заметка №1 сохранена."
    assert replies["/note_find хлеб"] == f"№1: {NOTE}"
    assert replies["/note_add"] == "Использование: /note_add <текст>"
    assert replies["/ask"] == "Использование: /ask <вопрос>"
    assert replies["/model 3"].startswith("Активная модель теперь: 3. Mistral Small 24b (free)")
    assert replies[FAILING] == "Ошибка: [503] Сервис недоступен, попробуйте позже."
    assert replies[ASKED].endswith("модель: mistralai/mistral-small-24b"
                                                   "-instruct-2501:free)")
    assert re.search(r"\(\d+ мс; модель: ", replies[ASKED])
    # Telegram's command menu and the system prompt sent with each question.
    assert len(menu) == 11 and not [c for c in menu if english_words(c["description"])]
    assert asked and asked[0]["messages"][0]["content"].startswith("Отвечай кратко и по делу.")


def test_the_starters_bot_speaks_english_by_default(tmp_path):
    conversation, menu, asked = talk("", tmp_path)
    replies = dict(conversation)
    assert replies[f"/note_add {NOTE}"] == "Note #1 saved."
    assert replies["/note_add"] == "Usage: /note_add <text>"
    assert replies[FAILING] == "Error: [503] Service unavailable, try again later."
    assert re.search(r"\(\d+ ms; model: ", replies[ASKED])
    assert menu[0] == {"command": "start", "description": "greeting and the list of commands"}
    assert asked[0]["messages"][0]["content"].startswith("Answer briefly and to the point.")


def test_every_text_has_both_languages():
    sys.path.insert(0, str(STARTER))
    try:
        import texts
    finally:
        sys.path.remove(str(STARTER))
    assert set(texts.TEXTS["en"]) == set(texts.TEXTS["ru"])
    assert [c for c, _ in texts.COMMANDS["en"]] == [c for c, _ in texts.COMMANDS["ru"]]
    for name, english in texts.TEXTS["en"].items():  # the same {fields} in both
        assert re.findall(r"\{\w+\}", english) == re.findall(r"\{\w+\}", texts.TEXTS["ru"][name])


EXPLAINS = """
import json, openrouter_client as c, texts as t
from homework.grading.explanations import missing
said = {**{f"FRIENDLY[{k}]": v for k, v in c.FRIENDLY.items()}, "GENERIC": c.GENERIC,
        "NO_CONNECTION": c.NO_CONNECTION, "NO_ANSWER": c.NO_ANSWER, "UNEXPECTED": c.UNEXPECTED,
        **t.TEXTS[t.LANG]}
print(json.dumps({k: [s for s in (500, 502, 503, 504) if not missing(s, v)]
                  for k, v in said.items()}))
"""


def explained(lang: str) -> dict[str, list[int]]:
    """The statuses each of the starter's own texts in `lang` would pass task 3 for, if pasted."""
    env = {**os.environ, "COURSE_LANG": lang, "PYTHONPATH": f"{STARTER}{os.pathsep}{ROOT}"}
    done = subprocess.run([sys.executable, "-c", EXPLAINS], cwd=STARTER, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_starters_own_texts_explain_in_russian_what_they_explain_in_english():
    # Task 3 wants the student's own words: the starter's fallback explains nothing in either
    # language (its English is 503's reason phrase, its Russian the same words translated).
    english, russian = explained("en"), explained("ru")
    assert english == russian and english["GENERIC"] == [] and english["FRIENDLY[429]"] == []


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The starter graded with COURSE_LANG en and ru; finished homeworks graded in Russian."""
    folder = tmp_path_factory.mktemp("graded")
    russian_words = next(case for case in CASES if case.name == "russian")
    found = {}
    with Grader(FAST) as grader:
        found["starter en"] = grader.grade(Submission("starter", STARTER))
    with Grader(FAST, lang="ru") as grader:
        found["starter ru"] = grader.grade(Submission("starter", STARTER))
        for name, edits in (("reference", REFERENCE), ("russian", russian_words.edits)):
            case = build(Case(name, edits, 100), folder)
            found[name] = grader.grade(Submission(name, case))
    return found


def test_the_starter_scores_the_same_in_russian(graded):
    english, russian = graded["starter en"], graded["starter ru"]
    assert russian.total == english.total == 0
    assert [r.check.id for r in russian.results if r.passed] == \
        [r.check.id for r in english.results if r.passed]
    assert [r.hint.key for r in russian.results] == [r.hint.key for r in english.results]
    # It really ran in Russian: what the bot said is in the observations.
    bot = russian.observations["bot"]
    assert bot["errors"]["500"] == "Ошибка: [500] Сервис недоступен, попробуйте позже."
    assert bot["models"].startswith("Доступные модели (★ — активная):\n★ 1. DeepSeek V3.1")
    assert bot["models"].endswith("\n\nпереключить: /model <ID>")
    assert english.observations["bot"]["errors"]["500"].startswith("Error: [500]")


@pytest.mark.parametrize("name", ["reference", "russian"])
def test_a_finished_homework_keeps_full_marks_in_russian(graded, name):
    done = graded[name]
    assert done.total == 100, [(r.check.id, r.hint) for r in done.results if not r.passed]
    assert done.observations["bot"]["errors"]["503"].startswith("Ошибка: [503] ")


def test_the_self_check_follows_course_lang():
    env = {**os.environ, "COURSE_LANG": "ru"}
    done = subprocess.run([sys.executable, "-m", "homework.check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stdout.startswith("Самопроверка homework/starter")
    assert done.stdout.count("  ✗ ") == 22 and "Итого: 0/100" in done.stdout
    assert "«Ошибка: [500] Сервис недоступен, попробуйте позже.»" in done.stdout
