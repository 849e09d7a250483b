"""Stand-in for prefect 3 (verification only): records flows and tasks with their retry settings."""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable

FLOWS: list["Flow"] = []
TASKS: list["Task"] = []

FLOW_ARGUMENTS = {
    "name", "version", "flow_run_name", "retries", "retry_delay_seconds", "task_runner", "description",
    "timeout_seconds", "validate_parameters", "persist_result", "result_storage", "result_serializer",
    "cache_result_in_memory", "log_prints", "on_completion", "on_failure", "on_cancellation", "on_crashed", "on_running",
}
TASK_ARGUMENTS = {
    "name", "description", "tags", "version", "cache_policy", "cache_key_fn", "cache_expiration",
    "task_run_name", "retries", "retry_delay_seconds", "retry_jitter_factor", "persist_result",
    "result_storage", "result_serializer", "result_storage_key", "cache_result_in_memory",
    "timeout_seconds", "log_prints", "refresh_cache", "on_completion", "on_failure", "retry_condition_fn", "viz_return_value",
}


class Flow:
    def __init__(self, function: Callable, options: dict[str, Any]) -> None:
        self.function = function
        self.name = options.get("name", function.__name__)
        self.retries = options.get("retries", 0)
        self.retry_delay_seconds = options.get("retry_delay_seconds")
        self.timeout_seconds = options.get("timeout_seconds")
        functools.update_wrapper(self, function)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the stub does not run flows")


class Task:
    def __init__(self, function: Callable, options: dict[str, Any]) -> None:
        self.function = function
        self.name = options.get("name", function.__name__)
        self.retries = options.get("retries", 0)
        self.retry_delay_seconds = options.get("retry_delay_seconds")
        run_name = options.get("task_run_name")
        if isinstance(run_name, str):
            parameters = set(inspect.signature(function).parameters)
            for field in [part.split("}")[0] for part in run_name.split("{")[1:]]:
                if field not in parameters:
                    raise ValueError(f"task_run_name of {self.name} uses {{{field}}}, not a parameter")
        functools.update_wrapper(self, function)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the stub does not run tasks")

    def submit(self, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the stub does not run tasks")


def _decorator(kind: type, allowed: set[str], registry: list, function: Callable | None, options: dict[str, Any]) -> Any:
    unknown = options.keys() - allowed
    if unknown:
        raise TypeError(f"unknown @{kind.__name__.lower()} arguments: {sorted(unknown)}")

    def decorate(inner: Callable) -> Any:
        instance = kind(inner, options)
        registry.append(instance)
        return instance

    return decorate(function) if function is not None else decorate


def flow(function: Callable | None = None, **options: Any) -> Any:
    return _decorator(Flow, FLOW_ARGUMENTS, FLOWS, function, options)


def task(function: Callable | None = None, **options: Any) -> Any:
    return _decorator(Task, TASK_ARGUMENTS, TASKS, function, options)
