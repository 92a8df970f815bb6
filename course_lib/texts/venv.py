"""What a course command says when it runs outside the course's environment (`.venv`).

Read by `course_lib.doctor.interpreter` before anything else is imported, so this module holds
plain data only. `{commands}` is a block of commands, one per line, indented: each can be
copied whole, with no punctuation after it.
"""

TEXTS: dict[str, dict[str, str]] = {
    "venv.outside": {
        "en": "This Python ({python}) is not the course's environment: it lacks {missing}, so "
              "nothing was run. Run the same command with the course's Python instead, from "
              "the course folder:\n\n{commands}\n",
        "ru": "Этот Python ({python}) — не окружение курса: в нём нет {missing}, поэтому "
              "ничего не запущено. Запустите ту же команду через Python курса, из папки "
              "курса:\n\n{commands}\n",
    },
    "venv.or_make": {
        "en": "or, with make:\n\n{commands}\n",
        "ru": "или через make:\n\n{commands}\n",
    },
    "venv.no_venv": {
        "en": "This Python ({python}) is not the course's environment: it lacks {missing}, so "
              "nothing was run. The course's environment (.venv) does not exist yet. Create "
              "it once, from the course folder:\n\n{commands}\n",
        "ru": "Этот Python ({python}) — не окружение курса: в нём нет {missing}, поэтому "
              "ничего не запущено. Окружения курса (.venv) ещё нет. Создайте его один раз, из "
              "папки курса:\n\n{commands}\n",
    },
    "venv.then": {
        "en": "then run:\n\n{commands}\n",
        "ru": "затем запустите:\n\n{commands}\n",
    },
    "venv.partial": {
        "en": "The course's environment ({python}) lacks {missing}: its installation is "
              "incomplete, so nothing was run. Install the packages again, from the course "
              "folder:\n\n{commands}\n\nthen run the same command again.",
        "ru": "В окружении курса ({python}) нет {missing}: оно установлено не полностью, "
              "поэтому ничего не запущено. Установите пакеты заново, из папки курса:"
              "\n\n{commands}\n\nи снова запустите ту же команду.",
    },
    "venv.activate": {
        "en": "(To type plain `python` instead, activate the environment once per terminal; "
              "README: \"Activating the environment\".)",
        "ru": "(Чтобы писать просто `python` без пути, активируйте окружение, один раз в каждом "
              "терминале: README.md, раздел «Activating the environment».)",
    },
}
