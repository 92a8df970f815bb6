"""Everything a student controls, shown to the instructor: the terminal, CSV, Markdown, HTML.

A student controls their id (a folder or zip name), the file names a reason quotes, their
messages and the folders a note names. Each hostile text here once reached the instructor raw:
a bare CR split a gradebook row, ESC/OSC 8/BEL went to the terminal, a cell starting with `=`
was a formula. Now every output shows them inert and visible, and gradebook.json keeps them
exact. The Markdown feedback is rendered by a real renderer (mistune, GitHub-like: raw HTML
allowed, bare URLs linked) to show no student text makes a link, an image or HTML.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from pathlib import Path

import mistune
import pytest

from homework.grading import checks, console, escape, merge, report, report_html
from homework.grading import cli as grade
from homework.grading.engine.grader import Graded
from homework.grading.sandbox.limits import Limits
from homework.grading.sandbox.plan import Isolation
from homework.grading.verdicts import Text

# What a terminal acts on, or a reader is fooled by: each must reach no output raw.
TERMINAL = {
    "cr": "row\rbreak", "lf": "line\nbreak", "crlf": "a\r\nb", "nul": "a\x00b",
    "csi": "\x1b[2J\x1b[31mred", "bel": "ding\x07",
    "osc8": "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07",
    "c1": "\x9b31mred\x85next", "del": "a\x7fb",
    "rlo": "good\u202egnp.exe", "isolates": "\u2066evil\u2069\u2067x\u2068",
    "embeddings": "\u202a\u202b\u202c\u202d", "marks": "a\u200fb\u200ec\u061c",
    "separators": "a\u2028b\u2029c",
}
FORMULAS = {"=": '=HYPERLINK("http://evil.example","x")', "-": "-A1", "+": "+1+1",
            "@": "@SUM(A1)", "tab": "\t=1+1", "cr": "\r=1+1", "space=": " =1+1"}
MARKDOWN = {
    "link": "[click](http://evil.example/)", "image": "![x](http://evil.example/p.png)",
    "html_img": "<img src=http://evil.example/p.png onerror=alert(1)>",
    "html_a": "<a href='http://evil.example'>x</a>", "script": "<script>alert(1)</script>",
    "bare_url": "see https://evil.example/x now", "www": "go www.evil.example now",
    "email": "mail alice@evil.example now", "mailto": "mailto:alice@evil.example",
    "autolink": "<http://evil.example>", "entity": "&lt;b&gt; &#60;i&#62;",
    "reference": "[x]: http://evil.example", "emphasis": "**bold** _em_ ~~gone~~ `code`",
    "table": "| a | b |", "escapes": "\\[x\\](http://evil.example)",
    "backticks": "``[a](http://evil.example)`` ` http://x `",
    "heading": "# big", "list": "- item", "quote": "> quoted", "math": "$x^2$",
}
EVERY = {**TERMINAL, **{f"formula {k}": v for k, v in FORMULAS.items()},
         **{f"md {k}": v for k, v in MARKDOWN.items()}}
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def graded(student: str, text: str = "", reason: bool = False) -> Graded:
    """A result with `text` in a hint, a note, a task-3 message (or as the reason)."""
    if reason:
        why = Text("reason.unreadable", {"detail": f"{text}: Permission denied"})
        return Graded(student, checks.failed_all(why), why)
    hint = Text("import_failed", {"module": "db", "error": text})
    results = [checks.Result(c, hint if c.id == "t2.count" else None) for c in checks.TABLE]
    errors = {"500/json": {"answer": {"outcome": "raised", "msg": f"{text} 500"}}}
    return Graded(student, results, notes=[Text("note.duplicate_id", {"student": text})],
                  observations={"runner": {"errors": errors}})


def write(tmp_path: Path, students: list[Graded]) -> Path:
    """The results of `students`, written as the grader writes them."""
    assert report.write_results(tmp_path, students, "en", {"language": "en"}) == []
    return tmp_path


def hostile_class() -> list[Graded]:
    """A class where every hostile text is an id, a reason, a hint, a note and a message."""
    students = []
    for n, text in enumerate(EVERY.values()):
        students.append(graded(f"{text}{n}", text))
        students.append(graded(f"r{n}{text}", text, reason=True))
    return students


# --- the escapes themselves ------------------------------------------------------------------

@pytest.mark.parametrize("text", TERMINAL.values(), ids=TERMINAL.keys())
def test_visible_leaves_nothing_a_terminal_acts_on(text):
    shown = escape.visible(text)
    assert not RAW.search(shown)
    assert shown == escape.visible(shown)  # nothing left to escape


def test_visible_says_which_character_it_replaced():
    assert escape.visible("a\rb\x1b[1m\x07\x9b\u202e\ud800") == \
        "a\\rb\\x1b[1m\\x07\\x9b\\u202e\\ud800"
    honest = "Иванов Пётр 李 🙂 é\u0301 e\u200dx"  # accents, emoji joiners: left as they are
    assert escape.visible(honest) == honest


@pytest.mark.parametrize("text", [*FORMULAS.values(), "-", "=", "'already"])
def test_a_csv_cell_never_starts_a_formula(text):
    cell = escape.csv_cell(text)
    assert not cell.lstrip().startswith(("=", "+", "-", "@")) and not RAW.search(cell)
    assert not cell.startswith(("\t", "\r", " "))


def test_a_plain_csv_cell_is_unchanged():
    for text in ("alice", "Иванов_Пётр", "42", "a-b", "Try again later.", ""):
        assert escape.csv_cell(text) == text


# --- gradebook.csv ---------------------------------------------------------------------------

def test_no_row_of_the_gradebook_is_ever_split(tmp_path):
    students = hostile_class()
    path = write(tmp_path, students) / "gradebook.csv"
    data = path.read_bytes()
    assert data.count(b"\n") == len(students) + 1 and b"\r" not in data  # physical lines
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert len(rows) == len(students) + 1 and {len(row) for row in rows} == {len(rows[0])}
    for row in rows:
        for cell in row:
            assert not RAW.search(cell), cell
            assert not cell.lstrip().startswith(("=", "+", "-", "@")), cell


@pytest.mark.parametrize("student", FORMULAS.values(), ids=FORMULAS.keys())
def test_a_student_id_is_no_formula_in_the_gradebook(tmp_path, student):
    path = write(tmp_path, [graded(student, "fine")]) / "gradebook.csv"
    with open(path, encoding="utf-8", newline="") as file:
        row = next(csv.DictReader(file))
    cell = row["student"]
    assert not cell.lstrip().startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.startswith("'") or cell.startswith("\\")  # a quote, or an escape: inert
    assert escape.visible(student).lstrip() in cell


def test_the_cr_of_an_ungraded_reason_stays_in_its_cell(tmp_path):
    path = write(tmp_path, [graded("alice", "evil\rname.py", reason=True), graded("bob")])
    with open(path / "gradebook.csv", encoding="utf-8", newline="") as file:
        rows = {row["student"]: row for row in csv.DictReader(file)}
    assert set(rows) == {"alice", "bob"}
    assert rows["alice"]["reason"] == "cannot be read: evil\\rname.py: Permission denied"


# --- gradebook.json keeps it exact -------------------------------------------------------------

def test_json_keeps_every_id_and_reason_exact(tmp_path):
    students = hostile_class()
    doc = json.loads((write(tmp_path, students) / "gradebook.json").read_text("utf-8"))
    assert [one["student"] for one in doc["students"]] == [one.student for one in students]
    reasons = [one["reason"] for one in doc["students"] if one["status"] != "graded"]
    assert reasons == [one.reason.render("en") for one in students if one.reason]


# --- the feedback files (Markdown) -------------------------------------------------------------

RENDER = mistune.create_markdown(escape=False, plugins=["url", "table", "strikethrough"])
TAGS = {"h1", "h2", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong",
        "code"}


def rendered(path: Path) -> str:
    """A feedback file as a Markdown renderer makes it HTML."""
    return RENDER(path.read_text("utf-8"))


@pytest.mark.parametrize("text", MARKDOWN.values(), ids=MARKDOWN.keys())
def test_student_text_in_feedback_makes_no_link_image_or_html(tmp_path, text):
    out = write(tmp_path, [graded(f"x{text}", text), graded(f"y{text}", text, reason=True)])
    for path in (out / "feedback").iterdir():
        html = rendered(path)
        assert set(re.findall(r"<(\w+)", html)) <= TAGS, (path.name, html)
        assert not re.search(r"<[^>]*\b(href|src)\b", html), html
        assert not RAW.search(path.read_text("utf-8").replace("\n", ""))


def test_student_text_in_feedback_still_reads_as_written(tmp_path):
    text = "see https://evil.example/x, [a](b) <i>&amp; *x* a_b_c"
    out = write(tmp_path, [graded("alice", text)])
    html = rendered(out / "feedback" / "alice.md")
    plain = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">") \
        .replace("&amp;", "&").replace("&quot;", '"')
    assert text in plain


@pytest.mark.parametrize("text", TERMINAL.values(), ids=TERMINAL.keys())
def test_feedback_holds_no_control_character(tmp_path, text):
    out = write(tmp_path, [graded(f"a{text}", text), graded(f"b{text}", text, reason=True)])
    for path in (out / "feedback").iterdir():
        assert not RAW.search(path.read_text("utf-8").replace("\n", "")), path.name
        assert path.read_text("utf-8").count("\n") < 60


# --- report.html -----------------------------------------------------------------------------

def test_every_student_field_of_report_html_is_escaped(tmp_path):
    html = (write(tmp_path, hostile_class()) / "report.html").read_text("utf-8")
    assert not RAW.search(html.replace("\n", ""))
    assert set(re.findall(r"<(\w+)", html)) <= {"html", "head", "meta", "title", "style", "body",
                                                 "h1", "h2", "p", "table", "tr", "th", "td",
                                                 "a", "div"}
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(href.startswith("feedback/") and "/" not in href[9:] for href in hrefs)
    assert "\\x1b]8;;http://evil.example/\\x07click" in html
    assert "good\\u202egnp.exe" in html
    assert "&lt;script&gt;" in html and "<script" not in html


def test_report_links_open_the_feedback_written(tmp_path):
    from urllib.parse import unquote

    out = write(tmp_path, hostile_class())
    html = (out / "report.html").read_text("utf-8")
    for href in set(re.findall(r'href="([^"]*)"', html)):
        assert (out / unquote(href.replace("&amp;", "&"))).is_file(), href


# --- the terminal ----------------------------------------------------------------------------

class Tty(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream", [io.StringIO, Tty])
def test_the_progress_bar_shows_ids_escaped(stream):
    out = stream()
    bar = console.Progress(len(TERMINAL), out)
    for text in TERMINAL.values():
        bar(graded(f"id{text}"))
    shown = out.getvalue()
    if stream is Tty:
        shown = shown.replace("\r[", "[")  # the bar's own carriage returns
    assert not RAW.search(shown.replace("\n", "")), shown
    assert "id\\x1b]8;;http://evil.example/\\x07click" in shown or stream is Tty


class Fake:
    """A grader that hands back a class made in advance."""

    isolation = Isolation()

    def __init__(self, students: list[Graded]) -> None:
        self.students = students

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def grade_all(self, mine, jobs, progress):
        for one in self.students:
            progress(one)
        return self.students


def test_the_grader_prints_nothing_raw_to_the_instructors_terminal(tmp_path, capsys,
                                                                   monkeypatch):
    students = hostile_class()
    (tmp_path / "class" / "alice").mkdir(parents=True)
    monkeypatch.setattr(grade, "open_grader", lambda limits, unsafe, lang="en": Fake(students))
    args = grade.parse_args([str(tmp_path / "class"), "--out", str(tmp_path / "out")])
    assert grade.run(args, Limits()) == 1
    err = capsys.readouterr().err
    assert not RAW.search(err.replace("\n", "")), err
    assert "cannot be read: row\\rbreak: Permission denied" in err
    assert "\\x1b]8;;http://evil.example/\\x07click" in err
    listed = err[err.index("Could not grade"):].splitlines()
    assert len([line for line in listed if line.startswith("  ")]) == len(students) // 2


def test_merge_prints_student_ids_escaped(tmp_path, capsys):
    out = write(tmp_path / "shard", [graded("evil\x1b]8;;http://x\x07id", "x")])
    doc = json.loads((out / "gradebook.json").read_text("utf-8"))
    doc["run"].update(shard={"index": 1, "count": 1}, **{"class": {"sha256": "0" * 64}})
    (out / "gradebook.json").write_text(json.dumps(doc), "utf-8")
    for path in (out / "feedback").iterdir():
        path.unlink()
    assert merge.main([str(out), "--out", str(tmp_path / "merged")]) == 1
    err = capsys.readouterr().err
    assert "No feedback file for evil\\x1b]8;;http://x\\x07id" in err
    assert not RAW.search(err.replace("\n", ""))


def test_the_self_check_report_shows_hints_escaped():
    text = console.self_check_report(graded("me", TERMINAL["osc8"] + TERMINAL["rlo"]), "en")
    assert not RAW.search(text.replace("\n", ""))
    assert "\\x1b]8;;http://evil.example/\\x07click" in text


def test_escaped_text_is_still_every_character_it_was():
    for text in EVERY.values():
        shown = escape.visible(text)
        assert unicodedata.normalize("NFC", shown).encode("utf-8")
        assert len(shown) >= len(text)


def test_report_html_render_of_a_plain_id_is_unchanged():
    assert report_html.link("alice") == '<a href="feedback/alice.md">alice</a>'
