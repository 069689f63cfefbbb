"""Change of address (EOIR-33): the respondent completes the form; the portal prepares the EOIR-33 as a
draft filing, which the respondent then reviews and files like any other filing."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from filings.access import access_case_for_filing
from filings.address import address_change_submit, current_address, open_address_change_drafts
from filings.forms import AddressChangeForm
from filings.models import AddressChange
from filings.services import FilingError, case_accepts_filings


@require_http_methods(["GET", "POST"])
def address_change(request, case_id):
    case = access_case_for_filing(user=request.user, case_id=case_id)
    if not case_accepts_filings(case):
        return render(request, "filings/attorney_of_record.html", {"case": case})
    respondent = case.respondent
    form = AddressChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change = address_change_submit(case=case, actor=request.user, data=form.cleaned_data)
        except FilingError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("filings:submit", change.filing_id)
    context = {
        "case": case,
        "form": form,
        "current": current_address(respondent),
        "open_draft": open_address_change_drafts(case=case).first(),
    }
    return render(request, "filings/address_change.html", context, status=400 if form.errors else 200)


@require_GET
def address_change_receipt(request, change_id):
    """A change of address: its filing's receipt once filed, the review page while a draft; older
    changes (made before address changes became filings) keep their own receipt page."""
    change = get_object_or_404(
        AddressChange.objects.select_related("case__court", "filing"), pk=change_id, respondent__user=request.user
    )
    if change.filing is not None:
        if change.filing.submitted_at is None:
            return redirect("filings:submit", change.filing_id)
        return redirect("filings:receipt", change.filing_id)
    return render(request, "filings/address_receipt.html", {"change": change})
