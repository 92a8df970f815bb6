"""Lesson 03's tightened checks: a wrong dict from `get_active_model` is named by its field.

When the table is right but the returned dict is not (a key missing or misnamed, `active` as
SQLite's 1, the id as text, two values swapped), the verdict names the field and the hint the
idea, not the answer. The lesson's predictions say ✗ without a guess, and ✓ or what happened
with one. (tests/test_exercises_0203.py has the other wrong versions of lesson 03.)
"""

from __future__ import annotations

import pytest

from course_lib.exercises import run

SELECT = "SELECT id, key, label FROM models"


def flat(text: str) -> str:
    """A verdict without its line breaks (it is wrapped to fit a slide)."""
    return " ".join(text.split())


def active_row(conn) -> tuple:
    """The active row, the lowest made active when none is (the table is always right)."""
    row = conn.execute(SELECT + " WHERE active = 1").fetchone()
    if row is None:
        row = conn.execute(SELECT + " ORDER BY id LIMIT 1").fetchone()
        if row is None:
            raise LookupError("The models table is empty: add a model first.")
        conn.execute("UPDATE models SET active = 1 WHERE id = ?", (row[0],))
    return row


def returning(build):
    """A get_active_model that gets the table right and returns `build(id, key, label)`."""
    def get_active_model(conn):
        return build(*active_row(conn))
    return get_active_model


@pytest.mark.parametrize(("build", "said"), [
    (lambda i, k, lb: {"id": i, "key": k, "active": True}, "without the key 'label'"),
    (lambda i, k, lb: {"id": i, "key": k, "name": lb, "active": True}, "without the key 'label'"),
    (lambda i, k, lb: {"id": i, "key": k, "label": lb, "active": True, "name": lb},
     "with the key 'name', which is not asked for"),
    (lambda i, k, lb: {"model_id": i, "key": k, "label": lb, "active": True},
     "without the key 'id'"),
    (lambda i, k, lb: {"id": i, "key": k, "label": lb, "active": 1},
     "active is 1, of type int, not True"),
    (lambda i, k, lb: {"id": str(i), "key": k, "label": lb, "active": True},
     "id is '1', of type str; in the table it is 1, of type int"),
    (lambda i, k, lb: {"id": i, "key": lb, "label": k, "active": True},
     "key is 'DeepSeek V3.1 (free)', of type str"),
    (lambda i, k, lb: {"id": i, "key": k, "label": lb, "active": "True"},
     "active is 'True', of type str, not True"),
])
def test_get_active_model_names_the_wrong_field(build, said):
    result = run("03.get_active_model", returning(build))
    assert not result.passed and said in flat(result.text), result.text


def test_a_wrong_field_gets_a_hint_without_the_answer():
    result = run("03.get_active_model",
                 returning(lambda i, k, lb: {"id": i, "key": k, "label": lb, "active": 1}))
    hint = flat(result.text).split("Hint:", 1)[1]
    assert "bool True" in hint and "DeepSeek" not in hint


def test_the_table_is_checked_before_the_dict():
    # A table left without an active model is said first, then the id given as text.
    def never_saves_id_as_text(conn):
        row = conn.execute(SELECT + " WHERE active = 1").fetchone()
        if row is not None:
            return {"id": row[0], "key": row[1], "label": row[2], "active": True}
        row = conn.execute(SELECT + " ORDER BY id LIMIT 1").fetchone()
        return {"id": str(row[0]), "key": row[1], "label": row[2], "active": True}
    result = run("03.get_active_model", never_saves_id_as_text)
    assert not result.passed and "(UPDATE)" in flat(result.text), result.text


@pytest.mark.parametrize(("exercise", "right", "wrong", "actual"), [
    ("03.refused", "b", "a", "b"), ("03.refused", " B ", "c", "b"),
    ("03.ignored", 0, 2, 0), ("03.switch_back", False, True, False),
])
def test_the_predictions(exercise, right, wrong, actual):
    assert run(exercise, right, actual).text.startswith("✓ Yes")
    said = flat(run(exercise, wrong, actual).text)
    assert said.startswith(f"✗ It was {actual!r}, not {wrong!r}.") and "Hint:" in said
    assert flat(run(exercise, ..., actual).text).startswith("✗ No guess yet")


def test_a_prediction_of_0_is_not_false():
    assert not run("03.switch_back", 0, False).passed
