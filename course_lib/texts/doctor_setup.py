"""Messages of the doctor about Python, the `.env` file and shell variables over it.

A `.fix` key is the one-line advice shown under a ✗ or ! line.
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
        "ru": "Не установлены (нужны только для блокнотов): {names}.",
    },
    "doctor.packages.fix": {
        "en": "Install them into the course's virtual environment and run the course with "
              "it (in Jupyter, choose that environment's kernel). From the course folder: "
              "{command}",
        "ru": "Установите их в виртуальное окружение курса и запускайте курс в нём (в Jupyter "
              "выберите ядро этого окружения). Из папки курса: {command}",
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
        "en": "Every line of .env reads as NAME=value (variables: {count}).",
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
        "en": "{name} is set on lines {lines} of .env, and python-dotenv keeps the last one: "
              "{winner} on line {last} hides the real-looking {what} on line {line}, so "
              "course_lib never sees it.",
        "ru": "{name} задана в строках {lines} файла .env, а python-dotenv берёт последнюю: "
              "{winner} в строке {last} скрывает похожий на настоящий {what} из строки {line}, "
              "и course_lib его не видит.",
    },
    "doctor.dup.hidden.fix": {
        "en": "Delete line {last} of .env (usually copied from .env.example): then the {what} "
              "on line {line} is the one used.",
        "ru": "Удалите строку {last} из .env (обычно её копируют из .env.example): тогда будет "
              "действовать {what} из строки {line}.",
    },
    "doctor.dup.winner": {"en": "the value {value}", "ru": "значение {value}"},
    "doctor.dup.empty": {"en": "an empty value", "ru": "пустое значение"},
    "doctor.dup.what.OPENROUTER_API_KEY": {"en": "key", "ru": "ключ"},
    "doctor.dup.what.TELEGRAM_BOT_TOKEN": {"en": "token", "ru": "токен"},
    "doctor.dup.fix": {
        "en": "Keep exactly one line per variable: delete the others (usually the placeholder "
              "line copied from .env.example).",
        "ru": "Оставьте по одной строке на переменную, остальные удалите (обычно это строка-"
              "заполнитель, скопированная из .env.example).",
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
              "Блокнот, вызвавший load_dotenv(), хранит старые значения до перезапуска ядра.",
    },
    "doctor.shell.fix_windows": {
        "en": "Remove it in PowerShell with Remove-Item Env:{name} or in cmd with set {name}= "
              "(nothing after the equals sign). If setx or the system set it, delete it in "
              "Settings → \"Edit environment variables for your account\", open a new "
              "terminal and restart Jupyter (a notebook that ran load_dotenv() keeps old "
              "values until its kernel restarts).",
        "ru": "Уберите её в PowerShell командой Remove-Item Env:{name} или в cmd командой set "
              "{name}= (после знака равенства ничего не пишите). Если её задал setx или "
              "система, удалите её в Параметрах → «Изменение переменных среды текущего "
              "пользователя», откройте новый терминал и перезапустите Jupyter (блокнот, "
              "вызвавший load_dotenv(), хранит старые значения до перезапуска ядра).",
    },
}
