"""Messages of the setup doctor and of `models check`.

They are many, so they live in four modules beside this one, merged here (the text registry
in `course_lib.texts` knows only this catalog): `doctor_setup` (Python, .env, how a key or token
is written), `doctor_net` (OpenRouter and Telegram over the network), `doctor_report` (the
bot's database, the checklist itself) and `models_check`.
"""

from course_lib.texts import doctor_net, doctor_report, doctor_setup, models_check

TEXTS: dict[str, dict[str, str]] = {**doctor_setup.TEXTS, **doctor_net.TEXTS,
                                    **doctor_report.TEXTS, **models_check.TEXTS}
