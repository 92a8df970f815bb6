"""Who the graded run seems to be: a student on their own laptop, new for every submission.

A submission that could tell the grader from its author's own run could behave well only when
graded (explain a 503, list ten models) and earn points it would not earn with a real user.
So nothing a student process sees is fixed from run to run or says "grader": the user, the
home folder and the folder the project sits in, the machine's name, its machine-id, the
OpenRouter key (`sk-or-v1-` and 64 hex digits, as OpenRouter issues them) and the bot's
token (digits, a colon, 35 characters) are drawn at random, and the files in /etc and the
variables a terminal on such a laptop has (`environment`) follow from them. The key opens
nothing anywhere: the fakes accept any key. Each student process gets its own machine name
and key, so what matters (the key the requests carry) is seen from two runs.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

USERS = ("anna", "ivan", "maria", "dmitry", "olga", "alexey", "katya", "sergey", "elena",
         "nikita", "sofia", "artem", "daria", "maxim", "polina", "kirill", "alex", "sam",
         "emma", "lucas", "mia", "noah", "lena", "pavel", "yulia", "timur", "alina", "egor",
         "vera", "mark", "nina", "oleg", "ksenia", "roman", "liza", "denis", "max", "kate")
MACHINES = ("laptop", "ThinkPad-T480", "ThinkPad-E14", "VivoBook", "HP-Pavilion", "pc",
            "Aspire-A515", "IdeaPad-5", "Inspiron-15", "Latitude-5400", "Vostro", "desktop",
            "Swift-3", "MateBook-D", "Modern-14", "ZenBook", "Legion-5", "nb")
PARENTS = ("llm-course", "projects/llm-course", "Documents/course", "study/llm-bot",
           "code/llm-telegram-bot", "Desktop/course", "university/llm", "dev/course-bot",
           "Downloads/llm-course-main", "work/llm-course")
FOLDERS = ("homework", "hw", "homework-bot", "my-bot", "bot", "homework/starter", "hw1",
           "telegram-bot", "solution", "course-homework")
DATA = (".local/share/course-bot", "course-data", ".course_bot", "data")
TERMS = ("xterm-256color", "xterm-256color", "xterm-256color", "screen-256color", "xterm")
BOT_TOKEN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"


def pick(choices: tuple[str, ...]) -> str:
    """One of `choices`, at random."""
    return choices[secrets.randbelow(len(choices))]


def openrouter_key() -> str:
    """A key shaped like OpenRouter's: sk-or-v1- and 64 lowercase hex digits."""
    return "sk-or-v1-" + secrets.token_hex(32)


def bot_token() -> str:
    """A token shaped like BotFather's: a 10-digit bot id, a colon, AA and 33 characters."""
    rest = "".join(pick(tuple(BOT_TOKEN)) for _ in range(33))
    return f"{secrets.randbelow(10**9) + 6 * 10**9}:AA{rest}"


@dataclass(frozen=True)
class Persona:
    """The student a graded run appears to be, and the laptop it appears to run on."""

    user: str
    machine: str  # the part of the host name after the user's name
    folder: str  # the project's folder, relative to the home folder
    data: str  # where the course database is kept (COURSE_DB), relative to the home folder
    term: str
    machine_id: str

    @property
    def home(self) -> str:
        """The home folder."""
        return f"/home/{self.user}"

    @property
    def work(self) -> str:
        """The project's folder: where the student runs `python bot.py`."""
        return f"{self.home}/{self.folder}"

    @property
    def data_dir(self) -> str:
        """The folder of the course database (each process gets its own, at this path)."""
        return f"{self.home}/{self.data}"

    def host(self, name: str) -> str:
        """The machine's name as process `name` ("runner", "bot") sees it: one each."""
        return f"{self.user}-{self.machine}" if name == "bot" else f"{self.user}-{self.other}"

    @property
    def other(self) -> str:
        """The second machine, for the checks runner."""
        return MACHINES[(MACHINES.index(self.machine) + 1) % len(MACHINES)]

    def as_dict(self) -> dict:
        """Plain data, for the job a worker gets."""
        return asdict(self)


def random_persona(avoid: tuple[str, ...] = ()) -> Persona:
    """A new student; `avoid`: paths already bound inside (no user's home may cover them)."""
    user = pick(USERS)
    while any(path == f"/home/{user}" or path.startswith(f"/home/{user}/") for path in avoid):
        user = pick(USERS)
    folder = f"{pick(PARENTS)}/{pick(FOLDERS)}"
    return Persona(user, pick(MACHINES), folder, pick(DATA), pick(TERMS), secrets.token_hex(16))


SYSTEM_USERS = """root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin
messagebus:x:100:107::/nonexistent:/usr/sbin/nologin
"""
SYSTEM_GROUPS = ("root:x:0:", "daemon:x:1:", "bin:x:2:", "sys:x:3:", "adm:x:4:{user}",
                 "tty:x:5:", "sudo:x:27:{user}", "audio:x:29:{user}", "www-data:x:33:",
                 "plugdev:x:46:{user}", "users:x:100:{user}", "nogroup:x:65534:",
                 "{user}:x:1000:")
HOSTS = """127.0.0.1	localhost
127.0.1.1	{host}

# The following lines are desirable for IPv6 capable hosts
::1     ip6-localhost ip6-loopback
fe00::0 ip6-localnet
ff00::0 ip6-mcastprefix
ff02::1 ip6-allnodes
ff02::2 ip6-allrouters
"""
RESOLV = "nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n"  # systemd-resolved's
HOME_FOLDERS = ("Desktop", "Documents", "Downloads", "Music", "Pictures", "Videos", ".cache")
SKELETON = "/etc/skel"  # .bashrc, .profile…: what a new user's home starts with


def etc_files(persona: Persona, name: str) -> dict[str, str]:
    """The /etc files of process `name`, by file name."""
    user = persona.user
    return {"passwd": SYSTEM_USERS + f"{user}:x:1000:1000:{user.title()},,,:/home/{user}:"
                                     "/bin/bash\n",
            "group": "\n".join(SYSTEM_GROUPS).format(user=user) + "\n",
            "hosts": HOSTS.format(host=persona.host(name)),
            "hostname": persona.host(name) + "\n", "machine-id": persona.machine_id + "\n",
            "resolv.conf": RESOLV}
