"""The one line that says whether the course talks to OpenRouter or to its local fake."""

TEXTS: dict[str, dict[str, str]] = {
    "offline.real": {
        "en": "OpenRouter: {url} (key {masked}).",
        "ru": "OpenRouter: {url} (ключ {masked}).",
    },
    "offline.fake": {
        "en": "Offline mode: no OPENROUTER_API_KEY, so a local fake of OpenRouter answers "
              "(canned answers, no real model).",
        "ru": "Офлайн-режим: OPENROUTER_API_KEY не задан, поэтому отвечает локальная заглушка "
              "OpenRouter (заготовленные ответы, не настоящая модель).",
    },
}
