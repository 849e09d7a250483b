"""Stand-in for airflow.models.DagBag: imports every DAG file of a folder, as the DAG processor does."""

from __future__ import annotations

import runpy
import traceback
from pathlib import Path
from typing import Any

from airflow.sdk import DAG, REGISTRY


class DagBag:
    def __init__(self, dag_folder: str | None = None, include_examples: bool = False, **_: Any) -> None:
        self.dags: dict[str, DAG] = {}
        self.import_errors: dict[str, str] = {}
        for path in sorted(Path(dag_folder or ".").glob("*.py")):
            before = len(REGISTRY)
            try:
                runpy.run_path(str(path), run_name=f"unusual_prefix_{path.stem}")
            except Exception:  # noqa: BLE001 - recorded like Airflow does
                self.import_errors[str(path)] = traceback.format_exc()
                continue
            for dag in REGISTRY[before:]:
                self.dags[dag.dag_id] = dag
