"""Checks of lesson 03 (the models table): `list_models`, `get_active_model`, `uses_index`, and
the lesson's three predictions (which statement is refused, what `OR IGNORE` adds, the switch).

Each check builds its own small database with the course's schema (in memory, or in a
temporary folder it deletes), hands the student's function a connection to it and stops at the
first wrong answer. The connections return rows as tuples, in autocommit mode
(`isolation_level=None`), and with `PRAGMA reverse_unordered_selects` on: a SELECT without
ORDER BY then returns its rows in another order than usual, so a function that relies on an
order SQL never promised is caught. A connection shows in a verdict as a description of its
table (`<conn: 4 models, model 3 active>`), never as a memory address.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from course_lib.db import SCHEMA_SQL
from course_lib.exercises.engine import (
    Texts,
    Wrong,
    call,
    call_text,
    need_function,
    one_line,
    prediction,
    say,
    shown,
)

TEXTS: Texts = {
    # the tables the checks build, as a verdict names them
    "conn.active": {"en": "<conn: {n} models, model {id} active>",
                    "ru": "<conn: моделей {n}, активна модель {id}>"},
    "conn.none": {"en": "<conn: {n} models, none active>",
                  "ru": "<conn: моделей {n}, ни одна не активна>"},
    "conn.ids": {"en": "<conn: models {ids}, none active>",
                 "ru": "<conn: модели {ids}, ни одна не активна>"},
    "conn.empty": {"en": "<conn: an empty models table>", "ru": "<conn: пустая таблица models>"},
    # list_models
    "list.ok": {"en": "list_models: {n} tables listed right, in id order, active as a bool.",
                "ru": "list_models: все таблицы ({n}) выведены верно, по порядку id, active — "
                      "bool."},
    "list.type": {"en": "{call} returned {got}: return a list, one dict per model.",
                  "ru": "{call} вернула {got}: нужен список, по словарю на модель."},
    "list.count": {"en": "{call} returned {got} items for a table of {n} models.",
                   "ru": "{call} вернула элементов: {got}, а моделей в таблице {n}."},
    "list.item": {"en": "{call}: item {i} is {got}, not a dict with the keys id, key, label, "
                        "active.",
                  "ru": "{call}: элемент {i} — это {got}, а не словарь с ключами id, key, label, "
                        "active."},
    "list.order": {"en": "{call} listed the models in the order of ids {got}.",
                   "ru": "{call} выдала модели в порядке id {got}."},
    "list.value": {"en": "{call}: the model with id {id} came back as {got}.",
                   "ru": "{call}: модель с id {id} вернулась как {got}."},
    "list.bool": {"en": "{call}: active of model {id} is {got}, a {kind}.",
                  "ru": "{call}: active у модели {id} — {got} типа {kind}."},
    "list.hint.basic": {
        "en": "SELECT the four columns and build one dict per row with the keys id, key, label "
              "and active; this connection gives each row as a tuple, in the order you SELECT.",
        "ru": "Выберите (SELECT) четыре столбца и соберите по словарю на строку с ключами id, "
              "key, label и active; это соединение отдаёт строку кортежем, в порядке столбцов "
              "из SELECT."},
    "list.hint.order": {
        "en": "Without ORDER BY, SQL promises no order (this check's database uses another one "
              "on purpose): ask for ORDER BY id.",
        "ru": "Без ORDER BY SQL не обещает никакого порядка (база этой проверки нарочно выдаёт "
              "другой): попросите ORDER BY id."},
    "list.hint.bool": {
        "en": "SQLite has no booleans and stores 0 or 1: turn active into True or False with "
              "bool().",
        "ru": "В SQLite нет логического типа, там хранится 0 или 1: превратите active в True "
              "или False через bool()."},
    "list.hint.empty": {"en": "An empty table is an empty list, not an error.",
                        "ru": "Пустая таблица — это пустой список, а не ошибка."},
    "closed": {"en": "{call} closed the connection: it belongs to the caller, who goes on using "
                     "it.",
               "ru": "{call} закрыла соединение, а оно принадлежит вызывающему коду, который "
                     "ещё будет им пользоваться."},
    "closed.hint": {"en": "Use conn as it is given; don't close it, and don't open another.",
                    "ru": "Пользуйтесь conn как есть: не закрывайте его и не открывайте другое."},
    # get_active_model
    "active.ok": {"en": "get_active_model: {n} tables, the active model found or made, an empty "
                        "table refused.",
                  "ru": "get_active_model: все таблицы ({n}) — активная модель найдена или "
                        "назначена, пустая таблица отклонена."},
    "active.type": {"en": "{call} returned {got}: return the model as a dict with the keys id, "
                          "key, label, active.",
                    "ru": "{call} вернула {got}: нужна модель — словарь с ключами id, key, "
                          "label, active."},
    "active.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "active.missing": {"en": "{call} returned a dict without the key {name}: {got}.",
                       "ru": "{call} вернула словарь без ключа {name}: {got}."},
    "active.extra": {"en": "{call} returned a dict with the key {name}, which is not asked for: "
                           "{got}.",
                     "ru": "{call} вернула словарь с лишним ключом {name}: {got}."},
    "active.field": {"en": "{call}: the right model, but {field} is {got}, of type {kind}; in "
                           "the table it is {want}, of type {want_kind}.",
                     "ru": "{call}: модель та, но {field} — это {got} типа {kind}, а в таблице "
                           "{want} типа {want_kind}."},
    "active.field_active": {"en": "{call}: the right model, but active is {got}, of type {kind}, "
                                  "not True.",
                            "ru": "{call}: модель та, но active — это {got} типа {kind}, а не "
                                  "True."},
    "active.not_saved": {"en": "{call} returned model {id}, but in the table the active models "
                               "are now {got}.",
                         "ru": "{call} вернула модель {id}, но активные модели в таблице "
                               "теперь {got}."},
    "active.empty_returned": {"en": "{call} returned {got}, but there is no model to return.",
                              "ru": "{call} вернула {got}, но возвращать нечего: моделей нет."},
    "active.empty_raised": {"en": "{call} raised {error}: an accident, not a message.",
                            "ru": "{call} выбросила {error}: это случайность, а не сообщение."},
    "active.empty_silent": {"en": "{call} raised LookupError with no message.",
                            "ru": "{call} выбросила LookupError без сообщения."},
    "active.hint.basic": {
        "en": "Look for the row WHERE active = 1 and return it as a dict, active as True.",
        "ru": "Найдите строку WHERE active = 1 и верните её словарём, active — True."},
    "active.hint.which": {
        "en": "The lowest id is only for when no row is active: look for the active row first.",
        "ru": "Наименьший id нужен, только когда активных строк нет: сначала ищите активную."},
    "active.hint.heal": {
        "en": "When no row is active, make the row with the lowest id active in the table "
              "(UPDATE), then return it: the bot and the next call must find it active too.",
        "ru": "Когда активных строк нет, сделайте активной строку с наименьшим id в таблице "
              "(UPDATE), затем верните её: бот и следующий вызов тоже должны её найти."},
    "active.hint.lowest": {
        "en": "\"The lowest id\" needs ORDER BY id or MIN(id): without them SQL promises no "
              "order.",
        "ru": "«Наименьший id» требует ORDER BY id или MIN(id): без них SQL не обещает "
              "порядка."},
    "active.hint.keys": {
        "en": "The dict has exactly the keys id, key, label and active, spelled as in the table, "
              "like the dicts of list_models.",
        "ru": "У словаря ровно ключи id, key, label и active, названные как в таблице, — как у "
              "словарей list_models."},
    "active.hint.field": {
        "en": "Take each value from the row as the table gives it: the same type, nothing "
              "converted or swapped.",
        "ru": "Берите каждое значение из строки таким, каким его отдаёт таблица: того же типа, "
              "ничего не преобразуя и не переставляя."},
    "active.hint.bool": {
        "en": "The active model's active is the bool True, as in list_models (SQLite stores 1).",
        "ru": "У активной модели active — это логическое True, как в list_models (SQLite "
              "хранит 1)."},
    "active.hint.empty": {
        "en": "An empty table has no model to activate: raise LookupError with a message that "
              "says what to do.",
        "ru": "В пустой таблице нечего делать активным: выбросьте LookupError с сообщением, "
              "что делать."},
    # uses_index
    "index.ok": {"en": "uses_index: {n} statements judged right from their query plans.",
                 "ru": "uses_index: все запросы ({n}) оценены верно по их планам."},
    "index.type": {"en": "{call} returned {got}: return True or False.",
                   "ru": "{call} вернула {got}: нужно True или False."},
    "index.wrong": {"en": "{call} returned {got}.", "ru": "{call} вернула {got}."},
    "index.ran": {"en": "{call} changed the table: it ran the statement itself.",
                  "ru": "{call} изменила таблицу: она выполнила сам запрос."},
    "index.hint.basic": {
        "en": "Run \"EXPLAIN QUERY PLAN \" + sql with params; the last column of each row is a "
              "line such as SEARCH … or SCAN ….",
        "ru": "Выполните \"EXPLAIN QUERY PLAN \" + sql с params; последний столбец каждой "
              "строки — текст вида SEARCH … или SCAN …."},
    "index.hint.params": {
        "en": "A ? in sql needs its value: pass params on to conn.execute.",
        "ru": "Знаку ? в sql нужно значение: передайте params в conn.execute."},
    "index.hint.rowid": {
        "en": "SEARCH … USING INTEGER PRIMARY KEY goes straight to the row as well: every line "
              "that is not a SCAN is fine.",
        "ru": "SEARCH … USING INTEGER PRIMARY KEY тоже идёт прямо к строке: годится любая "
              "строка плана, кроме SCAN."},
    "index.hint.covering": {
        "en": "A SCAN reads every row, even from an index (SCAN … USING COVERING INDEX): look "
              "at the first word of each line.",
        "ru": "SCAN читает все строки, даже если из индекса (SCAN … USING COVERING INDEX): "
              "смотрите на первое слово каждой строки."},
    "index.hint.lines": {
        "en": "A plan can have several lines, and some are neither SEARCH nor SCAN (SCALAR "
              "SUBQUERY): only a line starting with SCAN means a whole table is read.",
        "ru": "В плане бывает несколько строк, и некоторые — ни SEARCH, ни SCAN (SCALAR "
              "SUBQUERY): целиком таблицу читает только строка, начинающаяся с SCAN."},
    "index.hint.explain": {
        "en": "EXPLAIN QUERY PLAN only describes a statement; run that, never the statement "
              "itself.",
        "ru": "EXPLAIN QUERY PLAN только описывает запрос; выполняйте его, а не сам запрос."},
    # the predictions: why it happened (✓ text, or the hint of ✗)
    "why.refused": {
        "en": "\"a\" stores True as 1, so model 1 is active; then \"b\" would be a second active "
              "row, which the partial unique index refuses. \"c\" is fine: labels may repeat.",
        "ru": "«a» сохраняет True как 1, и модель 1 становится активной; тогда «b» дала бы вторую "
              "активную строку, а её отвергает частичный уникальный индекс. С «c» всё в порядке: "
              "названия могут повторяться."},
    "why.ignored": {
        "en": "OR IGNORE skips every row that breaks a rule (NOT NULL and CHECK too), without an "
              "error: only rowcount tells.",
        "ru": "OR IGNORE пропускает каждую строку, нарушающую правило (и NOT NULL, и CHECK), без "
              "ошибки: это видно только по rowcount."},
    "why.switch_back": {
        "en": "SQLite checks the unique index as each row is written, in id order: row 1 is "
              "switched on while row 3 is still on.",
        "ru": "SQLite проверяет уникальный индекс при записи каждой строки, по порядку id: строка "
              "1 включается, пока строка 3 ещё включена."},
}

LECTURE = [(1, "deepseek/deepseek-chat-v3.1:free", "DeepSeek V3.1 (free)"),
           (2, "deepseek/deepseek-r1:free", "DeepSeek R1 (free)"),
           (3, "mistralai/mistral-small-24b-instruct-2501:free", "Mistral Small 24b (free)"),
           (4, "meta-llama/llama-3.1-8b-instruct:free", "Llama 3.1 8B (free)")]
COLUMNS = ("id", "key", "label", "active")


class Conn(sqlite3.Connection):
    """A connection that a verdict shows by a description of its table."""

    label = "conn"

    def __repr__(self) -> str:
        return self.label


def open_table(path: str | Path, rows: list[tuple[int, str, str]], active: int | None,
               label: str) -> Conn:
    """A connection to a models table at `path` holding `rows`, with `active` active."""
    conn = sqlite3.connect(path, isolation_level=None, factory=Conn)
    conn.label = label
    conn.executescript(SCHEMA_SQL)
    conn.executemany("INSERT INTO models (id, key, label) VALUES (?, ?, ?)", rows)
    if active is not None:
        conn.execute("UPDATE models SET active = 1 WHERE id = ?", (active,))
    conn.execute("PRAGMA reverse_unordered_selects = ON")
    return conn


def describe(rows: list[tuple[int, str, str]], active: int | None) -> str:
    """How a verdict names a table of `rows` with `active` active."""
    if not rows:
        return say(TEXTS, "conn.empty")
    if active is not None:
        return say(TEXTS, "conn.active", n=len(rows), id=active)
    ids = [row[0] for row in rows]
    if ids == list(range(1, len(ids) + 1)):
        return say(TEXTS, "conn.none", n=len(rows))
    return say(TEXTS, "conn.ids", ids=", ".join(map(str, sorted(ids))))


def model(row: tuple[int, str, str], active: bool) -> dict:
    """A row as the data functions return it."""
    return {"id": row[0], "key": row[1], "label": row[2], "active": active}


def still_open(conn: sqlite3.Connection, where: str) -> None:
    """Wrong if the student's function closed the connection."""
    try:
        conn.execute("SELECT 1")
    except sqlite3.ProgrammingError:
        raise Wrong(say(TEXTS, "closed", call=where), say(TEXTS, "closed.hint")) from None


