"""Respondent pages of the guided requests: choose a request, answer its questions (a django-formtools
wizard whose state lives on the Motion row), add evidence, read and sign, then file through filings."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from formtools.wizard.views import NamedUrlWizardView

from common.responses import attachment_response
from filings.access import access_document
from filings.forms import AddressChangeForm
from filings.selectors import open_address_change_drafts
from filings.services import FilingError, address_change_submit, case_accepts_filings, document_remove
from filings.uploads import use_size_limited_uploads
from filings.validation import UploadRejected, clean_display_name, too_large_message
from guidance.content import answer_url
from guidance.selectors import legal_providers_for
from motions import flows, rendering, selectors, services
from motions.access import access_case_for_motion, access_motion_by_id, access_motion_type
from motions.forms import EvidenceForm, SignForm
from motions.models import Motion, MotionType

UPLOAD_BODY_MARGIN = 1024 * 1024


@require_GET
def motion_choose(request, case_id):
    """The guided requests this case can use, with the countdowns that make them urgent."""
    case = access_case_for_motion(user=request.user, case_id=case_id)
    offered = [
        {"type": t, "available": services.motion_type_available(case=case, motion_type=t)}
        for t in selectors.motion_types_offered()
    ]
    context = {
        "case": case,
        "offered": offered,
        "language": translation.get_language(),
        "countdown": selectors.reopen_countdown(case=case),
        "motions": selectors.motions_of_case(case=case),
    }
    return render(request, "motions/choose.html", context)


@require_POST
def motion_start(request, case_id, slug):
    case = access_case_for_motion(user=request.user, case_id=case_id)
    motion_type = access_motion_type(slug=slug)
    try:
        motion = services.motion_start(case=case, motion_type=motion_type, actor=request.user)
    except services.MotionError as exc:
        messages.error(request, exc.message)
        return redirect("motions:choose", case.pk)
    return redirect("motions:step", motion_id=motion.pk, step=next(iter(flows.steps_of(motion_type.flow))))


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _hearing_label(hearing) -> str:
    local = timezone.localtime(hearing.starts_at, hearing.case.court.tz)
    return f"{hearing.get_hearing_type_display()}, {local:%B %-d, %Y %-I:%M %p} ({local.tzname()})"


class MotionWizard(NamedUrlWizardView):
    """The question flow of one motion; its state is saved on the Motion row after every request."""

    form_list = list(dict(flows.ALL_FORMS).items())
    storage_name = "motions.storage.MotionDraftStorage"
    template_name = "motions/step.html"

    def dispatch(self, request, *args, **kwargs):
        self.motion = access_motion_by_id(user=request.user, motion_id=kwargs["motion_id"])
        if not services.motion_is_draft(self.motion):
            return redirect("motions:detail", self.motion.pk)
        request.motion_draft = self.motion
        flow = self.motion.motion_type.flow
        self.form_list = flows.steps_of(flow)
        self.condition_dict = flows.conditions_of(flow)
        self.countdown = selectors.reopen_countdown(case=self.motion.case)
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return f"motion_{kwargs['motion_id']}"

    def get_step_url(self, step):
        return reverse(self.url_name, kwargs={"motion_id": self.motion.pk, "step": step})

    def post(self, *args, **kwargs):
        """What was typed on this step is kept even when it fails a check or the person goes back (it is
        checked again, with every other step, at the end)."""
        posted_step = self.request.POST.get(f"{self.prefix}-current_step")
        if posted_step == self.steps.current and posted_step in self.get_form_list():
            self.storage.set_step_data(self.steps.current, self.request.POST)
        return super().post(*args, **kwargs)

    def get_form_kwargs(self, step=None):
        case = self.motion.case
        answers = {"got_notice": "no" if flows._no_notice(self) else "yes"}
        fee = selectors.motion_fee(motion_type=self.motion.motion_type, answers=answers, on=selectors.court_today(case))
        return {"case": case, "motion": self.motion, "countdown": self.countdown, "fee": fee}

    def get_form_initial(self, step):
        if step == "address":  # pre-filled from the change of address (EOIR-33) that prompted it
            change = selectors.latest_address_change(case=self.motion.case)
            return dict(change.new_address) if change else {}
        if step == "dates":
            earlier = selectors.earlier_continuances(case=self.motion.case)
            lines = [_hearing_label(h) + (f": {h.adjournment_reason}" if h.adjournment_reason else "") for h in earlier]
            return {"earlier": "\n".join(lines)}
        return {}

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        case = self.motion.case
        step = self.steps.current
        context.update(
            motion=self.motion,
            case=case,
            heading=flows.HEADINGS.get(step, ""),
            countdown=self.countdown,
            fee=form.fee,
            stop_for_lawyer=step == "exceptional" and self.countdown is not None and not self.countdown.within_limit,
            legal_providers=legal_providers_for(courts=[case.court]),
            help_url=answer_url("missed-hearing") if self.motion.motion_type.flow == MotionType.Flow.REOPEN else "",
            timeline=selectors.address_timeline(case=case) if step == "no_notice" else [],
            consequences=self.motion.motion_type.text_for("consequences", translation.get_language() or "en"),
            deadline_days=selectors.fact_value(
                key=selectors.K.DAYS_DOCUMENTS_BEFORE_MASTER, on=selectors.court_today(case)
            ),
            upcoming=list(selectors.upcoming_hearings(case=case)) if step == "hearing" else [],
        )
        return context

    def done(self, form_list, form_dict=None, **kwargs):
        answers = {}
        for form in form_list:
            answers.update({name: _json_value(value) for name, value in form.cleaned_data.items()})
        hearing = form_dict.get("hearing").cleaned_data.get("hearing") if form_dict.get("hearing") else None
        if hearing is not None:
            answers["hearing_label"] = _hearing_label(hearing)
        if "got_notice" in answers and answers["got_notice"] == "no":
            answers.pop("fee_choice", None)
        services.motion_answers_save(motion=self.motion, answers=answers, actor=self.request.user)
        return redirect("motions:evidence", self.motion.pk)


def _first_step(motion: Motion) -> str:
    return next(iter(flows.steps_of(motion.motion_type.flow)))


def _evidence_choices(motion: Motion) -> list[tuple[str, str]]:
    language = translation.get_language() or "en"
    answers = motion.answers or {}
    choices = []
    for exhibit in motion.motion_type.exhibits:
        if exhibit["key"] == "fee_waiver" and answers.get("fee_choice") != "waiver":
            continue
        if exhibit["key"] == "uscis_receipt" and answers.get("reason") != "uscis":
            continue
        if exhibit["key"] == "declaration" and answers.get("got_notice") != "no":
            continue
        choices.append((exhibit["key"], exhibit.get(language) or exhibit.get("en")))
    return choices


def _evidence_context(motion: Motion, form: EvidenceForm | None = None) -> dict:
    choices = _evidence_choices(motion)
    return {
        "motion": motion,
        "case": motion.case,
        "form": form or EvidenceForm(exhibits=choices),
        "choices": choices,
        "evidence": selectors.evidence_of(motion=motion),
        "missing": selectors.missing_exhibits(motion=motion),
        "max_upload_mb": settings.FILINGS_MAX_UPLOAD_BYTES // (1024 * 1024),
        "first_step": _first_step(motion),
    }


def _draft_motion(request, motion_id) -> Motion:
    return access_motion_by_id(user=request.user, motion_id=motion_id)


@require_GET
def motion_evidence(request, motion_id):
    motion = _draft_motion(request, motion_id)
    if not services.motion_is_draft(motion):
        return redirect("motions:detail", motion.pk)
    if motion.filing_id is None:
        return redirect("motions:step", motion_id=motion.pk, step=_first_step(motion))
    return render(request, "motions/evidence.html", _evidence_context(motion))


@csrf_exempt
@require_POST
def motion_evidence_upload(request, motion_id):
    """The same streaming, size-limited upload as filings' own page, then the CSRF check."""
    content_length = int(request.META.get("CONTENT_LENGTH") or 0)
    if content_length > settings.FILINGS_MAX_UPLOAD_BYTES + UPLOAD_BODY_MARGIN:
        motion = _draft_motion(request, motion_id)
        form = EvidenceForm(exhibits=_evidence_choices(motion))
        form.errors["file"] = form.error_class([ValidationError(too_large_message(), code="too_large")])
        response = render(request, "motions/evidence.html", _evidence_context(motion, form), status=413)
        response["Connection"] = "close"
        return response
    use_size_limited_uploads(request)
    return _evidence_upload(request, motion_id)


