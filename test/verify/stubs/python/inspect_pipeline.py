"""Imports a generated project's orchestration code against the stubs and prints what it declares.

    python3 inspect_pipeline.py PROJECT_ROOT airflow|dagster|prefect [MODULE]

Prints one JSON document on stdout; an import that fails is reported in "errors" with its
traceback instead of crashing, so the caller can assert on it.
"""

from __future__ import annotations

import datetime
import importlib
import json
import sys
import traceback
from pathlib import Path


def jsonable(value: object) -> object:
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple, set)):
        return [jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def inspect_airflow(root: Path) -> dict:
    from airflow.models import DagBag

    bag = DagBag(dag_folder=str(root / "transforms" / "airflow" / "dags"), include_examples=False)
    dags = []
    for dag in bag.dags.values():
        dags.append(
            {
                "dag_id": dag.dag_id,
                "kwargs": jsonable(dag.kwargs),
                "start_date_is_aware": dag.kwargs.get("start_date") is not None and dag.kwargs["start_date"].tzinfo is not None,
                "tasks": [
                    {"task_id": task.task_id, "type": type(task).__name__, "kind": getattr(task, "kind", None), "kwargs": jsonable(task.kwargs), "op_kwargs": jsonable(getattr(task, "op_kwargs", {}))}
                    for task in dag.tasks.values()
                ],
                "edges": sorted([list(edge) for edge in dag.edges]),
            }
        )
    return {"dags": dags, "errors": bag.import_errors}


def inspect_dagster(root: Path, module: str) -> dict:
    import dagster

    try:
        importlib.import_module(module)
    except Exception:  # noqa: BLE001 - reported to the caller
        return {"definitions": [], "errors": {module: traceback.format_exc()}}
    definitions = []
    for definition in dagster.DEFINITIONS:
        definitions.append(
            {
                "assets": [asset.describe() for asset in definition.assets],
                "jobs": [{"name": job.name, "tags": job.tags} for job in definition.jobs],
                "schedules": [
                    {"name": schedule.name, "cron": schedule.cron_schedule, "timezone": schedule.execution_timezone, "job": schedule.job_name, "status": schedule.default_status.value}
                    for schedule in definition.schedules
                ],
                "resources": sorted(definition.resources),
            }
        )
    return {"definitions": definitions, "errors": {}}


def inspect_prefect(root: Path) -> dict:
    import prefect

    try:
        importlib.import_module("transforms.prefect.flows")
    except Exception:  # noqa: BLE001 - reported to the caller
        return {"flows": [], "tasks": [], "errors": {"transforms.prefect.flows": traceback.format_exc()}}
    return {
        "flows": [{"name": flow.name, "retries": flow.retries, "timeout_seconds": flow.timeout_seconds} for flow in prefect.FLOWS],
        "tasks": [{"name": task.name, "retries": task.retries, "has_retry_delay": task.retry_delay_seconds is not None} for task in prefect.TASKS],
        "errors": {},
    }


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve()
    sys.path.insert(0, str(root))
    kind = argv[1]
    if kind == "airflow":
        result = inspect_airflow(root)
    elif kind == "dagster":
        result = inspect_dagster(root, argv[2])
    elif kind == "prefect":
        result = inspect_prefect(root)
    else:
        raise SystemExit(f"unknown orchestrator {kind}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
