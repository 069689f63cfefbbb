"""The clerk's side-by-side review of one filing, inside the clerk admin (docs/adr/0115).

The filing's page shows its clean documents inline (the browser's PDF viewer, in a frame, served by
the audited document view) next to the facts a decision needs, with two forms: accept and reject,
each with a reason from the supervisors' list and a note. "... and open the next" takes the clerk to
the oldest filing still waiting in the same queue, within their courts. A decision goes through
filings.services.filing_decide (which locks the row: of two clerks deciding at once, one wins and
the other is told plainly). A filing of another court answers 404 and the attempt is audited.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from cases.downloads import stored_file_response
from filings import selectors, services
from filings.access import access_staff_filing_document
from filings.forms import DecisionForm
from filings.models import Filing, ReviewReason

# The inline PDF may be framed by this site's own review page and nothing else; it loads nothing.
# (The site-wide policy says frame-ancestors 'none' and X-Frame-Options DENY: this response only.)
INLINE_PDF_CSP = {
    "default-src": [CSP.NONE],
    "object-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.NONE],
}


class WorkQueueFilter(admin.SimpleListFilter):
    """The workbench's queues as a list filter (?queue=review|address|scan), oldest first."""

    title = gettext_lazy("work queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            (selectors.QUEUE_REVIEW, gettext_lazy("Waiting for review")),
            (selectors.QUEUE_ADDRESS, gettext_lazy("Changes of address to review")),
            (selectors.QUEUE_SCAN, gettext_lazy("Waiting on a virus check for more than 10 minutes")),
        ]

    def queryset(self, request, queryset):
        if self.value() in selectors.QUEUES:
            return queryset.filter(pk__in=selectors.queue_filings(self.value()).values("pk"))
        return queryset