# --- list_models ------------------------------------------------------------------------------

LIST_TABLES: list[tuple[list[tuple[int, str, str]], int | None, str]] = [
    (LECTURE, 1, "basic"),
    (LECTURE, 3, "order"),
    ([(7, "z-ai/glm-4.5-air:free", "GLM 4.5 Air (free)"), *LECTURE[1:3]], None, "bool"),
    ([], None, "empty"),
]


def check_list_models(function: Callable) -> str:
    """The student's `list_models(conn)` on the tables above."""
    need_function(function, "list_models")
    for rows, active, hint_key in LIST_TABLES:
        hint = say(TEXTS, f"list.hint.{hint_key}")
        with contextlib.closing(open_table(":memory:", rows, active,
                                           describe(rows, active))) as conn:
            where = call_text("list_models", conn)
            got = call(function, "list_models", conn, hint=hint)
            still_open(conn, where)
        expected = [model(row, row[0] == active) for row in sorted(rows)]
        compare_list(got, expected, where, hint)
    return say(TEXTS, "list.ok", n=len(LIST_TABLES))


def compare_list(got: object, expected: list[dict], where: str, hint: str) -> None:
    """Wrong unless `got` is the list of `expected` models, in order, active as a bool."""
    if not isinstance(got, list):
        raise Wrong(say(TEXTS, "list.type", call=where, got=shown(got)), hint)
    if len(got) != len(expected):
        raise Wrong(say(TEXTS, "list.count", call=where, got=len(got), n=len(expected)), hint)
    for index, item in enumerate(got):
        if not isinstance(item, dict) or set(item) != set(COLUMNS):
            raise Wrong(say(TEXTS, "list.item", call=where, i=index, got=shown(item)), hint)
    ids = [item["id"] for item in got]
    if ids != [item["id"] for item in expected] and sorted(ids, key=repr) == sorted(
            (item["id"] for item in expected), key=repr):
        raise Wrong(say(TEXTS, "list.order", call=where, got=shown(ids)),
                    say(TEXTS, "list.hint.order"))
    for item, want in zip(got, expected, strict=True):
        if item != want:
            raise Wrong(say(TEXTS, "list.value", call=where, id=want["id"], got=shown(item)),
                        hint)
        if not isinstance(item["active"], bool):
            raise Wrong(say(TEXTS, "list.bool", call=where, id=want["id"],
                            got=shown(item["active"]), kind=type(item["active"]).__name__),
                        say(TEXTS, "list.hint.bool"))


