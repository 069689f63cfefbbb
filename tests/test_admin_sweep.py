"""Staff sites, swept: nothing of another court reaches a clerk, whatever the URL, form or look-up.

Three sweeps close three classes of leak (issue 13), each COLLECTED from the sites, not listed by
hand, so that a new admin, URL or field is covered the day it is added:

- every admin URL of both sites, filled with the ids of another court's records, as a clerk and as
  a support agent: no page shows that court's names, A-numbers or documents;
- every add form of the clerk site with every foreign-key and many-to-many field preset through the
  query string to another court's records: no label of them appears;
- every changelist of both sites refuses look-ups its filters do not offer (a password hash, a
  regex, a walk across relations) with 400.
"""

import re

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts import support
from cases.tests.factories import CaseFactory, RespondentFactory
from conftest import login_verified
from tests.admin_world import court_world
from tests.support import walk_urls

pytestmark = pytest.mark.django_db

SITES = {"admin": admin.site, "support": support.site}
# What a page may answer instead of the record: sign-in, forbidden, not found, bad request, wrong method.
REFUSALS = {302, 400, 403, 404, 405}


@pytest.fixture
def foreign(other_court):
    """Another court's records: the clerk of `court` must see none of them."""
    return court_world(other_court, tag="Farland", a_number="314159265")


def _patterns(site):
    urls, _app, namespace = site.urls
    return [(url.entry, url.route) for url in walk_urls(urls)], namespace


def _object_for(name: str, route: str, objects: dict):
    """The record an admin URL is about: "cases_hearing_change" or "cases/hearing/..." -> objects["cases.hearing"]."""
    for label, obj in objects.items():
        if name.startswith(label.replace(".", "_") + "_") or route.startswith(label.replace(".", "/") + "/"):
            return obj
    return None


def _fill(name, route, converters, world, site) -> list[dict]:
    """Keyword sets for one URL pattern, from the world's ids; [] means "cannot fill"."""
    objects = world["objects"]
    params = set(converters)
    if name == "view_on_site":
        return [
            {"content_type_id": ContentType.objects.get_for_model(model).pk, "object_id": objects[label].pk}
            for model in site._registry
            if (label := model._meta.label_lower) in objects
        ]
    if name == "app_list":
        return [{"app_label": label} for label in {m._meta.app_label for m in site._registry}]
    if "action" in params:  # the support console's account actions
        from accounts.support.admin import ACTIONS

        return [{"object_id": objects["accounts.user"].pk, "action": key} for key in ACTIONS]
    if name == "" and params == {"url"}:  # the site's catch-all (a 404 or the sign-in page)
        return [{"url": "no-such-page/"}]
    if name == "auth_user_password_change":
        return [{"id": objects["accounts.user"].pk}]
    known = {
        "pk": objects["otp_totp.totpdevice"].pk,
        "notice_id": objects["notices.notice"].pk,
        "batch_id": objects["notices.mailingbatch"].pk,
        "number": objects["notices.printfile"].number,
        "filing_id": objects["filings.filing"].pk,
        "document_id": objects["filings.filingdocument"].pk,
        "motion_id": objects["motions.motion"].pk,
    }
    kwargs = {}
    for param in params:
        if param == "object_id":
            obj = _object_for(name, route, objects)
            if obj is None:
                return []
            kwargs[param] = obj.pk
        elif param in known:
            kwargs[param] = known[param]
        else:
            return []
    return [kwargs]


def staff_urls(site, world) -> list[str]:
    """Every URL of `site`, filled with the world's ids; fails on a pattern it cannot fill."""
    patterns, namespace = _patterns(site)
    urls, unknown = [], []
    for entry, route in patterns:
        converters = entry.pattern.converters
        regex_groups = re.compile(entry.pattern.regex.pattern).groupindex
        params = set(converters) | set(regex_groups)
        name = entry.name
        if not params:
            if name:
                urls.append(reverse(f"{namespace}:{name}"))
            continue
        filled = _fill(name or "", route, params, world, site)
        if not filled:
            unknown.append(f"{namespace}:{name} {route}")
            continue
        if name is None:  # Django's old "<id>/" address (redirects to the change page), the catch-all
            prefix = reverse(f"{namespace}:index")
            for kwargs in filled:
                urls.append(prefix + route.replace("<path:object_id>", str(kwargs.get("object_id"))).split("(?P")[0])
            continue
        urls.extend(reverse(f"{namespace}:{name}", kwargs=kwargs) for kwargs in filled)
    assert not unknown, "staff URL patterns the sweep cannot fill; teach it:\n" + "\n".join(unknown)
    return urls


