"""results/report.html: the class at a glance, one plain file that any browser opens offline.

Made from the gradebook.json document (so a merged class gets one too): the class size, mean
and median, a histogram of the totals, the pass rate of each check, the slowest and the
ungraded submissions, every student with a link to their feedback, and each student's own
task-3 messages. Inline CSS, no script, no address outside the results folder. Everything a
student wrote (ids, reasons, messages) is HTML-escaped before it goes in, its control and
bidi characters shown as escapes (`homework.grading.escape`).
"""

from __future__ import annotations

import statistics
from urllib.parse import quote

from homework.grading import ids
from homework.grading.engine.runner_steps import STATUSES
from homework.grading.escape import html_text
from homework.grading.texts import t

BINS = 10  # the histogram's bars: 10 points each out of 100
SLOWEST = 10
STYLE = """body{font:15px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:72em;
padding:0 1em;color:#222}table{border-collapse:collapse;margin:.4em 0 1.6em}
th,td{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}
th{background:#f3f3f3}
.hist td:nth-child(2){width:24em}.bar{background:#4a8f6a;height:1em}
.muted{color:#666}"""
PAGE = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<style>{style}</style></head>
<body>
{body}
</body></html>
"""


def esc(value: object) -> str:
    """Any value as HTML text, control and bidi characters shown as escapes."""
    return html_text(value)


def feedback_name(student: str) -> str:
    """A student's feedback file in feedback/: a safe name, the same in every link."""
    return ids.feedback_name(student)


def link(student: str) -> str:
    """The student's id, linked to their feedback file (a relative link, nothing else)."""
    href = "feedback/" + quote(feedback_name(student), safe="")
    return f'<a href="{esc(href)}">{esc(student)}</a>'


def table(header: list[str], rows: list[list[str]], kind: str = "") -> str:
    """An HTML table: `header` in plain text, `rows` already HTML."""
    head = "".join(f"<th>{esc(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n"
                   for row in rows)
    return f'<table class="{kind}"><tr>{head}</tr>\n{body}</table>'


def section(title: str, content: str) -> str:
    """A heading and what is under it."""
    return f"<h2>{esc(title)}</h2>\n{content}"


def bins(totals: list[int], maximum: int) -> list[int]:
    """How many totals fall in each of the BINS equal slices of 0..maximum."""
    counts = [0] * BINS
    for total in totals:
        counts[max(0, min(total * BINS // max(maximum, 1), BINS - 1))] += 1
    return counts


def _summary(doc: dict, lang: str) -> str:
    """Class size, graded, mean and median; how the run was isolated."""
    totals = [one["total"] for one in doc["students"]]
    graded = sum(one["status"] == "graded" for one in doc["students"])
    mean = f"{statistics.fmean(totals):.1f}" if totals else "—"
    median = f"{statistics.median(totals):g}" if totals else "—"
    facts = t("html.summary", lang, size=len(totals), graded=graded, mean=mean, median=median,
              maximum=doc["maximum"])
    isolation = (doc.get("run") or {}).get("isolation_text")
    return f"<p>{esc(facts)}</p>" + (f'\n<p class="muted">{esc(isolation)}</p>' if isolation
                                      else "")


def _histogram(doc: dict, lang: str) -> str:
    """The totals in BINS bars drawn with CSS."""
    maximum = doc["maximum"]
    counts = bins([one["total"] for one in doc["students"]], maximum)
    widest, rows = max(counts) or 1, []
    for i, count in enumerate(counts):
        high = maximum if i == BINS - 1 else (i + 1) * maximum // BINS - 1
        bar = f'<div class="bar" style="width:{100 * count // widest}%"></div>'
        rows.append([f"{i * maximum // BINS}–{high}", bar, str(count)])
    header = [t("html.points", lang), "", t("html.count", lang)]
    return section(t("html.histogram", lang), table(header, rows, "hist"))


def _pass_rates(doc: dict, lang: str) -> str:
    """Each check: how many of the graded submissions passed it."""
    graded = [one for one in doc["students"] if one["status"] == "graded"]
    rows = []
    for check in doc["checks"]:
        passed = sum(one["points"].get(check["id"]) == check["points"] for one in graded)
        share = f"{100 * passed // len(graded)}%" if graded else "—"
        rows.append([esc(check["id"]), esc(check["title"]), f"{passed}/{len(graded)}", share])
    header = [t("html.check", lang), "", t("html.passed", lang), "%"]
    return section(t("html.pass_rate", lang), table(header, rows))


def _slowest(doc: dict, lang: str) -> str:
    """The SLOWEST submissions by grading time."""
    slow = sorted(doc["students"], key=lambda one: -float(one.get("seconds") or 0))[:SLOWEST]
    rows = [[link(one["student"]), f"{float(one.get('seconds') or 0):.1f}", esc(one["total"])]
            for one in slow]
    header = [t("html.student", lang), t("html.seconds", lang), t("html.total", lang)]
    return section(t("html.slowest", lang), table(header, rows))


def _ungraded(doc: dict, lang: str) -> str:
    """The submissions that could not be graded, with the reason."""
    rows = [[link(one["student"]), esc(one["reason"])] for one in doc["students"]
            if one["status"] != "graded"]
    content = table([t("html.student", lang), t("html.reason", lang)], rows) if rows else \
        f'<p class="muted">{esc(t("html.none", lang))}</p>'
    return section(t("html.ungraded", lang, count=len(rows)), content)


def _everyone(doc: dict, lang: str) -> str:
    """Every student: total, status, a link to the feedback."""
    rows = [[link(one["student"]), esc(one["total"]), esc(t(
        "html.graded" if one["status"] == "graded" else "html.not_graded", lang))]
        for one in doc["students"]]
    header = [t("html.student", lang), t("html.total", lang), t("html.status", lang)]
    return section(t("html.students", lang), table(header, rows))


def _messages(doc: dict, lang: str) -> str:
    """Each student's own messages for 500/502/503/504 (what chat_once raised)."""
    codes = [str(code) for code in STATUSES]
    rows = [[link(one["student"]), *(esc((one.get("messages") or {}).get(code, ""))
                                     for code in codes)]
            for one in doc["students"] if any((one.get("messages") or {}).values())]
    content = table([t("html.student", lang), *codes], rows) if rows else \
        f'<p class="muted">{esc(t("html.none", lang))}</p>'
    note = f'<p class="muted">{esc(t("html.messages_note", lang))}</p>'
    return section(t("html.messages", lang), f"{note}\n{content}")


def render(doc: dict) -> str:
    """The whole page, in the language the class was graded in."""
    lang = (doc.get("run") or {}).get("language") or "en"
    parts = [f"<h1>{esc(t('html.title', lang))}</h1>", _summary(doc, lang)]
    parts += [part(doc, lang) for part in (_histogram, _pass_rates, _slowest, _ungraded,
                                           _everyone, _messages)]
    return PAGE.format(lang=esc(lang), title=esc(t("html.title", lang)), style=STYLE,
                       body="\n".join(parts))
