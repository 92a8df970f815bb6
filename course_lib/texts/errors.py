"""Friendly messages of the OpenRouter client: what happened, and what to do about it.

Fields in braces are filled in by `course_lib.openrouter_errors`: `{detail}` is OpenRouter's own
words (shortened, any key removed), `{model}` the model id, `{host}` the server's name.
"""

TEXTS: dict[str, dict[str, str]] = {
    "or.no_key": {
        "en": "No OpenRouter key: OPENROUTER_API_KEY is not set. Put your key in the .env file "
              "(copy .env.example), or work offline with the local fake.",
        "ru": "Нет ключа OpenRouter: переменная OPENROUTER_API_KEY не задана. Впишите ключ в файл "
              ".env (скопируйте .env.example) или работайте офлайн с локальной заглушкой "
              "OpenRouter.",
    },
    "or.401.missing_header": {
        "en": "OpenRouter received no key (\"{detail}\"): the Authorization: Bearer header did "
              "not go out. Check that your HTTP client sends it.",
        "ru": "OpenRouter не получил ключ («{detail}»): заголовок Authorization: Bearer не был "
              "отправлен. Проверьте, что ваш HTTP-клиент его передаёт.",
    },
    "or.401": {
        "en": "OpenRouter rejected the key {masked}: it is invalid or revoked (\"{detail}\"). "
              "Check OPENROUTER_API_KEY in .env, or create a new key at openrouter.ai → Keys.",
        "ru": "OpenRouter отклонил ключ {masked}: он неверен или отозван («{detail}»). Проверьте "
              "OPENROUTER_API_KEY в .env или создайте новый ключ: openrouter.ai → Keys.",
    },
    "or.400.model": {
        "en": "\"{model}\" is not a valid OpenRouter model id. Ids look like provider/model-name "
              "(with :free for the free variant); see openrouter.ai/models or /models in the bot.",
        "ru": "«{model}» — не идентификатор модели OpenRouter. Он выглядит как provider/model-name "
              "(с :free для бесплатного варианта); список — на openrouter.ai/models или /models.",
    },
    "or.400": {
        "en": "OpenRouter could not accept the request (bad request format): {detail}. Check the "
              "model id, the messages and the parameters you send.",
        "ru": "OpenRouter не принял запрос (неверный формат): {detail}. Проверьте идентификатор "
              "модели, сообщения и параметры запроса.",
    },
    "or.402": {
        "en": "Not enough credits on your OpenRouter account for this request. Use a :free model, "
              "lower max_tokens, or add credits at openrouter.ai/settings/credits.",
        "ru": "На счёте OpenRouter не хватает кредитов для этого запроса. Выберите модель :free, "
              "уменьшите max_tokens или пополните счёт: openrouter.ai/settings/credits.",
    },
    "or.403.moderation": {
        "en": "The request was blocked by the model's moderation ({detail}). Rephrase the "
              "question or pick another model.",
        "ru": "Запрос заблокирован модерацией модели ({detail}). Переформулируйте вопрос или "
              "выберите другую модель.",
    },
    "or.403": {
        "en": "No access to this model ({detail}). Your key may not be allowed to use it: pick "
              "another model.",
        "ru": "Нет доступа к этой модели ({detail}). Вашему ключу она может быть недоступна: "
              "выберите другую модель.",
    },
    "or.404.privacy": {
        "en": "No free endpoint matches your privacy settings. Open "
              "https://openrouter.ai/settings/privacy, enable \"Enable free endpoints that may "
              "publish prompts\", and try again.",
        "ru": "Ни один бесплатный провайдер не подходит под ваши настройки приватности. Откройте "
              "https://openrouter.ai/settings/privacy, включите «Enable free endpoints that may "
              "publish prompts» и повторите запрос.",
    },
    "or.404.model": {
        "en": "No provider serves {model} right now (\"{detail}\"). The model may have been "
              "retired: choose another one with /models.",
        "ru": "Сейчас модель {model} никто не обслуживает («{detail}»). Возможно, её убрали: "
              "выберите другую через /models.",
    },
    "or.404": {
        "en": "Endpoint not found at {host}: check OPENROUTER_BASE_URL, it should end with "
              "/api/v1.",
        "ru": "Адрес не найден на {host}: проверьте OPENROUTER_BASE_URL, он должен "
              "заканчиваться на /api/v1.",
    },
    "or.408": {
        "en": "OpenRouter gave up waiting for the model (408 Request Timeout). Try again, or ask "
              "for a shorter answer.",
        "ru": "OpenRouter не дождался ответа модели (408 Request Timeout). Повторите запрос или "
              "попросите ответ покороче.",
    },
    "or.429.minute": {
        "en": "Free-model limit reached: 20 requests per minute. Wait {wait} s and try again.",
        "ru": "Достигнут лимит бесплатных моделей: 20 запросов в минуту. Подождите {wait} с и "
              "повторите.",
    },
    "or.429.day": {
        "en": "Daily free-model limit reached (50 requests a day; 1000 once you have bought $10 "
              "of credits). Try again tomorrow, add credits, or use a paid model.",
        "ru": "Исчерпан дневной лимит бесплатных моделей (50 запросов в день; 1000, если куплено "
              "кредитов на $10). Попробуйте завтра, пополните счёт или выберите платную модель.",
    },
    "or.429.upstream": {
        "en": "The provider of {model} is limiting free requests right now: \"{detail}\". Wait a "
              "little, or switch to another model with /model.",
        "ru": "Провайдер модели {model} сейчас ограничивает бесплатные запросы: «{detail}». "
              "Подождите немного или переключитесь на другую модель через /model.",
    },
    "or.429": {
        "en": "Too many requests: OpenRouter is rate-limiting you. Wait {wait} s and try again.",
        "ru": "Слишком много запросов: OpenRouter ограничивает частоту. Подождите {wait} с и "
              "повторите.",
    },
    "or.500": {
        "en": "OpenRouter had an internal error (500 Internal Server Error): a fault on their "
              "side, not in your code. Try again in a minute.",
        "ru": "Внутренняя ошибка OpenRouter (500 Internal Server Error): сбой на их стороне, а не "
              "в вашем коде. Повторите через минуту.",
    },
    "or.502": {
        "en": "The model's provider{provider} failed (502 Bad Gateway): OpenRouter reached it, "
              "but it returned an error instead of an answer. Try again, or switch model with "
              "/model.",
        "ru": "Провайдер модели{provider} дал сбой (502 Bad Gateway): OpenRouter до него "
              "достучался, но вместо ответа получил ошибку. Повторите или смените модель "
              "через /model.",
    },
    "or.503": {
        "en": "No provider is available for this model right now (503 Service Unavailable): they "
              "are overloaded or down. Try again in a few minutes, or pick another model.",
        "ru": "Для этой модели сейчас нет доступного провайдера (503 Service Unavailable): они "
              "перегружены или недоступны. Повторите через несколько минут или выберите другую.",
    },
    "or.504": {
        "en": "The model did not answer in time (504 Gateway Timeout): the provider is too slow "
              "right now. Try again, ask for a shorter answer, or pick a faster model.",
        "ru": "Модель не ответила вовремя (504 Gateway Timeout): провайдер сейчас слишком "
              "медленный. Повторите, попросите ответ короче или выберите модель быстрее.",
    },
    "or.other": {
        "en": "OpenRouter is unavailable (HTTP {status}): service unavailable, try again later.",
        "ru": "OpenRouter недоступен (HTTP {status}): сервис не отвечает, попробуйте позже.",
    },
    "or.html": {
        "en": " The answer was an HTML page (\"{detail}\"), not OpenRouter's JSON: a proxy or "
              "gateway between you and OpenRouter sent it.",
        "ru": " Пришла HTML-страница («{detail}»), а не JSON от OpenRouter: её прислал прокси или "
              "шлюз между вами и OpenRouter.",
    },
    "or.in_200": {
        "en": " (OpenRouter reported this inside a 200 OK answer.)",
        "ru": " (OpenRouter сообщил об этом внутри ответа 200 OK.)",
    },
    "or.finish_error": {
        "en": "The model stopped with an error in the middle of its answer (\"{detail}\"). Try "
              "again, or switch model with /model.",
        "ru": "Модель остановилась с ошибкой посреди ответа («{detail}»). Повторите или смените "
              "модель через /model.",
    },
    "or.stream_error": {
        "en": "The streamed answer broke off with an error (\"{detail}\"). Try again.",
        "ru": "Потоковый ответ оборвался с ошибкой («{detail}»). Повторите запрос.",
    },
    "or.malformed": {
        "en": "OpenRouter's answer was not valid JSON (it may have been cut off). Try again.",
        "ru": "Ответ OpenRouter — некорректный JSON (возможно, он оборвался). Повторите запрос.",
    },
    "or.unexpected": {
        "en": "OpenRouter's answer had an unexpected shape ({detail}). Try again; if it keeps "
              "happening, the API may have changed.",
        "ru": "Ответ OpenRouter имеет неожиданный вид ({detail}). Повторите; если это "
              "повторяется, возможно, изменился API.",
    },
    "or.unexpected.not_object": {"en": "a JSON {kind}", "ru": "JSON типа {kind}, а не объект"},
    "or.unexpected.no_choices": {"en": "no choices", "ru": "нет списка choices"},
    "or.empty": {
        "en": "The model returned an empty answer (finish reason: {detail}). Reasoning models "
              "can spend all of max_tokens on thinking: raise max_tokens or pick another model.",
        "ru": "Модель вернула пустой ответ (причина остановки: {detail}). Рассуждающие модели "
              "могут потратить весь max_tokens на размышления: увеличьте его или смените модель.",
    },
    "or.connect": {
        "en": "Cannot connect to {host}: the connection was refused or dropped. Check your "
              "internet connection and OPENROUTER_BASE_URL (offline: start the local fake).",
        "ru": "Не удаётся подключиться к {host}: соединение отклонено или оборвано. Проверьте "
              "интернет и OPENROUTER_BASE_URL (без сети запустите локальную заглушку OpenRouter).",
    },
    "or.dns": {
        "en": "Cannot find the server {host} (DNS lookup failed). Check your internet "
              "connection and the spelling of OPENROUTER_BASE_URL.",
        "ru": "Сервер {host} не найден (ошибка DNS). Проверьте интернет и написание "
              "OPENROUTER_BASE_URL.",
    },
    "or.proxy": {
        "en": "The HTTP proxy failed or refused the connection to {host}. Check the HTTPS_PROXY "
              "and HTTP_PROXY settings (or ask your network administrator).",
        "ru": "HTTP-прокси не смог соединиться с {host} или отказал. Проверьте настройки "
              "HTTPS_PROXY и HTTP_PROXY (или спросите администратора сети).",
    },
    "or.tls": {
        "en": "The secure connection to {host} failed certificate verification ({detail}). "
              "Usually a corporate proxy or antivirus intercepts HTTPS: get its CA certificate "
              "and set REQUESTS_CA_BUNDLE (or SSL_CERT_FILE) to that file. Never turn "
              "verification off: that would expose your key.",
        "ru": "Защищённое соединение с {host} не прошло проверку сертификата ({detail}). Обычно "
              "HTTPS перехватывает корпоративный прокси или антивирус: получите его корневой "
              "сертификат и укажите файл в REQUESTS_CA_BUNDLE (или SSL_CERT_FILE). Не отключайте "
              "проверку: так вы раскроете свой ключ.",
    },
    "or.ca_missing": {
        "en": "The CA certificate file {path} (from REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE or "
              "SSL_CERT_FILE) does not exist. Fix the path, or unset the variable to use the "
              "default certificates.",
        "ru": "Файла сертификатов {path} (из REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE или "
              "SSL_CERT_FILE) не существует. Исправьте путь или уберите переменную, чтобы "
              "использовать стандартные сертификаты.",
    },
    "or.timeout": {
        "en": "No answer from {host} within {timeout} s. The model may be slow or the network "
              "down: try again, or raise timeout_s.",
        "ru": "Нет ответа от {host} за {timeout} с. Модель может быть медленной или пропала "
              "сеть: повторите или увеличьте timeout_s.",
    },
}