class FilingReviewMixin:
    """The review page, the decision and the inline document of FilingAdmin (see the module docstring)."""

    review_template = "admin/filings/filing/review.html"

    def has_review_permission(self, request) -> bool:
        return request.user.has_perm("filings.change_filing")

    # --- scope: 404 for anything outside the clerk's courts, audited ---------------------------
    def get_object(self, request, object_id, from_field=None):
        try:
            return super().get_object(request, object_id, from_field)
        except Http404:
            if str(object_id).isdigit():
                services.filing_open_refused(actor=request.user, filing_id=int(object_id))
            raise

    def review_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:filing_id>/decide/", view(self.decide_view), name="filings_filing_decide"),
            path(
                "<int:filing_id>/documents/<int:document_id>/view/",
                view(self.document_inline_view),
                name="filings_filing_document_inline",
            ),
        ]

    # --- the page ------------------------------------------------------------------------------
    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return super().change_view(request, object_id, form_url, extra_context)  # read-only: refused
        if not self.has_view_permission(request):
            raise PermissionDenied
        filing = self.get_object(request, unquote(object_id))
        return self.review_response(request, filing)

    def _decision_forms(self, request, filing, bound: DecisionForm | None) -> dict[str, DecisionForm]:
        forms = {}
        for decision in ReviewReason.Decision.values:
            if bound is not None and bound.decision == decision:
                forms[decision] = bound
            else:
                forms[decision] = DecisionForm(decision=decision, reasons=selectors.review_reasons(decision))
        return forms

    def review_response(self, request, filing: Filing, *, bound: DecisionForm | None = None, status: int = 200):
        facts = selectors.review_facts(filing=filing)
        can_decide = self.has_review_permission(request) and filing.status == Filing.Status.SUBMITTED
        queue = selectors.queue_of(filing)
        forms = self._decision_forms(request, filing, bound) if can_decide else {}
        documents = [
            {
                "facts": item,
                "inline_url": reverse("admin:filings_filing_document_inline", args=[filing.pk, item.document.pk]),
                "download_url": reverse("admin:filings_filing_document", args=[filing.pk, item.document.pk]),
            }
            for item in facts.documents
        ]
        first_clean = next((d for d in documents if d["facts"].document.is_clean), None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review %(filing)s") % {"filing": filing},
            "subtitle": None,
            "opts": self.opts,
            "original": filing,
            "filing": filing,
            "facts": facts,
            "documents": documents,
            "viewer_url": first_clean["inline_url"] if first_clean else "",
            "can_decide": can_decide,
            "accept_form": forms.get(ReviewReason.Decision.ACCEPT),
            "reject_form": forms.get(ReviewReason.Decision.REJECT),
            "decide_url": reverse("admin:filings_filing_decide", args=[filing.pk]),
            "queue_url": self._queue_url(queue),
            "address_change_html": self.address_change_summary(filing) if queue == selectors.QUEUE_ADDRESS else "",
            "deadline_note": self.deadline_note(filing),
            "history_url": reverse("admin:filings_filing_history", args=[filing.pk]),
            "has_view_permission": self.has_view_permission(request, filing),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.review_template, context, status=status)

    def _queue_url(self, queue: str) -> str:
        return f"{reverse('admin:filings_filing_changelist')}?{urlencode({'queue': queue})}"

    # --- the decision --------------------------------------------------------------------------
    def decide_view(self, request, filing_id: int):
        """Accepts or rejects one filing with a reason; then the next in the queue, the queue, or the page again."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_review_permission(request):
            raise PermissionDenied
        filing = self.get_object(request, str(filing_id))
        decision = request.POST.get("decision")
        if decision not in ReviewReason.Decision.values:
            raise PermissionDenied
        form = DecisionForm(request.POST, decision=decision, reasons=selectors.review_reasons(decision))
        if not form.is_valid():
            messages.error(request, _("The decision was not recorded: see the message by the form."))
            return self.review_response(request, filing, bound=form, status=400)
        try:
            decided = services.filing_decide(
                filing=filing,
                actor=request.user,
                decision=decision,
                review_reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except services.FilingError as exc:
            refusal = self._refusal_message(request, filing, exc)
            form.add_error(None, refusal)
            messages.error(request, refusal)
            return self.review_response(request, Filing.objects.get(pk=filing.pk), bound=form, status=409)
        return self._after_decision(request, decided, open_next="open_next" in request.POST)

    def _refusal_message(self, request, filing: Filing, exc) -> str:
        """A refusal in plain words; when another clerk decided first, who did and what."""
        if getattr(exc, "code", None) != "invalid_transition":
            return exc.message
        current = Filing.objects.select_related("reviewed_by").get(pk=filing.pk)
        if current.reviewed_by_id is None or current.reviewed_by_id == request.user.pk:
            return exc.message
        return _(
            "Someone else decided this filing a moment ago: %(who)s %(status)s it. Your decision was not "
            "recorded; nothing was changed."
        ) % {
            "who": current.reviewed_by.get_full_name() or current.reviewed_by.email,
            "status": current.get_status_display().lower(),
        }

    def _after_decision(self, request, filing: Filing, *, open_next: bool):
        queue = selectors.queue_of(filing)
        done = _("%(filing)s: %(status)s.") % {"filing": filing, "status": filing.get_status_display().lower()}
        if not open_next:
            messages.success(request, done)
            return HttpResponseRedirect(self._queue_url(queue))
        following = selectors.next_in_queue(
            scoped=self.scope(Filing.objects.all(), request.user), queue=queue, after=filing
        )
        if following is None:
            messages.success(request, _("%(done)s That was the last one: this queue is empty.") % {"done": done})
            return HttpResponseRedirect(reverse("admin:index"))
        messages.success(request, _("%(done)s Here is the next one.") % {"done": done})
        return HttpResponseRedirect(reverse("admin:filings_filing_change", args=[following.pk]))

    # --- the document, inline ------------------------------------------------------------------
    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_override(INLINE_PDF_CSP))
    def document_inline_view(self, request, filing_id, document_id):
        """One clean document shown in the review page's frame (same origin only); audited as a download."""
        if not self.has_view_permission(request):
            raise Http404
        document = access_staff_filing_document(
            scoped=self.get_queryset(request), filing_id=filing_id, document_id=document_id
        )
        services.document_download(actor=request.user, document=document, case=document.filing.case)
        return stored_file_response(
            request,
            key=document.storage_key,
            filename=f"filing-{document.filing_id}-document-{document.pk}.pdf",
            content_type="application/pdf",
            as_attachment=False,
        )
