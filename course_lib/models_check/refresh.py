"""`python -m course_lib models refresh`: replace the shipped catalog by today's live one.

Free models come and go, so before a term an instructor downloads the live `GET /models`
(with a key: it is the real service the course will talk to) into `data/catalog.refreshed.json`.
That file is git-ignored and, while it exists, used everywhere instead of the shipped snapshot:
the local fake serves it, `models check`, the doctor and the homework check against it.
`--remove` deletes it, and the shipped snapshot is used again.
"""

from __future__ import annotations

import datetime
import sys

import requests

from course_lib import catalog, config
from course_lib.texts import t


def remove() -> int:
    """Delete the refreshed catalog, if any; the shipped snapshot is used again."""
    existed = catalog.REFRESHED.exists()
    catalog.REFRESHED.unlink(missing_ok=True)
    catalog.reload()
    print(t("models.refresh.removed" if existed else "models.refresh.none",
            date=catalog.snapshot_date()))
    return 0


def refresh(timeout_s: float) -> int:
    """Download the live catalog into the refreshed file; the exit status."""
    if not config.openrouter_key():
        print(t("models.refresh.no_key", date=catalog.snapshot_date()), file=sys.stderr)
        return 1
    url = config.openrouter_base_url()
    try:
        data = catalog.fetch_live(url, timeout_s)
    except (requests.RequestException, ValueError) as exc:
        print(t("models.refresh.failed", url=url, error=str(exc)[:200]), file=sys.stderr)
        return 1
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    path = catalog.save_refreshed(data, url, today)
    free = sum(catalog.is_free(m) for m in data)
    print(t("models.refresh.saved", count=len(data), free=free, url=url, path=path))
    return 0
