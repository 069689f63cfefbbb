"""Respondent case pages: hearings, record of proceedings, downloads and calendar files.

Views are thin: they fetch through cases.access (404 for anything not the respondent's), read
through cases.selectors, and audit each download in the request that serves it. The dashboard,
which also shows filings and notices, is composed above every app (portal.dashboard).
"""

from functools import partial

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from audit.services import audit_record
from cases import calendar, downloads, record_zip, record_zip_store, selectors, tasks
from cases.access import access_case_for_user, access_document_for_user, access_hearing_for_user
from cases.models import RecordDocument, RecordZip
from common.responses import attachment_response

PDF = "application/pdf"


@require_safe
def hearings(request, case_id: int):
    """Upcoming hearings, then earlier or changed ones, with status, reason and moves."""
    case = access_case_for_user(user=request.user, case_id=case_id)
    upcoming, others = selectors.hearings_for_case(case=case)
    return render(request, "cases/hearings.html", {"case": case, "upcoming": upcoming, "others": others})


@require_safe
def record(request, case_id: int):
    """The record of proceedings, newest first, filterable by category."""
    case = access_case_for_user(user=request.user, case_id=case_id)
    category = request.GET.get("category", "")
    if category not in RecordDocument.Category.values:
        category = ""
    documents = selectors.record_documents_for_case(case=case, category=category or None)
    context = {
        "case": case,
        "documents": documents,
        "category": category,
        "categories": RecordDocument.Category.choices,
    }
    return render(request, "cases/record.html", context)


def _document_response(request, document: RecordDocument, *, as_attachment: bool) -> HttpResponse:
    filename = record_zip.entry_name(0, document).split("_", 1)[1]
    return downloads.ranged_response(
        request,
        source=downloads.file_chunks(lambda: document.file.open("rb")),
        size=document.size,
        content_type=PDF if filename.endswith(".pdf") else "application/octet-stream",
        filename=filename,
        etag=f'"{document.sha256[:40]}"',
        last_modified=document.created_at,
        as_attachment=as_attachment,
    )


@require_safe
def document_download(request, document_id: int):
    """One record document as an attachment (resumable); audited."""
    document = access_document_for_user(user=request.user, document_id=document_id)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="record_document.downloaded",
            target=document,
            case=document.case,
            data={"range": request.headers.get("Range", "")[:100]},
        )
    return _document_response(request, document, as_attachment=True)


@require_safe
def document_view(request, document_id: int):
    """One record document inline, for the browser's own PDF viewer; audited."""
    document = access_document_for_user(user=request.user, document_id=document_id)
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="record_document.viewed",
            target=document,
            case=document.case,
            data={"range": request.headers.get("Range", "")[:100]},
        )
    return _document_response(request, document, as_attachment=False)


def _stored_zip_response(request, stored: RecordZip, *, filename: str, last_modified) -> HttpResponse:
    return downloads.ranged_response(
        request,
        source=downloads.stored_range(stored.file.storage, stored.file.name),
        size=stored.size,
        content_type="application/zip",
        filename=filename,
        etag=stored.version,
        last_modified=last_modified,
    )


def _streamed_zip_response(request, archive: record_zip.RecordArchive) -> HttpResponse:
    return downloads.ranged_response(
        request,
        source=downloads.skip_chunks(lambda: iter(archive.stream)),
        size=archive.size,
        content_type="application/zip",
        filename=archive.filename,
        etag=archive.etag,
        last_modified=archive.last_modified,
    )


@require_safe
def record_download(request, case_id: int):
    """The whole record as one ZIP with Content-Length and Range; audited, a resumed download too.

    Read from the archive stored for this version of the record; until a task has stored it, the
    same bytes are streamed from the documents and the task is asked for (docs/adr/0052).
    """
    case = access_case_for_user(user=request.user, case_id=case_id)
    documents = selectors.record_documents_in_order(case=case)
    version = record_zip.record_version(case, documents)
    stored = record_zip_store.record_zip_ready(case=case, version=version)
    response = None
    if stored is not None:
        try:
            response = _stored_zip_response(
                request,
                stored,
                filename=record_zip.archive_filename(case),
                last_modified=record_zip.record_stamp(case, documents),
            )
        except FileNotFoundError:  # swept between reading the row and opening the file
            record_zip_store.record_zip_lost(record_zip_row=stored)
            stored = None
    if response is None:
        response = _streamed_zip_response(request, record_zip.record_archive(case=case, documents=documents))
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action="record.downloaded",
            target=case,
            case=case,
            data={
                "documents": len(documents),
                "bytes": int(response.get("Content-Length", 0)),
                "range": request.headers.get("Range", "")[:100],
                "stored": stored is not None,
            },
        )
        if stored is not None:
            record_zip_store.record_zip_served(record_zip_row=stored)
        elif record_zip_store.record_zip_needs_build(case=case, version=version):
            # robust: a broker outage must not fail the download (the next download asks again)
            build = partial(tasks.build_record_zip.delay, case.pk, translation.get_language())
            transaction.on_commit(build, robust=True)
    return response


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    return attachment_response(content, filename=filename, content_type="text/calendar; charset=utf-8")


@require_safe
def hearing_calendar(request, hearing_id: int):
    """One hearing as an .ics file in the court's time zone."""
    hearing = access_hearing_for_user(user=request.user, hearing_id=hearing_id)
    content = calendar.hearings_calendar([hearing], hearing.case)
    with transaction.atomic():
        audit_record(actor=request.user, action="hearing.calendar_downloaded", target=hearing, case=hearing.case)
    return _ics_response(content, f"hearing-{hearing.pk}.ics")


@require_safe
def case_calendar(request, case_id: int):
    """Every upcoming hearing of a case as one .ics file."""
    case = access_case_for_user(user=request.user, case_id=case_id)
    content = calendar.hearings_calendar(selectors.upcoming_hearings_for_case(case=case), case)
    with transaction.atomic():
        audit_record(actor=request.user, action="case.calendar_downloaded", target=case, case=case)
    return _ics_response(content, f"case-{case.pk}-hearings.ics")
