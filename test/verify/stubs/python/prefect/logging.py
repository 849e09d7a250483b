"""Stand-in for prefect.logging."""

import logging


def get_run_logger() -> logging.Logger:
    return logging.getLogger("prefect")
