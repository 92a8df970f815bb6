"""What counts as an explanation of 500, 502, 503 or 504: what it means, and what to do.

Task 3 asks, for each status, for an explanation in the student's own words of what the
status means for an OpenRouter call and what the user can do. A message counts when it
names the status's meaning (a concept of `MEANINGS`) and an action (`ACTIONS`), in English
or Russian, once the server's own words are gone (`normalise`): a client that pastes
"Service temporarily unavailable" from the response (or its Russian, «Сервис временно
недоступен») has not explained 503. Concepts are stems and short phrases, not sentences, so
that honest wordings (and Russian inflections) match: "провайдер модели дал сбой", "the
upstream host returned garbage". A message that is mostly one passage of the course
(course_lib's texts, the lessons, the slides), in any order, is not the student's own words
(`copied`, see `copies`).

The lists are the course's documented concepts per status (COURSE_BRIEF.md): 500 an error
inside OpenRouter, not the user's fault; 502 the model's provider failed or answered with
garbage; 503 no provider available, overloaded or down; 504 the provider took too long.
"""

from __future__ import annotations

import re

from course_lib.fakes.openrouter.errors import MESSAGES, PROVIDER_RAW, phrase
from homework.grading import copies

STATUSES = (500, 502, 503, 504)
# The server's own words: OpenRouter's messages, the reason phrases of an HTML page, "nginx".
# (Not the bare "Error" of an unknown status: that word is every student's too.)
# 503's words in Russian too: they are the starter's Russian fallback («Сервис недоступен,
# попробуйте позже.»), which must explain nothing, as its English one ("Service unavailable").
TRANSLATED = {"сервис недоступен", "сервис временно недоступен"}
SERVER_WORDS = sorted({MESSAGES[s] for s in STATUSES} | {phrase(s) for s in STATUSES}
                      | {PROVIDER_RAW, "nginx"} | TRANSLATED, key=len, reverse=True)
_SERVER = re.compile("|".join(rf"\b{re.escape(words.lower())}(?!\w)" for words in SERVER_WORDS))
GAP = r"(?:\w+ ){0,3}"  # up to three words in between