@csrf_protect
def _evidence_upload(request, motion_id):
    motion = _draft_motion(request, motion_id)
    if not services.motion_is_draft(motion) or motion.filing_id is None:
        return redirect("motions:detail", motion.pk)
    form = EvidenceForm(request.POST, request.FILES, exhibits=_evidence_choices(motion))
    valid = form.is_valid()
    if getattr(request, "upload_too_large", False):
        form.errors["file"] = form.error_class([ValidationError(too_large_message(), code="too_large")])
        valid = False
    if valid:
        upload = form.cleaned_data["file"]
        try:
            services.motion_evidence_upload(
                motion=motion,
                actor=request.user,
                exhibit_key=form.cleaned_data["exhibit"],
                title=form.cleaned_data["title"],
                path=upload.temporary_file_path(),
                original_name=clean_display_name(upload.name),
            )
        except UploadRejected as exc:
            form.add_error("file", ValidationError(exc.message, code=exc.code))
        except (FilingError, services.MotionError) as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("“%(title)s” was uploaded and is being checked for viruses.") % {"title": form.cleaned_data["title"]},
            )
            return redirect("motions:evidence", motion.pk)
        finally:
            upload.close()
    return render(request, "motions/evidence.html", _evidence_context(motion, form), status=400)


@require_POST
def motion_evidence_remove(request, motion_id, document_id):
    motion = _draft_motion(request, motion_id)
    if motion.filing_id is None:
        return redirect("motions:detail", motion.pk)
    document = access_document(filing=motion.filing, document_id=document_id)
    try:
        document_remove(document=document, actor=request.user)
    except FilingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The document was removed."))
    return redirect("motions:evidence", motion.pk)