# --- get_active_model -------------------------------------------------------------------------

ACTIVE_TABLES: list[tuple[list[tuple[int, str, str]], int | None, str]] = [
    (LECTURE, 1, "basic"),
    (LECTURE, 3, "which"),
    (LECTURE, None, "heal"),
    ([(9, "google/gemma-3-27b-it:free", "Gemma 3 27B (free)"),
      (4, *LECTURE[3][1:]), (7, "z-ai/glm-4.5-air:free", "GLM 4.5 Air (free)")], None, "lowest"),
]


@contextlib.contextmanager
def temporary_table(rows: list[tuple[int, str, str]],
                    active: int | None) -> Iterator[tuple[Conn, Path]]:
    """A models table in a file of a temporary folder (deleted afterwards), and its path."""
    with tempfile.TemporaryDirectory(prefix="course-check-") as folder:
        path = Path(folder) / "models.db"
        conn = open_table(path, rows, active, describe(rows, active))
        try:
            yield conn, path
        finally:
            conn.close()


def active_ids(path: Path) -> list[int]:
    """The active ids in the file, read with a connection of our own (what others see)."""
    with contextlib.closing(sqlite3.connect(path, timeout=1)) as other:
        return [row[0] for row in other.execute(
            "SELECT id FROM models WHERE active = 1 ORDER BY id")]