# Where things break, whose fault it is, what is busy or slow: one tuple of patterns each.
MEANINGS: dict[int, tuple[str, ...]] = {
    500: (r"\binternal", r"\b(their|its|openrouter s?|server s?|service s?) (own )?(side|end)\b",
          r"\bnot " + GAP + r"(your|you|the user s?) (\w+ )?(fault|mistake|doing|code|side)",
          r"\bnot (caused by|because of|due to) (you|your)", r"\bnothing (you|to do with you)",
          r"\bopenrouter (itself|internally)",
          r"\b(bug|fault|failure|crash|glitch|malfunction|problem|error|outage|issue|hiccup)s? "
          r"(\w+ ){0,2}(in|at|on|inside|within|of|with) openrouter",
          r"\bopenrouter (s )?" + GAP + r"(had|has|hit|ran into|encountered|got|suffered|"
          r"broke|crashed|failed|malfunction|errored|is broken|messed up)",
          r"внутренн", r"на (их|его|ее|её|той|чужой) сторон",
          r"на сторон\w* (openrouter|опенроутер|сервер|сервис|платформ)",
          r"\bне " + GAP + r"(ваш|вас|пользовател)\w* (\w+ )?(вин|ошибк|код|запрос|сторон)",
          r"ни при ч[её]м", r"не из за вас", r"\bне винова",
          r"(сбо|ошибк|поломк|неполадк|проблем|баг|авари)\w* (на|в|у|внутри|самого) (\w+ )?"
          r"(openrouter|опенроутер)",
          r"(openrouter|опенроутер)\w* " + GAP + r"(слома|упал|сбо|ошиб|не справ|отказ|глюч)",
          r"\bсам\w* (openrouter|опенроутер|сервер|сервис)"),
    502: (r"\b(provider|upstream|vendor|third party|backend|host)\w*" + r".*" +
          r"\b(fail|error|crash|broke|invalid|bad|wrong|garbage|garbled|malformed|unexpected|"
          r"problem|glitch|malfunction|fault|nonsense|corrupt|incorrect|messed)",
          r"\b(fail|error|crash|broke|invalid|bad|wrong|garbage|garbled|malformed|unexpected|"
          r"problem|glitch|malfunction|fault|nonsense|corrupt|incorrect)\w* .*"
          r"\b(provider|upstream|vendor|third party|backend)",
          r"(?<!to the )(?<!for the )(?<!to )\b(model|ai)( s)? (itself |provider |server |host )?"
          r"(failed|crashed|broke|errored|malfunctioned|returned (an )?(error|garbage|nonsense))",
          r"\b(bad|invalid|broken|garbled|wrong|unexpected|malformed|faulty|corrupt\w*|error) "
          r"(\w+ ){0,2}(response|answer|reply|data|result)s? (\w+ ){0,2}(from|of|by) "
          r"(the |its )?(model|provider|upstream|server|host)",
          r"(провайдер|поставщик|хостинг|хост|сторонн|бэкенд|бекенд|компани)\w* .*"
          r"(сбо|ошиб|слома|упал|некоррект|неверн|неправильн|испорч|непонятн|мусор|криво|"
          r"неожиданн|проблем|отказ|не смог|не сумел|не справ|не ответ|повреж|глюч)",
          r"(сбо|ошиб|слома|упал|некоррект|неверн|испорч|мусор|проблем)\w* .*"
          r"(провайдер|поставщик|хостинг|сторонн)",
          r"модел\w* " + GAP + r"(слома|упал|сбо|ошиб|не смогл|не справ|выдал\w* ошибк)",
          r"(некорректн|неверн|неправильн|ошибочн|испорченн|бит|непонятн)\w* ответ"),
    503: (r"\boverload", r"\boverwhelm", r"\btoo (busy|many (requests|users|people))",
          r"\bbusy\b", r"\bat (full )?capacity", r"\bno (free )?capacity", r"\bcongest",
          r"\b(high|heavy|huge) (load|demand|traffic)", r"\bunavailable", r"\bnot available",
          r"\bno " + r"(\w+ ){0,2}(provider|server|one|instance|endpoint|machine)s? " + GAP +
          r"(available|free|can|able|serving|up|online|left|ready)",
          r"\b(is|are|went|be|gone|currently|temporarily|being) (\w+ )?down\b", r"\boffline",
          r"\bout of service", r"\bmaintenance", r"\bnobody",
          r"\b(can t|cannot|can not|couldn t|unable to) (\w+ )?(serve|handle|take|accept)",
          r"\bnot (serving|accepting|running|reachable|responding)",
          r"перегруж", r"загружен", r"нагрузк", r"занят", r"недоступ", r"не доступ",
          r"\bнет (\w+ ){0,2}(доступн|свободн|рабоч|живых|активн|провайдер|поставщик|сервер)",
          r"никто не", r"\bни одного", r"\bне (\w+ )?(работа|обслужива|принима)", r"отключ",
          r"\b(лежит|лежат|упал|упали|прилег)", r"обслуживани", r"техническ\w* работ",
          r"\bне (может|могут|можем) (\w+ )?(обработ|принять|обслуж)", r"мощност",
          r"слишком много (запрос|пользоват|желающ)"),
    504: (r"\btime ?out", r"\btimed out", r"\btoo (long|slow)",
          r"\b(took|taking|takes|take) (\w+ ){0,2}(too )?long", r"\bslow", r"\b(in|on) time\b",
          r"\bdeadline", r"\bgave up waiting", r"\bwaited", r"\b(long|lengthy) (wait|time)",
          r"\b(didn t|did not|couldn t|could not|failed to|doesn t|does not|won t) " + GAP +
          r"(answer|respond|reply|finish|complete|return)\w* (\w+ ){0,2}"
          r"(in time|on time|quickly|fast|soon|within|before)",
          r"\bno (answer|response|reply) " + GAP + r"(within|in time|after|for)",
          r"\btime limit", r"\bexpired", r"\bhung\b", r"\bstuck",
          r"тайм ?аут", r"время ожидания", r"ожидани\w* (\w+ )?(истекл|превыш)", r"\bдолг",
          r"медленн", r"не успе", r"не уложил", r"не дожд", r"вовремя", r"в срок",
          r"за отведенн", r"превышен\w* (\w+ )?(время|лимит|срок)", r"истекл\w* (\w+ )?врем",
          r"время (\w+ )?(истекл|вышл)", r"затянул", r"завис"),
}

