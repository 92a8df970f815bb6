"""Messages of the doctor about the network: OpenRouter's URL, reachability, TLS, the key's
account and the privacy setting, and the Telegram Bot API.

The friendly explanation of an OpenRouter failure is the client's own (`texts/errors.py`); the
doctor shows it as the fix and adds here only what the client cannot know.
"""

TEXTS: dict[str, dict[str, str]] = {
    # --- base URL (field: url) ----------------------------------------------------------------
    "doctor.url.ok": {
        "en": "OPENROUTER_BASE_URL: {url}{default}.",
        "ru": "OPENROUTER_BASE_URL: {url}{default}.",
    },
    "doctor.url.default": {"en": " (the default)", "ru": " (по умолчанию)"},
    "doctor.url.quotes": {
        "en": "OPENROUTER_BASE_URL {url} has spaces or quote marks in it.",
        "ru": "В OPENROUTER_BASE_URL {url} есть пробелы или кавычки.",
    },
    "doctor.url.quotes.fix": {
        "en": "Write it plainly, OPENROUTER_BASE_URL=https://openrouter.ai/api/v1, or delete "
              "the line to get that default.",
        "ru": "Запишите его просто: OPENROUTER_BASE_URL=https://openrouter.ai/api/v1, или "
              "удалите строку — это значение по умолчанию.",
    },
    "doctor.url.scheme": {
        "en": "OPENROUTER_BASE_URL {url} is not a full URL: it must start with https:// "
              "(http:// only for the local fake).",
        "ru": "OPENROUTER_BASE_URL {url} — не полный адрес: он должен начинаться с https:// "
              "(http:// — только для локальной заглушки OpenRouter).",
    },
    "doctor.url.scheme.fix": {
        "en": "Use OPENROUTER_BASE_URL=https://openrouter.ai/api/v1, or delete the line to get "
              "that default.",
        "ru": "Укажите OPENROUTER_BASE_URL=https://openrouter.ai/api/v1 или удалите строку — "
              "это значение по умолчанию.",
    },
    "doctor.url.endpoint": {
        "en": "OPENROUTER_BASE_URL {url} includes /chat/completions: the client adds it itself, "
              "so requests would go to …/chat/completions/chat/completions and get 404.",
        "ru": "OPENROUTER_BASE_URL {url} содержит /chat/completions: клиент добавляет его сам, "
              "и запросы ушли бы на …/chat/completions/chat/completions с ответом 404.",
    },
    "doctor.url.endpoint.fix": {
        "en": "End it with /api/v1: OPENROUTER_BASE_URL=https://openrouter.ai/api/v1.",
        "ru": "Заканчивайте его на /api/v1: OPENROUTER_BASE_URL=https://openrouter.ai/api/v1.",
    },
    "doctor.url.path": {
        "en": "OPENROUTER_BASE_URL {url} does not end with /api/v1: every request would get "
              "404.",
        "ru": "OPENROUTER_BASE_URL {url} не заканчивается на /api/v1: на каждый запрос "
              "придёт 404.",
    },
    "doctor.url.path.fix": {
        "en": "End it with /api/v1: OPENROUTER_BASE_URL=https://openrouter.ai/api/v1.",
        "ru": "Заканчивайте его на /api/v1: OPENROUTER_BASE_URL=https://openrouter.ai/api/v1.",
    },
    "doctor.url.plain_http": {
        "en": "OPENROUTER_BASE_URL {url} uses plain http:// to another computer: your key "
              "would travel unencrypted.",
        "ru": "OPENROUTER_BASE_URL {url} использует простой http:// к другому компьютеру: ключ "
              "ушёл бы по сети незашифрованным.",
    },
    "doctor.url.plain_http.fix": {
        "en": "Use https://openrouter.ai/api/v1 (plain http:// is only for the local fake on "
              "127.0.0.1).",
        "ru": "Используйте https://openrouter.ai/api/v1 (простой http:// — только для "
              "локальной заглушки на 127.0.0.1).",
    },
    # --- offline mode and reachability --------------------------------------------------------
    "doctor.offline.ok": {
        "en": "Offline mode works: the local fake of OpenRouter started and answered a test "
              "request.",
        "ru": "Офлайн-режим работает: локальная заглушка OpenRouter запустилась и ответила на "
              "пробный запрос.",
    },
    "doctor.offline.fail": {
        "en": "Offline mode does not work: the local fake of OpenRouter did not answer.",
        "ru": "Офлайн-режим не работает: локальная заглушка OpenRouter не ответила.",
    },
    "doctor.reach.ok": {
        "en": "OpenRouter reached at {host}{tls}; its catalog lists {count:model|models}.",
        "ru": "OpenRouter доступен по адресу {host}{tls}; в его каталоге моделей: {count}.",
    },
    "doctor.reach.tls_ok": {
        "en": " over HTTPS, certificate verified",
        "ru": " по HTTPS, сертификат проверен",
    },
    "doctor.reach.tls_bundle": {
        "en": " over HTTPS, certificate verified with the CA bundle from {name}",
        "ru": " по HTTPS, сертификат проверен по корневым сертификатам из {name}",
    },
    "doctor.reach.plain": {
        "en": " over plain HTTP",
        "ru": " по простому HTTP",
    },
    "doctor.reach.local": {
        "en": "A local server answered at {host}{tls}, standing in for OpenRouter (the "
              "course's fake, for example); its catalog lists {count:model|models}.",
        "ru": "Вместо OpenRouter ответил локальный сервер {host}{tls} (например, "
              "локальная заглушка OpenRouter); в его каталоге моделей: {count}.",
    },
    "doctor.reach.fail": {
        "en": "OpenRouter is not reachable at {host}.",
        "ru": "OpenRouter недоступен по адресу {host}.",
    },
    "doctor.reach.tls": {
        "en": "The HTTPS certificate of {host} is not trusted: something between you and the "
              "server (a corporate proxy, an antivirus, a school network) intercepts HTTPS.",
        "ru": "HTTPS-сертификату {host} нет доверия: что-то между вами и сервером "
              "(корпоративный прокси, антивирус, сеть учебного заведения) перехватывает HTTPS.",
    },
    "doctor.reach.tls.how": {
        "en": "Get that CA from your IT department (a .pem or .crt file) or export it from the "
              "browser (padlock → certificate → the top one → export as Base64/PEM). Set the "
              "variable in your shell or system settings, not in .env: course_lib reads only "
              "its own variables from .env.",
        "ru": "Получите этот корневой сертификат у ИТ-отдела (файл .pem или .crt) или "
              "экспортируйте его из браузера (замок → сертификат → верхний в цепочке → экспорт "
              "в Base64/PEM). Задайте переменную в оболочке или в настройках системы, а не в "
              ".env: из .env course_lib читает только свои переменные.",
    },
    "doctor.reach.no_models": {
        "en": "{host} answered, but not with OpenRouter's list of models.",
        "ru": "{host} ответил, но не списком моделей OpenRouter.",
    },
    "doctor.reach.no_models.fix": {
        "en": "Check OPENROUTER_BASE_URL (it should be https://openrouter.ai/api/v1); a "
              "network's login page can also answer like this.",
        "ru": "Проверьте OPENROUTER_BASE_URL (должно быть https://openrouter.ai/api/v1); так "
              "же может отвечать страница входа в сеть (Wi-Fi с авторизацией).",
    },
    "doctor.ca.missing": {
        "en": "{name} points to {path}, which does not exist: every HTTPS request fails before "
              "it starts.",
        "ru": "{name} указывает на {path}, а такого файла нет: любой HTTPS-запрос падает, не "
              "начавшись.",
    },
    "doctor.ca.not_pem": {
        "en": "{name} points to {path}, which holds no PEM certificate (-----BEGIN "
              "CERTIFICATE-----).",
        "ru": "{name} указывает на {path}, но в нём нет сертификата в формате PEM (-----BEGIN "
              "CERTIFICATE-----).",
    },
    "doctor.ca.fix": {
        "en": "Point it at the PEM file of your proxy's root certificate (convert a binary "
              ".cer with: openssl x509 -inform der -in proxy.cer -out proxy.pem), or unset it "
              "to trust the usual CAs.",
        "ru": "Укажите в ней PEM-файл корневого сертификата прокси (двоичный .cer "
              "преобразуйте: openssl x509 -inform der -in proxy.cer -out proxy.pem) или "
              "удалите её, чтобы доверять обычным центрам сертификации.",
    },
    # --- the key's account and the privacy setting --------------------------------------------
    "doctor.auth.ok": {
        "en": "OpenRouter accepted the key {masked}: {tier}; {limits}; used so far: "
              "${usage:.4f}.",
        "ru": "OpenRouter принял ключ {masked}: {tier}; {limits}; потрачено: ${usage:.4f}.",
    },
    "doctor.auth.free_tier": {
        "en": "free tier (no credits bought: free models, 50 requests a day)",
        "ru": "бесплатный уровень (кредиты не покупались: бесплатные модели, 50 запросов в день)",
    },
    "doctor.auth.paid_tier": {
        "en": "credits bought (paid models possible)",
        "ru": "кредиты куплены (доступны платные модели)",
    },
    "doctor.auth.no_limit": {
        "en": "no credit limit on this key",
        "ru": "без лимита расходов на этом ключе",
    },
    "doctor.auth.limit": {
        "en": "credit limit ${limit:.2f}, ${left:.2f} left",
        "ru": "лимит расходов ${limit:.2f}, осталось ${left:.2f}",
    },
    "doctor.auth.spent": {
        "en": "The key {masked} has used up its credit limit of ${limit:.2f}: requests that cost "
              "money will fail with 402.",
        "ru": "Ключ {masked} исчерпал свой лимит расходов ${limit:.2f}: платные запросы будут "
              "получать 402.",
    },
    "doctor.auth.spent.fix": {
        "en": "Raise or remove the key's limit at openrouter.ai → Keys, or use :free models.",
        "ru": "Поднимите или снимите лимит ключа (openrouter.ai → Keys) или используйте "
              "модели :free.",
    },
    "doctor.auth.rejected": {
        "en": "OpenRouter rejected the key {masked} ({status}).",
        "ru": "OpenRouter отклонил ключ {masked} ({status}).",
    },
    "doctor.auth.fail": {
        "en": "Could not check the key {masked}: OpenRouter answered {status}.",
        "ru": "Не удалось проверить ключ {masked}: OpenRouter ответил {status}.",
    },
    "doctor.privacy.ok": {
        "en": "Free models answer: {model} replied to a one-token request (your privacy "
              "setting allows free endpoints).",
        "ru": "Бесплатные модели отвечают: {model} ответила на запрос в один токен (настройки "
              "приватности разрешают бесплатных провайдеров).",
    },
    "doctor.privacy.off": {
        "en": "Free models are blocked by your privacy settings: {model} answered 404 \"No "
              "endpoints found matching your data policy\".",
        "ru": "Бесплатные модели заблокированы настройками приватности: {model} ответила 404 "
              "«No endpoints found matching your data policy».",
    },
    "doctor.privacy.unknown": {
        "en": "Could not test the privacy setting: {model} answered {status} to a one-token "
              "request.",
        "ru": "Не удалось проверить настройку приватности: {model} ответила {status} на "
              "запрос в один токен.",
    },
    # --- Telegram (fields of the network failures: host, timeout) -----------------------------
    "doctor.getme.ok": {
        "en": "Telegram accepted the token {masked}: the bot is @{username}.",
        "ru": "Telegram принял токен {masked}: это бот @{username}.",
    },
    "doctor.getme.rejected": {
        "en": "Telegram rejected the token {masked} ({status} {description}): it is wrong or "
              "was revoked.",
        "ru": "Telegram отклонил токен {masked} ({status} {description}): он неверен или "
              "отозван.",
    },
    "doctor.getme.rejected.fix": {
        "en": "Copy the current token from @BotFather (/mybots → your bot → API Token) into "
              "TELEGRAM_BOT_TOKEN. If you set TELEGRAM_API_URL, it must be the Bot API "
              "(default https://api.telegram.org).",
        "ru": "Скопируйте действующий токен у @BotFather (/mybots → ваш бот → API Token) в "
              "TELEGRAM_BOT_TOKEN. Если задан TELEGRAM_API_URL, это должен быть Bot API "
              "(по умолчанию https://api.telegram.org).",
    },
    "doctor.getme.fail": {
        "en": "Telegram answered getMe with {status} {description}.",
        "ru": "Telegram ответил на getMe: {status} {description}.",
    },
    "doctor.getme.fail.fix": {
        "en": "Try again in a minute; if it stays, check TELEGRAM_API_URL (default "
              "https://api.telegram.org).",
        "ru": "Повторите через минуту; если не проходит, проверьте TELEGRAM_API_URL (по "
              "умолчанию https://api.telegram.org).",
    },
    "doctor.getme.unreachable": {
        "en": "The Telegram Bot API is not reachable at {host}.",
        "ru": "Telegram Bot API недоступен по адресу {host}.",
    },
    "doctor.getme.connect": {
        "en": "The connection to {host} was refused or dropped. Check your internet connection "
              "and TELEGRAM_API_URL; some networks block Telegram (use another network, or a "
              "proxy set in HTTPS_PROXY).",
        "ru": "Соединение с {host} отклонено или оборвано. Проверьте интернет и "
              "TELEGRAM_API_URL; некоторые сети блокируют Telegram (подключитесь к другой сети "
              "или задайте прокси в HTTPS_PROXY).",
    },
    "doctor.getme.dns": {
        "en": "The name {host} could not be found (DNS). Check your internet connection and "
              "the spelling of TELEGRAM_API_URL.",
        "ru": "Имя {host} не найдено (DNS). Проверьте интернет и написание TELEGRAM_API_URL.",
    },
    "doctor.getme.proxy": {
        "en": "The HTTP proxy failed or refused the connection to {host}: check HTTPS_PROXY "
              "and HTTP_PROXY.",
        "ru": "HTTP-прокси не смог соединиться с {host} или отказал: проверьте HTTPS_PROXY и "
              "HTTP_PROXY.",
    },
    "doctor.getme.timeout": {
        "en": "No answer from {host} within {timeout} s: the network is slow or blocks "
              "Telegram. Try again, or allow more time with --timeout 20.",
        "ru": "Нет ответа от {host} за {timeout} с: сеть медленная или блокирует Telegram. "
              "Повторите или дайте больше времени: --timeout 20.",
    },
}
