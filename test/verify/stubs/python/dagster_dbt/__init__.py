"""Stand-in for dagster_dbt: DbtProject, DbtCliResource and @dbt_assets with the real signatures."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from dagster import AssetsDefinition

DBT_ASSETS_ARGUMENTS = {
    "manifest", "select", "exclude", "selector", "name", "io_manager_key", "partitions_def",
    "dagster_dbt_translator", "backfill_policy", "op_tags", "required_resource_keys", "project",
    "retry_policy", "pool",
}


class DbtProject:
    def __init__(self, project_dir: Path | str, *, target_path: Path | str = "target", profiles_dir: Path | str | None = None, profile: str | None = None, target: str | None = None, packaged_project_dir: Path | str | None = None, state_path: Path | str | None = None) -> None:
        self.project_dir = Path(project_dir)
        self.profiles_dir = Path(profiles_dir) if profiles_dir is not None else self.project_dir
        self.target = target
        self.manifest_path = self.project_dir / target_path / "manifest.json"

    def prepare_if_dev(self) -> None:
        """Real: runs `dbt parse` under `dagster dev`. The stub does nothing."""


class DbtCliResource:
    def __init__(self, project_dir: DbtProject | str, global_config_flags: list | None = None, profiles_dir: str | None = None, profile: str | None = None, target: str | None = None, dbt_executable: str = "dbt", state_path: str | None = None) -> None:
        self.project_dir = project_dir
        self.target = target


def dbt_assets(*, manifest: Any, **kwargs: Any) -> Callable[[Callable], AssetsDefinition]:
    unknown = kwargs.keys() - DBT_ASSETS_ARGUMENTS
    if unknown:
        raise TypeError(f"unknown @dbt_assets arguments: {sorted(unknown)}")

    def decorate(function: Callable) -> AssetsDefinition:
        return AssetsDefinition([["dbt", function.__name__]], function, kwargs.get("retry_policy"), [], "dbt_assets")

    return decorate
