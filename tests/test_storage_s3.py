"""Private S3 storage through django-storages, against moto's S3 server over real HTTP."""

import hashlib
import io
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

BUCKET = "portal-private-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    port = _free_port()
    exe = Path(sys.executable).with_name("moto_server")
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, local test server
        [str(exe), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint, timeout=0.5)
            break
        except OSError:
            time.sleep(0.1)
    yield endpoint
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def s3_storage(settings, moto_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": moto_endpoint,
                "region_name": "us-east-1",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
                "file_overwrite": False,
                "object_parameters": {"ServerSideEncryption": "AES256"},
            },
        },
    }
    storages._storages.pop("default", None)
    yield storages["default"], client
    storages._storages.pop("default", None)


def test_files_round_trip_privately_encrypted_with_short_signed_urls(s3_storage):
    storage, client = s3_storage
    name = storage.save("record/ab/abcdef.pdf", ContentFile(b"%PDF-1.4 test"))
    with storage.open(name) as fh:
        assert fh.read() == b"%PDF-1.4 test"

    head = client.head_object(Bucket=BUCKET, Key=name)
    assert head["ServerSideEncryption"] == "AES256"
    acl = client.get_object_acl(Bucket=BUCKET, Key=name)
    assert all(g["Grantee"].get("URI", "").endswith("AllUsers") is False for g in acl["Grants"])

    url = storage.url(name)
    assert "X-Amz-Expires=60" in url or "Expires=" in url
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - local test server
        assert response.read() == b"%PDF-1.4 test"

    storage.delete(name)
    assert not storage.exists(name)


def test_readyz_storage_check_uses_s3(s3_storage, client, db):
    from portal import health

    assert health.check_storage() is None
    _storage, s3 = s3_storage
    assert s3.list_objects_v2(Bucket=BUCKET, Prefix="health/").get("KeyCount", 0) == 0


@pytest.fixture
def routed_s3_storage(settings, moto_endpoint, monkeypatch):
    """The default bucket plus a bucket of its own for quarantine and one for uploads, as an operator sets up."""
    from portal.storage import parse_routes

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    for bucket in (BUCKET, "court-quarantine", "court-uploads"):
        client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.RoutedStorage",
            "OPTIONS": {
                "backend": "storages.backends.s3.S3Storage",
                "options": {
                    "bucket_name": BUCKET,
                    "endpoint_url": moto_endpoint,
                    "region_name": "us-east-1",
                    "default_acl": "private",
                    "querystring_auth": True,
                    "querystring_expire": 60,
                    "file_overwrite": False,
                    "object_parameters": {"ServerSideEncryption": "AES256"},
                },
                "routes": parse_routes("quarantine=court-quarantine, uploads=court-uploads"),
            },
        },
    }
    storages._storages.pop("default", None)
    yield storages["default"], client
    storages._storages.pop("default", None)


def _keys(client, bucket) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def test_each_location_lives_in_its_own_bucket(routed_s3_storage):
    from filings.storage import move_to_quarantine, store_stream

    storage, client = routed_s3_storage
    upload, size, digest = store_stream(io.BytesIO(b"%PDF-1.4 awaiting scan"))
    record = storage.save("record/cd/cdef.pdf", ContentFile(b"%PDF-1.4 clean"))
    quarantined = move_to_quarantine(upload)

    assert _keys(client, "court-uploads") == {upload}
    assert _keys(client, "court-quarantine") == {quarantined}
    assert _keys(client, BUCKET) == {record}  # unlisted locations stay in the default bucket
    assert size == len(b"%PDF-1.4 awaiting scan")  # hashed while uploading, once, whatever S3 re-reads
    assert digest == hashlib.sha256(b"%PDF-1.4 awaiting scan").hexdigest()
    for name, bucket in ((upload, "court-uploads"), (quarantined, "court-quarantine"), (record, BUCKET)):
        assert storage.exists(name)
        assert client.head_object(Bucket=bucket, Key=name)["ServerSideEncryption"] == "AES256"
        assert f"/{bucket}/" in storage.url(name) or f"//{bucket}." in storage.url(name)
    with storage.open(quarantined) as fh:
        assert fh.read() == b"%PDF-1.4 awaiting scan"

    storage.delete(upload)
    assert not storage.exists(upload)
    assert _keys(client, "court-uploads") == set()


def test_routes_parse_and_refuse_nonsense():
    from portal.storage import parse_routes

    assert parse_routes(" quarantine=q ,uploads=u,") == {
        "quarantine": {"bucket_name": "q"},
        "uploads": {"bucket_name": "u"},
    }
    assert parse_routes("record=/srv/record", "location") == {"record": {"location": "/srv/record"}}
    with pytest.raises(ValueError, match="PREFIX=NAME"):
        parse_routes("quarantine")


def test_filesystem_locations_are_separate_directories(settings, tmp_path):
    from portal.storage import parse_routes

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "portal.storage.RoutedStorage",
            "OPTIONS": {
                "backend": "django.core.files.storage.FileSystemStorage",
                "options": {"location": str(tmp_path / "main"), "base_url": None},
                "routes": parse_routes(f"quarantine={tmp_path / 'q'}", "location"),
            },
        },
    }
    storages._storages.pop("default", None)
    try:
        storage = storages["default"]
        q = storage.save("quarantine/ab/x.pdf", ContentFile(b"bad"))
        r = storage.save("record/ab/y.pdf", ContentFile(b"good"))
        assert (tmp_path / "q" / q).read_bytes() == b"bad"
        assert (tmp_path / "main" / r).read_bytes() == b"good"
        assert not (tmp_path / "main" / "quarantine").exists()
        assert storage.size(q) == 3 and storage.path(r) == str(tmp_path / "main" / r)
    finally:
        storages._storages.pop("default", None)