def _sign_context(motion: Motion, form: SignForm) -> dict:
    language = translation.get_language() or "en"
    case = motion.case
    return {
        "motion": motion,
        "case": case,
        "form": form,
        "text": rendering.motion_text(motion, language),
        "fee": selectors.motion_fee(
            motion_type=motion.motion_type, answers=motion.answers, on=selectors.court_today(case)
        ),
        "consequences": motion.motion_type.text_for("consequences", language),
        "missing": selectors.missing_exhibits(motion=motion),
        "evidence": selectors.evidence_of(motion=motion),
        "legal_providers": legal_providers_for(courts=[case.court])
        if motion.motion_type.flow == MotionType.Flow.WITHDRAW
        else [],
    }


@require_http_methods(["GET", "POST"])
def motion_sign(request, motion_id):
    """Read the motion in your language, see the fee and what it does, sign; the portal then makes
    the documents and the existing filing page files them (certificate of service, receipt)."""
    motion = _draft_motion(request, motion_id)
    if not services.motion_is_draft(motion):
        return redirect("motions:detail", motion.pk)
    if motion.filing_id is None:
        return redirect("motions:evidence", motion.pk)
    initial = {"signed_on": timezone.localdate()}
    form = SignForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            motion = services.motion_sign(
                motion=motion,
                actor=request.user,
                signed_name=form.cleaned_data["signed_name"],
                signed_on=form.cleaned_data["signed_on"],
            )
        except (services.MotionError, FilingError) as exc:
            form.add_error(None, exc.message)
        else:
            if motion.signature_mismatch:
                messages.warning(
                    request,
                    _("The name you typed (%(typed)s) is not the name on your account. It was kept as you typed it; "
                      "if it is a mistake, go back and sign again before you file.") % {"typed": motion.signed_name},
                )  # fmt: skip
            return redirect("filings:submit", motion.filing_id)
    return render(request, "motions/sign.html", _sign_context(motion, form), status=400 if form.errors else 200)


@require_GET
def motion_detail(request, motion_id):
    motion = _draft_motion(request, motion_id)
    context = {
        "motion": motion,
        "case": motion.case,
        "stay_from": selectors.stay_from(motion=motion),
        "documents": list(motion.filing.documents.all()) if motion.filing_id else [],
        "first_step": _first_step(motion),
    }
    return render(request, "motions/detail.html", context)


@require_GET
def motion_packet(request, motion_id):
    """The whole motion as one PDF (pikepdf): cover, motion, exhibit list, evidence, proposed order,
    certificate; only documents that passed the virus check. Audited."""
    motion = _draft_motion(request, motion_id)
    if motion.filing_id is None:
        return redirect("motions:detail", motion.pk)
    documents = [d for d in motion.filing.documents.all() if d.is_clean]
    if not documents or any(not d.is_clean for d in motion.filing.documents.all()):
        messages.info(request, _("The whole motion can be downloaded once every document passed the virus check."))
        return redirect("motions:detail", motion.pk)
    contents = []
    for document in rendering.packet_order(documents):
        with default_storage.open(document.storage_key, "rb") as handle:
            contents.append(handle.read())
    services.motion_packet_download(motion=motion, actor=request.user)
    return attachment_response(
        rendering.merge_pdfs(contents), filename=f"motion-{motion.pk}.pdf", content_type="application/pdf"
    )


@require_http_methods(["GET", "POST"])
def address_change(request, case_id):
    """The change of address (EOIR-33) as filings has it, and then, when the new ZIP code is in another
    court's area, the plain word that the case does not move without a change of venue, and the motion,
    pre-filled. Otherwise straight on to filings' review-and-file page."""
    case = access_case_for_motion(user=request.user, case_id=case_id)
    if not case_accepts_filings(case):
        return redirect("filings:address_change", case.pk)
    form = AddressChangeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            change = address_change_submit(case=case, actor=request.user, data=form.cleaned_data)
        except FilingError as exc:
            form.add_error(None, exc.message)
        else:
            new_court = selectors.court_for_zip(change.new_address.get("postal_code", ""))
            if new_court is None or new_court.pk == case.court_id:
                return redirect("filings:submit", change.filing_id)
            context = {"case": case, "change": change, "new_court": new_court}
            return render(request, "motions/venue_prompt.html", context)
    context = {
        "case": case,
        "form": form,
        "current": selectors.current_address(case.respondent),
        "open_draft": open_address_change_drafts(case=case).first(),
    }
    return render(request, "filings/address_change.html", context, status=400 if form.errors else 200)
