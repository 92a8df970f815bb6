"""Every text of the self-check and the grader, in English and Russian, and `t()` to pick one.

The homework keeps its texts here (and in `texts_checks`) so that it stands alone: a course
can reuse `homework/` without `course_lib.texts`. `lang=None` means `COURSE_LANG` (else en).
"""

from __future__ import annotations

import os

from homework.texts_checks import HINTS, TITLES

LANGUAGES = ("en", "ru")

UI: dict[str, dict[str, str]] = {
    "task.1": {"en": "Task 1: the key from the environment",
               "ru": "Задание 1: ключ из окружения"},
    "task.2": {"en": "Task 2: 10 models, switching without errors",
               "ru": "Задание 2: 10 моделей, переключение без ошибок"},
    "task.3": {"en": "Task 3: 500, 502, 503 and 504 explained",
               "ru": "Задание 3: объяснения для 500, 502, 503 и 504"},
    "check.header": {"en": "Self-check of {path} (offline: local fakes, no key needed)",
                     "ru": "Самопроверка {path} (офлайн: локальные заглушки, ключ не нужен)"},
    "check.total": {"en": "Total: {total}/{maximum}", "ru": "Итого: {total}/{maximum}"},
    "check.all_pass": {"en": "Everything passes: ready to submit.",
                       "ru": "Всё проходит: можно сдавать."},
    "check.some_fail": {"en": "Fix what is marked ✗ and run the self-check again.",
                        "ru": "Исправьте то, что отмечено ✗, и запустите самопроверку снова."},
    "check.not_found": {"en": "No such folder: {path}", "ru": "Нет такой папки: {path}"},
    "hint": {"en": "hint", "ru": "подсказка"},
    "not_graded": {"en": "Not graded: {reason}", "ru": "Не проверено: {reason}"},
    "reason.bad_zip": {"en": "not a readable zip file", "ru": "zip-файл не читается"},
    "reason.traversal": {"en": "the zip has paths that leave its folder (../ or absolute)",
                         "ru": "в zip есть пути за пределы папки (../ или абсолютные)"},
    "reason.too_big": {"en": "too big (over {limit})", "ru": "слишком большой (больше {limit})"},
    "reason.no_files": {"en": "no recognisable files (bot.py, openrouter_client.py, db.py)",
                        "ru": "нет нужных файлов (bot.py, openrouter_client.py, db.py)"},
    "reason.timeout": {"en": "grading took longer than {seconds} s and was stopped",
                       "ru": "проверка шла дольше {seconds} с и была остановлена"},
    "reason.crash": {"en": "the grading worker failed: {detail}",
                     "ru": "сбой проверяющего процесса: {detail}"},
    "reason.unreadable": {"en": "cannot be read: {detail}", "ru": "не читается: {detail}"},
    "note.env_removed": {
        "en": "The submission contained a .env file: it was deleted unread. Never submit keys; "
              "if it held a real key, revoke that key at openrouter.ai → Keys.",
        "ru": "В работе был файл .env: он удалён без чтения. Никогда не сдавайте ключи; если "
              "там был настоящий ключ, отзовите его на openrouter.ai → Keys."},
    "note.links_skipped": {"en": "Symbolic links were skipped: {count}.",
                           "ru": "Символические ссылки пропущены: {count}."},
    "note.forged": {"en": "{count} line(s) on the grader's result channel did not come from the "
                          "grader and were ignored.",
                    "ru": "Строк в канале результатов, пришедших не от проверки (пропущены): "
                          "{count}."},
    "note.too_many": {"en": "The submission started more than {limit} processes at once and "
                            "was stopped.",
                      "ru": "Работа запустила больше {limit} процессов сразу и была остановлена."},
    "note.duplicate_id": {"en": "Another submission has the same name: graded as {student}.",
                          "ru": "У другой работы то же имя: проверено как {student}."},
    "feedback.title": {"en": "Homework feedback: {student}", "ru": "Отзыв о домашней работе: "
                                                                   "{student}"},
    "feedback.total": {"en": "**Total: {total} of {maximum} points**",
                       "ru": "**Итого: {total} из {maximum} баллов**"},
    "feedback.notes": {"en": "Notes", "ru": "Замечания"},
    "feedback.columns": {"en": "| | check | points |\n|---|---|---|",
                         "ru": "| | проверка | баллы |\n|---|---|---|"},
    "grade.start": {"en": "Grading {count} submission(s), {jobs} at a time. {isolation}",
                    "ru": "Проверка работ: {count}, одновременно {jobs}. {isolation}"},
    "grade.done": {"en": "Done in {seconds} s. Results: {out}",
                   "ru": "Готово за {seconds} с. Результаты: {out}"},
    "grade.failed": {"en": "Could not grade {count} submission(s):",
                     "ru": "Не удалось проверить работ: {count}:"},
    "grade.none": {"en": "No submissions (sub-folders or .zip files) in {path}",
                   "ru": "В {path} нет работ (подпапок или .zip-файлов)"},
    "iso.namespaces": {
        "en": "Isolation: Linux namespaces (own network with loopback only; read-only disk "
              "except the submission's copy; own process tree) and resource limits.",
        "ru": "Изоляция: пространства имён Linux (своя сеть только с loopback; диск только для "
              "чтения, кроме копии работы; своё дерево процессов) и лимиты ресурсов."},
    "iso.partial": {
        "en": "Isolation: Linux network namespace and resource limits; {missing}: best-effort.",
        "ru": "Изоляция: сетевое пространство имён Linux и лимиты ресурсов; {missing}: "
              "по возможности."},
    "iso.fallback": {
        "en": "Isolation: best-effort ({reason}): proxy variables point to a closed port (a raw "
              "socket could still connect), {limits}; student code runs as your user and can "
              "read and change your files. Grade untrusted work on Linux with user namespaces, "
              "or in a container or VM.",
        "ru": "Изоляция: по возможности ({reason}): переменные прокси указывают на закрытый "
              "порт (сокет напрямую всё же может подключиться), {limits}; код студента "
              "работает от вашего пользователя и может читать и менять ваши файлы. Проверяйте "
              "чужой код на Linux с user namespaces, в контейнере или ВМ."},
    "iso.limits.posix": {"en": "resource limits", "ru": "лимиты ресурсов"},
    "iso.limits.windows": {"en": "timeouts only (no resource limits on Windows)",
                           "ru": "только тайм-ауты (на Windows лимитов ресурсов нет)"},
    "iso.root": {"en": "Running as root: Linux does not enforce the process limit for root, "
                       "a watchdog counts the processes instead.",
                 "ru": "Запуск от root: Linux не применяет лимит процессов к root, вместо него "
                       "процессы считает сторож."},
    "layer.filesystem": {"en": "filesystem", "ru": "файловая система"},
    "layer.processes": {"en": "process tree", "ru": "дерево процессов"},
}

_ALL = {**UI, **HINTS, **{f"title.{k}": v for k, v in TITLES.items()}}


def lang_or_default(lang: str | None) -> str:
    """`lang` if it is a known language, else COURSE_LANG, else English."""
    for value in (lang, os.environ.get("COURSE_LANG")):
        if value and value.strip().lower() in LANGUAGES:
            return value.strip().lower()
    return "en"


def t(key: str, lang: str | None = None, **fields: object) -> str:
    """The text `key` in `lang`, with `fields` filled in."""
    entry = _ALL[key]
    text = entry.get(lang_or_default(lang)) or entry["en"]
    return text.format(**fields) if fields else text


def text_keys() -> list[str]:
    """Every text key (the tests check both languages are complete)."""
    return sorted(_ALL)
