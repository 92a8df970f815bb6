"""Messages of the doctor about how the OpenRouter key and the Telegram token are written.

Fields: `{name}` the variable, `{shown}` its value masked (or a plain placeholder, which is no
secret), `{where}` where it came from ("from .env", "set in the shell"), `{length}` its length.
A `.fix` key is the one-line advice shown under a ✗ or ! line.
"""

TEXTS: dict[str, dict[str, str]] = {
    # What `config.mask` shows for a key or token that is not there (the doctor, the bot).
    "doctor.secret.not_set": {"en": "(not set)", "ru": "(не задан)"},
    "doctor.where.shell": {"en": "set in the shell", "ru": "задан в оболочке"},
    "doctor.where.dotenv": {"en": "from .env", "ru": "из .env"},
    "doctor.shape.placeholder": {
        "en": "{name} ({where}) is still a placeholder, {shown}, not a real value.",
        "ru": "{name} ({where}) — всё ещё заполнитель, {shown}, а не настоящее значение.",
    },
    "doctor.shape.placeholder.fix": {
        "en": "Replace the whole placeholder, < > and all, by your own value: {name}= followed "
              "by the value only.",
        "ru": "Замените весь заполнитель, вместе с < >, своим значением: {name}= и сразу само "
              "значение.",
    },
    "doctor.shape.placeholder.plain.fix": {
        "en": "Replace the whole placeholder by your own value: {name}= followed by the value "
              "only.",
        "ru": "Замените весь заполнитель своим значением: {name}= и сразу само значение.",
    },
    "doctor.shape.bearer": {
        "en": "{name} {shown} ({where}) starts with \"Bearer\": the client adds \"Bearer \" "
              "itself, so the server would get it twice.",
        "ru": "{name} {shown} ({where}) начинается с «Bearer»: клиент сам добавляет "
              "«Bearer », и сервер получил бы его дважды.",
    },
    "doctor.shape.bearer.fix": {
        "en": "Delete \"Bearer \": after {name}= write only the value itself.",
        "ru": "Удалите «Bearer »: после {name}= пишите только само значение.",
    },
    "doctor.shape.quotes": {
        "en": "{name} {shown} ({where}) has quote marks inside the value (typographic “ ” from "
              "Word or a chat, or quotes typed in a Windows set command): they would be sent "
              "along and rejected.",
        "ru": "{name} {shown} ({where}) содержит кавычки внутри значения (типографские « » или "
              "“ ” из Word или чата, либо кавычки из команды set в Windows): они уйдут вместе с "
              "ключом, и его отклонят.",
    },
    "doctor.shape.quotes.fix": {
        "en": "Remove them: {name}=value. In .env plain straight quotes are optional; in a "
              "shell, set the variable without quotes (cmd keeps them as part of the value).",
        "ru": "Уберите их: {name}=значение. В .env обычные прямые кавычки необязательны; в "
              "оболочке задавайте переменную без кавычек (cmd считает их частью значения).",
    },
    "doctor.shape.space": {
        "en": "{name} {shown} ({where}) has a space or a line break inside the value.",
        "ru": "{name} {shown} ({where}) содержит пробел или перевод строки внутри значения.",
    },
    "doctor.shape.space.fix": {
        "en": "Paste the value again as one unbroken line, with nothing else on it.",
        "ru": "Вставьте значение заново одной непрерывной строкой, без лишнего.",
    },
    "doctor.shape.non_ascii": {
        "en": "{name} {shown} ({where}) contains non-Latin characters (a Cyrillic \"с\" or "
              "\"о\" typed in place of a Latin one?): HTTP headers cannot carry them.",
        "ru": "{name} {shown} ({where}) содержит нелатинские символы (кириллическая «с» или "
              "«о» вместо латинской?): в HTTP-заголовке их передать нельзя.",
    },
    "doctor.shape.non_ascii.fix": {
        "en": "Copy and paste the value rather than typing it (English keyboard layout if you "
              "must edit it).",
        "ru": "Скопируйте и вставьте значение, а не набирайте его (если правите — в "
              "английской раскладке).",
    },
    "doctor.shape.padded": {
        "en": "{name} {shown} ({where}) has spaces around it: course_lib strips them, but your "
              "own code reading it with os.getenv would send them.",
        "ru": "{name} {shown} ({where}) окружена пробелами: course_lib их отрезает, но ваш код "
              "с os.getenv отправил бы их.",
    },
    "doctor.shape.padded.fix": {
        "en": "Delete the spaces around the value (inside the quotes too).",
        "ru": "Удалите пробелы вокруг значения (и внутри кавычек тоже).",
    },
    "doctor.key.none": {
        "en": "No OPENROUTER_API_KEY: offline mode, which is fine for the course (a local fake "
              "of OpenRouter answers with canned replies).",
        "ru": "OPENROUTER_API_KEY не задан: офлайн-режим, для курса этого достаточно (отвечает "
              "локальная заглушка OpenRouter с заготовленными ответами).",
    },
    "doctor.key.fake": {
        "en": "OPENROUTER_API_KEY holds the placeholder of offline mode (this process called "
              "course_lib.offline.start()): the local fake of OpenRouter answers.",
        "ru": "В OPENROUTER_API_KEY — ключ-заполнитель офлайн-режима (этот процесс вызвал "
              "course_lib.offline.start()): отвечает локальная заглушка OpenRouter.",
    },
    "doctor.key.none.fix": {
        "en": "For real models: create a key at openrouter.ai → Keys → Create API Key and put "
              "it in .env as OPENROUTER_API_KEY (see .env.example).",
        "ru": "Для настоящих моделей создайте ключ: openrouter.ai → Keys → Create API Key, и "
              "впишите его в .env как OPENROUTER_API_KEY (см. .env.example).",
    },
    "doctor.key.ok": {
        "en": "OPENROUTER_API_KEY {shown} ({where}) has the shape of an OpenRouter key.",
        "ru": "OPENROUTER_API_KEY {shown} ({where}) по виду — ключ OpenRouter.",
    },
    "doctor.key.unusual": {
        "en": "OPENROUTER_API_KEY {shown} ({where}) starts like an OpenRouter key but has "
              "{length:character|characters} instead of 73 (sk-or-v1- and 64 hex digits): "
              "copied whole?",
        "ru": "OPENROUTER_API_KEY {shown} ({where}) начинается как ключ OpenRouter, но в нём "
              "{length:символ|символа|символов} вместо 73 (sk-or-v1- и 64 шестнадцатеричные "
              "цифры): он скопирован целиком?",
    },
    "doctor.key.unusual.fix": {
        "en": "Copy the whole key again (OpenRouter shows it only once: if it is lost, create a "
              "new one). The check with OpenRouter below has the final word.",
        "ru": "Скопируйте ключ целиком ещё раз (OpenRouter показывает его один раз: если он "
              "потерян, создайте новый). Окончательно решит проверка в OpenRouter ниже.",
    },
    "doctor.key.other_service": {
        "en": "OPENROUTER_API_KEY {shown} ({where}) is not an OpenRouter key (those start with "
              "sk-or-v1-): a key of another service, such as OpenAI's, does not work here.",
        "ru": "OPENROUTER_API_KEY {shown} ({where}) — не ключ OpenRouter (они начинаются с "
              "sk-or-v1-): ключ другого сервиса, например OpenAI, здесь не работает.",
    },
    "doctor.key.other_service.fix": {
        "en": "Create an OpenRouter key at openrouter.ai → Keys → Create API Key and put it in "
              "OPENROUTER_API_KEY.",
        "ru": "Создайте ключ OpenRouter (openrouter.ai → Keys → Create API Key) и впишите его в "
              "OPENROUTER_API_KEY.",
    },
    "doctor.key.foreign": {
        "en": "OPENROUTER_API_KEY {shown} ({where}) does not look like an OpenRouter key "
              "(sk-or-v1- and 64 hex digits).",
        "ru": "OPENROUTER_API_KEY {shown} ({where}) не похож на ключ OpenRouter (sk-or-v1- и "
              "64 шестнадцатеричные цифры).",
    },
    "doctor.key.foreign.fix": {
        "en": "Copy your key from openrouter.ai (Keys → Create API Key; it is shown once) into "
              "OPENROUTER_API_KEY.",
        "ru": "Скопируйте свой ключ с openrouter.ai (Keys → Create API Key; он показывается "
              "один раз) в OPENROUTER_API_KEY.",
    },
    "doctor.token.none": {
        "en": "TELEGRAM_BOT_TOKEN is not set: only the Telegram bot needs it (lesson 5); the "
              "console bot works without it.",
        "ru": "TELEGRAM_BOT_TOKEN не задан: он нужен только Telegram-боту (урок 5); консольный "
              "бот работает и без него.",
    },
    "doctor.token.ok": {
        "en": "TELEGRAM_BOT_TOKEN {shown} ({where}) has the shape of a bot token.",
        "ru": "TELEGRAM_BOT_TOKEN {shown} ({where}) по виду — токен бота.",
    },
    "doctor.token.bot_prefix": {
        "en": "TELEGRAM_BOT_TOKEN {shown} ({where}) starts with \"bot\": that belongs to the "
              "URL (…/bot<token>/getMe), not to the token.",
        "ru": "TELEGRAM_BOT_TOKEN {shown} ({where}) начинается с «bot»: это часть адреса "
              "(…/bot<токен>/getMe), а не токена.",
    },
    "doctor.token.bot_prefix.fix": {
        "en": "Delete \"bot\" in front: the token starts with the bot's number.",
        "ru": "Удалите «bot» в начале: токен начинается с номера бота.",
    },
    "doctor.token.unusual": {
        "en": "TELEGRAM_BOT_TOKEN {shown} ({where}) is shaped like a token but has "
              "{length:character|characters} (BotFather's have about 45): copied whole?",
        "ru": "TELEGRAM_BOT_TOKEN {shown} ({where}) похож на токен, но в нём "
              "{length:символ|символа|символов} (у BotFather их около 45): он скопирован целиком?",
    },
    "doctor.token.unusual.fix": {
        "en": "Copy the token again from @BotFather (/mybots → your bot → API Token). The "
              "check with Telegram below has the final word.",
        "ru": "Скопируйте токен заново у @BotFather (/mybots → ваш бот → API Token). "
              "Окончательно решит проверка в Telegram ниже.",
    },
    "doctor.token.foreign": {
        "en": "TELEGRAM_BOT_TOKEN {shown} ({where}) does not look like a bot token (the bot's "
              "number, a colon, then about 35 letters, digits, - and _).",
        "ru": "TELEGRAM_BOT_TOKEN {shown} ({where}) не похож на токен бота (номер бота, "
              "двоеточие и около 35 букв, цифр, - и _).",
    },
    "doctor.token.foreign.fix": {
        "en": "Get the token from @BotFather in Telegram (/newbot, or /mybots → your bot → API "
              "Token) and paste it whole.",
        "ru": "Получите токен у @BotFather в Telegram (/newbot или /mybots → ваш бот → API "
              "Token) и вставьте его целиком.",
    },
}
