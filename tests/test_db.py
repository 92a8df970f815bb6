"""Tests of the models registry (`course_lib.db`, `course_lib.registry`) on real SQLite files."""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_lib import catalog, db, registry
from course_lib.texts import db as db_texts
from course_lib.texts import t

LECTURE_FOUR = [
    (1, "deepseek/deepseek-chat-v3.1:free", "DeepSeek V3.1 (free)"),
    (2, "deepseek/deepseek-r1:free", "DeepSeek R1 (free)"),
    (3, "mistralai/mistral-small-24b-instruct-2501:free", "Mistral Small 24b (free)"),
    (4, "meta-llama/llama-3.1-8b-instruct:free", "Llama 3.1 8B (free)"),
]
IDS = range(1, 11)


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in English unless a test asks for Russian."""
    monkeypatch.setenv("COURSE_LANG", "en")


@pytest.fixture
def db_file(tmp_path: Path) -> Path:
    """A fresh, seeded database file."""
    path = tmp_path / "bot.db"
    db.init_db(path)
    return path


def sql(path: Path, statement: str, params: tuple = ()) -> list[tuple]:
    """Run one statement in autocommit mode and return its rows (to set up or inspect a file)."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        return conn.execute(statement, params).fetchall()
    finally:
        conn.close()


def active_ids(path: Path) -> list[int]:
    """The ids of the active rows, read straight from the table."""
    return [row[0] for row in sql(path, "SELECT id FROM models WHERE active = 1 ORDER BY id")]


# --- schema ---------------------------------------------------------------------------------


def test_schema_has_the_lecture_columns(db_file: Path) -> None:
    columns = sql(db_file, "PRAGMA table_info(models)")
    # (cid, name, type, notnull, default, pk)
    assert [c[1:] for c in columns] == [
        ("id", "INTEGER", 0, None, 1),
        ("key", "TEXT", 1, None, 0),
        ("label", "TEXT", 1, None, 0),
        ("active", "INTEGER", 1, "0", 0),
    ]


def test_schema_has_the_partial_unique_index(db_file: Path) -> None:
    indexes = {row[1]: row for row in sql(db_file, "PRAGMA index_list(models)")}
    # (seq, name, unique, origin, partial)
    assert indexes["ux_models_single_active"][2:] == (1, "c", 1)
    (index_sql,) = sql(db_file, "SELECT sql FROM sqlite_master WHERE name = ?",
                       ("ux_models_single_active",))[0]
    assert index_sql.endswith("ON models(active) WHERE active = 1")


def test_check_rejects_active_2(db_file: Path) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        sql(db_file, "INSERT INTO models (key, label, active) VALUES ('a/b', 'AB', 2)")


def test_not_null_rejects_a_null_label(db_file: Path) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=r"NOT NULL constraint failed: models\.label"):
        sql(db_file, "INSERT INTO models (key, label) VALUES ('a/b', NULL)")


def test_unique_rejects_a_second_row_with_the_same_key(db_file: Path) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=r"UNIQUE constraint failed: models\.key"):
        sql(db_file, "INSERT INTO models (key, label) VALUES ('deepseek/deepseek-r1:free', 'x')")


def test_active_defaults_to_0(db_file: Path) -> None:
    sql(db_file, "INSERT INTO models (id, key, label) VALUES (11, 'a/b', 'AB')")
    assert sql(db_file, "SELECT active FROM models WHERE id = 11") == [(0,)]


def test_partial_index_rejects_a_second_active_row(db_file: Path) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=r"UNIQUE constraint failed: models\.active"):
        sql(db_file, "UPDATE models SET active = 1 WHERE id = 2")
    assert active_ids(db_file) == [1]


def test_partial_index_allows_many_inactive_rows(db_file: Path) -> None:
    for n in range(11, 16):
        sql(db_file, "INSERT INTO models (id, key, label, active) VALUES (?, ?, ?, 0)",
            (n, f"p/m{n}", f"M{n}"))
    assert sql(db_file, "SELECT COUNT(*) FROM models WHERE active = 0") == [(14,)]


# --- connect and transaction (reused by the notes module) ----------------------------------


def test_connect_closes_the_connection_after_the_block(db_file: Path) -> None:
    with db.connect(db_file) as conn:
        assert conn.execute("SELECT COUNT(*) FROM models").fetchone()[0] == 10
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        conn.execute("SELECT 1")


