"""Stand-in for prefect.runtime."""

from prefect.runtime import flow_run  # noqa: F401
