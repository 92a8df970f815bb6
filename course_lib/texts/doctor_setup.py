"""Messages of the doctor about Python, the `.env` file and how a key or token is written.

A `.fix` key is the one-line advice shown under a ✗ or ! line. `{shown}` is always a masked
value (or a plain placeholder), `{where}` says where it came from ("in .env", "in the shell").
"""

TEXTS: dict[str, dict[str, str]] = {
    # --- Python -------------------------------------------------------------------------------
    "doctor.python.ok": {
        "en": "Python {version}{venv} (3.10 or newer is needed).",
        "ru": "Python {version}{venv} (нужен 3.10 или новее).",
    },
    "doctor.python.venv": {
        "en": ", in a virtual environment",
        "ru": ", в виртуальном окружении",
    },
    "doctor.python.old": {
        "en": "Python {version} is too old: the course needs 3.10 or newer.",
        "ru": "Python {version} слишком старый: курсу нужен 3.10 или новее.",
    },
    "doctor.python.old.fix": {
        "en": "Install Python 3.10+ (python.org), recreate the virtual environment with it "
              "(python3.12 -m venv .venv) and reinstall (make install).",
        "ru": "Установите Python 3.10+ (python.org), пересоздайте с ним виртуальное окружение "
              "(python3.12 -m venv .venv) и переустановите пакеты (make install).",
    },
    "doctor.packages.ok": {
        "en": "The course's packages are installed: {names}.",
        "ru": "Пакеты курса установлены: {names}.",
    },
    "doctor.packages.missing": {
        "en": "Packages the course needs are missing or broken: {names}.",
        "ru": "Нужные курсу пакеты не установлены или повреждены: {names}.",
    },
    "doctor.packages.extra": {
        "en": "Not installed (only the notebooks need them): {names}.",
        "ru": "Не установлены (нужны только для ноутбуков): {names}.",
    },
    "doctor.packages.fix": {
        "en": "Install them into the Python you run, the course's virtual environment: "
              "{command}. In Jupyter, choose that environment's kernel.",
        "ru": "Установите их в тот Python, который запускаете, — в виртуальное окружение курса: "
              "{command}. В Jupyter выберите ядро этого окружения.",
    },
    # --- the .env file ------------------------------------------------------------------------
    "doctor.env.ok": {
        "en": "Found {path}, in UTF-8 as course_lib reads it.",
        "ru": "Найден {path}, в кодировке UTF-8, как его читает course_lib.",
    },
    "doctor.env.bom": {
        "en": " It starts with a BOM (\"UTF-8 with BOM\"): tolerated.",
        "ru": " В начале стоит BOM («UTF-8 с BOM»): это допустимо.",
    },
    "doctor.env.crlf": {
        "en": " Windows line endings (CRLF): tolerated.",
        "ru": " Переводы строк в стиле Windows (CRLF): это допустимо.",
    },
    "doctor.env.utf16": {
        "en": "{path} is saved as UTF-16 (Notepad's \"Unicode\"). course_lib and python-dotenv "
              "read only UTF-8: none of its settings is used, and course_lib's commands fail "
              "on it.",
        "ru": "{path} сохранён в UTF-16 (в Блокноте — «Юникод»). course_lib и python-dotenv "
              "читают только UTF-8: ни одна настройка из него не используется, а команды "
              "course_lib на нём падают.",
    },
    "doctor.env.not_utf8": {
        "en": "{path} is not UTF-8 (byte {byte} on line {line}); it was probably saved as "
              "ANSI/Windows-1251. course_lib cannot read it: none of its settings is used.",
        "ru": "{path} не в UTF-8 (байт {byte} в строке {line}); вероятно, он сохранён как "
              "ANSI/Windows-1251. course_lib не может его прочитать: ни одна настройка из "
              "него не используется.",
    },
    "doctor.env.resave": {
        "en": "Save it again as UTF-8: Notepad: File → Save as → Encoding: UTF-8; VS Code: "
              "click the encoding in the status bar → Save with Encoding → UTF-8. (A BOM and "
              "CRLF line endings are fine.)",
        "ru": "Пересохраните его в UTF-8: Блокнот: Файл → Сохранить как → Кодировка: UTF-8; "
              "VS Code: щёлкните кодировку в строке состояния → Save with Encoding → UTF-8. "
              "(BOM и переводы строк CRLF допустимы.)",
    },
    "doctor.env.unreadable": {
        "en": "Cannot read {path}: {error}.",
        "ru": "Не удаётся прочитать {path}: {error}.",
    },
    "doctor.env.unreadable.fix": {
        "en": "Make the file readable by you (macOS/Linux: chmod 600 .env) and close any "
              "program that keeps it locked.",
        "ru": "Сделайте файл доступным вам для чтения (macOS/Linux: chmod 600 .env) и "
              "закройте программу, которая его блокирует.",
    },
    "doctor.env.lookalike": {
        "en": "No .env file, but {folder} holds {name}: course_lib reads only a file named "
              "exactly .env, so none of its settings is used.",
        "ru": "Файла .env нет, но в {folder} есть {name}: course_lib читает только файл с "
              "именем ровно .env, поэтому ни одна настройка из него не используется.",
    },
    "doctor.env.lookalike.fix": {
        "en": "Rename it: ren {name} .env (Windows) or mv {name} .env (macOS/Linux). Windows "
              "Explorer hides \".txt\": turn on View → File name extensions.",
        "ru": "Переименуйте его: ren {name} .env (Windows) или mv {name} .env (macOS/Linux). "
              "Проводник Windows скрывает «.txt»: включите Вид → Расширения имён файлов.",
    },
    "doctor.env.none": {
        "en": "No .env file in {folder} or the folders above it.",
        "ru": "Файла .env нет ни в {folder}, ни в папках выше.",
    },
    "doctor.env.none.fix": {
        "en": "Fine for offline mode. For your own key: copy .env.example to .env in the course "
              "folder (where you start Jupyter or the bot) and fill it in.",
        "ru": "Для офлайн-режима это нормально. Для своего ключа скопируйте .env.example в .env "
              "в папке курса (там, где запускаете Jupyter или бота) и заполните его.",
    },
    "doctor.env.none_shell": {
        "en": "No .env file: the settings come from the environment (the key is set in the "
              "shell).",
        "ru": "Файла .env нет: настройки берутся из окружения (ключ задан в оболочке).",
    },
    "doctor.lines.ok": {
        "en": "Every line of .env reads as NAME=value ({count} variables).",
        "ru": "Каждая строка .env читается как ИМЯ=значение (переменных: {count}).",
    },
    "doctor.lines.unparsed": {
        "en": "Line {line} of .env is not NAME=value: python-dotenv skips it.",
        "ru": "Строка {line} в .env — не ИМЯ=значение: python-dotenv её пропускает.",
    },
    "doctor.lines.unparsed_name": {
        "en": "Line {line} of .env mentions {name} but is not NAME=value (\"set NAME=…\", "
              "\"NAME value\", an unclosed quote…): python-dotenv skips it, so it does not "
              "set {name}.",
        "ru": "Строка {line} в .env упоминает {name}, но это не ИМЯ=значение («set ИМЯ=…», "
              "«ИМЯ значение», незакрытая кавычка…): python-dotenv её пропускает, и {name} из "
              "неё не задаётся.",
    },
    "doctor.lines.misspelt": {
        "en": "Line {line} sets {name}, which course_lib does not read: did you mean {meant}?",
        "ru": "Строка {line} задаёт {name}, а course_lib такую переменную не читает: "
              "может быть, имелась в виду {meant}?",
    },
    "doctor.lines.fix": {
        "en": "Write each setting on its own line as NAME=value, with the exact upper-case "
              "names of .env.example; quotes around the value are optional.",
        "ru": "Пишите каждую настройку отдельной строкой как ИМЯ=значение, с точными именами "
              "(заглавными буквами) из .env.example; кавычки вокруг значения необязательны.",
    },
    "doctor.dup.ok": {
        "en": "No variable is set twice in .env.",
        "ru": "Ни одна переменная не задана в .env дважды.",
    },
    "doctor.dup.same": {
        "en": "{name} is set on lines {lines} of .env, with the same value: harmless, but keep "
              "one (line {last} is the one used).",
        "ru": "{name} задана в строках {lines} файла .env с одним и тем же значением: это "
              "безвредно, но оставьте одну (используется строка {last}).",
    },
    "doctor.dup.differ": {
        "en": "{name} is set on lines {lines} of .env. python-dotenv keeps the last one, so "
              "line {last} wins: {value}.",
        "ru": "{name} задана в строках {lines} файла .env. python-dotenv берёт последнюю, "
              "поэтому действует строка {last}: {value}.",
    },
    "doctor.dup.hidden": {
        "en": "The value on line {line} looks real, but the placeholder or empty value on line "
              "{last} replaces it: this is how a real key ends up hidden.",
        "ru": "Значение в строке {line} похоже на настоящее, но заглушка или пустое значение в "
              "строке {last} его заменяет: так настоящий ключ и «пропадает».",
    },
    "doctor.dup.fix": {
        "en": "Keep exactly one line per variable: delete the others (usually the placeholder "
              "line copied from .env.example).",
        "ru": "Оставьте по одной строке на переменную, остальные удалите (обычно это строка-"
              "заглушка, скопированная из .env.example).",
    },
    "doctor.shell.ok": {
        "en": "No variable of .env is overridden by the shell.",
        "ru": "Ни одну переменную из .env не перекрывает оболочка.",
    },
    "doctor.shell.override": {
        "en": "{name} is also set in the shell ({shell}), and the shell wins over .env "
              "({dotenv}): course_lib uses the shell's value.",
        "ru": "{name} задана ещё и в оболочке ({shell}), а оболочка важнее .env ({dotenv}): "
              "course_lib берёт значение из оболочки.",
    },
    "doctor.shell.empty": {
        "en": "{name} is set but empty in the shell ({shell}), and the shell wins over .env "
              "({dotenv}): course_lib sees no value at all.",
        "ru": "{name} задана в оболочке, но пустая ({shell}), а оболочка важнее .env "
              "({dotenv}): course_lib не видит значения вовсе.",
    },
    "doctor.shell.fix_unix": {
        "en": "Remove it: unset {name} in this terminal, and delete its export line from {rc} "
              "(or ~/.profile) so new terminals do not set it again; restart Jupyter. A "
              "notebook that ran load_dotenv() keeps old values until its kernel restarts.",
        "ru": "Уберите её: unset {name} в этом терминале и удалите строку export из {rc} "
              "(или ~/.profile), чтобы новые терминалы её не задавали; перезапустите Jupyter. "
              "Ноутбук, вызвавший load_dotenv(), хранит старые значения до перезапуска ядра.",
    },
    "doctor.shell.fix_windows": {
        "en": "Remove it: PowerShell: Remove-Item Env:{name}; cmd: set {name}=. If setx or "
              "the system set it, delete it in Settings → \"Edit environment variables for "
              "your account\", open a new terminal and restart Jupyter (a notebook that ran "
              "load_dotenv() keeps old values until its kernel restarts).",
        "ru": "Уберите её: PowerShell: Remove-Item Env:{name}; cmd: set {name}=. Если её "
              "задал setx или система, удалите её в Параметрах → «Изменение переменных среды "
              "текущего пользователя», откройте новый терминал и перезапустите Jupyter "
              "(ноутбук, вызвавший load_dotenv(), хранит старые значения до перезапуска ядра).",
    },
    # --- how a key or token is written (fields: name, shown, where, length) -------------------
    "doctor.where.shell": {"en": "set in the shell", "ru": "задан в оболочке"},
    "doctor.where.dotenv": {"en": "from .env", "ru": "из .env"},
    "doctor.shape.placeholder": {
        "en": "{name} ({where}) is still a placeholder, {shown}, not a real value.",
        "ru": "{name} ({where}) — всё ещё заглушка, {shown}, а не настоящее значение.",
    },
    "doctor.shape.placeholder.fix": {
        "en": "Replace the whole placeholder, < > and all, by your own value: {name}= followed "
              "by the value only.",
        "ru": "Замените всю заглушку, вместе с < >, своим значением: {name}= и сразу само "
              "значение.",
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
              "{length} characters instead of 73 (sk-or-v1- and 64 hex digits): copied whole?",
        "ru": "OPENROUTER_API_KEY {shown} ({where}) начинается как ключ OpenRouter, но в нём "
              "{length} символов вместо 73 (sk-or-v1- и 64 шестнадцатеричные цифры): он "
              "скопирован целиком?",
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
        "en": "TELEGRAM_BOT_TOKEN {shown} ({where}) is shaped like a token but has {length} "
              "characters (BotFather's have about 45): copied whole?",
        "ru": "TELEGRAM_BOT_TOKEN {shown} ({where}) похож на токен, но в нём {length} символов "
              "(у BotFather их около 45): он скопирован целиком?",
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
