"""Every task runs on the queue it declares (route_queue in its decorator), one of the worker's queues."""

from portal.celery import QUEUES, app


def test_the_router_sends_a_task_to_the_queue_it_declares():
    app.loader.import_default_modules()
    task = app.tasks["common.email_deliver"]
    assert task.route_queue == "email"
    assert app.amqp.router.route({}, task.name, args=(1,), kwargs={}, task_type=task)["queue"].name == "email"


def _project_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_of_the_project_declares_its_queue():
    tasks = _project_tasks()
    assert len(tasks) >= 10  # the walk found the apps' tasks
    undeclared = sorted(name for name, task in tasks.items() if not getattr(task, "route_queue", None))
    assert undeclared == [], "declare route_queue=... in each task's @shared_task: " + ", ".join(undeclared)


def test_every_declared_queue_is_one_the_worker_consumes():
    declared = {getattr(t, "route_queue", None) for t in _project_tasks().values()}
    assert declared - {None} <= set(QUEUES)


def test_a_task_goes_to_the_queue_it_declares_whatever_its_name():
    for name, task in _project_tasks().items():
        route = app.amqp.router.route({}, name, args=(), kwargs={}, task_type=task)
        assert route["queue"].name == task.route_queue, name
