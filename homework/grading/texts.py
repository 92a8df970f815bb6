"""Every text of the self-check and the grader, in English and Russian, and `t()` to pick one.

The homework keeps its texts here (and in `texts_checks`) so that it stands alone: a course
can reuse `homework/` without `course_lib.texts`. `lang=None` means `COURSE_LANG` (else en).
"""

from __future__ import annotations

import os

from homework.grading.texts_checks import HINTS, TITLES
from homework.grading.texts_sandbox import SANDBOX

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
    "reason.too_deep": {"en": "folders nested more than {limit} levels deep",
                        "ru": "папки вложены глубже {limit} уровней"},
    "reason.archive": {"en": "a {kind} archive: only folders and .zip files can be graded",
                       "ru": "архив {kind}: проверяются только папки и .zip-файлы"},
    "reason.link": {"en": "a symbolic link: put the folder or the .zip file itself here",
                    "ru": "символическая ссылка: положите сюда саму папку или .zip-файл"},
    "reason.hidden": {"en": "a hidden name (it starts with a dot): rename it without the dot",
                      "ru": "скрытое имя (начинается с точки): переименуйте без точки"},
    "reason.not_submission": {"en": "not a folder or a .zip file",
                              "ru": "не папка и не .zip-файл"},
    "reason.internal": {"en": "the grader failed on this submission ({detail}): grade it again, "
                              "and if it fails again, report a bug",
                        "ru": "проверка дала сбой на этой работе ({detail}): проверьте её ещё "
                              "раз, а если сбой повторится, сообщите об ошибке"},
    "note.env_removed": {
        "en": "The submission contained a .env file: it was deleted unread. Never submit keys; "
              "if it held a real key, revoke that key at openrouter.ai → Keys.",
        "ru": "В работе был файл .env: он удалён без чтения. Никогда не сдавайте ключи; если "
              "там был настоящий ключ, отзовите его на openrouter.ai → Keys."},
    "note.links_skipped": {"en": "Symbolic links were skipped: {count}.",
                           "ru": "Символические ссылки пропущены: {count}."},
    "note.bad_names": {"en": "Files with names that are not valid UTF-8 were skipped: {count}.",
                       "ru": "Пропущены файлы с именами не в UTF-8: {count}."},
    "note.venvs": {"en": "Left out as virtual environments (not graded, not counted): "
                         "{folders}.",
                   "ru": "Не проверялись и не считались как виртуальные окружения: {folders}."},
    "note.databases": {"en": "Database files in the submission: {count}. They were read for "
                             "keys, but the bot is graded from a fresh database, as after a "
                             "fresh clone (submit.py leaves them out).",
                       "ru": "Файлов баз данных в работе: {count}. Ключей в них искали, но бот "
                             "проверялся с новой базой, как после свежего клонирования "
                             "(submit.py их не упаковывает)."},
    "note.left_out_unread": {"en": "Virtual environments and caches over {limit} MB: the rest "
                                   "of them was not read for keys.",
                             "ru": "Виртуальные окружения и кэши больше {limit} МБ: остаток не "
                                   "проверялся на ключи."},
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
    "grade.shard": {"en": "Shard {index} of {count}: {mine} of the class's {size} submission(s).",
                    "ru": "Часть {index} из {count}: работ {mine} из {size} в группе."},
    "grade.write_failed": {"en": "Could not write {path}: {error}",
                           "ru": "Не удалось записать {path}: {error}"},
    "grade.report": {"en": "The class at a glance: {path}", "ru": "Сводка по группе: {path}"},
    "export.written": {"en": "For the school's gradebook ({count} graded submission(s)): {files}",
                       "ru": "Для электронного журнала (проверенных работ: {count}): {files}"},
    "export.left_out": {
        "en": "{count} submission(s) that could not be graded are not in it: their grades stay "
              "as they are there; grade them by hand.",
        "ru": "Непроверенных работ в нём нет ({count}): их оценки там не меняются; оцените их "
              "вручную."},
    "merge.unreadable": {"en": "{path}: no readable gradebook.json ({error})",
                         "ru": "{path}: gradebook.json нет или он не читается ({error})"},
    "merge.checks_differ": {
        "en": "{path} was graded with other checks than {first} (check ids, points or the "
              "maximum differ): grade every shard with the same version of the grader",
        "ru": "{path} проверен по другим проверкам, чем {first} (другие id проверок, баллы или "
              "максимум): проверяйте все части одной версией проверяющей программы"},
    "merge.language_differs": {
        "en": "{path} was graded in {language}, {first} in {first_language}: use the same "
              "--lang for every shard",
        "ru": "{path} проверен на языке {language}, а {first} — на {first_language}: задайте "
              "всем частям один --lang"},
    "merge.class_differs": {
        "en": "{path} was graded from another submissions folder than {first} (a different "
              "list of students): grade every shard from the same folder",
        "ru": "{path} проверен по другой папке с работами, чем {first} (другой список "
              "студентов): проверяйте все части по одной папке"},
    "merge.count_differs": {"en": "{path} is a shard of {count}, {first} of {first_count}: "
                                  "use the same N for every shard",
                            "ru": "{path} — часть из {count}, а {first} — из {first_count}: "
                                  "задайте всем частям одно N"},
    "merge.same_shard": {"en": "{path} and {first} are both shard {index}/{count}",
                         "ru": "{path} и {first} — одна и та же часть {index}/{count}"},
    "merge.overlap": {"en": "{student} is in more than one shard ({paths}); shards must not "
                            "overlap",
                      "ru": "{student} есть в нескольких частях ({paths}); части не должны "
                            "пересекаться"},
    "merge.missing": {
        "en": "Missing shard(s) of {count}: {missing}. Their students are not in this "
              "gradebook: grade them, then merge again.",
        "ru": "Не хватает частей из {count}: {missing}. Их студентов нет в этой ведомости: "
              "проверьте их и объедините снова."},
    "merge.no_feedback": {"en": "No feedback file for {student} in {path}",
                          "ru": "Нет файла отзыва для {student} в {path}"},
    "merge.done": {"en": "Merged {shards} shard(s), {students} student(s): {out}",
                   "ru": "Объединено частей: {shards}, студентов: {students}. Результаты: {out}"},
    "html.title": {"en": "Homework results", "ru": "Результаты домашней работы"},
    "html.summary": {
        "en": "{size} student(s), {graded} graded. Mean {mean}, median {median} of {maximum} "
              "points (every row counted; an ungraded submission counts as 0).",
        "ru": "Студентов: {size}, проверено: {graded}. Среднее {mean}, медиана {median} из "
              "{maximum} баллов (по всем строкам; непроверенная работа считается как 0)."},
    "html.histogram": {"en": "Totals", "ru": "Распределение баллов"},
    "html.points": {"en": "points", "ru": "баллы"},
    "html.count": {"en": "students", "ru": "студентов"},
    "html.pass_rate": {"en": "Pass rate of each check (graded submissions)",
                       "ru": "Доля прошедших каждую проверку (среди проверенных работ)"},
    "html.check": {"en": "check", "ru": "проверка"},
    "html.passed": {"en": "passed", "ru": "прошли"},
    "html.slowest": {"en": "Slowest to grade", "ru": "Дольше всех проверялись"},
    "html.student": {"en": "student", "ru": "студент"},
    "html.seconds": {"en": "seconds", "ru": "секунд"},
    "html.total": {"en": "total", "ru": "итого"},
    "html.ungraded": {"en": "Not graded: {count}", "ru": "Не проверено: {count}"},
    "html.reason": {"en": "reason", "ru": "причина"},
    "html.none": {"en": "None.", "ru": "Нет."},
    "html.students": {"en": "Every student (the name opens the feedback)",
                      "ru": "Все студенты (по имени открывается отзыв)"},
    "html.status": {"en": "status", "ru": "статус"},
    "html.graded": {"en": "graded", "ru": "проверено"},
    "html.not_graded": {"en": "not graded", "ru": "не проверено"},
    "html.messages": {"en": "Task 3: each student's messages",
                      "ru": "Задание 3: сообщения каждого студента"},
    "html.messages_note": {
        "en": "What the student's chat_once raised for each status (OpenRouter's JSON error); "
              "empty where it raised nothing.",
        "ru": "Что выдал chat_once студента для каждого статуса (JSON-ошибка OpenRouter); "
              "пусто, если исключения не было."},
}

_ALL = {**UI, **SANDBOX, **HINTS, **{f"title.{k}": v for k, v in TITLES.items()}}


def course_lang() -> str | None:
    """COURSE_LANG as the lessons read it: the environment first, then the course's `.env`."""
    try:
        from course_lib import config
    except ImportError:  # the homework without the course around it
        return os.environ.get("COURSE_LANG")
    return config.get("COURSE_LANG")


def lang_or_default(lang: str | None) -> str:
    """`lang` if it is a known language, else COURSE_LANG (as the lessons read it), else English."""
    for value in (lang, course_lang()):
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
