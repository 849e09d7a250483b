"""Stand-in for prefect.tasks.exponential_backoff."""

from __future__ import annotations

from typing import Callable


def exponential_backoff(backoff_factor: float) -> Callable[[int], list[float]]:
    if backoff_factor <= 0:
        raise ValueError("backoff_factor must be positive")
    return lambda retries: [backoff_factor * 2**attempt for attempt in range(retries)]
