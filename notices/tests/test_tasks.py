"""The notices tasks keep their queues (each declares it in its decorator)."""

import pytest

from notices import tasks
from portal.celery import app


@pytest.mark.parametrize(
    ("task", "queue"),
    [(tasks.notice_render, "render"), (tasks.print_file_build, "render"), (tasks.notices_sweep_stuck, "default")],
)
def test_each_task_declares_the_queue_it_runs_on(task, queue):
    assert task.route_queue == queue
    assert app.amqp.router.route({}, task.name, args=(1,), kwargs={}, task_type=task)["queue"].name == queue
