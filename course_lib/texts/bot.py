"""Every reply of the course bot, in English and Russian.

`bot.cmd.*` are the short descriptions of the command menu (`setMyCommands`: 1–256 characters),
`bot.syntax.*` how a command with arguments is typed. Fields in braces are filled in by
`course_lib.bot`; a value the user typed is always shortened before it is shown back.
"""

TEXTS: dict[str, dict[str, str]] = {
    # The command menu, in the order of /help.
    "bot.cmd.start": {"en": "what this bot does", "ru": "что умеет этот бот"},
    "bot.cmd.help": {"en": "list of commands", "ru": "список команд"},
    "bot.cmd.note_add": {"en": "add a note", "ru": "добавить заметку"},
    "bot.cmd.note_list": {"en": "your newest notes", "ru": "ваши последние заметки"},
    "bot.cmd.note_find": {"en": "find notes by text", "ru": "найти заметки по тексту"},
    "bot.cmd.note_edit": {"en": "change a note", "ru": "изменить заметку"},
    "bot.cmd.note_del": {"en": "delete a note", "ru": "удалить заметку"},
    "bot.cmd.note_count": {"en": "how many notes you have", "ru": "сколько у вас заметок"},
    "bot.cmd.note_export": {"en": "all notes as a .txt file", "ru": "все заметки файлом .txt"},
    "bot.cmd.note_stats": {"en": "notes per day", "ru": "заметки по дням"},
    "bot.cmd.models": {"en": "the models you can use", "ru": "доступные модели"},
    "bot.cmd.model": {"en": "show or switch the active model",
                      "ru": "показать или сменить активную модель"},
    "bot.cmd.ask": {"en": "ask the active model a question", "ru": "задать вопрос модели"},
    "bot.syntax.note_add": {"en": "/note_add <text>", "ru": "/note_add <текст>"},
    "bot.syntax.note_list": {"en": "/note_list [N]", "ru": "/note_list [N]"},
    "bot.syntax.note_find": {"en": "/note_find <text>", "ru": "/note_find <текст>"},
    "bot.syntax.note_edit": {"en": "/note_edit <id> <text>", "ru": "/note_edit <номер> <текст>"},
    "bot.syntax.note_del": {"en": "/note_del <id>", "ru": "/note_del <номер>"},
    "bot.syntax.note_stats": {"en": "/note_stats [days]", "ru": "/note_stats [дней]"},
    "bot.syntax.model": {"en": "/model [ID]", "ru": "/model [ID]"},
    "bot.syntax.ask": {"en": "/ask <question>", "ru": "/ask <вопрос>"},
    # Greeting, help and the replies to input that is not a known command.
    "bot.start": {
        "en": "Hello! I keep your notes and answer questions with a language model through "
              "OpenRouter.",
        "ru": "Привет! Я храню ваши заметки и отвечаю на вопросы с помощью языковой модели "
              "через OpenRouter.",
    },
    "bot.help.title": {"en": "Commands:", "ru": "Команды:"},
    "bot.usage": {"en": "Usage: {syntax} — {description}.",
                  "ru": "Использование: {syntax} — {description}."},
    "bot.empty": {
        "en": "I got an empty message. Send a command, for example /help",
        "ru": "Пришло пустое сообщение. Отправьте команду, например /help",
    },
    "bot.plain_text": {
        "en": "To ask the model, start the message with /ask, for example: /ask what is HTTP? "
              "All commands: /help",
        "ru": "Чтобы спросить модель, начните сообщение с /ask, например: /ask что такое HTTP? "
              "Все команды: /help",
    },
    "bot.unknown": {
        "en": "Unknown command {command}, see /help",
        "ru": "Неизвестная команда {command}, список команд: /help",
    },
    "bot.wrong_case": {
        "en": "Commands are written in lowercase: try {command}",
        "ru": "Команды пишутся строчными буквами: попробуйте {command}",
    },
    "bot.other_bot": {
        "en": "That command is addressed to @{bot}, not to me (@{me}). To use it here, send it "
              "without the @ part: {command}",
        "ru": "Эта команда адресована @{bot}, а не мне (@{me}). Чтобы выполнить её здесь, "
              "отправьте её без части с @: {command}",
    },
    "bot.unexpected": {
        "en": "Unexpected error: something went wrong inside the bot. Try again; if it happens "
              "again, tell the course team.",
        "ru": "Непредвиденная ошибка: что-то сломалось внутри бота. Повторите; если ошибка "
              "повторится, сообщите команде курса.",
    },
    # Numbers in arguments.
    "bot.number.not_number": {
        "en": "“{value}” is not a whole number. {usage}",
        "ru": "«{value}» — не целое число. {usage}",
    },
    "bot.number.not_positive": {
        "en": "The number must be 1 or more, got {value}. {usage}",
        "ru": "Число должно быть не меньше 1, получено {value}. {usage}",
    },
    "bot.number.too_large": {
        "en": "That number is too large: at most {max}. {usage}",
        "ru": "Слишком большое число: не больше {max}. {usage}",
    },
    # Notes.
    "bot.note.bad_id": {
        "en": "A note id is a whole number such as 3, got “{value}”. Your ids: /note_list",
        "ru": "Номер заметки — целое число, например 3, получено «{value}». Ваши номера: "
              "/note_list",
    },
    "bot.note.id_not_positive": {
        "en": "Note ids start at 1, got {value}. Your ids: /note_list",
        "ru": "Номера заметок начинаются с 1, получено {value}. Ваши номера: /note_list",
    },
    "bot.note.not_found": {
        "en": "You have no note #{id}. Your notes: /note_list",
        "ru": "У вас нет заметки №{id}. Ваши заметки: /note_list",
    },
    "bot.note.too_long": {
        "en": "That note has {length:character|characters}; a note holds at most {max}. "
              "Shorten it or split it into several notes.",
        "ru": "В заметке {length:символ|символа|символов}, а помещается не больше {max}. "
              "Сократите её или "
              "разбейте на несколько заметок.",
    },
    "bot.note.added": {"en": "Note #{id} saved.", "ru": "Заметка №{id} сохранена."},
    "bot.note.line": {"en": "#{id} · {when} UTC\n{text}", "ru": "№{id} · {when} UTC\n{text}"},
    "bot.note.updated": {"en": "Note #{id} updated.", "ru": "Заметка №{id} изменена."},
    "bot.note.deleted": {"en": "Note #{id} deleted.", "ru": "Заметка №{id} удалена."},
    "bot.note.none": {
        "en": "You have no notes yet. Add one: /note_add <text>",
        "ru": "У вас пока нет заметок. Добавьте: /note_add <текст>",
    },
    "bot.note.list_title": {
        "en": "Your newest notes ({shown} of {total}):",
        "ru": "Ваши последние заметки ({shown} из {total}):",
    },
    "bot.note.found_title": {
        "en": "Notes containing “{needle}” ({shown} of {total}):",
        "ru": "Заметки, где есть «{needle}» ({shown} из {total}):",
    },
    "bot.note.found_none": {
        "en": "None of your notes contains “{needle}”.",
        "ru": "Ни в одной вашей заметке нет «{needle}».",
    },
    "bot.note.count": {"en": "Your notes: {count}.", "ru": "Ваших заметок: {count}."},
    "bot.note.export_empty": {
        "en": "Nothing to export: you have no notes yet. Add one: /note_add <text>",
        "ru": "Выгружать нечего: у вас пока нет заметок. Добавьте: /note_add <текст>",
    },
    "bot.note.export_caption": {
        "en": "Your notes: {count} (a UTF-8 text file).",
        "ru": "Ваши заметки: {count} (текстовый файл в UTF-8).",
    },
    "bot.note.export_title": {
        "en": "Notes: {count}, exported {when} UTC",
        "ru": "Заметок: {count}, выгружено {when} UTC",
    },
    "bot.note.stats_title": {
        "en": "Notes per day over the last {days:day|days} (UTC dates):",
        "ru": "Заметки по дням за {days:последний # день|последние # дня|последние # дней} "
              "(даты по UTC):",
    },
    "bot.note.stats_total": {"en": "Total: {count}", "ru": "Всего: {count}"},
    "bot.note.stats_none": {
        "en": "No notes in the last {days:day|days}.",
        "ru": "За {days:последний # день|последние # дня|последние # дней} заметок нет.",
    },
    # Models and /ask (COURSE_BRIEF items 8 and 10).
    "bot.models.title": {"en": "Models (★ = active):", "ru": "Доступные модели (★ — активная):"},
    "bot.models.hint": {"en": "activate: /model <ID>", "ru": "переключить: /model <ID>"},
    "bot.model.active": {"en": "Active model: {model}", "ru": "Активная модель: {model}"},
    "bot.model.switched": {"en": "Active model is now: {model}",
                           "ru": "Теперь активная модель: {model}"},
    "bot.ask.system": {
        "en": "Answer briefly and to the point. Make technical answers correct and give them "
              "as numbered points.",
        "ru": "Отвечай кратко и по делу. Технические ответы давай корректные и по пунктам, "
              "с нумерацией.",
    },
    # The lecture's status line (tests and the homework's checks read the English one).
    "bot.ask.footer": {"en": "({ms} ms; model: {model})", "ru": "({ms} мс; модель: {model})"},
    "bot.ask.error": {"en": "Error: {error}", "ru": "Ошибка: {error}"},
    "bot.ask.cut": {
        "en": "(Your question has {length:character|characters}: only its first {max} went "
              "to the model.)",
        "ru": "(В вопросе {length:символ|символа|символов}: модели ушли только первые "
              "{max}.)",
    },
    # The console front end and the `bot` command.
    "bot.console.banner": {
        "en": "Course bot in the terminal, as local user {user_id}. /help lists the commands; "
              "/quit or Ctrl+D leaves.",
        "ru": "Бот курса в терминале, от имени локального пользователя {user_id}. Команды — "
              "/help; выход — /quit или Ctrl+D.",
    },
    "bot.console.db": {"en": "Database: {path}", "ru": "База данных: {path}"},
    "bot.console.typing": {"en": "(waiting for the model…)", "ru": "(ждём ответа модели…)"},
    "bot.console.saved": {"en": "Saved {path} — {caption}", "ru": "Сохранено {path} — {caption}"},
    "bot.console.line_cut": {
        "en": "This line reached the terminal's limit and was not sent to the bot: a terminal "
              "passes at most {limit:byte|bytes} per line ({limit:Latin letter|Latin "
              "letters}, about {cyrillic} Cyrillic ones) and drops the rest. Send a long text "
              "in parts: a note holds up to {max:character|characters}, so split it into "
              "several /note_add (or send it from Telegram, which has no such limit).",
        "ru": "Строка упёрлась в предел терминала и не отправлена боту: в строку терминала "
              "помещается {limit:байт|байта|байт} ({limit:латинская буква|латинские "
              "буквы|латинских букв}, кириллических — около {cyrillic}), остальное теряется. "
              "Отправляйте длинный текст частями: в заметку помещается "
              "{max:символ|символа|символов}, так что разбейте его на несколько /note_add "
              "(или отправьте из Telegram, где такого предела нет).",
    },
    "bot.console.bye": {"en": "Bye!", "ru": "Пока!"},
    # The Telegram front end (course_lib.bot.telegram): start-up problems and status lines.
    "bot.tg.text_only": {
        "en": "I understand text messages only. Send a command, for example /help",
        "ru": "Я понимаю только текстовые сообщения. Отправьте команду, например /help",
    },
    "bot.tg.no_token": {
        "en": "TELEGRAM_BOT_TOKEN is not set. Create a bot with @BotFather in Telegram (/newbot), "
              "then put its token in .env: TELEGRAM_BOT_TOKEN=<token>. Without Telegram, run the "
              "same bot in the terminal: python -m course_lib bot --console",
        "ru": "TELEGRAM_BOT_TOKEN не задан. Создайте бота у @BotFather в Telegram (/newbot) и "
              "запишите его токен в .env: TELEGRAM_BOT_TOKEN=<токен>. Без Telegram того же бота "
              "можно запустить в терминале: python -m course_lib bot --console",
    },
    "bot.tg.bad_token": {
        "en": "TELEGRAM_BOT_TOKEN ({masked}) does not look like a bot token: @BotFather gives "
              "digits, a colon and then letters, digits, - and _, with no spaces or quotes. "
              "Copy it again from @BotFather (/mybots -> API Token) into .env.",
        "ru": "TELEGRAM_BOT_TOKEN ({masked}) не похож на токен бота: @BotFather выдаёт цифры, "
              "двоеточие, затем буквы, цифры, - и _, без пробелов и кавычек. Скопируйте его "
              "заново у @BotFather (/mybots -> API Token) в .env.",
    },
    "bot.tg.rejected": {
        "en": "Telegram rejected the token {masked} (401 Unauthorized): it is mistyped or was "
              "revoked. Get the current one from @BotFather (/mybots -> API Token) and put it "
              "in TELEGRAM_BOT_TOKEN.",
        "ru": "Telegram отклонил токен {masked} (401 Unauthorized): в нём опечатка или его "
              "отозвали. Возьмите действующий у @BotFather (/mybots -> API Token) и запишите в "
              "TELEGRAM_BOT_TOKEN.",
    },
    "bot.tg.api_error": {
        "en": "The Bot API at {url} answered {status}: {description}. Is TELEGRAM_API_URL right?",
        "ru": "Bot API по адресу {url} ответил {status}: {description}. Верен ли "
              "TELEGRAM_API_URL?",
    },
    "bot.tg.not_bot_api": {
        "en": "The server at {url} does not answer like the Telegram Bot API. Is TELEGRAM_API_URL "
              "right? (https://api.telegram.org, or the URL that python -m course_lib "
              "fake-telegram prints)",
        "ru": "Сервер по адресу {url} отвечает не так, как Telegram Bot API. Верен ли "
              "TELEGRAM_API_URL? (https://api.telegram.org или адрес, который печатает "
              "python -m course_lib fake-telegram)",
    },
    "bot.tg.unreachable": {
        "en": "Cannot reach the Bot API at {url}: {error}. Check the network (behind a proxy: "
              "HTTPS_PROXY) and TELEGRAM_API_URL.",
        "ru": "Не удаётся связаться с Bot API по адресу {url}: {error}. Проверьте сеть (за "
              "прокси — HTTPS_PROXY) и TELEGRAM_API_URL.",
    },
    "bot.tg.running": {
        "en": "Bot @{username} is running (Bot API: {url}). Ctrl+C stops it.",
        "ru": "Бот @{username} запущен (Bot API: {url}). Остановить — Ctrl+C.",
    },
    "bot.tg.stopped": {"en": "Bot stopped.", "ru": "Бот остановлен."},
    # The Telegram fake's user, when the bot's reply does not come (lessons, tests).
    "bot.fake_user.no_reply": {
        "en": "{name} (chat {chat}) waited {timeout} s for {count:new message|new messages} "
              "from the bot and got {got_n}: {got}",
        "ru": "{name} (чат {chat}) ждёт от бота {count:новое сообщение|новых сообщения|новых "
              "сообщений}, но за {timeout} с пришло {got_n}: {got}",
    },
}
