"""Stand-in for prefect.runtime.flow_run: outside a run, Prefect returns None/defaults."""

scheduled_start_time = None
