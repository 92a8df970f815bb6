"""The grader's parts on their own: key scan, unzip, switch order, explanations, texts."""

from __future__ import annotations

import io
import itertools
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from homework.grading import checks, static_scan, submissions, texts
from homework.grading.checks_task3 import normalise, specific
from homework.grading.console import Progress, describe_isolation
from homework.grading.engine.grader import Graded
from homework.grading.engine.models_db import circuit, read_models
from homework.grading.engine.procs import Capture
from homework.grading.engine.worker import redact
from homework.grading.sandbox.environment import student_environment
from homework.grading.sandbox.plan import Isolation
from homework.grading.verdicts import Text, quote

PREFIX = "sk-or-v1-"


@pytest.mark.parametrize("line, flagged", [
    (f'KEY = "{PREFIX}PASTE-YOUR-KEY-HERE"', True),
    (f'KEY = "{PREFIX}" + "abc123"', True),
    (f'KEY = f"{PREFIX}{{part}}"', True),
    (f'KEY = "{PREFIX}" + os.getenv("REST")', False),
    (f'KEY = f"{PREFIX}{{os.environ[\'REST\']}}"', False),
    (f'ok = key.startswith("{PREFIX}")', False),
    (f"# an old key: {PREFIX}0a1b2c", True),
    ('KEY = os.getenv("OPENROUTER_API_KEY")', False),
    ('KEY = "sk-or-" + "v1-0a1b2c3d"', True),  # split anywhere, not only after the prefix
    ('KEY = ("sk-or-"\n       "v1-0a1b2c3d")', True),  # implicit concatenation
    ('KEY = "".join(["sk-", "or-v1-", "0a1b2c3d"])', True),
    ('KEY = f"{\'sk-or\'}-v1-0a1b2c3d"', True),
    ('KEY = "%s%s" % ("sk-or-", "v1-0a1b2c3d")', True),
    ('KEY = "{}v1-{}".format("sk-or-", "0a1b2c3d")', True),
    ('A = "sk-or-"\nB = "v1-0a1b2c3d"\nKEY = A + B', True),  # names glued at import
    ('KEY = "sk-or-"\nKEY += "v1-0a1b2c3d"', True),
    ('KEY = "d3c2b1a0-1v-ro-ks"[::-1]', True),
    ('KEY = base64.b64decode("c2stb3ItdjEtMGExYjJjM2Q=").decode()', True),
    ('KEY = base64.b64decode("c2stb3ItdjEtMGExYjJjM2Q").decode()', True),  # padding dropped
    ('KEY = bytes.fromhex("736b2d6f722d76312d3061316232633364").decode()', True),
    ('HINT = "keys look like sk-or-v1-… (never commit one)"', False),
    ('PREFIX = "sk-or-"\nok = key.startswith(PREFIX + "v1-")', False),
])
def test_the_key_scan(line, flagged):
    assert bool(static_scan.scan_python(f"import os\n{line}\n")) == flagged


def test_the_scan_reads_every_file_but_env_and_survives_broken_python(tmp_path):
    (tmp_path / "broken.py").write_text(f'KEY = "{PREFIX}abc"\ndef (:\n', "utf-8")
    (tmp_path / "notes.md").write_text(f"my key {PREFIX}abcdef\n", "utf-8")
    (tmp_path / ".env").write_text(f"OPENROUTER_API_KEY={PREFIX}abcdef\n", "utf-8")
    assert static_scan.scan(tmp_path) == {"places": ["broken.py:1", "notes.md:1"]}


