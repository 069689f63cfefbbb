"""Every download leaves an audit event: a sweep over every respondent object URL and every staff URL.

A response is a download when it carries `Content-Disposition` (attachment or inline file). For each
one, the request must have written an audit event by the person who asked. The URLs are collected
from the URL patterns (tests/test_idor.py, tests/test_admin_sweep.py), so a new download view that
forgets its audit event fails here.
"""

import pytest
from django.contrib import admin

from accounts import support
from audit.models import AuditEvent
from conftest import login_verified
from tests.admin_world import court_world
from tests.test_admin_sweep import staff_urls
from tests.test_idor import collect_object_urls, owner, signed_in_and_reauthenticated  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _downloads_without_audit(client, user, urls) -> tuple[int, list[str]]:
    downloads, silent = 0, []
    for url in urls:
        before = AuditEvent.objects.filter(actor=user).count()
        response = client.get(url)
        if response.status_code not in (200, 206) or not response.has_header("Content-Disposition"):
            continue
        if response.streaming:
            b"".join(response.streaming_content)
        downloads += 1
        if AuditEvent.objects.filter(actor=user).count() == before:
            silent.append(url)
    return downloads, silent


def test_every_respondent_download_is_audited(client, owner):  # noqa: F811 (fixture)
    user = owner["person"].user
    signed_in_and_reauthenticated(client, user)
    downloads, silent = _downloads_without_audit(client, user, collect_object_urls(owner["values"]))
    assert downloads >= 4  # documents, the record, letters, calendars
    assert not silent, f"downloads with no audit event: {silent}"


def test_every_staff_download_is_audited(client, court, roles, superuser):
    world = court_world(court, tag="Homeland", a_number="271828182")
    login_verified(client, superuser)
    urls = staff_urls(admin.site, world) + staff_urls(support.site, world)
    downloads, silent = _downloads_without_audit(client, superuser, urls)
    assert downloads >= 4  # record document, filing document, letter, print file, manifest
    assert not silent, f"downloads with no audit event: {silent}"


def _empty_storage(path=""):
    from django.core.files.storage import default_storage

    folders, files = default_storage.listdir(path)
    for name in files:
        default_storage.delete(f"{path}/{name}" if path else name)
    for folder in folders:
        _empty_storage(f"{path}/{folder}" if path else folder)


def test_a_file_gone_from_storage_is_a_404_page_everywhere_never_a_500(client, owner, court, superuser):  # noqa: F811
    """Respondent and staff downloads alike: a missing file is the 'missing from storage' page, audited."""
    world = court_world(court, tag="Homeland", a_number="161803398")
    respondent_urls = collect_object_urls(owner["values"])
    staff = staff_urls(admin.site, world)
    _empty_storage()
    checked = 0
    for user, urls in ((owner["person"].user, respondent_urls), (superuser, staff)):
        if user.is_superuser:
            login_verified(client, user)
        else:
            signed_in_and_reauthenticated(client, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            if response.status_code == 404 and "missing from the court" in response.content.decode():
                checked += 1
    assert checked >= 5
    assert AuditEvent.objects.filter(action="stored_file.missing").count() >= 5
