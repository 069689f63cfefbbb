"""Respondent-facing filing pages: thin views over access, selectors, forms and services."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from filings import selectors, services
from filings.access import access_case_for_filing, access_document, access_filing_by_id
from filings.forms import DocumentUploadForm, FilingStartForm, SubmitForm
from filings.models import Filing, FilingDocument
from filings.uploads import use_size_limited_uploads
from filings.validation import ACTIVE_CONTENT_LABELS, UploadRejected, clean_display_name, too_large_message


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
    return render(request, "filings/start.html", {"case": case, "form": form})


def _detail_context(filing: Filing, upload_form: DocumentUploadForm | None = None) -> dict:
    documents = selectors.documents_of(filing=filing)
    has_lead = any(d.role == FilingDocument.Role.LEAD for d in documents)
    if upload_form is None and filing.status == Filing.Status.DRAFT:
        upload_form = DocumentUploadForm(has_lead=has_lead)
    return {
        "filing": filing,
        "documents": documents,
        "upload_form": upload_form,
        "active_content_labels": ACTIVE_CONTENT_LABELS,
        "problems": services.submission_problems(filing) if filing.status == Filing.Status.DRAFT else [],
        "can_withdraw": services.S.CANCELLED in services.TRANSITIONS[filing.status],
    }


@require_GET
def filing_detail(request, filing_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    return render(request, "filings/detail.html", _detail_context(filing))


@csrf_exempt
@require_POST
def document_upload(request, filing_id):
    """Swaps in the streaming, size-limited upload handler before the body is read, then checks CSRF."""
    use_size_limited_uploads(request)
    return _document_upload(request, filing_id)


@csrf_protect
def _document_upload(request, filing_id):
    filing = access_filing_by_id(user=request.user, filing_id=filing_id)
    has_lead = filing.documents.filter(role=FilingDocument.Role.LEAD).exists()
    form = DocumentUploadForm(request.POST, request.FILES, has_lead=has_lead)
    valid = form.is_valid()
    if getattr(request, "upload_too_large", False):
        form.errors["file"] = form.error_class([too_large_message()])
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
            form.add_error("file", exc.message)
        except services.FilingError as exc:
            form.add_error(None, exc.message)
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
        "problems": services.submission_problems(filing),
        "hearing_soon": selectors.hearing_soon(case=filing.case),
        "first_efiling": selectors.is_first_efiling(filing=filing),
        "pending_scans": selectors.pending_scan_count(filing=filing),
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
        },
    )


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
