"""The PDFs the portal makes for filings, with WeasyPrint: the certificate of service and the receipt
(bilingual like the notice letters: English first, then the filer's language) and the EOIR-33 form
(English, the court's language). No network: the notices app's fetcher refuses every URL.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from common.portal_name import portal_name_lazy
from filings.models import AddressChange, Filing, FilingDocument
from notices.rendering import RenderedPdf, html_to_pdf, letter_languages

PDF_CSS = Path(__file__).resolve().parent.parent / "templates" / "filings" / "pdf" / "filing.css"


@cache
def _base_css() -> str:
    return PDF_CSS.read_text(encoding="utf-8")


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _footer_css(languages: list[str], reference: str) -> str:
    """One named page per language, so that "Page x of y" reads in the language of its section."""
    rules = [f"body {{ page: lang-{languages[0]}; }}"]
    for lang in languages:
        with translation.override(lang):
            label = gettext("Page {page} of {pages}")
        content = _css_string(label).replace("{page}", '" counter(page) "').replace("{pages}", '" counter(pages) "')
        rules.append(
            f"@page lang-{lang} {{ @bottom-center {{ content: {content}; }} "
            f"@bottom-left {{ content: {_css_string(reference)}; }} }}"
        )
        rules.append(f".section-{lang} {{ page: lang-{lang}; }}")
    return "\n".join(rules)


def filer_languages(filing: Filing) -> list[str]:
    """English first, then the filer's preferred language when the portal ships it."""
    return letter_languages(getattr(filing.filed_by, "preferred_language", "") or "")


def _build(*, template: str, context: dict, languages: list[str], reference: str, court, title: str) -> str:
    sections = []
    for lang in languages:
        # Dates and times print in the court's time zone, the one the filing stamp is in.
        with translation.override(lang), timezone.override(court.tz):
            sections.append({"lang": lang, "html": render_to_string(template, {**context, "lang": lang})})
    with translation.override("en"):
        return render_to_string(
            "filings/pdf/document.html",
            {
                "css": _base_css() + "\n" + _footer_css(languages, reference),
                "sections": sections,
                "court": court,
                "title": title,
                "portal_name": portal_name_lazy(),
            },
        )


def _common(filing: Filing) -> dict:
    respondent = filing.case.respondent
    stamp = filing.submitted_at_local
    return {
        "filing": filing,
        "respondent": respondent,
        "a_number": respondent.a_number_display,
        "court": filing.case.court,
        "stamp": stamp,
        "tz_label": f"{stamp:%Z}, {filing.case.court.time_zone}" if stamp else "",
        "portal_name": portal_name_lazy(),
        "support_phone": settings.SUPPORT_PHONE,
        "support_email": settings.SUPPORT_EMAIL,
    }


def certificate_html(filing: Filing, documents: list[FilingDocument]) -> str:
    context = {**_common(filing), "documents": [d for d in documents if d.role != FilingDocument.Role.SERVICE]}
    return _build(
        template="filings/pdf/certificate.html",
        context=context,
        languages=filer_languages(filing),
        reference=filing.receipt_number,
        court=filing.case.court,
        title="Certificate of service",
    )


def receipt_html(filing: Filing, documents: list[FilingDocument]) -> str:
    return _build(
        template="filings/pdf/receipt.html",
        context={**_common(filing), "documents": documents},
        languages=filer_languages(filing),
        reference=filing.receipt_number,
        court=filing.case.court,
        title="Filing receipt",
    )


def eoir33_html(change: AddressChange) -> str:
    """The EOIR-33 as filed with the court: in English, with its proof of service on DHS."""
    case = change.case
    respondent = change.respondent
    context = {
        "change": change,
        "respondent": respondent,
        "a_number": respondent.a_number_display,
        "court": case.court,
        "new": change.new_address,
        "portal_name": portal_name_lazy(),
    }
    return _build(
        template="filings/pdf/eoir33.html",
        context=context,
        languages=["en"],
        reference="EOIR-33",
        court=case.court,
        title="EOIR-33",
    )


def render_pdf(html: str) -> RenderedPdf:
    return html_to_pdf(html)
