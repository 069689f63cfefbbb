"""Respondent case pages: hearings, record of proceedings, downloads and calendar files, the attendance
check-in after a hearing; and the public hearing lookup (no sign-in, ADR 0110).

Views are thin: they fetch through cases.access (404 for anything not the respondent's), read
through cases.selectors, and leave audit events and queued work to cases.services. The dashboard,
which also shows filings and notices, is composed above every app (portal.dashboard).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from audit.context import client_ip
from cases import calendar, downloads, record_zip, selectors, services
from cases.access import access_case_for_user, access_document_for_user, access_hearing_for_user
from cases.forms import AttendanceForm, HearingLookupForm
from cases.models import AttendanceCheckIn, RecordDocument
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
    services.record_document_download(
        actor=request.user, document=document, range_header=request.headers.get("Range", "")
    )
    return _document_response(request, document, as_attachment=True)


@require_safe
def document_view(request, document_id: int):
    """One record document inline, for the browser's own PDF viewer; audited."""
    document = access_document_for_user(user=request.user, document_id=document_id)
    services.record_document_download(
        actor=request.user, document=document, range_header=request.headers.get("Range", ""), inline=True
    )
    return _document_response(request, document, as_attachment=False)


def _stored_zip_response(request, download: selectors.RecordZipDownload) -> HttpResponse:
    stored = download.stored
    return downloads.ranged_response(
        request,
        source=downloads.stored_range(stored.file.storage, stored.file.name),
        size=stored.size,
        content_type="application/zip",
        filename=record_zip.archive_filename(download.case),
        etag=stored.version,
        last_modified=record_zip.record_stamp(download.case, download.documents),
    )


def _streamed_zip_response(request, download: selectors.RecordZipDownload) -> HttpResponse:
    archive = record_zip.record_archive(case=download.case, documents=download.documents)
    return downloads.ranged_response(
        request,
        source=downloads.skip_chunks(lambda: iter(archive.stream)),
        size=archive.size,
        content_type="application/zip",
        filename=archive.filename,
        etag=archive.etag,
        last_modified=archive.last_modified,
    )


def _record_zip_response(request, download: selectors.RecordZipDownload):
    """(response, download): the stored archive when there is one, else the same bytes streamed."""
    if download.stored is not None:
        try:
            return _stored_zip_response(request, download), download
        except FileNotFoundError:  # swept between reading the row and opening the file
            download = services.record_zip_lost(download=download)
    return _streamed_zip_response(request, download), download


@require_safe
def record_download(request, case_id: int):
    """The whole record as one ZIP with Content-Length and Range; audited, a resumed download too.

    Read from the archive stored for this version of the record; until a task has stored it, the
    same bytes are streamed from the documents and the task is asked for (docs/adr/0052).
    """
    case = access_case_for_user(user=request.user, case_id=case_id)
    response, download = _record_zip_response(request, selectors.record_zip_download(case=case))
    services.record_download(
        actor=request.user,
        download=download,
        sent_bytes=int(response.get("Content-Length", 0)),
        range_header=request.headers.get("Range", ""),
    )
    return response


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    return attachment_response(content, filename=filename, content_type="text/calendar; charset=utf-8")


@require_safe
def hearing_calendar(request, hearing_id: int):
    """One hearing as an .ics file in the court's time zone."""
    hearing = access_hearing_for_user(user=request.user, hearing_id=hearing_id)
    content = calendar.hearings_calendar([hearing], hearing.case)
    services.hearing_calendar_download(actor=request.user, hearing=hearing)
    return _ics_response(content, f"hearing-{hearing.pk}.ics")


@require_safe
def case_calendar(request, case_id: int):
    """Every upcoming hearing of a case as one .ics file."""
    case = access_case_for_user(user=request.user, case_id=case_id)
    content = calendar.hearings_calendar(selectors.upcoming_hearings_for_case(case=case), case)
    services.case_calendar_download(actor=request.user, case=case)
    return _ics_response(content, f"case-{case.pk}-hearings.ics")


# --- The public hearing lookup (ADR 0110) --------------------------------------------------------


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def hearing_lookup(request):
    """A-number and country of nationality, no sign-in: the next hearing, or one answer for every mismatch.
    POST only, so the A-number is never in a URL; throttled per client and per A-number (429)."""
    form = HearingLookupForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "searched": False, "answer": None}
    if request.method == "POST" and form.is_valid():
        try:
            answer = services.hearing_lookup(
                a_number=form.cleaned_data["a_number"],
                country_code=form.cleaned_data["country_code"],
                country_text=form.cleaned_data["country"],
                client_ip=client_ip(request),
                actor=request.user,
            )
        except services.HearingLookupThrottled:
            return render(request, "cases/hearing_lookup_refused.html", {"reason": "throttled"}, status=429)
        except services.HearingLookupUnavailable:
            return render(request, "cases/hearing_lookup_refused.html", {"reason": "unavailable"}, status=503)
        context.update(searched=True, answer=answer)
    return render(request, "cases/hearing_lookup.html", context)


# --- Attendance check-in (ADR 0111) --------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def attendance(request, hearing_id: int):
    """ "Did you go to your hearing?" for one of the respondent's own hearings: asked from the day after,
    changeable for a week. "I could not go" leads to the next steps."""
    hearing = access_hearing_for_user(user=request.user, hearing_id=hearing_id)
    state = selectors.check_in_state(hearing=hearing)
    answered = state.check_in.answer if state.check_in else ""
    form = AttendanceForm(request.POST if request.method == "POST" else None, initial={"answer": answered or None})
    if request.method == "POST" and form.is_valid():
        answer = form.cleaned_data["answer"]
        try:
            services.attendance_check_in_answer(hearing=hearing, answer=answer, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if answer == AttendanceCheckIn.Answer.COULD_NOT_GO:
                return redirect("cases:attendance_missed", hearing_id=hearing.pk)
            messages.success(request, _("Thank you. Your answer was saved for the court's clerks."))
            return redirect("cases:dashboard")
    return render(request, "cases/attendance.html", {"state": state, "form": form, "hearing": hearing})


@require_safe
def attendance_missed(request, hearing_id: int):
    """What to do after missing a hearing, in plain words: call the court at once, what an in absentia order
    is, that a motion to reopen exists and has deadlines; the court's phone and the help line."""
    hearing = access_hearing_for_user(user=request.user, hearing_id=hearing_id)
    return render(request, "cases/attendance_missed.html", {"hearing": hearing, "court": hearing.case.court})
