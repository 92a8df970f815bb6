"""Re-run English lessons in place, as nbval will compare them (`make execute NB="notebooks/…"`).

Each lesson runs as the Russian build runs its lessons (`notebooks/ru/translations/build.py`,
`execute`): offline (no key, no token: the local fakes answer), with none of the developer's own
checked code (`COURSE_YOUR_CODE=`), in a fresh kernel started in the lesson's folder, a streamed
answer stored as one output, no timestamps; here in English. `jupyter nbconvert --execute`
cannot do this: it ignores nbclient's `coalesce_streams`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import nbformat

BUILD = Path(__file__).resolve().parents[1] / "notebooks" / "ru" / "translations" / "build.py"


def main(paths: list[str]) -> int:
    """Run each lesson named and write it back with its new outputs."""
    spec = importlib.util.spec_from_file_location("ru_build", BUILD)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for name in paths:
        path = Path(name).resolve()
        lesson = nbformat.read(path, as_version=4)
        build.execute(lesson, folder=path.parent, lang="en")
        nbformat.write(lesson, path)
        print(f"{name}: run and written")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
