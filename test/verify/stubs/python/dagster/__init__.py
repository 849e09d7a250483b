"""Stand-in for dagster (verification only): records assets, jobs, schedules and retry policies."""

from __future__ import annotations

import enum
import inspect
from typing import Any, Callable

DEFINITIONS: list["Definitions"] = []

ASSET_ARGUMENTS = {
    "name", "key", "key_prefix", "ins", "deps", "metadata", "tags", "description", "config_schema",
    "required_resource_keys", "resource_defs", "io_manager_key", "io_manager_def", "dagster_type",
    "partitions_def", "op_tags", "group_name", "output_required", "automation_condition",
    "backfill_policy", "retry_policy", "code_version", "key_prefix", "check_specs", "owners", "kinds", "pool",
}


class Backoff(enum.Enum):
    LINEAR = "LINEAR"
    EXPONENTIAL = "EXPONENTIAL"


class Jitter(enum.Enum):
    FULL = "FULL"
    PLUS_MINUS = "PLUS_MINUS"


class DefaultScheduleStatus(enum.Enum):
    RUNNING = "RUNNING"
    STOPPED = "STOPPED"


class RetryPolicy:
    def __init__(self, max_retries: int = 1, delay: float | None = None, backoff: Backoff | None = None, jitter: Jitter | None = None) -> None:
        if not isinstance(max_retries, int) or max_retries < 0:
            raise ValueError("max_retries must be a non-negative int")
        self.max_retries = max_retries
        self.delay = delay
        self.backoff = backoff
        self.jitter = jitter

    def describe(self) -> dict[str, Any]:
        return {"max_retries": self.max_retries, "delay": self.delay, "backoff": self.backoff.value if self.backoff else None}


class Failure(Exception):
    def __init__(self, description: str | None = None, metadata: dict | None = None, allow_retries: bool | None = None) -> None:
        super().__init__(description)
        self.metadata = metadata or {}


class AssetExecutionContext:
    """Only used in annotations by the generated code."""


class _Op:
    def __init__(self, name: str, retry_policy: RetryPolicy | None) -> None:
        self.name = name
        self.retry_policy = retry_policy


class AssetsDefinition:
    def __init__(self, keys: list[list[str]], function: Callable, retry_policy: RetryPolicy | None, deps: list[Any], kind: str) -> None:
        self.keys = keys
        self.function = function
        self.op = _Op(function.__name__, retry_policy)
        self.deps = deps
        self.kind = kind

    def describe(self) -> dict[str, Any]:
        dependencies: list[list[str]] = []
        for dependency in self.deps:
            if isinstance(dependency, AssetsDefinition):
                dependencies.extend(dependency.keys)
        return {
            "keys": self.keys,
            "kind": self.kind,
            "retry_policy": self.op.retry_policy.describe() if self.op.retry_policy else None,
            "deps": dependencies,
        }


def asset(function: Callable | None = None, **kwargs: Any) -> Any:
    unknown = kwargs.keys() - ASSET_ARGUMENTS
    if unknown:
        raise TypeError(f"unknown @asset arguments: {sorted(unknown)}")
    for dependency in kwargs.get("deps", []) or []:
        if not isinstance(dependency, (AssetsDefinition, str, list)):
            raise TypeError(f"unsupported dependency {dependency!r}")

    def decorate(inner: Callable) -> AssetsDefinition:
        if "context" in inspect.signature(inner).parameters and list(inspect.signature(inner).parameters)[0] != "context":
            raise TypeError("the context must be the first parameter")
        key = kwargs.get("key")
        keys = [list(key)] if key is not None else [[kwargs.get("name", inner.__name__)]]
        return AssetsDefinition(keys, inner, kwargs.get("retry_policy"), list(kwargs.get("deps", []) or []), "asset")

    return decorate(function) if function is not None else decorate


class AssetSelection:
    @staticmethod
    def all() -> "AssetSelection":
        return AssetSelection()


class JobDefinition:
    def __init__(self, name: str, selection: Any = None, tags: dict | None = None, **kwargs: Any) -> None:
        self.name = name
        self.tags = tags or {}


def define_asset_job(name: str, selection: Any = None, **kwargs: Any) -> JobDefinition:
    unknown = kwargs.keys() - {"config", "description", "tags", "run_tags", "metadata", "partitions_def", "executor_def", "hooks", "op_retry_policy"}
    if unknown:
        raise TypeError(f"unknown define_asset_job arguments: {sorted(unknown)}")
    return JobDefinition(name, selection, **kwargs)


class ScheduleDefinition:
    def __init__(self, name: str | None = None, *, cron_schedule: str, job: JobDefinition | None = None, execution_timezone: str | None = None, default_status: DefaultScheduleStatus = DefaultScheduleStatus.STOPPED, **kwargs: Any) -> None:
        unknown = kwargs.keys() - {"job_name", "run_config", "tags", "description", "environment_vars", "metadata", "should_execute"}
        if unknown:
            raise TypeError(f"unknown ScheduleDefinition arguments: {sorted(unknown)}")
        if job is None:
            raise TypeError("ScheduleDefinition needs a job")
        self.name = name or f"{job.name}_schedule"
        self.cron_schedule = cron_schedule
        self.job_name = job.name
        self.execution_timezone = execution_timezone
        self.default_status = default_status


class Definitions:
    def __init__(self, assets: list | None = None, jobs: list | None = None, schedules: list | None = None, resources: dict | None = None, **kwargs: Any) -> None:
        unknown = kwargs.keys() - {"sensors", "asset_checks", "executor", "loggers", "metadata"}
        if unknown:
            raise TypeError(f"unknown Definitions arguments: {sorted(unknown)}")
        self.assets = list(assets or [])
        self.jobs = list(jobs or [])
        self.schedules = list(schedules or [])
        self.resources = dict(resources or {})
        keys = [tuple(key) for definition in self.assets for key in definition.keys]
        if len(keys) != len(set(keys)):
            raise ValueError(f"duplicate asset keys: {keys}")
        DEFINITIONS.append(self)

    def get_schedule_def(self, name: str) -> ScheduleDefinition:
        for schedule in self.schedules:
            if schedule.name == name:
                return schedule
        raise KeyError(name)
