"""Friendly messages of the models database (`course_lib.db`) and of its checks (`registry`).

Each says what was wrong and what to do. The bot shows the first group to the user as they are,
so they name `/models`; the `db.check.*` group is read by the setup doctor and the grader.
"""

TEXTS: dict[str, dict[str, str]] = {
    "db.bad_id": {
        "en": "A model id is a whole number written with digits, such as 3; got {value}. "
              "See /models for the ids.",
        "ru": "Номер модели — целое число, записанное цифрами, например 3; получено {value}. "
              "Номера моделей — в /models.",
    },
    "db.id_too_large": {
        "en": "That model id is far too large: no model has it. Pick an id from /models.",
        "ru": "Такой номер модели слишком велик: модели с ним нет. Выберите номер из /models.",
    },
    "db.unknown_id": {
        "en": "There is no model with id {id}. Pick one of the ids listed by /models.",
        "ru": "Модели с номером {id} нет. Выберите один из номеров, которые показывает /models.",
    },
    "db.empty": {
        "en": "The models table is empty, so there is no model to use. Run init_db() (the bot "
              "does it at start-up) to add the 10 standard models, or add a model yourself.",
        "ru": "Таблица models пуста: боту нечем отвечать. Запустите init_db() "
              "(бот делает это при старте), чтобы добавить 10 стандартных моделей, или добавьте "
              "модель сами.",
    },
    "db.no_table": {
        "en": "The models table does not exist in {name} yet. Call init_db() first (the bot "
              "does it at start-up); it creates the table and adds the 10 standard models.",
        "ru": "В {name} ещё нет таблицы models. Сначала вызовите init_db() (бот делает это при "
              "старте): она создаст таблицу и добавит 10 стандартных моделей.",
    },
    "db.check.no_file": {
        "en": "The database file {name} does not exist yet. Start the bot once (it creates the "
              "file) or call course_lib.db.init_db(); check COURSE_DB if you expected another "
              "file.",
        "ru": "Файла базы данных {name} ещё нет. Запустите бота один раз (он создаст файл) или "
              "вызовите course_lib.db.init_db(); если ждали другой файл, проверьте COURSE_DB.",
    },
    "db.check.unreadable": {
        "en": "Could not read the models table from {name} ({error}). Start the bot once or call "
              "course_lib.db.init_db(); if the file is not an SQLite database, fix COURSE_DB.",
        "ru": "Не удалось прочитать таблицу models из {name} ({error}). Запустите бота один раз "
              "или вызовите course_lib.db.init_db(); если это не база SQLite, исправьте COURSE_DB.",
    },
    "db.check.empty": {
        "en": "The models table is empty. Add models (init_db() adds the 10 standard ones).",
        "ru": "Таблица models пуста. Добавьте модели (init_db() добавит 10 стандартных).",
    },
    "db.check.active_count": {
        "en": "{count:model is|models are} active (ids: {ids}); exactly one must be. Choose one "
              "with set_active_model(id) or /model <id>.",
        "ru": "Активных моделей: {count} (номера: {ids}), а должна быть ровно одна. Выберите "
              "одну через set_active_model(id) или /model <id>.",
    },
    "db.check.bad_shape": {
        "en": "Model {id}: the key \"{model}\" is not an OpenRouter model id. Ids look like "
              "provider/model-name, e.g. deepseek/deepseek-r1:free; copy it from "
              "openrouter.ai/models.",
        "ru": "Модель {id}: ключ «{model}» не похож на идентификатор модели OpenRouter. Он "
              "выглядит как provider/model-name, например deepseek/deepseek-r1:free; "
              "скопируйте его с openrouter.ai/models.",
    },
    "db.check.not_in_catalog": {
        "en": "Model {id}: \"{model}\" is not in the catalog snapshot of {date}. Check the id for "
              "typos on openrouter.ai/models; a free model may also have been retired.",
        "ru": "Модель {id}: «{model}» нет в снимке каталога от {date}. Проверьте идентификатор "
              "на openrouter.ai/models: возможна опечатка, или бесплатную модель сняли.",
    },
    "db.check.empty_label": {
        "en": "Model {id} has an empty label. Give it a short name users will see in /models.",
        "ru": "У модели {id} пустое название. Дайте ей короткое имя для списка /models.",
    },
    "db.check.duplicate_key": {
        "en": "The key \"{model}\" appears more than once (ids: {ids}). Keep one row and delete "
              "the others; the key column should be UNIQUE.",
        "ru": "Ключ «{model}» встречается несколько раз (номера: {ids}). Оставьте одну строку, "
              "остальные удалите; столбец key должен быть UNIQUE.",
    },
}
