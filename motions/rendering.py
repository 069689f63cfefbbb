"""A motion's documents: its text (from the motion type's per-language template), and the PDFs the
portal makes of it with WeasyPrint: cover page, motion, exhibit list and proposed order, laid out
once and split in two (the lead document and the proposed order); pikepdf merges a whole packet.

Everything the person typed is escaped: the text templates run with autoescape, and the PDF templates
print the result as HTML-safe text. Nothing is fetched: the notices app's rule refuses every URL.
"""

import dataclasses
import datetime
import io
from functools import cache
from pathlib import Path

import pikepdf
from django.conf import settings
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from cases import plain_language as words
from cases.models import Hearing
from filings.models import FilingDocument
from motions import forms as motion_forms
from motions.models import Motion, MotionType
from motions.selectors import address_timeline, court_for_zip, evidence_of, in_absentia_decision
from notices.rendering import RenderedPdf, refuse_fetch

PDF_CSS = Path(__file__).resolve().parent.parent / "templates" / "motions" / "pdf" / "motion.css"
# The text templates are data: a sandbox engine with nothing but the built-in tags and filters.
TEXT_ENGINE = Engine(autoescape=True)


@cache
def _css() -> str:
    return PDF_CSS.read_text(encoding="utf-8")


def _choice_label(choices, value) -> str:
    return str(dict(choices).get(value, value or ""))


def _hearing_words(answers: dict, case) -> dict:
    hearing = Hearing.objects.filter(pk=answers.get("hearing"), case=case).first() if answers.get("hearing") else None
    if hearing is None:
        return {"hearing_kind": "", "hearing_when": ""}
    local = timezone.localtime(hearing.starts_at, case.court.tz)
    return {
        "hearing_kind": hearing.get_hearing_type_display().lower(),
        "hearing_when": f"{words.long_date(local.date())}, {words.clock_time(local)} ({local.tzname()})",
    }


def _dates(answers: dict) -> str:
    values = [answers.get(f"date_{n}") for n in (1, 2, 3)]
    return ", ".join(words.long_date(datetime.date.fromisoformat(v)) for v in values if v)


def _timeline_text(case) -> str:
    lines = []
    for entry in address_timeline(case=case):
        if entry.kind == "address":
            lines.append(gettext("%(day)s: change of address filed: %(text)s") % {"day": entry.day, "text": entry.text})
        elif entry.kind.startswith("notice_"):
            lines.append(
                gettext("%(day)s: %(text)s (%(what)s)") % {"day": entry.day, "text": entry.text, "what": entry.kind[7:]}
            )
        else:
            lines.append(gettext("%(day)s: address of record: %(text)s") % {"day": entry.day, "text": entry.text})
    return "\n".join(lines)


def _new_court(answers: dict) -> str:
    court = court_for_zip(answers.get("postal_code", "")) if answers.get("postal_code") else None
    return court.name if court else ""


def text_context(motion: Motion) -> dict:
    """The values a motion's text template may use, in the active language."""
    case = motion.case
    answers = motion.answers or {}
    respondent = case.respondent
    decision = in_absentia_decision(case=case)
    return {
        "name": respondent.full_name,
        "a_number": respondent.a_number_display,
        **_hearing_words(answers, case),
        "reason_label": _choice_label(motion_forms.ContinueReasonForm.REASONS, answers.get("reason")),
        "receipt_number": answers.get("receipt_number", ""),
        "petition_status": _choice_label(
            motion_forms.ContinueReasonForm.PETITION_STATUS, answers.get("petition_status")
        ),
        "details": answers.get("details", ""),
        "earlier": answers.get("earlier", ""),
        "dates": _dates(answers),
        "decided_on": words.long_date(decision.decided_on) if decision else "",
        "no_notice": answers.get("got_notice") == "no",
        "lived_at": answers.get("lived_at", ""),
        "learned": answers.get("learned", ""),
        "learned_on": answers.get("learned_on", ""),
        "timeline": _timeline_text(case) if answers.get("got_notice") == "no" else "",
        "circumstance_label": _choice_label(motion_forms.ExceptionalForm.CIRCUMSTANCES, answers.get("circumstance")),
        "happened_from": answers.get("happened_from", ""),
        "happened_to": answers.get("happened_to", ""),
        "fee_waiver": answers.get("fee_choice") == "waiver",
        "what_label": _choice_label(
            [
                ("application", gettext("an application")),
                ("appeal", gettext("an appeal to the Board of Immigration Appeals")),
            ],
            answers.get("what"),
        ),
        "which": answers.get("which", ""),
        "court_name": case.court.name,
        "new_court": _new_court(answers),
        "new_address": ", ".join(
            p
            for p in (answers.get(n, "") for n in ("address_line1", "address_line2", "city", "state", "postal_code"))
            if p
        ),
        "witnesses": answers.get("witnesses", ""),
    }


