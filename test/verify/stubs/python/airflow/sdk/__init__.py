"""Stand-in for airflow.sdk (Airflow 3): records DAGs, their arguments, tasks and edges."""

from __future__ import annotations

import builtins
import datetime as _datetime
import functools
import inspect
from typing import Any, Callable

REGISTRY: list["DAG"] = []
_CONTEXT: list["DAG"] = []

DAG_ARGUMENTS = {
    "dag_id", "description", "schedule", "start_date", "end_date", "catchup", "default_args",
    "max_active_tasks", "max_active_runs", "max_consecutive_failed_dag_runs", "dagrun_timeout",
    "tags", "doc_md", "params", "on_success_callback", "on_failure_callback", "owner_links",
    "is_paused_upon_creation", "render_template_as_native_obj", "template_searchpath",
    "user_defined_macros", "user_defined_filters", "access_control", "fail_fast", "dag_display_name",
    "auto_register",
}
REMOVED_IN_AIRFLOW_3 = {"schedule_interval", "timetable", "concurrency", "full_filepath", "sla_miss_callback"}
OPERATOR_ARGUMENTS = {
    "task_id", "owner", "retries", "retry_delay", "retry_exponential_backoff", "max_retry_delay",
    "execution_timeout", "trigger_rule", "pool", "pool_slots", "queue", "priority_weight", "doc_md",
    "depends_on_past", "wait_for_downstream", "on_failure_callback", "on_success_callback",
    "on_retry_callback", "email_on_failure", "email_on_retry", "task_display_name", "max_active_tis_per_dag",
}
TRIGGER_RULES = {
    "all_success", "all_failed", "all_done", "all_done_min_one_success", "all_done_setup_success",
    "all_skipped", "one_success", "one_failed", "one_done", "none_failed", "none_failed_min_one_success",
    "none_skipped", "always",
}


class DAG:
    def __init__(self, dag_id: str, **kwargs: Any) -> None:
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.tasks: dict[str, BaseOperator] = {}
        self.edges: set[tuple[str, str]] = set()

    @property
    def schedule(self) -> Any:
        return self.kwargs.get("schedule")

    @property
    def catchup(self) -> Any:
        return self.kwargs.get("catchup", True)

    @property
    def default_args(self) -> dict:
        return dict(self.kwargs.get("default_args") or {})

    @property
    def tags(self) -> list:
        return list(self.kwargs.get("tags") or [])

    @property
    def max_active_runs(self) -> Any:
        return self.kwargs.get("max_active_runs", 16)

    @property
    def task_ids(self) -> list[str]:
        return list(self.tasks)


def _check_dag_arguments(kwargs: dict[str, Any]) -> None:
    removed = REMOVED_IN_AIRFLOW_3 & kwargs.keys()
    if removed:
        raise TypeError(f"DAG arguments removed in Airflow 3: {sorted(removed)}")
    unknown = kwargs.keys() - DAG_ARGUMENTS
    if unknown:
        raise TypeError(f"unknown DAG arguments: {sorted(unknown)}")
    start = kwargs.get("start_date")
    if start is not None and (not isinstance(start, _datetime.datetime) or start.tzinfo is None):
        raise ValueError("start_date must be a timezone-aware datetime")


def dag(func: Callable | None = None, **dag_kwargs: Any) -> Any:
    _check_dag_arguments(dag_kwargs)

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def factory(*args: Any, **kwargs: Any) -> DAG:
            instance = DAG(dag_kwargs.get("dag_id", function.__name__), **{k: v for k, v in dag_kwargs.items() if k != "dag_id"})
            _CONTEXT.append(instance)
            try:
                function(*args, **kwargs)
            finally:
                _CONTEXT.pop()
            REGISTRY.append(instance)
            return instance

        return factory

    return decorate(func) if func is not None else decorate


def _as_list(value: Any) -> list:
    return list(value) if isinstance(value, (list, tuple)) else [value]


class BaseOperator:
    extra_arguments: frozenset[str] = frozenset()

    def __init__(self, task_id: str, **kwargs: Any) -> None:
        if not _CONTEXT:
            raise RuntimeError(f"task {task_id!r} created outside a DAG")
        unknown = kwargs.keys() - OPERATOR_ARGUMENTS - self.extra_arguments
        if unknown:
            raise TypeError(f"{type(self).__name__}({task_id!r}): unknown arguments {sorted(unknown)}")
        rule = kwargs.get("trigger_rule")
        if rule is not None and str(rule) not in TRIGGER_RULES:
            raise ValueError(f"{task_id}: unknown trigger_rule {rule!r}")
        self.dag = _CONTEXT[-1]
        if task_id in self.dag.tasks:
            raise ValueError(f"duplicate task_id {task_id!r}")
        self.task_id = task_id
        self.kwargs = kwargs
        self.dag.tasks[task_id] = self

    def __rshift__(self, other: Any) -> Any:
        for item in _as_list(other):
            self.dag.edges.add((self.task_id, item.task_id))
        return other

    def __lshift__(self, other: Any) -> Any:
        for item in _as_list(other):
            self.dag.edges.add((item.task_id, self.task_id))
        return other

    def __rrshift__(self, other: Any) -> "BaseOperator":
        for item in _as_list(other):
            self.dag.edges.add((item.task_id, self.task_id))
        return self

    def __rlshift__(self, other: Any) -> "BaseOperator":
        for item in _as_list(other):
            self.dag.edges.add((self.task_id, item.task_id))
        return self


class DecoratedOperator(BaseOperator):
    extra_arguments = frozenset({"python", "expect_airflow", "expect_pendulum", "string_args", "multiple_outputs", "do_xcom_push", "serializer", "use_dill"})

    def __init__(self, task_id: str, kind: str, function: Callable, call_kwargs: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(task_id, **kwargs)
        self.kind = kind
        self.function = function
        self.op_kwargs = call_kwargs


class _DecoratedTask:
    def __init__(self, kind: str, function: Callable, kwargs: dict[str, Any]) -> None:
        if kind == "external_python":
            if not isinstance(kwargs.get("python"), str):
                raise TypeError("task.external_python needs python=<path of the interpreter>")
            referenced = inspect.getclosurevars(function)
            leaked = sorted(name for name in referenced.globals if not hasattr(builtins, name))
            if leaked or referenced.nonlocals:
                raise ValueError(f"external_python task {function.__name__} reads names from its module: {leaked or sorted(referenced.nonlocals)}")
        self.kind = kind
        self.function = function
        self.kwargs = kwargs

    def override(self, **kwargs: Any) -> "_DecoratedTask":
        return _DecoratedTask(self.kind, self.function, {**self.kwargs, **kwargs})

    def __call__(self, *args: Any, **kwargs: Any) -> DecoratedOperator:
        inspect.signature(self.function).bind(*args, **kwargs)
        task_id = self.kwargs.get("task_id", self.function.__name__)
        options = {k: v for k, v in self.kwargs.items() if k != "task_id"}
        return DecoratedOperator(task_id, self.kind, self.function, dict(kwargs), **options)


class _TaskNamespace:
    def __call__(self, function: Callable | None = None, **kwargs: Any) -> Any:
        if function is not None:
            return _DecoratedTask("python", function, kwargs)
        return lambda inner: _DecoratedTask("python", inner, kwargs)

    def external_python(self, function: Callable | None = None, **kwargs: Any) -> Any:
        if function is not None:
            return _DecoratedTask("external_python", function, kwargs)
        return lambda inner: _DecoratedTask("external_python", inner, kwargs)


task = _TaskNamespace()
