"""The bot's /models, matched against the bot's database: any layout, no padding, no repeats."""

from __future__ import annotations

import pytest
from homework_cases import NEW_MODELS

from homework.grading.checks_task2 import bot_models, listed

LECTURE = (("deepseek/deepseek-chat-v3.1:free", "DeepSeek V3.1 (free)"),
           ("deepseek/deepseek-r1:free", "DeepSeek R1 (free)"),
           ("mistralai/mistral-small-24b-instruct-2501:free", "Mistral Small 24b (free)"),
           ("meta-llama/llama-3.1-8b-instruct:free", "Llama 3.1 8B (free)"))
ROWS = [{"id": n, "key": key, "label": label, "active": int(n == 1)}
        for n, (key, label) in enumerate(LECTURE + NEW_MODELS[:6], start=1)]
HINT = "\n\nactivate: /model <ID>"
FAKE = "  11. Mistral Large (free) [mistralai/mistral-large-2411:free]"


def lecture(rows: list[dict], mark: str = "★") -> str:
    """/models as in the lecture: "{mark or blank} {id}. {label} [{key}]"."""
    return "\n".join(f"{mark if r['active'] else ' '} {r['id']}. {r['label']} [{r['key']}]"
                     for r in rows) + HINT


def verdict(reply: str, rows: list[dict] = ROWS):
    """The t2.bot_models verdict for this reply and this database."""
    return bot_models({"bot": {"started": True, "models": reply, "models_db": {"rows": rows}}},
                      {})


@pytest.mark.parametrize("reply", [
    lecture(ROWS),
    lecture(ROWS, "✓"),
    "\n".join(f"{r['id']}) {r['label']} — {r['key']}" for r in ROWS),
    "Models:\n" + "\n".join(f"#{r['id']} {r['label']}" + (" (active)" if r["active"] else "")
                            for r in ROWS) + "\nSee https://openrouter.ai/models for more.",
    "\n".join(f"• {r['key']}" for r in ROWS),
    lecture(ROWS) + "\n" + lecture(ROWS[:3]),  # a model named twice counts once
])
def test_every_layout_that_names_the_ten_models_passes(reply):
    assert verdict(reply) is None


def test_a_list_of_nine_fails_and_says_which_is_missing():
    hint = verdict(lecture(ROWS[:4] + ROWS[5:]))
    assert hint.key == "bot_models" and hint.fields["count"] == 9
    assert hint.render("en").startswith("/models named 9 of the 10 models in the bot's "
                                        "database (not listed: 5);")


def test_a_padded_list_fails_even_when_it_has_ten_lines():
    hint = verdict(lecture(ROWS[:9]).replace(HINT, "\n" + FAKE + HINT))
    assert hint.key == "bot_models.padded" and "mistral-large" in hint.fields["lines"]
    assert verdict(lecture(ROWS) + "\n" + FAKE).key == "bot_models.padded"
    assert verdict(lecture(ROWS) + "\n 11. Extra model [extra]").key == "bot_models.padded"


def test_repeating_a_model_does_not_make_up_for_a_missing_one():
    reply = lecture(ROWS[:9]) + "\n" + lecture(ROWS[:1])
    assert verdict(reply).key == "bot_models"


def test_the_database_decides_how_many_there_must_be():
    eleven = [*ROWS, {"id": 11, "key": NEW_MODELS[6][0], "label": NEW_MODELS[6][1], "active": 0}]
    hint = verdict(lecture(eleven), eleven)
    assert hint.key == "bot_models" and hint.fields["rows"] == 11
    assert verdict(lecture(ROWS), [{**r, "label": ""} for r in ROWS]) is None  # keys suffice
    error = bot_models({"bot": {"started": True, "models": lecture(ROWS),
                                "models_db": {"error": "no such table: models"}}}, {})
    assert error.key == "bot_db"


def test_a_key_inside_a_longer_key_is_not_that_model():
    rows = [{"id": 1, "key": "deepseek/deepseek-r1:free", "label": "R1", "active": 1}]
    assert listed("1. Chimera [tngtech/deepseek-r1t2-chimera:free]", rows)[0] == set()
    assert listed("1. R1 [deepseek/deepseek-r1:free]", rows)[0] == {1}
    assert listed("2. R1", rows)[0] == set()  # the label with another id
