"""Messages of `python -m course_lib models check`."""

TEXTS: dict[str, dict[str, str]] = {
    "models.catalog.live": {
        "en": "Catalog: the live list of {url}/models ({count} models).",
        "ru": "Каталог: текущий список {url}/models (моделей: {count}).",
    },
    "models.catalog.snapshot": {
        "en": "Catalog: the snapshot of {date} shipped with the course (offline: the live "
              "catalog is not asked).",
        "ru": "Каталог: снимок от {date}, поставляемый с курсом (офлайн: текущий каталог не "
              "запрашивается).",
    },
    "models.catalog.fallback": {
        "en": "Catalog: the live list could not be fetched ({error}); using the snapshot of "
              "{date} shipped with the course.",
        "ru": "Каталог: текущий список получить не удалось ({error}); используется снимок от "
              "{date}, поставляемый с курсом.",
    },
    "models.registry.db": {
        "en": "Registry: {count} models in {path}.",
        "ru": "Реестр: моделей в {path}: {count}.",
    },
    "models.registry.seed": {
        "en": "Registry: {path} does not exist yet; checking the {count} models the bot will "
              "create it with.",
        "ru": "Реестр: {path} ещё не создан; проверяются {count} моделей, с которыми бот его "
              "создаст.",
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
    "models.column.model": {"en": "model", "ru": "модель"},
    "models.column.catalog": {"en": "catalog", "ru": "каталог"},
    "models.column.answer": {"en": "answer", "ru": "ответ"},
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
        "en": "All {total} models passed: listed in the catalog and answering.",
        "ru": "Все {total} моделей в порядке: есть в каталоге и отвечают.",
    },
    "models.summary.failed": {
        "en": "{passed} of {total} models passed; the lines under the others say why.",
        "ru": "В порядке {passed} из {total} моделей; почему не прошли остальные — в строках "
              "под ними.",
    },
    "models.summary.offline": {
        "en": "Offline: the local fake answered, not the real models; set OPENROUTER_API_KEY to "
              "check them at OpenRouter.",
        "ru": "Офлайн: отвечала локальная заглушка, а не настоящие модели; задайте "
              "OPENROUTER_API_KEY, чтобы проверить их в OpenRouter.",
    },
}
