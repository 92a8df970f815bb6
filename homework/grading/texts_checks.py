"""What each check is called, and the hints a student reads when it fails (English, Russian).

A hint says what was observed and where to look, never the code that fixes it.
"""

TITLES: dict[str, dict[str, str]] = {
    "t1.env_key": {"en": "The client sends the key from OPENROUTER_API_KEY",
                   "ru": "Клиент отправляет ключ из OPENROUTER_API_KEY"},
    "t1.no_literal": {"en": "No key written in the code",
                      "ru": "В коде не записан ключ"},
    "t1.missing_key": {"en": "No key: OpenRouterError(401) and no request sent",
                       "ru": "Нет ключа: OpenRouterError(401) и ни одного запроса"},
    "t2.count": {"en": "Exactly 10 models after init_db()",
                 "ru": "Ровно 10 моделей после init_db()"},
    "t2.keys": {"en": "Model ids: unique, provider/model shape, in the catalog",
                "ru": "Идентификаторы моделей: уникальные, вида provider/model, есть в каталоге"},
    "t2.labels": {"en": "Every model has a label", "ru": "У каждой модели есть название"},
    "t2.one_active": {"en": "Exactly one active model at the start",
                      "ru": "В начале активна ровно одна модель"},
    "t2.switch_all": {"en": "Switching works for every ordered pair of models",
                      "ru": "Переключение работает для любой упорядоченной пары моделей"},
    "t2.bot_models": {"en": "The bot's /models lists the 10 models of its database",
                      "ru": "/models в боте показывает 10 моделей из своей базы"},
    "t2.bot_switch": {"en": "The bot switches models with /model",
                      "ru": "Бот переключает модели командой /model"},
    "t3.json": {"en": "{status}: OpenRouterError({status}) with its own explanation",
                "ru": "{status}: OpenRouterError({status}) со своим объяснением"},
    "t3.html": {"en": "{status} as a proxy's HTML page: OpenRouterError({status}), own explanation",
                "ru": "{status} в виде HTML-страницы прокси: OpenRouterError({status}), своё "
                      "объяснение"},
    "t3.bot": {"en": "{status}: the bot's /ask reply explains it",
               "ru": "{status}: ответ бота на /ask объясняет ошибку"},
}

