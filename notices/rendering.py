"""Letters to PDF with WeasyPrint: bilingual, US Letter, #10-window address, page numbers, QR code.

Nothing is fetched from the network: the URL fetcher only answers `data:` URIs (the QR code), and
fonts come from OS packages through fontconfig (DejaVu, Liberation). Output is deterministic for the
same notice, so a re-render of an unchanged notice gives the same bytes and the same SHA-256.

Mailing batches lay out many letters as one document (`build_batch_html`, `batch_html_to_pdfs`):
the same markup per letter, footers and "Page x of y" per letter, split back into one PDF each.
"""

import dataclasses
import hashlib
import io
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext

LETTER_CSS = Path(__file__).resolve().parent.parent / "templates" / "notices" / "letters" / "letter.css"


class FetchRefused(ValueError):
    """WeasyPrint asked for a resource outside the letter (a network URL or a local file)."""


def _letter_fetcher():
    """WeasyPrint fetcher: only inline `data:` URIs; http(s), file and the rest refused, and fatal."""
    from weasyprint.urls import URLFetcher

    class LetterFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            refuse_fetch(url)
            return super().fetch(url, headers)

    return LetterFetcher(allowed_protocols={"data"}, allow_redirects=False, fail_on_errors=True)


def refuse_fetch(url: str) -> None:
    """Raises FetchRefused for anything but a `data:` URI (a letter carries everything it shows)."""
    if not url.startswith("data:"):
        raise FetchRefused(f"Letters may not fetch resources: {url[:40]}")


@dataclasses.dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def letter_languages(preferred: str) -> list[str]:
    """English first, then the respondent's preferred language when the portal ships it."""
    shipped = {code for code, _name in settings.LANGUAGES}
    languages = ["en"]
    if preferred and preferred != "en" and preferred in shipped:
        languages.append(preferred)
    return languages


def mailroom_qr_data_uri(notice_id: int) -> str:
    """A QR code holding only the notice id (no personal data) for the mail room's scanners."""
    return segno.make(f"NOTICE:{notice_id}", error="m").png_data_uri(scale=4, border=2)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _footer_rules(lang: str, notice_id: int, *, page_name: str, pages: str) -> str:
    """The footer of one language's pages: "Page x of y" (y given as a CSS value) and the notice number."""
    with translation.override(lang):
        label = gettext("Page {page} of {pages}")
        reference = _css_string(gettext("Notice no. %(number)s") % {"number": notice_id})
    content = _css_string(label).replace("{page}", '" counter(page) "').replace("{pages}", f'" {pages} "')
    return f"@page {page_name} {{ @bottom-center {{ content: {content}; }} @bottom-left {{ content: {reference}; }} }}"


def _page_footer_css(languages: list[str], notice_id: int) -> str:
    """One named page per language, so each section's footer (page x of y, notice no.) reads in its own language."""
    rules = [f"body {{ page: lang-{languages[0]}; }}"]
    for lang in languages:
        rules.append(_footer_rules(lang, notice_id, page_name=f"lang-{lang}", pages="counter(pages)"))
        rules.append(f".section-{lang} {{ page: lang-{lang}; }}")
    return "\n".join(rules)


def _batch_letter_prefix(notice_id: int) -> str:
    return f"n{notice_id}-"


def _batch_footer_css(languages: list[str], notice_id: int) -> str:
    """The same footers for one letter inside a batch document, with the page count restarted per letter.

    `counter(pages)` counts the whole document, so the letter's own total is the page number of an
    empty marker at its end (`target-counter`), and the page counter restarts on the letter's first
    page (a CSS page group, `:nth(1 of name)`).
    """
    prefix = _batch_letter_prefix(notice_id)
    first = f"{prefix}{languages[0]}"
    pages = f"target-counter(url(#letter-end-{notice_id}), page)"
    rules = [
        f"#letter-{notice_id} {{ page: {first}; }}",
        f"@page {first}:nth(1 of {first}) {{ counter-reset: page 1; }}",
        # The end marker on the last section's page: a change of page name would force a page break.
        f"#letter-end-{notice_id} {{ page: {prefix}{languages[-1]}; }}",
    ]
    for lang in languages:
        rules.append(_footer_rules(lang, notice_id, page_name=f"{prefix}{lang}", pages=pages))
        rules.append(f".section-{prefix}{lang} {{ page: {prefix}{lang}; }}")
    return "\n".join(rules)


@cache
def _base_css() -> str:
    return LETTER_CSS.read_text(encoding="utf-8")


def registration_url() -> str:
    """Where the letter tells people to register (absolute, from SITE_URL)."""
    for name in ("accounts:register", "accounts:registration_start", "accounts:register_start"):
        try:
            return settings.SITE_URL.rstrip("/") + reverse(name)
        except NoReverseMatch:
            continue
    return settings.SITE_URL


def _sections(kind: str, context: dict, languages: list[str]) -> list[dict]:
    sections = []
    for lang in languages:
        with translation.override(lang):
            body = render_to_string(f"notices/letters/{kind}.html", {**context, "lang": lang})
        sections.append({"lang": lang, "html": body})
    return sections


