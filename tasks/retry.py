"""The tasks' retry condition: Prefect retries a failed task only for a transient store error."""

from __future__ import annotations

from typing import Any

from prefect.client.schemas.objects import State, TaskRun

from xxgk.storage.transient import is_transient


def transient_store_error(task: Any, task_run: TaskRun, state: State[Any]) -> bool:
    """`retry_condition_fn` for the tasks that touch stores: a wrong path or a refused
    permission fails at once, with one message, instead of after every retry's delay."""
    error = state.data
    if not isinstance(error, BaseException):
        return True  # not an exception we can judge: keep the task's retry policy
    return is_transient(error)