RETRY = (r"\b(try|ask|send|run|do)\w* " + GAP + r"again", r"\bre ?try", r"\blater\b",
         r"\bwait", r"\bin a (minute|moment|few|bit|while|little|second)", r"\bre ?send",
         r"\brepeat", r"\bone more time", r"\bshortly\b", r"\bsoon\b", r"\bagain\b",
         r"\bafter (a|some) (while|time|minute|moment|bit|pause)", r"\b(come|check) back",
         r"повтор", r"позж", r"позднее", r"подожд", r"ожидайте", r"ещ[её] раз", r"\bснова",
         r"\bопять", r"через " + GAP + r"(минут|секунд|час|время|пару|несколько|некоторое)",
         r"спустя", r"погодя", r"заново", r"перезапрос")
OTHER_MODEL = (r"\b(another|different|other|faster|smaller|lighter|alternative)\w* (\w+ ){0,2}"
               r"models?\b", r"\b(switch|change|pick|choose|select|use|try)\w* " + GAP +
               r"models?\b", r"друг\w* (\w+ ){0,2}модел",
               r"(смен|выбер|выбр|переключ|поменя|замен|возьм|попроб)\w* " + GAP + r"модел",
               r"модел\w* (\w+ )?(побыстрее|быстрее|полегче|поменьше)")
REPORT = (r"\breport", r"\bcontact", r"\bsupport", r"\badmin", r"\btell (us|the|your)",
          r"\blet (us|the|your) (\w+ ){0,2}know", r"\bstatus page", r"\bdeveloper",
          r"\bif (it|this|the (error|problem)) (\w+ )?(keeps|persists|continues|happens again|"
          r"repeats|lasts)", r"сообщ", r"напиш", r"обрат", r"поддержк", r"администрат",
          r"разработчик", r"\bесли (\w+ ){0,2}(повтор|сохран|не пройд|не прохо|продолж)")
SHORTER = (r"\bshort", r"\bsimpl", r"\bsmaller", r"\bless\b", r"\bfewer", r"\breduce",
           r"\bcut\b", r"\bsplit", r"\bbrief", r"\bmax tokens", r"короч", r"кратк", r"сократ",
           r"\bпрощ", r"\bпроще", r"меньш", r"раздел", r"разбе", r"разби")
ACTIONS: dict[int, tuple[str, ...]] = {
    500: RETRY + REPORT + OTHER_MODEL, 502: RETRY + OTHER_MODEL + REPORT,
    503: RETRY + OTHER_MODEL + REPORT, 504: RETRY + SHORTER + OTHER_MODEL + REPORT,
}
_MEANING = {s: re.compile("|".join(f"(?:{p})" for p in MEANINGS[s])) for s in STATUSES}
_ACTION = {s: re.compile("|".join(f"(?:{p})" for p in ACTIONS[s])) for s in STATUSES}


def normalise(text: str) -> str:
    """The words of an explanation, without numbers, markup and the server's own words."""
    text = re.sub(r"\{.*\}", " ", text, flags=re.DOTALL)  # a JSON body pasted in
    text = _SERVER.sub(" ", re.sub(r"<[^>]*>", " ", text).lower())  # an HTML page pasted in
    return " ".join(re.findall(r"[^\W\d_]+", text))


def missing(status: int, text: str) -> str:
    """What the explanation of `status` lacks: "meaning", "action", or "" (nothing)."""
    words = normalise(text)
    if not _MEANING[status].search(words):
        return "meaning"
    return "" if _ACTION[status].search(words) else "action"


def copied(text: str) -> bool:
    """Whether `text` is mostly one passage of the course's own text (`copies`)."""
    return copies.course().copied(text)