def build_letter_html(*, kind: str, notice_id: int, context: dict, languages: list[str], recipient, court) -> str:
    """The whole letter as HTML: the envelope header once, then one section per language."""
    sections = _sections(kind, context, languages)
    with translation.override("en"):
        return render_to_string(
            "notices/letters/letter.html",
            {
                "css": _base_css() + "\n" + _page_footer_css(languages, notice_id),
                "sections": sections,
                "notice_id": notice_id,
                "qr_data_uri": mailroom_qr_data_uri(notice_id),
                "recipient": recipient,
                "court": court,
                "letter_date": context.get("letter_date"),
                "portal_name": settings.PORTAL_NAME,
                "page_prefix": "",
            },
        )


@dataclasses.dataclass(frozen=True)
class LetterInput:
    """What one letter of a batch document needs: the same values `build_letter_html` takes."""

    notice_id: int
    kind: str
    context: dict
    languages: list[str]
    recipient: object
    court: object


def build_batch_html(letters: list[LetterInput]) -> str:
    """Many letters as one HTML document: each letter is the same markup as alone, on its own pages.

    Each letter sits in `#letter-<id>` and ends with an empty `#letter-end-<id>` marker; its pages
    are named per letter and language, so footers and page numbers are the letter's own.
    """
    items, css = [], [_base_css(), ".batch-letter + .batch-letter { break-before: page; }"]
    for letter in letters:
        css.append(_batch_footer_css(letter.languages, letter.notice_id))
        items.append(
            {
                "notice_id": letter.notice_id,
                "sections": _sections(letter.kind, letter.context, letter.languages),
                "qr_data_uri": mailroom_qr_data_uri(letter.notice_id),
                "recipient": letter.recipient,
                "court": letter.court,
                "letter_date": letter.context.get("letter_date"),
                "page_prefix": _batch_letter_prefix(letter.notice_id),
            }
        )
    with translation.override("en"):
        return render_to_string(
            "notices/letters/batch.html",
            {"css": "\n".join(css), "letters": items, "portal_name": settings.PORTAL_NAME},
        )


def html_to_pdf(html: str) -> RenderedPdf:
    """Renders HTML to PDF bytes; no network, fonts from the OS."""
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_letter_fetcher(), base_url=None).render()
    buffer = io.BytesIO()
    document.write_pdf(target=buffer)
    return RenderedPdf(content=buffer.getvalue(), pages=len(document.pages))


class BatchSplitError(ValueError):
    """A batch document's pages could not be attributed to its letters."""


def letter_page_ranges(pages, notice_ids: list[int]) -> list[tuple[int, int]]:
    """Each letter's pages (0-based, end exclusive), from the start and end anchors laid out on them."""
    first_seen: dict[str, int] = {}
    for index, page in enumerate(pages):
        for anchor in page.anchors:
            first_seen.setdefault(anchor, index)
    ranges, expected_start = [], 0
    for notice_id in notice_ids:
        start, end = first_seen.get(f"letter-{notice_id}"), first_seen.get(f"letter-end-{notice_id}")
        if start is None or end is None or start != expected_start or end < start:
            raise BatchSplitError(f"Pages of notice {notice_id} not found in the batch document.")
        ranges.append((start, end + 1))
        expected_start = end + 1
    if expected_start != len(pages):
        raise BatchSplitError("The batch document has pages that belong to no letter.")
    return ranges


def _letter_pdf(source, start: int, end: int, notice_id: int) -> bytes:
    import pikepdf

    with pikepdf.new() as letter:
        letter.pages.extend(source.pages[start:end])
        # Pages of a WeasyPrint document share one resources dictionary: keep this letter's own.
        letter.remove_unreferenced_resources()
        if "/Lang" in source.Root:
            letter.Root.Lang = source.Root.Lang
        with translation.override("en"):
            title = f"{settings.PORTAL_NAME}: {gettext('Notice')} {notice_id}"
        letter.docinfo["/Title"] = title
        if "/Producer" in source.docinfo:
            letter.docinfo["/Producer"] = source.docinfo["/Producer"]
        out = io.BytesIO()
        letter.save(out, deterministic_id=True)
        return out.getvalue()


def batch_html_to_pdfs(html: str, notice_ids: list[int]) -> list[RenderedPdf]:
    """Renders a batch document once and splits it into one PDF per letter, in `notice_ids` order."""
    import pikepdf
    from weasyprint import HTML

    document = HTML(string=html, url_fetcher=_letter_fetcher(), base_url=None).render()
    ranges = letter_page_ranges(document.pages, notice_ids)
    content = document.write_pdf()
    del document  # the layout is the big part of the memory; the PDF bytes are all we need now
    with pikepdf.open(io.BytesIO(content)) as source:
        return [
            RenderedPdf(content=_letter_pdf(source, start, end, notice_id), pages=end - start)
            for notice_id, (start, end) in zip(notice_ids, ranges, strict=True)
        ]