def check_get_active_model(function: Callable) -> str:
    """The student's `get_active_model(conn)`: found, chosen, made active, or refused."""
    need_function(function, "get_active_model")
    for rows, active, hint_key in ACTIVE_TABLES:
        hint = say(TEXTS, f"active.hint.{hint_key}")
        with temporary_table(rows, active) as (conn, path):
            where = call_text("get_active_model", conn)
            got = call(function, "get_active_model", conn, hint=hint)
            still_open(conn, where)
            wanted = min(rows) if active is None else next(r for r in rows if r[0] == active)
            compare_active(got, wanted, where, hint, lowest=active is None)
            now = active_ids(path)
            if now != [wanted[0]]:
                raise Wrong(say(TEXTS, "active.not_saved", call=where, id=wanted[0],
                                got=shown(now)), say(TEXTS, "active.hint.heal"))
            compare_fields(got, model(wanted, True), where)
    check_empty(function)
    return say(TEXTS, "active.ok", n=len(ACTIVE_TABLES) + 1)


def compare_active(got: object, wanted: tuple[int, str, str], where: str, hint: str,
                   lowest: bool) -> None:
    """Wrong unless `got` is a dict with the four keys that names the `wanted` model."""
    if not isinstance(got, dict):
        raise Wrong(say(TEXTS, "active.type", call=where, got=shown(got)), hint)
    missing = [column for column in COLUMNS if column not in got]
    extra = sorted((key for key in got if key not in COLUMNS), key=repr)
    if missing or extra:
        text = "active.missing" if missing else "active.extra"
        raise Wrong(say(TEXTS, text, call=where, name=shown((missing or extra)[0]),
                        got=shown(got)), say(TEXTS, "active.hint.keys"))
    if str(got["id"]) != str(wanted[0]):  # another model ('1' for 1 is this one, mistyped)
        raise Wrong(say(TEXTS, "active.wrong", call=where, got=shown(got)),
                    say(TEXTS, "active.hint.lowest") if lowest else hint)


