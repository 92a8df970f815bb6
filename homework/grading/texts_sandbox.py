"""The grader's words about its sandbox, in English and Russian (merged into `texts.t`)."""

from __future__ import annotations

# Each command in backticks with a space after it: a comma or a full stop is never copied along.
INSTALL_EN = ("Install bubblewrap with `sudo apt install bubblewrap` (Debian, Ubuntu), `sudo dnf "
              "install bubblewrap` (Fedora) or `sudo pacman -S bubblewrap` (Arch)")
INSTALL_RU = ("Установите bubblewrap: `sudo apt install bubblewrap` (Debian, Ubuntu), `sudo dnf "
              "install bubblewrap` (Fedora) или `sudo pacman -S bubblewrap` (Arch)")

SANDBOX: dict[str, dict[str, str]] = {
    "iso.bwrap": {
        "en": "Isolation: bubblewrap sandbox ({version}): each submission sees only its own "
              "copy (no home, no other submission, no /run), runs as an unprivileged user "
              "({user}) with no capabilities, in its own PID, IPC and network namespaces "
              "(loopback only), with {disk} MB of disk and {limits}.",
        "ru": "Изоляция: песочница bubblewrap ({version}): каждая работа видит только свою "
              "копию (ни домашней папки, ни чужих работ, ни /run), работает от "
              "непривилегированного пользователя ({user}) без capabilities, в своих "
              "пространствах имён PID, IPC и сети (только loopback), с {disk} МБ диска и "
              "{limits}."},
    "iso.cgroup": {
        "en": "{memory} MB of memory and {tasks} tasks for all its processes together (cgroup)",
        "ru": "{memory} МБ памяти и {tasks} задач на все её процессы вместе (cgroup)"},
    "iso.watchdog": {
        "en": "{memory} MB of memory and {processes} processes for all its processes together, "
              "checked every 0.2 s by a watchdog (no cgroup could be made: a burst between two "
              "checks is bounded by {per_process} MB per process)",
        "ru": "{memory} МБ памяти и {processes} процессов на все её процессы вместе, проверка "
              "сторожем каждые 0,2 с (cgroup создать не удалось: между проверками каждый "
              "процесс ограничен {per_process} МБ)"},
    "iso.user.nobody": {"en": "nobody on this machine", "ru": "nobody на этой машине"},
    "iso.user.yours": {"en": "uid 1000 inside, your user outside",
                       "ru": "uid 1000 внутри, ваш пользователь снаружи"},
    "iso.fallback": {
        "en": "Isolation: NONE, best-effort only ({reason}): {limits}; student code runs as "
              "your user and can read and change your files and reach the network. Grade only "
              "trusted work like this; grade a class in the sandbox (Linux with bubblewrap, or "
              "a Linux container or VM).",
        "ru": "Изоляция: НЕТ, только «по возможности» ({reason}): {limits}; код студента "
              "работает от вашего пользователя, может читать и менять ваши файлы и выходить в "
              "сеть. Так проверяйте только код, которому доверяете; работы группы — в песочнице "
              "(Linux с bubblewrap, или контейнер или ВМ с Linux)."},
    "iso.limits.posix": {"en": "timeouts and resource limits per process",
                         "ru": "тайм-ауты и лимиты ресурсов на процесс"},
    "iso.limits.windows": {"en": "timeouts only (no resource limits on Windows)",
                           "ru": "только тайм-ауты (на Windows лимитов ресурсов нет)"},
    "sandbox.missing": {
        "en": "Cannot grade untrusted work here: the bubblewrap sandbox is not available "
              f"({{reason}}). {INSTALL_EN}. Some distributions also need unprivileged user "
              "namespaces allowed (Ubuntu 24.04: `sudo sysctl "
              "kernel.apparmor_restrict_unprivileged_userns=0`). Or grade in a Linux container "
              "or VM. `--unsafe-no-sandbox` grades anyway, best-effort: student code then runs "
              "as your user, can read and change your files and reach the network.",
        "ru": "Здесь нельзя проверять чужой код: песочница bubblewrap недоступна ({reason}). "
              f"{INSTALL_RU}. В некоторых дистрибутивах нужно ещё разрешить "
              "непривилегированные user namespaces (Ubuntu 24.04: `sudo sysctl "
              "kernel.apparmor_restrict_unprivileged_userns=0`). Или проверяйте в контейнере или "
              "ВМ с Linux. `--unsafe-no-sandbox` проверит всё равно, «по возможности»: код "
              "студентов будет работать от вашего пользователя, сможет читать и менять ваши "
              "файлы и выходить в сеть."},
    "sandbox.other_os": {
        "en": "Cannot grade untrusted work here: {reason}. Grade a class in a Linux container or "
              "VM with bubblewrap (see README: Homework and grading). `--unsafe-no-sandbox` "
              "grades anyway, best-effort: student code then runs as your user, can read and "
              "change your files and reach the network.",
        "ru": "Здесь нельзя проверять чужой код: {reason}. Проверяйте работы группы в "
              "контейнере или ВМ с Linux и bubblewrap (README: «Homework and grading»). "
              "`--unsafe-no-sandbox` проверит всё равно, «по возможности»: код студентов будет "
              "работать от вашего пользователя, сможет читать и менять ваши файлы и выходить в "
              "сеть."},
    "note.too_much_memory": {
        "en": "The submission's processes used more than {limit} MB of memory together and "
              "were stopped.",
        "ru": "Процессы работы вместе заняли больше {limit} МБ памяти и были остановлены."},
}