def test_connect_gives_rows_by_name_in_autocommit_mode(db_file: Path) -> None:
    with db.connect(db_file) as conn:
        row = conn.execute("SELECT id, key FROM models WHERE id = 2").fetchone()
        assert (row["id"], row["key"]) == (2, "deepseek/deepseek-r1:free")
        assert conn.isolation_level is None and not conn.in_transaction


def test_connect_uses_wal_and_normal_sync(tmp_path: Path) -> None:
    with db.connect(tmp_path / "new.db") as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_transaction_commits_at_the_end_of_the_block(db_file: Path) -> None:
    with db.connect(db_file) as conn, db.transaction(conn):
        conn.execute("UPDATE models SET label = 'R1' WHERE id = 2")
        assert conn.in_transaction
    assert sql(db_file, "SELECT label FROM models WHERE id = 2") == [("R1",)]


def test_transaction_rolls_back_every_write_if_the_block_raises(db_file: Path) -> None:
    with db.connect(db_file) as conn:
        with pytest.raises(RuntimeError), db.transaction(conn):
            conn.execute("UPDATE models SET label = 'R1' WHERE id = 2")
            conn.execute("DELETE FROM models WHERE id = 3")
            raise RuntimeError("something went wrong halfway")
        assert not conn.in_transaction
    assert sql(db_file, "SELECT label FROM models WHERE id = 2") == [("DeepSeek R1 (free)",)]
    assert len(db.list_models(db_file)) == 10


# --- init_db and seeding --------------------------------------------------------------------


def test_init_seeds_ten_models_with_the_lecture_four_first(db_file: Path) -> None:
    models = db.list_models(db_file)
    assert len(models) == 10
    assert [(m["id"], m["key"], m["label"]) for m in models[:4]] == LECTURE_FOUR
    assert [m["id"] for m in models] == list(IDS)
    assert [m["id"] for m in models if m["active"]] == [1]


def test_seeded_models_are_real_free_models_of_the_catalog() -> None:
    keys = [key for _, key, _ in registry.SEED_MODELS]
    assert len(set(keys)) == 10
    for key in keys:
        entry = catalog.find(key)
        assert entry is not None, key
        assert key.endswith(":free") and entry["pricing"]["prompt"] == "0"
    assert all(label.strip() and len(label) <= 32 for _, _, label in registry.SEED_MODELS)


def test_init_creates_the_parent_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "nested" / "bot.db"
    db.init_db(path)
    assert path.is_file()
    assert len(db.list_models(path)) == 10


def test_init_uses_wal_mode(db_file: Path) -> None:
    assert sql(db_file, "PRAGMA journal_mode") == [("wal",)]


def test_init_three_times_changes_nothing(db_file: Path) -> None:
    before = db.list_models(db_file)
    for _ in range(3):
        db.init_db(db_file)
    assert db.list_models(db_file) == before
    assert sql(db_file, "SELECT COUNT(*) FROM models") == [(10,)]


def test_reinit_keeps_the_users_active_model(db_file: Path) -> None:
    db.set_active_model(3, db_file)
    db.init_db(db_file)
    db.init_db(db_file)
    assert active_ids(db_file) == [3]


def test_reinit_keeps_rows_the_user_added(db_file: Path) -> None:
    sql(db_file, "INSERT INTO models (id, key, label) VALUES (11, 'x-ai/grok-4-fast:free', 'Grok')")
    db.init_db(db_file)
    assert sql(db_file, "SELECT key, label FROM models WHERE id = 11") == [
        ("x-ai/grok-4-fast:free", "Grok")]
    assert len(db.list_models(db_file)) == 11


def test_seeding_when_another_row_is_already_active(tmp_path: Path) -> None:
    # A lecture-era file: the schema, one user row, and that row is the active one.
    path = tmp_path / "old.db"
    with db.connect(path) as conn:
        conn.executescript(db.SCHEMA_SQL)
    sql(path, "INSERT INTO models (id, key, label, active) VALUES (42, 'a/mine:free', 'Mine', 1)")
    db.init_db(path)
    assert len(db.list_models(path)) == 11
    assert active_ids(path) == [42]


def test_init_activates_the_lowest_id_when_none_is_active(db_file: Path) -> None:
    sql(db_file, "UPDATE models SET active = 0")
    db.init_db(db_file)
    assert active_ids(db_file) == [1]