def compare_fields(got: dict, want: dict, where: str) -> None:
    """Wrong, naming the field, unless each value of the right model is the table's, typed."""
    for field in COLUMNS:
        value, expected = got[field], want[field]
        if value == expected and type(value) is type(expected):
            continue
        if field == "active":
            raise Wrong(say(TEXTS, "active.field_active", call=where, got=shown(value),
                            kind=type(value).__name__), say(TEXTS, "active.hint.bool"))
        raise Wrong(say(TEXTS, "active.field", call=where, field=field, got=shown(value),
                        kind=type(value).__name__, want=shown(expected),
                        want_kind=type(expected).__name__), say(TEXTS, "active.hint.field"))


def check_empty(function: Callable) -> None:
    """An empty table: LookupError with a message (not IndexError, not a value)."""
    hint = say(TEXTS, "active.hint.empty")
    with temporary_table([], None) as (conn, _):
        where = call_text("get_active_model", conn)
        try:
            with contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                got = function(conn)
        except LookupError as error:
            if isinstance(error, (IndexError, KeyError)):
                raise Wrong(say(TEXTS, "active.empty_raised", call=where,
                                error=one_line(error)), hint) from None
            if not str(error).strip():
                raise Wrong(say(TEXTS, "active.empty_silent", call=where), hint) from None
            return
        except (Exception, SystemExit) as error:  # what the student's code raises is a finding
            raise Wrong(say(TEXTS, "active.empty_raised", call=where, error=one_line(error)),
                        hint) from None
        raise Wrong(say(TEXTS, "active.empty_returned", call=where, got=shown(got)), hint)


