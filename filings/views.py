"""Respondent-facing filing pages, the change of address (EOIR-33) among them: thin views over access,
selectors, forms and services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases.downloads import stored_file_response
from filings import selectors, services
from filings.access import (
    access_address_change_by_id,
    access_case_for_filing,
    access_document,
    access_filing_by_id,
)
from filings.forms import AddressChangeForm, DocumentUploadForm, FilingStartForm, SubmitForm
from filings.models import Filing, FilingDocument
from filings.uploads import use_size_limited_uploads
from filings.validation import ACTIVE_CONTENT_LABELS, UploadRejected, clean_display_name, too_large_message

# Room for the form's other fields and the multipart boundaries around one file at the size limit.
UPLOAD_BODY_MARGIN = 1024 * 1024


@require_GET
def filing_list(request):
    return render(
        request,
        "filings/list.html",
        {
            "filings": selectors.filings_of_user(user=request.user),
            "cases": selectors.cases_of_user(user=request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def filing_start(request, case_id):
    case = access_case_for_filing(user=request.user, case_id=case_id)
    if not services.case_accepts_filings(case):
        return render(request, "filings/attorney_of_record.html", {"case": case})
    form = FilingStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.filing_create(case=case, actor=request.user, filing_type=form.cleaned_data["filing_type"])
        except services.FilingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("filings:detail", filing.pk)
    context = {"case": case, "form": form, "deadline": selectors.deadline_words(case=case)}
    return render(request, "filings/start.html", context)


def _detail_context(filing: Filing, upload_form: DocumentUploadForm | None = None) -> dict:
    documents = selectors.documents_of(filing=filing)
    has_lead = any(d.role == FilingDocument.Role.LEAD for d in documents)
    is_draft = filing.status == Filing.Status.DRAFT
    takes_uploads = is_draft and filing.filing_type != Filing.FilingType.ADDRESS_CHANGE
    if upload_form is None and takes_uploads:
        upload_form = DocumentUploadForm(has_lead=has_lead)
    return {
        "filing": filing,
        "documents": documents,
        "upload_form": upload_form if takes_uploads else None,
        "active_content_labels": ACTIVE_CONTENT_LABELS,
        "problems": selectors.submission_problems(filing) if is_draft else [],
        "can_withdraw": services.transition_allowed(filing, to=Filing.Status.CANCELLED),
        "deadline": selectors.deadline_words(case=filing.case) if is_draft else None,
        "address_change": selectors.address_change_of(filing=filing),
    }


@require_GET
def filing_detail(request, filing_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    return render(request, "filings/detail.html", _detail_context(filing))


@csrf_exempt
@require_POST
def document_upload(request, filing_id):
    """Refuses a body far past the size limit before reading it; otherwise swaps in the streaming,
    size-limited upload handler before the body is read, then checks CSRF."""
    if _content_length(request) > settings.FILINGS_MAX_UPLOAD_BYTES + UPLOAD_BODY_MARGIN:
        return _body_too_large(request, filing_id)
    use_size_limited_uploads(request)
    return _document_upload(request, filing_id)


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _body_too_large(request, filing_id):
    """Answers 413 without reading the body: no state changes, so no CSRF check is needed, and the draft
    and its documents stay exactly as they were."""
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    form = DocumentUploadForm(has_lead=selectors.has_lead_document(filing=filing))
    message = too_large_message() + " " + _("Nothing was uploaded; your draft and its documents are kept.")
    form.errors["file"] = form.error_class([ValidationError(message, code="too_large")])
    context = _detail_context(filing, form)
    response = render(request, "filings/detail.html", context, status=413)
    response["Connection"] = "close"  # the unread body is not worth reading to keep the connection
    return response


@csrf_protect
def _document_upload(request, filing_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    form = DocumentUploadForm(request.POST, request.FILES, has_lead=selectors.has_lead_document(filing=filing))
    valid = form.is_valid()
    if getattr(request, "upload_too_large", False):
        form.errors["file"] = form.error_class([ValidationError(too_large_message(), code="too_large")])
        valid = False
    if valid:
        upload = form.cleaned_data["file"]
        try:
            document = services.document_upload(
                filing=filing,
                actor=request.user,
                role=form.cleaned_data["role"],
                title=form.cleaned_data["title"],
                path=upload.temporary_file_path(),
                original_name=clean_display_name(upload.name),
            )
        except UploadRejected as exc:
            # The code picks the help answer that fixes it (DocumentUploadForm.error_help).
            form.add_error("file", ValidationError(exc.message, code=exc.code))
        except services.FilingError as exc:
            form.add_error(None, ValidationError(exc.message, code=exc.code or None))
        else:
            _upload_messages(request, document)
            return redirect("filings:detail", filing.pk)
        finally:
            upload.close()
    return render(request, "filings/detail.html", _detail_context(filing, form), status=400)


def _upload_messages(request, document: FilingDocument) -> None:
    messages.success(
        request, _("“%(title)s” was uploaded and is being checked for viruses.") % {"title": document.title}
    )
    if document.removed_active_content:
        labels = ", ".join(str(ACTIVE_CONTENT_LABELS[c]) for c in document.removed_active_content)
        messages.warning(
            request,
            _("For safety we removed active content from this PDF: %(labels)s. The pages themselves are unchanged.")
            % {"labels": labels},
        )


@require_POST
def document_accept_page_size(request, filing_id, document_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    document = access_document(filing=filing, document_id=document_id)
    try:
        services.document_page_size_accept(document=document, actor=request.user)
    except services.FilingError as exc:
        messages.error(request, exc.message)
    return redirect("filings:detail", filing.pk)


@require_POST
def document_remove(request, filing_id, document_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    document = access_document(filing=filing, document_id=document_id)
    try:
        services.document_remove(document=document, actor=request.user)
    except services.FilingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The document was removed from the draft."))
    return redirect("filings:detail", filing.pk)


@require_http_methods(["GET", "POST"])
def filing_submit(request, filing_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    if filing.status != Filing.Status.DRAFT:
        return redirect("filings:detail", filing.pk)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.filing_submit(filing=filing, actor=request.user, service_certified=True)
        except services.FilingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("filings:receipt", filing.pk)
    context = {
        "filing": filing,
        "form": form,
        "documents": selectors.documents_of(filing=filing),
        "problems": selectors.submission_problems(filing),
        "hearing_soon": selectors.hearing_soon(case=filing.case),
        "first_efiling": selectors.is_first_efiling(filing=filing),
        "pending_scans": selectors.pending_scan_count(filing=filing),
        "deadline": selectors.deadline_words(case=filing.case),
        "address_change": selectors.address_change_of(filing=filing),
    }
    return render(request, "filings/submit.html", context, status=400 if form.errors else 200)


@require_GET
def filing_receipt(request, filing_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    if filing.submitted_at is None:
        return redirect("filings:detail", filing.pk)
    return render(
        request,
        "filings/receipt.html",
        {
            "filing": filing,
            "documents": selectors.documents_of(filing=filing),
            "active_content_labels": ACTIVE_CONTENT_LABELS,
            "address_change": selectors.address_change_of(filing=filing),
        },
    )


def _pdf_response(request, key: str, filename: str) -> HttpResponse:
    return stored_file_response(request, key=key, filename=filename, content_type="application/pdf")


@require_GET
def filing_receipt_pdf(request, filing_id):
    """The receipt PDF of the respondent's own filing, as an attachment; audited. While it is still
    being made, back to the receipt page with a word on it."""
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    if filing.submitted_at is None:
        return redirect("filings:detail", filing.pk)
    if not filing.receipt_pdf_key:
        messages.info(request, _("Your receipt PDF is being prepared. Try again in a minute."))
        return redirect("filings:receipt", filing.pk)
    services.filing_receipt_download(actor=request.user, filing=filing)
    return _pdf_response(request, filing.receipt_pdf_key, f"receipt-{filing.receipt_number}.pdf")


@require_GET
def document_download(request, filing_id, document_id):
    """One document of the respondent's own filing (their upload, the certificate of service, the
    EOIR-33), once it passed the virus check; audited."""
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    document = access_document(filing=filing, document_id=document_id)
    if not document.is_clean:
        messages.info(request, _("This document can be opened once the virus check is done."))
        return redirect("filings:detail", filing.pk)
    services.document_download(actor=request.user, document=document, case=filing.case)
    return _pdf_response(request, document.storage_key, f"filing-{filing.pk}-document-{document.pk}.pdf")


@require_POST
def filing_withdraw(request, filing_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    try:
        services.filing_withdraw(filing=filing, actor=request.user)
    except services.FilingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The filing was withdrawn."))
    return redirect("filings:detail", filing.pk)


@require_http_methods(["GET", "POST"])
def address_change(request, case_id):
    """The EOIR-33 form; a completed one becomes a draft filing the respondent reviews and files."""
    case = access_case_for_filing(user=request.user, case_id=case_id)
    if not services.case_accepts_filings(case):
        return render(request, "filings/attorney_of_record.html", {"case": case})
    form = AddressChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.address_change_submit(case=case, actor=request.user, data=form.cleaned_data)
        except services.FilingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("filings:submit", change.filing_id)
    context = {
        "case": case,
        "form": form,
        "current": selectors.current_address(case.respondent),
        "open_draft": selectors.open_address_change_drafts(case=case).first(),
    }
    return render(request, "filings/address_change.html", context, status=400 if form.errors else 200)


@require_GET
def address_change_receipt(request, change_id):
    """A change of address: its filing's receipt once filed, the review page while a draft; older
    changes (made before address changes became filings) keep their own receipt page."""
    change = access_address_change_by_id(user=request.user, change_id=change_id)
    if change.filing is not None:
        if change.filing.submitted_at is None:
            return redirect("filings:submit", change.filing_id)
        return redirect("filings:receipt", change.filing_id)
    return render(request, "filings/address_receipt.html", {"change": change})