def test_seed_statement_inserts_rows_inactive() -> None:
    # Seeding row 1 as active would be IGNOREd whenever another row is active (see SEED_SQL).
    assert db.SEED_SQL.startswith("INSERT OR IGNORE")
    assert db.SEED_SQL.rstrip().endswith("?, ?, ?, 0)")


# --- db_path=None means COURSE_DB, read at call time ----------------------------------------


def test_default_path_follows_course_db_at_call_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    monkeypatch.setenv("COURSE_DB", str(first))
    db.init_db()
    db.set_active_model(4)
    monkeypatch.setenv("COURSE_DB", str(second))
    db.init_db()
    assert db.get_active_model()["id"] == 1
    assert len(db.list_models()) == 10
    assert active_ids(first) == [4]
    assert db.validate_registry() == []
    monkeypatch.setenv("COURSE_DB", str(first))
    assert db.get_active_model()["id"] == 4


# --- list_models, get_active_model, set_active_model ----------------------------------------


def test_list_models_gives_dicts_with_a_bool_active(db_file: Path) -> None:
    models = db.list_models(db_file)
    assert all(set(m) == {"id", "key", "label", "active"} for m in models)
    assert all(type(m["active"]) is bool for m in models)


def test_list_models_is_ordered_by_id(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    with db.connect(path) as conn:
        conn.executescript(db.SCHEMA_SQL)
    for n in (30, 10, 20):
        sql(path, "INSERT INTO models (id, key, label) VALUES (?, ?, ?)", (n, f"p/m{n}", "M"))
    assert [m["id"] for m in db.list_models(path)] == [10, 20, 30]


def test_get_active_model_returns_the_active_row(db_file: Path) -> None:
    db.set_active_model(6, db_file)
    assert db.get_active_model(db_file) == {
        "id": 6, "key": "z-ai/glm-4.5-air:free", "label": "GLM 4.5 Air (free)", "active": True}


def test_get_active_model_activates_the_lowest_id_when_none_is(db_file: Path) -> None:
    sql(db_file, "UPDATE models SET active = 0")
    sql(db_file, "DELETE FROM models WHERE id = 1")
    assert db.get_active_model(db_file)["id"] == 2
    assert active_ids(db_file) == [2]  # written, not only returned


def test_get_active_model_on_an_empty_table_raises_lookup_error(db_file: Path) -> None:
    sql(db_file, "DELETE FROM models")
    with pytest.raises(LookupError) as caught:
        db.get_active_model(db_file)
    assert str(caught.value) == t("db.empty", lang="en")


def test_set_active_model_returns_the_new_active_model(db_file: Path) -> None:
    assert db.set_active_model(5, db_file) == {
        "id": 5, "key": "tngtech/deepseek-r1t2-chimera:free",
        "label": "DeepSeek R1T2 Chimera (free)", "active": True}
    assert active_ids(db_file) == [5]


def test_setting_the_active_model_again_is_fine(db_file: Path) -> None:
    db.set_active_model(3, db_file)
    assert db.set_active_model(3, db_file)["id"] == 3
    assert active_ids(db_file) == [3]


@pytest.mark.parametrize("given_id", [7, "7", " 7 ", "\t7\n", "07"])
def test_set_active_model_accepts_ints_and_digit_strings(db_file: Path, given_id: object) -> None:
    assert db.set_active_model(given_id, db_file)["id"] == 7
    assert active_ids(db_file) == [7]


@pytest.mark.parametrize("bad_id", [
    True, False, 2.0, 3.5, "abc", "-1", "+3", "3.0", "", "   ", None, b"3", [3], "٣", "²", "1 2",
])
def test_set_active_model_rejects_what_is_not_an_id(db_file: Path, bad_id: object) -> None:
    db.set_active_model(2, db_file)
    with pytest.raises(ValueError) as caught:
        db.set_active_model(bad_id, db_file)
    assert str(caught.value) == t("db.bad_id", lang="en", value=repr(bad_id))
    assert active_ids(db_file) == [2]


def test_bad_id_message_stays_short_for_a_long_input(db_file: Path) -> None:
    with pytest.raises(ValueError) as caught:
        db.set_active_model("x" * 10_000, db_file)
    assert len(str(caught.value)) < 200
    assert "xxx…" in str(caught.value)


@pytest.mark.parametrize("unknown", [11, 0, -1, "99", 2**63 - 1])
def test_set_active_model_rejects_an_unknown_id_by_name(db_file: Path, unknown: object) -> None:
    with pytest.raises(ValueError) as caught:
        db.set_active_model(unknown, db_file)
    assert str(caught.value) == t("db.unknown_id", lang="en", id=int(unknown))
    assert f"id {int(unknown)}." in str(caught.value)
    assert active_ids(db_file) == [1]


@pytest.mark.parametrize("huge", [2**63, -(2**63) - 1, 10**100, "9" * 20, "9" * 10_000])
def test_set_active_model_rejects_ids_beyond_sqlite_integers(db_file: Path, huge: object) -> None:
    with pytest.raises(ValueError) as caught:
        db.set_active_model(huge, db_file)
    assert str(caught.value) == t("db.id_too_large", lang="en")


def test_set_active_model_works_for_all_90_ordered_pairs(db_file: Path) -> None:
    pairs = list(itertools.permutations(IDS, 2))
    assert len(pairs) == 90
    for old, new in pairs:
        db.set_active_model(old, db_file)
        assert db.set_active_model(new, db_file)["id"] == new
        assert active_ids(db_file) == [new]


# --- the lecture's one-statement switch -----------------------------------------------------


def lecture_switch(path: Path, old: int, new: int) -> str | None:
    """Make `old` active, run the lecture's statement towards `new`; its error text or None."""
    db.set_active_model(old, path)
    try:
        sql(path, db.LECTURE_SWITCH_SQL, (new,))
    except sqlite3.IntegrityError as error:
        return str(error)
    return None


def test_lecture_switch_fails_exactly_when_the_new_id_is_lower(db_file: Path) -> None:
    outcomes = {(old, new): lecture_switch(db_file, old, new)
                for old, new in itertools.product(IDS, IDS)}
    failed = {pair for pair, error in outcomes.items() if error}
    assert failed == {(old, new) for old, new in outcomes if new < old}
    assert len(failed) == 45
    assert {outcomes[pair] for pair in failed} == {"UNIQUE constraint failed: models.active"}


def test_lecture_switch_fails_from_3_back_to_1_and_changes_nothing(db_file: Path) -> None:
    assert lecture_switch(db_file, 1, 3) is None
    assert active_ids(db_file) == [3]
    assert lecture_switch(db_file, 3, 1) == "UNIQUE constraint failed: models.active"
    assert active_ids(db_file) == [3]  # the failed statement was undone as a whole
    assert db.set_active_model(1, db_file)["id"] == 1  # the course's switch does it


# --- any sequence of switches (property test) -----------------------------------------------

some_ids = st.one_of(st.integers(1, 10), st.integers(-5, 30), st.text(max_size=3), st.none())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(some_ids, max_size=12))
def test_any_sequence_of_switches_leaves_the_last_valid_one_active(steps: list) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bot.db"
        db.init_db(path)
        expected = 1
        for step in steps:
            with contextlib.suppress(ValueError):  # a bad or unknown id changes nothing
                expected = db.set_active_model(step, path)["id"]
            assert active_ids(path) == [expected]
        assert db.get_active_model(path)["id"] == expected


