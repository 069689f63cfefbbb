import pytest

from portal import health

pytestmark = pytest.mark.django_db


def test_healthz_is_public_and_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_reports_every_dependency(client):
    response = client.get("/readyz")
    body = response.json()
    assert set(body["checks"]) == {"database", "broker", "storage", "virus_scanner"}
    assert response.status_code == 200, body
    assert body["status"] == "ok"


@pytest.mark.parametrize("name", ["database", "broker", "storage", "virus_scanner"])
def test_readyz_answers_503_when_a_dependency_is_down(client, monkeypatch, name, settings):
    def down():
        raise ConnectionRefusedError("down")

    monkeypatch.setitem(health.CHECKS, name, down)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"][name] == {"status": "fail", "error": "ConnectionRefusedError"}
    assert body["status"] == "fail"


def test_readyz_fails_when_clamd_is_unreachable(client, settings):
    settings.CLAMD_PORT = 1  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["virus_scanner"]["status"] == "fail"


def test_readyz_fails_when_the_broker_is_unreachable(client, monkeypatch):
    from portal.celery import app

    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "fail"