def zipped(entries: dict[str, bytes]) -> bytes:
    """A zip file's bytes holding `entries`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["../evil.py", "/etc/evil.py", "a/../../evil.py",
                                  "C:/evil.py", "a\\..\\..\\evil.py"])
def test_a_zip_leaving_its_folder_is_refused_whole(tmp_path, name):
    (tmp_path / "s.zip").write_bytes(zipped({"s/bot.py": b"", name: b"x"}))
    with pytest.raises(submissions.Refused) as refused:
        submissions.prepare(submissions.Submission("s", tmp_path / "s.zip"), tmp_path / "out")
    assert refused.value.reason.key == "reason.traversal"
    assert not (tmp_path / "evil.py").exists()


def test_a_zip_bomb_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_BYTES", 1000)
    (tmp_path / "s.zip").write_bytes(zipped({"s/bot.py": b"0" * 5000}))
    with pytest.raises(submissions.Refused) as refused:
        submissions.prepare(submissions.Submission("s", tmp_path / "s.zip"), tmp_path / "out")
    assert refused.value.reason.key == "reason.too_big"


def test_the_project_is_the_shallowest_folder_with_a_known_file(tmp_path):
    (tmp_path / "z" / "deep").mkdir(parents=True)
    (tmp_path / "a" / "project").mkdir(parents=True)
    (tmp_path / "z" / "deep" / "bot.py").write_text("", "utf-8")
    (tmp_path / "a" / "project" / "db.py").write_text("", "utf-8")
    (tmp_path / "__MACOSX").mkdir()
    assert submissions.project_root(tmp_path) == tmp_path / "a" / "project"


def test_ids_are_safe_and_unique(tmp_path):
    for name in ("Иванов Пётр", "ivan.zip", "ivan", "x&y.zip", ".hidden", "notes.txt"):
        target = tmp_path / name
        target.mkdir() if not name.endswith((".zip", ".txt")) else target.write_bytes(b"")
    found = submissions.discover(tmp_path)
    assert sorted(s.student for s in found) == ["hidden", "ivan", "ivan-2", "notes", "x_y",
                                                 "Иванов_Пётр"]
    refused = {s.student: s.refused.key for s in found if s.refused}
    assert refused == {"hidden": "reason.hidden", "notes": "reason.not_submission"}


@given(st.integers(2, 12))
def test_the_switch_walk_uses_every_ordered_pair_once(n):
    ids = list(range(1, n + 1))
    walk = circuit(ids, 1)
    pairs = list(itertools.pairwise(walk))
    assert walk[0] == walk[-1] == 1 and len(pairs) == n * (n - 1) == len(set(pairs))
    assert all(a != b for a, b in pairs)


def test_the_database_is_read_without_trusting_it(tmp_path):
    assert read_models(tmp_path / "none.db") == {"error": "no database file"}
    (tmp_path / "junk.db").write_bytes(b"not sqlite" * 100)
    assert "error" in read_models(tmp_path / "junk.db")


def test_explanations_compare_without_numbers_markup_and_server_words():
    assert normalise("[503] Service temporarily unavailable: try <b>later</b>") == "try later"
    texts_ = {500: "Server error 500, try again", 502: "Server error 502, try again",
              503: "No provider is free now: wait or switch models",
              504: "The model is too slow: ask less"}
    assert specific(500, texts_, "Unknown problem, sorry").key == "t3.same"
    assert specific(503, texts_, "Unknown problem, sorry") is None
    assert specific(504, texts_, "the model is TOO slow - ask less!!").key == "t3.fallback"
    assert specific(503, {**texts_, 503: "Oops 503"}, None).key == "t3.short"


def test_every_text_exists_in_both_languages_with_the_same_fields():
    import string

    for key in texts.text_keys():
        entry = texts._ALL[key]
        assert set(entry) == {"en", "ru"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f}
                  for lang in ("en", "ru")]
        assert fields[0] == fields[1], key


def test_the_points_table():
    assert checks.MAX_POINTS == 100
    assert [checks.task_points([checks.Result(c, None) for c in checks.TABLE], task)[1]
            for task in (1, 2, 3)] == [20, 40, 40]
    assert len({c.id for c in checks.TABLE}) == len(checks.TABLE)


def test_secrets_and_sandbox_paths_are_named_never_shown():
    key = PREFIX + "grader-0123456789abcdef"
    found = redact({"a": [f"Bearer {key}", f"{PREFIX}0123456789abcdef"]}, {key: "<grader key>"})
    assert found == {"a": ["Bearer <grader key>", f"{PREFIX}…cdef"]}


def test_output_keeps_head_and_tail_only():
    capture = Capture(10)
    for _ in range(1000):
        capture.add(b"0123456789")
    capture.add(b"THE END")
    assert capture.total == 10007 and len(capture.head) + len(capture.tail) == 20
    assert capture.text().endswith("THE END")


def test_student_environment_is_built_from_scratch(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "the instructor's")
    env = student_environment(tmp_path, tmp_path, {"COURSE_DB": "x.db"}, "m", False)
    assert "OPENROUTER_API_KEY" not in env and env["COURSE_DB"] == "x.db"
    assert env["HTTPS_PROXY"] == "http://127.0.0.1:9" and "127.0.0.1" in env["NO_PROXY"]
    assert "HTTPS_PROXY" not in student_environment(tmp_path, tmp_path, {}, "m", True)


def test_quotes_are_one_short_line():
    assert quote("a\nb\x00c" + "x" * 500).startswith("a b c") and len(quote("x" * 500)) == 160


def test_isolation_is_described_honestly():
    sandbox = Isolation("bwrap", True, True, 65534, cgroup=True, bwrap="bubblewrap 0.8.0")
    text = describe_isolation(sandbox, "en")
    assert "bubblewrap 0.8.0" in text and "nobody" in text and "(cgroup)" in text
    watched = Isolation("bwrap", True, True, 1000, cgroup=False)
    assert "watchdog" in describe_isolation(watched, "en")
    assert "сторож" in describe_isolation(watched, "ru")
    fallback = Isolation(rlimits=False, platform="win32", reason="no bubblewrap sandbox on win32")
    text = describe_isolation(fallback, "en")
    assert "NONE" in text and "timeouts only" in text and "win32" in text


def test_the_progress_bar():
    stream = io.StringIO()
    progress = Progress(2, stream, width=10)
    progress(Graded("a", checks.failed_all(Text("reason.no_files"))))
    progress(Graded("b", []))
    assert stream.getvalue().splitlines() == ["[#####-----] 1/2  a: 0/100",
                                              "[##########] 2/2  b: 0/100"]


def test_no_solution_ships_in_homework():
    starter = Path(submissions.__file__).parents[1] / "starter"
    assert "PASTE-YOUR-KEY-HERE" in (starter / "openrouter_client.py").read_text("utf-8")
    assert "CASE WHEN id = ? THEN 1 ELSE 0 END" in (starter / "db.py").read_text("utf-8")


def test_virtual_environments_and_caches_are_not_copied(tmp_path):
    source = tmp_path / "ivan"
    for name in ("bot.py", ".venv/lib/big.py", "__pycache__/bot.pyc", "sub/.git/HEAD"):
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text("x", "utf-8")
    work = submissions.prepare(submissions.Submission("ivan", source), tmp_path / "out")
    assert sorted(p.relative_to(work).as_posix() for p in work.rglob("*")) == ["bot.py", "sub"]


def test_the_homework_speaks_the_language_the_lessons_do(tmp_path, monkeypatch):
    # COURSE_LANG=ru in .env: the lab opens the Russian lessons, and the self-check speaks Russian.
    from homework.grading.texts import t

    (tmp_path / ".env").write_text("COURSE_LANG=ru\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COURSE_LANG", raising=False)
    assert t("check.total", total=1, maximum=2) == "Итого: 1/2"
    monkeypatch.setenv("COURSE_LANG", "en")  # the environment wins over .env, as everywhere
    assert t("check.total", total=1, maximum=2) == "Total: 1/2"