HINTS: dict[str, dict[str, str]] = {
    "import_failed": {
        "en": "Importing {module}.py failed: {error}",
        "ru": "Не удалось импортировать {module}.py: {error}"},
    "no_answer": {
        "en": "Your code gave no answer ({why}) while the grader called {what}.",
        "ru": "Ваш код не ответил ({why}), когда проверка вызвала {what}."},
    "env_key.no_request": {
        "en": "chat_once sent no request to OpenRouter ({outcome}). Is OPENROUTER_BASE_URL "
              "still used to build the address?",
        "ru": "chat_once не отправил запрос в OpenRouter ({outcome}). Адрес по-прежнему "
              "строится из OPENROUTER_BASE_URL?"},
    "env_key.other": {
        "en": "The request carried a key, but not the one in the environment variable "
              "OPENROUTER_API_KEY. Where does your client take the key from?",
        "ru": "В запросе был ключ, но не тот, что в переменной окружения OPENROUTER_API_KEY. "
              "Откуда ваш клиент берёт ключ?"},
    "env_key.none": {
        "en": "The request had no Authorization header.",
        "ru": "В запросе не было заголовка Authorization."},
    "env_key.malformed": {
        "en": "The key was in the Authorization header, but not as \"Bearer <key>\".",
        "ru": "Ключ был в заголовке Authorization, но не в виде «Bearer <ключ>»."},
    "no_literal": {
        "en": "Key-shaped text at {places}. A key belongs in .env only, never in the code.",
        "ru": "Текст в форме ключа: {places}. Ключу место только в .env, не в коде."},
    "no_literal.request": {
        "en": "With OPENROUTER_API_KEY not set, a key shaped like sk-or-… still reached the "
              "request's Authorization header: your code holds a key of its own, however it "
              "is written. A key belongs in .env only.",
        "ru": "Без OPENROUTER_API_KEY в заголовок Authorization запроса всё равно попал ключ "
              "вида sk-or-…: в вашем коде есть собственный ключ, как бы он ни был записан. "
              "Ключу место только в .env."},
    "no_literal.request_other": {
        "en": "With the grader's key in OPENROUTER_API_KEY, the request carried another key "
              "shaped like sk-or-…: your code holds a key of its own. A key belongs in .env "
              "only.",
        "ru": "Хотя в OPENROUTER_API_KEY был ключ проверки, запрос нёс другой ключ вида "
              "sk-or-…: в вашем коде есть собственный ключ. Ключу место только в .env."},
    "no_literal.variables": {
        "en": "After import, these variables hold key-shaped text: {names}. A key belongs in "
              ".env only, however it is put together.",
        "ru": "После импорта в этих переменных текст в форме ключа: {names}. Ключу место "
              "только в .env, как бы его ни собирали."},
    "missing_key.sent": {
        "en": "With OPENROUTER_API_KEY not set, your client still sent {count} request(s). "
              "What should happen before any request when there is no key?",
        "ru": "Без OPENROUTER_API_KEY ваш клиент всё равно отправил запросов: {count}. Что "
              "должно произойти до запроса, если ключа нет?"},
    "missing_key.wrong": {
        "en": "With OPENROUTER_API_KEY not set, chat_once should raise OpenRouterError with "
              "status 401; it {outcome}.",
        "ru": "Без OPENROUTER_API_KEY chat_once должен выбросить OpenRouterError со статусом "
              "401; а он {outcome}."},
    "init_failed": {
        "en": "init_db() failed: {error}", "ru": "init_db() завершился ошибкой: {error}"},
    "db_unreadable": {
        "en": "The grader could not read the models table after init_db(): {error}",
        "ru": "Проверка не смогла прочитать таблицу models после init_db(): {error}"},
    "count": {
        "en": "The models table has {count} row(s) after init_db(); the task asks for 10.",
        "ru": "После init_db() в таблице models строк: {count}; по заданию нужно 10."},
    "not_extended": {
        "en": "Checked once the list is longer than the lecture's 4 models (now: {count}).",
        "ru": "Проверяется, когда в списке больше 4 моделей из лекции (сейчас: {count})."},
    "keys": {
        "en": "Problems with model ids: {problems}. Ids look like provider/model-name:free; "
              "see the catalog snapshot (python -m course_lib models check).",
        "ru": "Проблемы с идентификаторами: {problems}. Они выглядят как "
              "provider/model-name:free; сверьтесь с каталогом (python -m course_lib models "
              "check)."},
    "labels": {
        "en": "Models without a label: {ids}.", "ru": "Модели без названия: {ids}."},
    "one_active": {
        "en": "{count} models are active after init_db(); exactly one must be. Look at the "
              "active values of your seed rows and at what keeps them unique.",
        "ru": "После init_db() активных моделей: {count}, а должна быть ровно одна. Посмотрите "
              "на значения active в начальных строках и на то, что их ограничивает."},
    "few_models": {
        "en": "Fewer than two models: there is nothing to switch.",
        "ru": "Меньше двух моделей: переключать нечего."},
    "switch_error": {
        "en": "Switching from model {source} to model {target} failed: {error}. "
              "{done} of {pairs} switches worked before. Think about what the unique index "
              "sees in the middle of one UPDATE statement.",
        "ru": "Переключение с модели {source} на модель {target} не удалось: {error}. До "
              "этого прошло {done} из {pairs}. Подумайте, что видит уникальный индекс в "
              "середине одного UPDATE."},
    "switch_state": {
        "en": "After switching from model {source} to model {target}, the database file shows "
              "active: {active}.",
        "ru": "После переключения с модели {source} на модель {target} в файле базы "
              "активны: {active}."},
    "bot_not_started": {
        "en": "The bot did not start polling Telegram ({problem}). The end of its output: "
              "{stderr}",
        "ru": "Бот не начал опрашивать Telegram ({problem}). Конец его вывода: {stderr}"},
    "bot_silent": {
        "en": "The bot did not reply to {command}.",
        "ru": "Бот не ответил на {command}."},
    "bot_models": {
        "en": "/models named {count} of the {rows} models in the bot's database{missing}; "
              "expected all 10, each by its key or by its label and id.",
        "ru": "/models назвал {count} из {rows} моделей в базе бота{missing}; нужны все 10, "
              "каждая по ключу или по названию и номеру."},
    "bot_models.missing": {"en": " (not listed: {ids})", "ru": " (не показаны: {ids})"},
    "bot_models.padded": {
        "en": "/models shows lines that look like models but name none in the bot's database: "
              "{lines}",
        "ru": "В /models есть строки, похожие на модели, но ни одной модели из базы бота они не "
              "называют: {lines}"},
    "bot_switch": {
        "en": "After /model {target} the bot's database shows active: {active}. {reply}",
        "ru": "После /model {target} в базе бота активны: {active}. {reply}"},
    "bot_switch.reply": {"en": "The reply was: {reply}", "ru": "Ответ был: {reply}"},
    "bot_db": {
        "en": "The grader could not read the bot's database (the file named by COURSE_DB, or "
              "the SQLite file the bot made in its folder): {error}",
        "ru": "Проверка не смогла прочитать базу бота (файл из COURSE_DB или файл SQLite, "
              "который бот создал в своей папке): {error}"},
    "bot_switch_show": {
        "en": "/model without an id should show the active model (its key or label).",
        "ru": "/model без номера должен показать активную модель (её ключ или название)."},
    "t3.not_error": {
        "en": "Expected OpenRouterError({status}); chat_once {outcome}.",
        "ru": "Ожидалась OpenRouterError({status}); а chat_once {outcome}."},
    "t3.status": {
        "en": "OpenRouterError has status {got}; the server answered {status}.",
        "ru": "У OpenRouterError статус {got}, а сервер ответил {status}."},
    "t3.no_request": {
        "en": "No request reached OpenRouter, so this error did not come from the server.",
        "ru": "Запрос не дошёл до OpenRouter: эта ошибка пришла не от сервера."},
    "t3.short": {
        "en": "\"{msg}\" is too short to explain anything: what happened, and what to do?",
        "ru": "«{msg}» — слишком коротко: что случилось и что делать?"},
    "t3.fallback": {
        "en": "\"{msg}\" is the generic fallback (the same as for an unknown status). What does "
              "{status} mean, and what can the user do?",
        "ru": "«{msg}» — общее сообщение (то же, что для неизвестного статуса). Что значит "
              "{status} и что может сделать пользователь?"},
    "t3.same": {
        "en": "\"{msg}\" is the same explanation as for {other} (numbers and the server's own "
              "words aside). Each status needs its own.",
        "ru": "«{msg}» — то же объяснение, что и для {other} (не считая чисел и слов самого "
              "сервера). У каждого статуса должно быть своё."},
    "t3.copied": {
        "en": "\"{msg}\" is mostly the course's own text (course_lib's messages or a lesson), "
              "in this order or another. The task asks for an explanation of {status} in your "
              "own words.",
        "ru": "«{msg}» — по большей части текст самого курса (сообщения course_lib или урок), "
              "в том же порядке или в другом. Задание просит объяснить {status} своими "
              "словами."},
    "t3.no_meaning": {
        "en": "\"{msg}\" does not say what {status} means for a call to OpenRouter: what went "
              "wrong, and on whose side? (The server's own words, such as the status's name, "
              "do not count.)",
        "ru": "«{msg}» не говорит, что значит {status} для запроса к OpenRouter: что случилось "
              "и на чьей стороне? (Слова самого сервера, например название статуса, не "
              "считаются.)"},
    "t3.no_action": {
        "en": "\"{msg}\" says what {status} means, but not what the user can do about it.",
        "ru": "«{msg}» объясняет, что значит {status}, но не что может сделать пользователь."},
    "t3.bot_no_reply": {
        "en": "/ask got no reply while OpenRouter answered {status}.",
        "ru": "Пока OpenRouter отвечал {status}, /ask остался без ответа."},
    "no_reply": {"en": "The bot did not reply.", "ru": "Бот не ответил."},
    "not_checked.stopped": {
        "en": "Not checked: the checks runner was stopped after it hung or crashed repeatedly "
              "in {group}: {calls}. This call was never made.",
        "ru": "Не проверено: проверяющий процесс остановлен после повторных зависаний или сбоев "
              "в {group}: {calls}. Этот вызов не делался."},
    "not_checked.deadline": {
        "en": "Not checked: the time for the whole submission ran out before this call (the "
              "calls before it used it up).",
        "ru": "Не проверено: время на всю работу кончилось до этого вызова (его израсходовали "
              "предыдущие вызовы)."},
    "group.db": {"en": "task 2 (the database)", "ru": "задании 2 (база данных)"},
    "group.key": {"en": "task 1 (the key)", "ru": "задании 1 (ключ)"},
    "group.errors": {"en": "task 3 (the 5xx errors)", "ru": "задании 3 (ошибки 5xx)"},
    "group.main": {"en": "the checks", "ru": "проверках"},
    "outcome.skipped": {"en": "was not called", "ru": "не вызывался"},
    "outcome.returned": {"en": "returned normally", "ru": "вернул ответ без ошибки"},
    "outcome.timeout": {"en": "did not return in time", "ru": "не вернул результат вовремя"},
    "outcome.dead": {"en": "ended the process", "ru": "завершил процесс"},
    "outcome.failed": {"en": "failed: {error}", "ru": "завершился ошибкой: {error}"},
    "outcome.raised": {"en": "raised {type}: {text}", "ru": "выбросил {type}: {text}"},
    "outcome.raised_status": {"en": "raised {type} with status {status}",
                              "ru": "выбросил {type} со статусом {status}"},
}
