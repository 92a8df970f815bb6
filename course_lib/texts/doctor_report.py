"""Messages of the doctor about the bot's database and active model, and the checklist itself:
the title of each check, the section headings, skipped checks and the summary line.
"""

TEXTS: dict[str, dict[str, str]] = {
    # --- the bot's database and active model --------------------------------------------------
    "doctor.db.ok": {
        "en": "Bot database {path}: writable, {count:model|models}, exactly one active.",
        "ru": "База бота {path}: запись возможна, моделей: {count}, активна ровно одна.",
    },
    "doctor.db.new": {
        "en": "Bot database {path}: not created yet; the bot creates it at its first start "
              "(the folder is writable).",
        "ru": "База бота {path}: ещё не создана; бот создаст её при первом запуске (в папку "
              "можно писать).",
    },
    "doctor.db.cannot_create": {
        "en": "Bot database {path} cannot be created: {folder} is not a folder you can write "
              "to.",
        "ru": "Базу бота {path} нельзя создать: {folder} — не папка, доступная вам для записи.",
    },
    "doctor.db.cannot_create.fix": {
        "en": "Set COURSE_DB to a file in a folder you can write to (the course folder, for "
              "example).",
        "ru": "Задайте в COURSE_DB файл в папке, куда вы можете писать (например, в папке "
              "курса).",
    },
    "doctor.db.not_file": {
        "en": "Bot database {path} is a folder, not a file.",
        "ru": "База бота {path} — это папка, а не файл.",
    },
    "doctor.db.unreadable": {
        "en": "Bot database {path} cannot be used: {problems}",
        "ru": "Базой бота {path} нельзя пользоваться: {problems}",
    },
    "doctor.db.unreadable.fix": {
        "en": "Let course_lib create what is missing: python -c \"from course_lib import db; "
              "db.init_db()\" (rows and notes already there are kept), or set COURSE_DB to a "
              "new file.",
        "ru": "Пусть course_lib создаст недостающее: python -c \"from course_lib import db; "
              "db.init_db()\" (имеющиеся строки и заметки сохранятся) или задайте в COURSE_DB "
              "новый файл.",
    },
    "doctor.db.problems": {
        "en": "Bot database {path}: {problems}",
        "ru": "База бота {path}: {problems}",
    },
    "doctor.db.no_index": {
        "en": "The unique index ux_models_single_active is missing: nothing stops two models "
              "from being active at once.",
        "ru": "Нет уникального индекса ux_models_single_active: ничто не мешает двум моделям "
              "стать активными одновременно.",
    },
    "doctor.db.repair.fix": {
        "en": "Repair it, keeping your notes: python -c \"from course_lib import db; "
              "db.set_active_model({id}); db.init_db()\" (one active model first, then "
              "init_db() restores the index and any missing seed rows).",
        "ru": "Почините её, сохранив заметки: python -c \"from course_lib import db; "
              "db.set_active_model({id}); db.init_db()\" (сначала одна активная модель, затем "
              "init_db() восстановит индекс и недостающие стандартные строки).",
    },
    "doctor.db.not_writable": {
        "en": "Bot database {path} cannot be written: {error}.",
        "ru": "В базу бота {path} нельзя писать: {error}.",
    },
    "doctor.db.not_writable.fix": {
        "en": "\"locked\": close what holds it (another running bot, a notebook kernel, DB "
              "Browser with unsaved changes). \"readonly\": make the file yours and writable, "
              "or set COURSE_DB to another file.",
        "ru": "«locked»: закройте то, что её держит (второй запущенный бот, ядро блокнота, DB "
              "Browser с несохранёнными изменениями). «readonly»: сделайте файл своим и "
              "доступным для записи или задайте в COURSE_DB другой файл.",
    },
    "doctor.model.ok": {
        "en": "Active model {name}: in the {where}.",
        "ru": "Активная модель {name}: есть в {where}.",
    },
    "doctor.model.live": {
        "en": "live catalog of OpenRouter",
        "ru": "текущем каталоге OpenRouter",
    },
    "doctor.model.local": {
        "en": "catalog of the local server at {host}, a stand-in for OpenRouter such as the "
              "course's fake with its copy of the catalog (OpenRouter's live catalog was not "
              "checked)",
        "ru": "каталоге локального сервера {host}, который заменяет OpenRouter, например "
              "локальной заглушки OpenRouter с её копией каталога (текущий каталог OpenRouter "
              "не проверялся)",
    },
    "doctor.model.snapshot": {
        "en": "catalog snapshot of {date} shipped with the course (the live catalog was not "
              "checked)",
        "ru": "снимке каталога от {date}, который поставляется с курсом (текущий каталог не "
              "проверялся)",
    },
    "doctor.model.missing": {
        "en": "The active model {name} is not in the {where}: requests to it will fail.",
        "ru": "Активной модели {name} нет в {where}: запросы к ней не пройдут.",
    },
    "doctor.model.missing.fix": {
        "en": "Model {id} was retired or is misspelt: pick another in the bot (/models, then "
              "/model <id>); python -m course_lib models check shows which models work.",
        "ru": "Модель {id} сняли или её идентификатор с ошибкой: выберите другую в боте "
              "(/models, затем /model <номер>); какие модели работают, покажет "
              "python -m course_lib models check.",
    },
    "doctor.model.paid": {
        "en": "The active model {name} is paid, but your account has bought no credits: it "
              "will answer 402.",
        "ru": "Активная модель {name} платная, а на вашем счёте нет купленных кредитов: она "
              "будет отвечать 402.",
    },
    "doctor.model.paid.fix": {
        "en": "Switch to a :free model (/models, then /model <id>), or buy credits at "
              "openrouter.ai/settings/credits.",
        "ru": "Переключитесь на модель :free (/models, затем /model <номер>) или купите "
              "кредиты: openrouter.ai/settings/credits.",
    },
    # --- the checklist ------------------------------------------------------------------------
    "doctor.report.title": {
        "en": "Setup check (python -m course_lib doctor)",
        "ru": "Проверка настройки (python -m course_lib doctor)",
    },
    "doctor.report.passed": {
        "en": "Result: {ok} fine, {warn} to look at, {fail} to fix, {skip} not checked. "
              "Nothing blocks you (exit status 0).",
        "ru": "Итог: в порядке — {ok}, обратить внимание — {warn}, исправить — {fail}, не "
              "проверено — {skip}. Ничто не мешает работать (код выхода 0).",
    },
    "doctor.report.failed": {
        "en": "Result: {ok} fine, {warn} to look at, {fail} to fix, {skip} not checked. Fix the "
              "{x} lines, starting with the first (exit status 1).",
        "ru": "Итог: в порядке — {ok}, обратить внимание — {warn}, исправить — {fail}, не "
              "проверено — {skip}. Исправьте строки с {x}, начиная с первой (код выхода 1).",
    },
    "doctor.skip.no_key": {
        "en": "{title}: not checked without a key (offline mode).",
        "ru": "{title}: без ключа не проверяется (офлайн-режим).",
    },
    "doctor.skip.blocked": {
        "en": "{title}: not checked; fix \"{cause}\" first.",
        "ru": "{title}: не проверено; сначала исправьте «{cause}».",
    },
    "doctor.crash": {
        "en": "{title}: the check itself failed ({detail}).",
        "ru": "{title}: сама проверка завершилась ошибкой ({detail}).",
    },
    "doctor.crash.fix": {
        "en": "This is a bug of the doctor, not of your set-up: please report it with this "
              "line (keys in it are masked).",
        "ru": "Это ошибка самого doctor, а не вашей настройки: сообщите о ней, приложив эту "
              "строку (ключи в ней скрыты).",
    },
    "doctor.section.python": {"en": "Python", "ru": "Python"},
    "doctor.section.env": {"en": ".env and environment", "ru": ".env и окружение"},
    "doctor.section.openrouter": {"en": "OpenRouter", "ru": "OpenRouter"},
    "doctor.section.bot": {"en": "Bot: database and model", "ru": "Бот: база и модель"},
    "doctor.section.telegram": {"en": "Telegram", "ru": "Telegram"},
    "doctor.title.python.version": {"en": "Python version", "ru": "Версия Python"},
    "doctor.title.python.packages": {"en": "Packages", "ru": "Пакеты"},
    "doctor.title.env.file": {"en": ".env file", "ru": "Файл .env"},
    "doctor.title.env.lines": {"en": "Lines of .env", "ru": "Строки .env"},
    "doctor.title.env.duplicates": {"en": "Duplicates in .env", "ru": "Повторы в .env"},
    "doctor.title.env.shell": {"en": "Shell over .env", "ru": "Оболочка поверх .env"},
    "doctor.title.openrouter.key": {"en": "OpenRouter key", "ru": "Ключ OpenRouter"},
    "doctor.title.openrouter.url": {"en": "OpenRouter base URL", "ru": "Адрес OpenRouter"},
    "doctor.title.openrouter.offline": {"en": "Offline mode", "ru": "Офлайн-режим"},
    "doctor.title.openrouter.reach": {"en": "OpenRouter reachable (HTTPS)",
                                      "ru": "Доступность OpenRouter (HTTPS)"},
    "doctor.title.openrouter.auth": {"en": "Key accepted", "ru": "Ключ принят"},
    "doctor.title.openrouter.privacy": {"en": "Free models (privacy setting)",
                                        "ru": "Бесплатные модели (приватность)"},
    "doctor.title.bot.db": {"en": "Bot database", "ru": "База бота"},
    "doctor.title.bot.model": {"en": "Active model", "ru": "Активная модель"},
    "doctor.title.telegram.token": {"en": "Telegram token", "ru": "Токен Telegram"},
    "doctor.title.telegram.getme": {"en": "Token accepted by Telegram",
                                    "ru": "Токен принят Telegram"},
}