def _leaks(response, markers) -> list[str]:
    if response.status_code in REFUSALS:
        return []
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    return [marker for marker in markers if marker in text]


def test_the_sweep_reaches_every_kind_of_staff_page(foreign):
    urls = staff_urls(admin.site, foreign) + staff_urls(support.site, foreign)
    for part in ("/change/", "/add/", "/history/", "/pdf/", "/manifest/", "/file/1/", "/documents/", "/r/", "/do/"):
        assert any(part in url for url in urls), part
    assert len(urls) > 80


@pytest.mark.parametrize("site_name", ["admin", "support"])
def test_a_clerk_of_another_court_reads_nothing_of_this_court(client, clerk, foreign, site_name):
    login_verified(client, clerk)
    leaked = {}
    for url in staff_urls(SITES[site_name], foreign):
        response = client.get(url)
        assert response.status_code < 500, url
        if found := _leaks(response, foreign["markers"]):
            leaked[url] = found
    assert not leaked, leaked


def test_a_support_agent_reads_no_court_record_on_the_clerk_site(client, support_agent, foreign):
    login_verified(client, support_agent)
    leaked = {}
    for url in staff_urls(admin.site, foreign):
        response = client.get(url)
        assert response.status_code < 500, url
        if found := _leaks(response, foreign["markers"]):
            leaked[url] = found
    assert not leaked, leaked


def test_a_support_agent_sees_who_the_person_is_but_no_case_contents(client, support_agent, foreign):
    """The support console identifies accounts (name, A-number, court) and shows nothing of the case."""
    login_verified(client, support_agent)
    contents = [m for m in foreign["markers"] if m.startswith("Farland") and not m.startswith(("Farlandg", "Farlandf"))]
    assert contents  # judge, courtroom, exhibit, motion, old address, legal aid
    leaked = {}
    for url in staff_urls(support.site, foreign):
        response = client.get(url)
        assert response.status_code < 500, url
        if found := _leaks(response, contents):
            leaked[url] = found
    assert not leaked, leaked


def _presets(model, world) -> dict[str, str]:
    """Query-string presets pointing every relation of `model` at the world's record of that kind."""
    presets = {}
    for field in model._meta.get_fields():
        if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one or field.many_to_many)):
            continue
        target = world["objects"].get(field.related_model._meta.label_lower)
        if target is not None:
            presets[field.name] = str(target.pk)
    return presets


def test_add_forms_name_no_other_courts_record_from_query_string_presets(client, clerk, court, foreign):
    login_verified(client, clerk)
    mine = court_world(court, tag="Homeland", a_number="271828182")
    checked = 0
    leaked = {}
    for model in admin.site._registry:
        presets = _presets(model, foreign)
        if not presets:
            continue
        opts = model._meta
        add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        add = client.get(add_url, presets)
        assert add.status_code < 500
        if found := _leaks(add, foreign["markers"]):
            leaked[f"{opts.label_lower} add"] = found
        popup = client.get(add_url, {**presets, "_popup": "1", "_to_field": "id"})  # "add another" window
        if found := _leaks(popup, foreign["markers"]):
            leaked[f"{opts.label_lower} add popup"] = found
        own = mine["objects"].get(opts.label_lower)
        if own is not None:
            change = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[own.pk]), presets)
            assert change.status_code < 500
            if found := _leaks(change, foreign["markers"]):
                leaked[f"{opts.label_lower} change"] = found
        checked += add.status_code == 200
    assert not leaked, leaked
    assert checked >= 4  # court, judge, respondent, case, hearing, record document: the clerk adds these