# --- uses_index -------------------------------------------------------------------------------

STATEMENTS: list[tuple[str, tuple, bool, str]] = [
    ("SELECT id FROM models WHERE active = 1", (), True, "basic"),
    ("SELECT id FROM models WHERE active = 0", (), False, "basic"),
    ("SELECT label FROM models WHERE id = ?", (3,), True, "rowid"),
    ("SELECT count(*) FROM models", (), False, "covering"),
    ("SELECT label FROM models WHERE id = (SELECT MIN(id) FROM models)", (), True, "lines"),
    ("SELECT key FROM models WHERE id = (SELECT id FROM models WHERE label = ?)", ("x",), False,
     "lines"),
    ("UPDATE models SET label = ? WHERE key = ?", ("Renamed", LECTURE[1][1]), True, "explain"),
]


def check_uses_index(function: Callable) -> str:
    """The student's `uses_index(conn, sql, params)` on the statements above."""
    need_function(function, "uses_index")
    with contextlib.closing(open_table(":memory:", LECTURE, 1, describe(LECTURE, 1))) as conn:
        for sql, params, expected, hint_key in STATEMENTS:
            hint = say(TEXTS, f"index.hint.{hint_key}")
            failed = say(TEXTS, "index.hint.params" if params else "index.hint.basic")
            got = call(function, "uses_index", conn, sql, params, hint=failed)
            where = call_text("uses_index", conn, sql, params)
            still_open(conn, where)
            if conn.execute("SELECT count(*) FROM models WHERE label = 'Renamed'").fetchone()[0]:
                raise Wrong(say(TEXTS, "index.ran", call=where),
                            say(TEXTS, "index.hint.explain"))
            if not isinstance(got, bool):
                raise Wrong(say(TEXTS, "index.type", call=where, got=shown(got)), hint)
            if got != expected:
                raise Wrong(say(TEXTS, "index.wrong", call=where, got=shown(got)), hint)
    return say(TEXTS, "index.ok", n=len(STATEMENTS))


CHECKS: dict[str, Callable[..., str]] = {  # in the lesson's order
    "refused": prediction(TEXTS, "why.refused"),
    "ignored": prediction(TEXTS, "why.ignored"),
    "list_models": check_list_models,
    "get_active_model": check_get_active_model,
    "switch_back": prediction(TEXTS, "why.switch_back"),
    "uses_index": check_uses_index,
}
