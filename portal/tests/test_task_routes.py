"""Every task runs on the queue it declares (route_queue in its decorator), one of the worker's queues."""

from portal.celery import QUEUES, app


def test_the_router_sends_a_task_to_the_queue_it_declares():
    app.loader.import_default_modules()
    task = app.tasks["common.email_deliver"]
    assert task.route_queue == "email"
    assert app.amqp.router.route({}, task.name, args=(1,), kwargs={}, task_type=task)["queue"].name == "email"


def test_every_declared_queue_is_one_the_worker_consumes():
    app.loader.import_default_modules()
    declared = {getattr(t, "route_queue", None) for name, t in app.tasks.items() if not name.startswith("celery.")}
    assert declared - {None} <= set(QUEUES)
