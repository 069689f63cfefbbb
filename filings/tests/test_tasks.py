"""Each filings task declares the queue it always ran on: scans (and their sweep) on `scan`, PDFs on `render`."""

import pytest

from filings import tasks
from portal.celery import app


@pytest.mark.parametrize(
    ("task", "queue"),
    [(tasks.document_scan, "scan"), (tasks.stuck_work_sweep, "scan"), (tasks.filing_pdfs_render, "render")],
)
def test_every_task_declares_its_queue(task, queue):
    assert task.route_queue == queue
    assert app.amqp.router.route({}, task.name, args=(1,), kwargs={}, task_type=task)["queue"].name == queue


def test_beat_and_the_fault_harness_find_the_sweep_by_its_name(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["filings-sweep-stuck-scans"]
    assert entry["task"] == tasks.stuck_work_sweep.name == "filings.tasks.sweep_stuck_scans"
