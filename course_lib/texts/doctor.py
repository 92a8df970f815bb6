"""Messages of the setup doctor and of `models check`.

They are many, so they live in five modules beside this one, merged here (the text registry
in `course_lib.texts` knows only this catalog): `doctor_setup` (Python, .env, the shell),
`doctor_secrets` (how a key or token is written), `doctor_net` (OpenRouter and Telegram over
the network), `doctor_report` (the bot's database, the checklist itself) and `models_check`.
"""

from course_lib.texts import (
    doctor_net,
    doctor_report,
    doctor_secrets,
    doctor_setup,
    models_check,
)

PARTS = (doctor_setup, doctor_secrets, doctor_net, doctor_report, models_check)
TEXTS: dict[str, dict[str, str]] = {key: entry for part in PARTS
                                    for key, entry in part.TEXTS.items()}
