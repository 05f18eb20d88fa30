"""Times as the people in the room read them: in the workshop's time zone.

The zone is the setting FACILITATOR_TIMEZONE (an IANA name such as "Europe/London",
the default). Times are stored in UTC; only the report converts them.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/London"


@lru_cache(maxsize=8)
def _zone(name: str):
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(DEFAULT_ZONE)


def report_zone():
    """The configured zone; an unknown name falls back to Europe/London, never to UTC silently."""
    return _zone(os.environ.get("FACILITATOR_TIMEZONE", "").strip() or DEFAULT_ZONE)


def local(moment: datetime) -> datetime:
    """`moment` (aware, or naive UTC as SQLite returns it) in the report's zone."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(report_zone())


def zone_label(moment: datetime) -> str:
    """'BST', 'GMT', 'CET'...: what a reader expects after a time."""
    return local(moment).tzname() or ""
