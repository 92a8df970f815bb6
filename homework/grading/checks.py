"""What is checked, for how many points: the one table the self-check and the grader share.

| task | check | points |
|---|---|---|
| 1 | t1.env_key: the request carries the key from OPENROUTER_API_KEY | 8 |
| 1 | t1.no_literal: no key in the files (also glued or encoded), in a request, in variables | 4 |
| 1 | t1.missing_key: no key → OpenRouterError(401), no request sent | 8 |
| 2 | t2.count: exactly 10 models after init_db() | 6 |
| 2 | t2.keys: ids unique, provider/model, in the catalog (list extended) | 5 |
| 2 | t2.labels: no empty label (list extended) | 2 |
| 2 | t2.one_active: exactly one active at the start (list extended) | 2 |
| 2 | t2.switch_all: every ordered pair switches (n·(n-1), 90 for 10) | 15 |
| 2 | t2.bot_models: the bot's /models names the 10 models of its database, nothing else | 5 |
| 2 | t2.bot_switch: the bot's /model switches (down as well as up) | 5 |
| 3 | t3.S.json, S in 500/502/503/504: OpenRouterError(S), own explanation (see below) | 4 each |
| 3 | t3.S.html: the same for a proxy's HTML error page | 3 each |
| 3 | t3.S.bot: the bot's /ask reply explains S | 3 each |

Total 100: task 1 is 20, task 2 is 40, task 3 is 40. A check passes or fails as a whole.
An explanation of S is "own" when, in the student's words (not the course's texts, not the
server's), it says what S means for an OpenRouter call and what the user can do
(`explanations`), and differs from the fallback and from the other statuses' explanations.
A check whose call was never made (the runner was given up after repeated timeouts in its
group, or the submission's time ran out) fails with a hint that says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from homework.grading import checks_task1, checks_task2, checks_task3
from homework.grading.engine.runner_steps import STATUSES
from homework.grading.texts import t
from homework.grading.verdicts import Text


@dataclass(frozen=True)
class Check:
    """One check: its id, task, points, and the key of its title."""

    id: str
    task: int
    points: int
    title_key: str
    status: int | None = None

    def title(self, lang: str | None = None) -> str:
        """The check's title in `lang`."""
        fields = {"status": self.status} if self.status else {}
        return t(f"title.{self.title_key}", lang, **fields)


def _table() -> tuple[Check, ...]:
    """Every check, in the order of the gradebook's columns."""
    simple = [("t1.env_key", 1, 8), ("t1.no_literal", 1, 4), ("t1.missing_key", 1, 8),
              ("t2.count", 2, 6), ("t2.keys", 2, 5), ("t2.labels", 2, 2),
              ("t2.one_active", 2, 2), ("t2.switch_all", 2, 15), ("t2.bot_models", 2, 5),
              ("t2.bot_switch", 2, 5)]
    table = [Check(ident, task, points, ident) for ident, task, points in simple]
    for status in STATUSES:
        for kind, points in (("json", 4), ("html", 3), ("bot", 3)):
            table.append(Check(f"t3.{status}.{kind}", 3, points, f"t3.{kind}", status))
    return tuple(table)


TABLE = _table()
MAX_POINTS = sum(check.points for check in TABLE)
VERDICTS = {**checks_task1.VERDICTS, **checks_task2.VERDICTS, **checks_task3.VERDICTS}


@dataclass(frozen=True)
class Result:
    """The outcome of one check for one submission."""

    check: Check
    hint: Text | None  # None: passed

    @property
    def passed(self) -> bool:
        """Whether the check passed."""
        return self.hint is None

    @property
    def points(self) -> int:
        """The points earned: all of the check's, or none."""
        return self.check.points if self.passed else 0


def score(observations: dict, static: dict) -> list[Result]:
    """Every check's result, from what the grader observed and the static scan."""
    return [Result(check, VERDICTS[check.id](observations, static)) for check in TABLE]


def failed_all(reason: Text) -> list[Result]:
    """Results of a submission that could not be graded: every check failed for `reason`."""
    return [Result(check, reason) for check in TABLE]


def task_points(results: list[Result], task: int) -> tuple[int, int]:
    """Points earned and possible in one task."""
    mine = [r for r in results if r.check.task == task]
    return sum(r.points for r in mine), sum(r.check.points for r in mine)
