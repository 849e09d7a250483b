"""Stand-in for airflow.providers.standard.operators.bash."""

from __future__ import annotations

from typing import Any

from airflow.sdk import BaseOperator


class BashOperator(BaseOperator):
    extra_arguments = frozenset({"bash_command", "env", "append_env", "output_encoding", "skip_on_exit_code", "cwd", "output_processor"})

    def __init__(self, task_id: str, **kwargs: Any) -> None:
        if not isinstance(kwargs.get("bash_command"), str) or not kwargs["bash_command"].strip():
            raise TypeError(f"BashOperator({task_id!r}) needs a bash_command")
        super().__init__(task_id, **kwargs)
