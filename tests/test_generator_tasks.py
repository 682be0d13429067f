"""A generator task's run context stays its own: the tasks a flow runs between its yields are
the flow's, not nested in the generator task (nor kept in its transaction until it ends)."""

from __future__ import annotations

from collections.abc import Generator
from uuid import UUID

import pytest
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId
from prefect.client.schemas.objects import TaskRun
from prefect.context import TaskRunContext
from prefect.runtime import flow_run
from prefect.transactions import get_transaction

from flows.generator_tasks import iterate_apart

pytestmark = [pytest.mark.prefect, pytest.mark.usefixtures("prefect_harness")]


class Payload:
    """Stands for a batch: something a task takes as a parameter that must not outlive it."""


@task(name="count-up", cache_policy=NO_CACHE)
def count_up(limit: int) -> Generator[int, None, None]:
    yield from range(limit)


@task(name="consume", cache_policy=NO_CACHE)
def consume(payload: Payload) -> int:
    return id(payload)


def _task_runs(flow_run_id: str) -> list[TaskRun]:
    with get_client(sync_client=True) as client:
        return client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[UUID(flow_run_id)]))
        )


def _parents(run: TaskRun) -> list[object]:
    return list(run.task_inputs.get("__parents__", []))


def test_tasks_between_yields_are_the_flows() -> None:
    @flow
    def stepping() -> tuple[str, list[bool]]:
        outside: list[bool] = []
        for _ in iterate_apart(count_up(3)):
            outside.append(TaskRunContext.get() is None and get_transaction() is None)
            consume(Payload())
        return str(flow_run.id), outside

    run_id, outside = stepping()
    assert outside == [True, True, True]
    consumed = [r for r in _task_runs(run_id) if r.name.startswith("consume")]
    assert len(consumed) == 3
    assert all(_parents(r) == [] for r in consumed)


def test_a_caller_that_stops_early_ends_the_generator_task_cleanly() -> None:
    @flow
    def first_only() -> tuple[str, int]:
        events = iterate_apart(count_up(10))
        first = next(events)
        events.close()  # type: ignore[attr-defined]
        return str(flow_run.id), first

    run_id, first = first_only()
    assert first == 0
    counting = [r for r in _task_runs(run_id) if r.name.startswith("count-up")]
    assert [r.state.type.value for r in counting if r.state] == ["COMPLETED"]