# --- messages in both languages -------------------------------------------------------------


def fields(text: str) -> set[str]:
    """The {placeholders} of a message."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(db_texts.TEXTS))
def test_every_message_has_english_and_russian_with_the_same_fields(key: str) -> None:
    entry = db_texts.TEXTS[key]
    assert set(entry) == {"en", "ru"}
    assert entry["en"].strip() and entry["ru"].strip()
    assert fields(entry["en"]) == fields(entry["ru"])
    assert any("а" <= ch <= "я" for ch in entry["ru"].lower())


def test_errors_speak_russian_when_course_lang_is_ru(
        db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_LANG", "ru")
    with pytest.raises(ValueError, match=r"^Модели с номером 99 нет"):
        db.set_active_model(99, db_file)
    with pytest.raises(ValueError, match=r"^Номер модели — целое число.*получено 'abc'"):
        db.set_active_model("abc", db_file)
    sql(db_file, "DELETE FROM models")
    with pytest.raises(LookupError, match=r"^Таблица models пуста"):
        db.get_active_model(db_file)


def test_errors_speak_english_by_default(db_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COURSE_LANG", "")  # blank counts as unset, even if a .env sets it
    with pytest.raises(ValueError, match=r"^There is no model with id 99"):
        db.set_active_model(99, db_file)


# --- validate_registry ----------------------------------------------------------------------


def loose_table(path: Path, rows: list[tuple]) -> Path:
    """A hand-made models table without the constraints (as a student might build it)."""
    sql(path, "CREATE TABLE models (id INTEGER PRIMARY KEY, key TEXT, label TEXT, active INTEGER)")
    for row in rows:
        sql(path, "INSERT INTO models VALUES (?, ?, ?, ?)", row)
    return path


def test_a_fresh_registry_has_no_problems(db_file: Path) -> None:
    assert db.validate_registry(db_file) == []


def test_validate_reports_a_missing_file_and_does_not_create_it(tmp_path: Path) -> None:
    path = tmp_path / "nope.db"
    assert db.validate_registry(path) == [t("db.check.no_file", lang="en", name="nope.db")]
    assert not path.exists()


@pytest.mark.parametrize("content", [b"", b"this is not a database, just text" * 100])
def test_validate_reports_a_file_without_the_models_table(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    (problem,) = db.validate_registry(path)
    assert problem.startswith("Could not read the models table from other.db (")


@pytest.mark.parametrize("actives", [[], [1, 2], [1, 2, 3]])
def test_validate_reports_not_exactly_one_active(tmp_path: Path, actives: list[int]) -> None:
    rows = [(n, key, label, int(n in actives)) for n, key, label in LECTURE_FOUR]
    problems = db.validate_registry(loose_table(tmp_path / "bot.db", rows))
    ids = ", ".join(map(str, actives)) or "-"
    assert problems == [t("db.check.active_count", lang="en", count=len(actives), ids=ids)]


@pytest.mark.parametrize(("key", "message"), [
    ("deepseek-chat", "db.check.bad_shape"),
    ("DeepSeek/DeepSeek-R1:free", "db.check.bad_shape"),
    ("", "db.check.bad_shape"),
    (None, "db.check.bad_shape"),
    ("deepseek/deepseek-chat-v9:free", "db.check.not_in_catalog"),
])
def test_validate_reports_a_bad_key(tmp_path: Path, key: str | None, message: str) -> None:
    rows = [*[(n, k, label, int(n == 1)) for n, k, label in LECTURE_FOUR], (5, key, "Five", 0)]
    problems = db.validate_registry(loose_table(tmp_path / "bot.db", rows))
    expected = t(message, lang="en", id=5, model=key or "", date=catalog.snapshot_date())
    assert problems == [expected]


@pytest.mark.parametrize("label", ["", "   ", None])
def test_validate_reports_an_empty_label(tmp_path: Path, label: str | None) -> None:
    rows = [(1, "deepseek/deepseek-r1:free", label, 1)]
    problems = db.validate_registry(loose_table(tmp_path / "bot.db", rows))
    assert problems == [t("db.check.empty_label", lang="en", id=1)]


def test_validate_reports_duplicate_keys(tmp_path: Path) -> None:
    rows = [(1, "deepseek/deepseek-r1:free", "R1", 1), (2, "z-ai/glm-4.5-air:free", "GLM", 0),
            (3, "deepseek/deepseek-r1:free", "R1 again", 0)]
    problems = db.validate_registry(loose_table(tmp_path / "bot.db", rows))
    assert problems == [t("db.check.duplicate_key", lang="en",
                          model="deepseek/deepseek-r1:free", ids="1, 3")]


def test_validate_reports_an_empty_table(db_file: Path) -> None:
    sql(db_file, "DELETE FROM models")
    assert db.validate_registry(db_file) == [t("db.check.empty", lang="en")]


def test_validate_reports_every_problem_at_once() -> None:
    rows = [{"id": 1, "key": "bad", "label": "", "active": False},
            {"id": 2, "key": "bad", "label": "B", "active": False}]
    problems = registry.problems(rows)
    assert problems == [
        t("db.check.active_count", lang="en", count=0, ids="-"),
        t("db.check.bad_shape", lang="en", id=1, model="bad"),
        t("db.check.empty_label", lang="en", id=1),
        t("db.check.bad_shape", lang="en", id=2, model="bad"),
        t("db.check.duplicate_key", lang="en", model="bad", ids="1, 2"),
    ]


def test_using_the_table_before_init_db_says_to_call_init_db(tmp_path):
    fresh = tmp_path / "fresh.db"
    for call in (db.list_models, db.get_active_model, lambda p: db.set_active_model(1, p)):
        with pytest.raises(LookupError, match=r"init_db\(\)"):
            call(fresh)
