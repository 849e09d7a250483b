"""Stand-in for pendulum.datetime: a timezone-aware datetime (UTC only)."""

from __future__ import annotations

import datetime as _datetime


def datetime(year: int, month: int = 1, day: int = 1, hour: int = 0, minute: int = 0, second: int = 0, tz: str = "UTC") -> _datetime.datetime:
    if tz != "UTC":
        raise ValueError("the stub supports UTC only")
    return _datetime.datetime(year, month, day, hour, minute, second, tzinfo=_datetime.timezone.utc)