def test_a_preset_inside_the_clerks_courts_still_fills_the_form(client, clerk, court):
    """The scoping removes only what is not the clerk's: a preset of their own respondent stays."""
    login_verified(client, clerk)
    person = RespondentFactory(family_name="Ownperson")
    CaseFactory(respondent=person, court=court)
    page = client.get(reverse("admin:cases_case_add"), {"respondent": person.pk})
    assert page.status_code == 200
    assert "Ownperson" in page.text


def _probe_lookups(model) -> list[str]:
    """Look-ups no changelist offers: the password hash, regexes on every field, walks across relations."""
    probes = ["password__startswith=argon2", "password__regex=^a", "nonexistent__exact=1"]
    for field in model._meta.concrete_fields:
        probes.append(f"{field.name}__regex=.")
        probes.append(f"{field.name}__startswith=1")
        if field.is_relation:
            for remote in field.related_model._meta.concrete_fields[:4]:
                probes.append(f"{field.name}__{remote.name}__startswith=a")
    return probes


@pytest.mark.parametrize("site_name", ["admin", "support"])
def test_changelists_refuse_lookups_their_filters_do_not_offer(client, superuser, support_agent, site_name):
    site = SITES[site_name]
    login_verified(client, superuser if site_name == "admin" else support_agent)
    tried = 0
    for model in site._registry:
        opts = model._meta
        url = reverse(f"{site.name}:{opts.app_label}_{opts.model_name}_changelist")
        for probe in _probe_lookups(model):
            response = client.get(f"{url}?q=a&{probe}")
            assert response.status_code == 400, (url, probe, response.status_code)
            tried += 1
    assert tried >= (100 if site_name == "admin" else 20)


def test_changelists_still_take_the_filters_they_offer(client, clerk, court):
    login_verified(client, clerk)
    assert client.get(reverse("admin:cases_case_changelist"), {"status__exact": "pending"}).status_code == 200
    assert client.get(reverse("admin:cases_case_changelist"), {"court": court.pk}).status_code == 200
    assert client.get(reverse("admin:filings_filing_changelist"), {"status__exact": "submitted"}).status_code == 200
    history = {"target_type": "cases.case", "target_id": "1"}
    assert client.get(reverse("admin:audit_auditevent_changelist"), history).status_code == 200


def _storage_keys(world) -> list[str]:
    objects = world["objects"]
    keys = [
        objects["cases.recorddocument"].file.name,
        objects["filings.filingdocument"].storage_key,
        objects["notices.notice"].pdf_key,
        objects["notices.mailingbatch"].manifest_key,
        objects["notices.printfile"].file_key,
    ]
    assert all(keys)
    return keys


def test_no_staff_page_links_a_stored_file_by_its_storage_address(client, superuser, court):
    """Files are reached only through views that check access and audit (on S3 a storage URL is a
    pre-signed link that nobody audits): no page, even a superuser's, names a storage key."""
    mine = court_world(court, tag="Homeland", a_number="271828182")
    login_verified(client, superuser)
    keys = _storage_keys(mine)
    shown = {}
    for url in staff_urls(admin.site, mine):
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        if found := [key for key in keys if key in response.text]:
            shown[url] = found
    assert not shown, shown


def test_a_clerk_downloads_a_record_document_through_the_audited_view(client, clerk, court):
    from audit.models import AuditEvent

    mine = court_world(court, tag="Homeland", a_number="271828182")
    document = mine["objects"]["cases.recorddocument"]
    login_verified(client, clerk)
    page = client.get(reverse("admin:cases_recorddocument_change", args=[document.pk]))
    link = reverse("admin:cases_recorddocument_file", args=[document.pk])
    assert link in page.text
    response = client.get(link)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert AuditEvent.objects.filter(action="record_document.downloaded", actor=clerk, target_id=str(document.pk))


def test_autocomplete_answers_nothing_of_another_court(client, clerk, foreign):
    """No admin offers autocomplete today (pages work without JavaScript); if one does, the JSON view
    answers from the related admin's scoped queryset. Either way nothing of another court comes back."""
    login_verified(client, clerk)
    for model in admin.site._registry:
        for field in model._meta.concrete_fields:
            if not field.is_relation:
                continue
            params = {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field.name,
                "term": "Farland",
            }
            response = client.get(reverse("admin:autocomplete"), params)
            assert response.status_code in REFUSALS | {200}
            assert not _leaks(response, foreign["markers"]), params
