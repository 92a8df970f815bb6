"""Messages of `python -m course_lib models check`."""

TEXTS: dict[str, dict[str, str]] = {
    "models.catalog.live": {
        "en": "Catalog: the live list of {url}/models ({count:model|models}).",
        "ru": "Каталог: текущий список {url}/models (моделей: {count}).",
    },
    "models.catalog.snapshot": {
        "en": "Catalog: the snapshot of {date} shipped with the course ({count:model|models}; the "
              "live catalog is not asked offline).",
        "ru": "Каталог: снимок от {date}, поставляемый с курсом (моделей: {count}; офлайн "
              "текущий каталог не запрашивается).",
    },
    "models.catalog.refreshed": {
        "en": "Catalog: the copy of the live catalog refreshed on {date} ({count:model|models}; "
              "python -m course_lib models refresh).",
        "ru": "Каталог: копия текущего каталога, обновлённая {date} (моделей: {count}; "
              "python -m course_lib models refresh).",
    },
    "models.catalog.fallback": {
        "en": "The live catalog could not be fetched ({error}).",
        "ru": "Текущий каталог получить не удалось ({error}).",
    },
    "models.refresh.saved": {
        "en": "Saved the {count:model|models} of {url}/models ({free} free) to {path}. The "
              "course now uses this catalog instead of the shipped snapshot; delete the file or "
              "run python -m course_lib models refresh --remove to go back.",
        "ru": "Сохранено моделей из {url}/models: {count} (бесплатных: {free}) в {path}. Теперь "
              "курс использует этот каталог вместо поставляемого снимка; чтобы вернуться, "
              "удалите файл или запустите python -m course_lib models refresh --remove.",
    },
    "models.refresh.no_key": {
        "en": "models refresh downloads OpenRouter's live catalog and needs OPENROUTER_API_KEY "
              "(in .env or the environment). Without it the course uses the snapshot of {date} "
              "it ships.",
        "ru": "models refresh скачивает текущий каталог OpenRouter, и ему нужен "
              "OPENROUTER_API_KEY (в .env или в окружении). Без него курс использует "
              "поставляемый снимок от {date}.",
    },
    "models.refresh.failed": {
        "en": "Could not download {url}/models: {error}. The catalog in use is unchanged.",
        "ru": "Не удалось скачать {url}/models: {error}. Используемый каталог не изменился.",
    },
    "models.refresh.removed": {
        "en": "Removed the refreshed catalog: the course uses the shipped snapshot of {date} "
              "again.",
        "ru": "Обновлённый каталог удалён: курс снова использует поставляемый снимок от {date}.",
    },
    "models.refresh.none": {
        "en": "There is no refreshed catalog: the course uses the shipped snapshot of {date}.",
        "ru": "Обновлённого каталога нет: курс использует поставляемый снимок от {date}.",
    },
    "models.suggest": {
        "en": "Free models to use instead: {models}.",
        "ru": "Бесплатные модели на замену: {models}.",
    },
    "models.registry.db": {
        "en": "Registry: {count:model|models} in {path}.",
        "ru": "Реестр: {count:модель|модели|моделей} в {path}.",
    },
    "models.registry.seed": {
        "en": "Registry: {path} does not exist yet; checking the {count:model|models} the bot "
              "will create it with.",
        "ru": "Реестр: {path} ещё не создан; проверяем {count:модель|модели|моделей} — "
              "столько бот запишет в него при создании.",
    },
    "models.registry.broken": {
        "en": "Cannot read the models registry from {path}: {problems} Run python -m "
              "course_lib doctor for the fix.",
        "ru": "Не удаётся прочитать реестр моделей из {path}: {problems} Как исправить, "
              "подскажет python -m course_lib doctor.",
    },
    "models.registry.empty": {
        "en": "The models registry in {path} is empty: nothing to check. "
              "python -c \"from course_lib import db; db.init_db()\" adds the 10 standard "
              "models.",
        "ru": "Реестр моделей в {path} пуст: проверять нечего. "
              "python -c \"from course_lib import db; db.init_db()\" добавит 10 стандартных "
              "моделей.",
    },
    "models.env_broken": {
        "en": "course_lib cannot read the .env file (is it UTF-8?). Run python -m course_lib "
              "doctor: it says what is wrong and how to fix it.",
        "ru": "course_lib не может прочитать файл .env (он в UTF-8?). Запустите python -m "
              "course_lib doctor: он скажет, что не так и как это исправить.",
    },
    "models.spacing": {
        "en": "Each model gets one request for one token; requests to free models go at least "
              "{spacing} s apart (free limit: 20 requests a minute).",
        "ru": "Каждой модели — один запрос на один токен; запросы к бесплатным моделям идут не "
              "чаще чем раз в {spacing} с (лимит: 20 запросов в минуту).",
    },
    "models.no_spacing": {
        "en": "Each model gets one request for one token.",
        "ru": "Каждой модели — один запрос на один токен.",
    },
    "models.column.id": {"en": "id", "ru": "№"},
    "models.column.model": {"en": "model", "ru": "модель"},
    "models.column.catalog": {"en": "catalog", "ru": "каталог"},
    "models.column.answer": {"en": "answer", "ru": "ответ"},
    "models.latency": {"en": "{ms} ms", "ru": "{ms} мс"},
    "models.not_in_live": {
        "en": "Not in the live catalog: the id is misspelt or the model was retired, so no "
              "request was sent. Replace it with a model from openrouter.ai/models?max_price=0.",
        "ru": "Нет в текущем каталоге: идентификатор с ошибкой или модель сняли, поэтому "
              "запрос не отправлялся. Замените её моделью с openrouter.ai/models?max_price=0.",
    },
    "models.day_skipped": {
        "en": "Not asked: the daily limit of free-model requests was reached above.",
        "ru": "Не запрашивалась: выше исчерпан дневной лимит запросов к бесплатным моделям.",
    },
    "models.empty_answer": {
        "en": "Answered with empty text (its one token went to reasoning): the model works.",
        "ru": "Ответила пустым текстом (единственный токен ушёл на рассуждение): модель "
              "работает.",
    },
    "models.summary.passed": {
        "en": "All {total:model|models} passed: listed in the catalog and answering.",
        "ru": "Все {total:модель|модели|моделей} в порядке: есть в каталоге и отвечают.",
    },
    "models.summary.failed": {
        "en": "{passed} of {total:model|models} passed; the lines under the others say why.",
        "ru": "В порядке {passed} из {total:модели|моделей|моделей}; почему не прошли "
              "остальные — в строках под ними.",
    },
    "models.summary.offline": {
        "en": "Offline: the local fake answered, not the real models; set OPENROUTER_API_KEY to "
              "check them at OpenRouter.",
        "ru": "Офлайн: отвечала локальная заглушка OpenRouter, а не настоящие модели; задайте "
              "OPENROUTER_API_KEY, чтобы проверить их в OpenRouter.",
    },
}