def motion_text(motion: Motion, language: str) -> str:
    """The motion's text in `language` (English is what is filed), HTML-escaped, paragraphs split by blank lines."""
    with translation.override(language):
        template = TEXT_ENGINE.from_string(motion.motion_type.text_for("text_templates", language))
        return template.render(Context(text_context(motion), autoescape=True))


@dataclasses.dataclass(frozen=True)
class MotionPdfs:
    lead: RenderedPdf  # cover page, motion, exhibit list
    order: RenderedPdf  # proposed order


def _exhibits(motion: Motion) -> list[dict]:
    labels = {e["key"]: e.get("en", e["key"]) for e in motion.motion_type.exhibits}
    rows = []
    for number, document in enumerate(evidence_of(motion=motion), start=1):
        exhibit = getattr(document, "motion_exhibit", None)
        key = exhibit.exhibit_key if exhibit else ""
        rows.append({"letter": chr(ord("A") + number - 1) if number <= 26 else str(number), "title": document.title,
                     "kind": labels.get(key, "Other evidence"), "pages": document.pages})  # fmt: skip
    return rows


def _address_lines(respondent) -> list[str]:
    """The respondent's address of record, as the cover page prints it under the name."""
    last = " ".join(
        p for p in (f"{respondent.city}," if respondent.city else "", respondent.state, respondent.postal_code) if p
    )
    return [line for line in (respondent.address_line1, respondent.address_line2, last) if line]


def motion_html(motion: Motion) -> str:
    """The whole motion as one HTML document (English, the court's language): four parts, each on new pages."""
    case = motion.case
    with translation.override("en"), timezone.override(case.court.tz):
        return render_to_string(
            "motions/pdf/motion.html",
            {
                "css": _css(),
                "motion": motion,
                "motion_type": motion.motion_type,
                "case": case,
                "court": case.court,
                "respondent": case.respondent,
                "address_lines": _address_lines(case.respondent),
                "a_number": case.respondent.a_number_display,
                "judge": case.judge,
                "text": motion_text(motion, "en"),
                "exhibits": _exhibits(motion),
                "portal_name": settings.PORTAL_NAME,
                "is_reopen": motion.motion_type.flow == MotionType.Flow.REOPEN,
            },
        )


def _fetcher():
    from weasyprint.urls import URLFetcher

    class MotionFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            refuse_fetch(url)
            return super().fetch(url, headers)

    return MotionFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)


def _pdf(document, pages) -> RenderedPdf:
    buffer = io.BytesIO()
    document.copy(pages).write_pdf(target=buffer)
    return RenderedPdf(content=buffer.getvalue(), pages=len(pages))


def render_motion_pdfs(motion: Motion) -> MotionPdfs:
    """Lays the motion out once and writes two PDFs: the lead document and the proposed order."""
    from weasyprint import HTML

    document = HTML(string=motion_html(motion), url_fetcher=_fetcher(), base_url=None).render()
    pages = document.pages
    split = next((i for i, page in enumerate(pages) if "part-order" in page.anchors), len(pages) - 1)
    return MotionPdfs(lead=_pdf(document, pages[:split]), order=_pdf(document, pages[split:]))


def merge_pdfs(contents: list[bytes]) -> bytes:
    """One PDF of several, in order (pikepdf): the packet a person can print and keep."""
    merged = pikepdf.new()
    sources = []
    for content in contents:
        source = pikepdf.open(io.BytesIO(content))
        sources.append(source)
        merged.pages.extend(source.pages)
    buffer = io.BytesIO()
    merged.save(buffer)
    for source in sources:
        source.close()
    return buffer.getvalue()


def packet_order(documents: list[FilingDocument]) -> list[FilingDocument]:
    """The order of a motion's packet: lead (cover, motion, exhibits), evidence, proposed order, certificate."""

    def rank(document: FilingDocument) -> tuple:
        if document.role == FilingDocument.Role.LEAD:
            return (0, document.pk)
        if document.role == FilingDocument.Role.SERVICE:
            return (3, document.pk)
        return (2 if document.generated else 1, document.pk)

    return sorted(documents, key=rank)
