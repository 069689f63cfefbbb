"""Checks on every uploaded PDF, in a fixed order, each failing with a plain, translated message.

Shared below the apps: respondents' uploads (filings.services) and clerks' record documents
(cases.services) go through the same checks and the same disarming.

Order: size (also enforced while streaming, see `filings.uploads`), empty, PDF by content (magic
bytes, never the name or the browser's type), complete (ends with %%EOF), opens with pikepdf, not
encrypted, has pages, page sizes (non-Letter pages are a warning, not an error), then active content
(JavaScript, open and additional actions, embedded files, XFA, and actions that reach outside the
document: launching a program, opening another file or a web address, playing media) is removed by
rewriting the whole file with pikepdf. The caller stores `ValidatedPdf.path`.
"""

import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

LETTER = (612.0, 792.0)  # points
PAGE_SIZE_TOLERANCE = 3.0  # points: scanners and converters round
MAX_NON_LETTER_LISTED = 50

# What we remove, as codes stored on the document; labels are for people.
ACTIVE_CONTENT_LABELS = {
    "javascript": gettext_lazy("JavaScript"),
    "open_action": gettext_lazy("An action that runs when the file is opened"),
    "additional_actions": gettext_lazy("Actions that run on page or form events"),
    "launch": gettext_lazy("A command that starts another program"),
    "embedded_files": gettext_lazy("Embedded (attached) files"),
    "xfa": gettext_lazy("An XFA form"),
    "remote_file_link": gettext_lazy("A link that opens another file"),
    "web_link": gettext_lazy("A link to a web address"),
    "rendition": gettext_lazy("An action that plays sound or video"),
    "movie": gettext_lazy("A movie that plays from the file"),
    "sound": gettext_lazy("A sound that plays from the file"),
}
# Actions (the /S of an action dictionary) turned into an inert "go to the first page".
_DANGEROUS_ACTIONS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/ImportData": "additional_actions",
    "/SubmitForm": "additional_actions",
    "/GoToE": "embedded_files",
    "/RichMediaExecute": "javascript",
    "/GoToR": "remote_file_link",  # opens another file, local or on a network share
    "/URI": "web_link",  # opens a web address (tracking, phishing)
    "/Rendition": "rendition",
    "/Movie": "movie",
    "/Sound": "sound",
}


class UploadRejected(Exception):
    """An upload that fails a check; `message` is shown to the filer as it is."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ValidatedPdf:
    path: Path
    pages: int
    non_letter_pages: list[dict] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    rewritten: bool = False


def max_upload_bytes() -> int:
    return settings.FILINGS_MAX_UPLOAD_BYTES


def too_large_message() -> str:
    limit = filesizeformat(max_upload_bytes())
    return _(
        "This file is larger than %(limit)s, the most the court accepts for one document. "
        "Split it into smaller PDF files and upload each one as its own document."
    ) % {"limit": limit}


def clean_display_name(name: str, max_length: int = 120) -> str:
    """The given file name made safe to show: no folders, no control or direction characters, bounded."""
    name = unicodedata.normalize("NFKC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = []
    for char in name:
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            continue  # control, format (bidi overrides), surrogates, unassigned
        kept.append("_" if char in '<>:"|?*' else char)
    cleaned = " ".join("".join(kept).split()).strip(" .")
    if len(cleaned) > max_length:
        stem, dot, ext = cleaned.rpartition(".")
        if dot and 0 < len(ext) <= 8:
            cleaned = stem[: max_length - len(ext) - 2] + "…." + ext
        else:
            cleaned = cleaned[: max_length - 1] + "…"
    return cleaned or _("document.pdf")


def _check_bytes(path: Path) -> None:
    size = path.stat().st_size
    if size > max_upload_bytes():
        raise UploadRejected("too_large", too_large_message())
    if size == 0:
        raise UploadRejected("empty", _("This file is empty. Choose the PDF file again."))
    with path.open("rb") as handle:
        head = handle.read(1024)
        handle.seek(max(0, size - 1024))
        tail = handle.read()
    if b"%PDF-" not in head:
        raise UploadRejected(
            "not_pdf",
            _(
                "This file is not a PDF. Save or scan the document as a PDF and upload it again. "
                "Renaming a file to end in .pdf does not make it a PDF."
            ),
        )
    if b"%%EOF" not in tail:
        raise UploadRejected("truncated", _damaged_message())


def _damaged_message() -> str:
    return _(
        "This PDF could not be read: it may be damaged or incomplete. "
        "Open it on your device, save it again as a PDF and upload the new copy."
    )


def _open(path: Path) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError as exc:
        raise UploadRejected("encrypted", _encrypted_message()) from exc
    except (pikepdf.PdfError, ValueError, RuntimeError) as exc:
        raise UploadRejected("damaged", _damaged_message()) from exc
    if pdf.is_encrypted:
        pdf.close()
        raise UploadRejected("encrypted", _encrypted_message())
    return pdf


def _encrypted_message() -> str:
    return _(
        "This PDF is protected by a password or encryption, so the court could not open it. "
        "Save a copy without a password or protection and upload that copy."
    )


def _page_sizes(pdf: pikepdf.Pdf) -> tuple[int, list[dict]]:
    try:
        pages = list(pdf.pages)
        non_letter = []
        for number, page in enumerate(pages, start=1):
            box = [float(v) for v in page.mediabox]
            width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
            if page.get("/Rotate", 0) in (90, 270, -90, -270):
                width, height = height, width
            is_letter = any(
                abs(width - w) <= PAGE_SIZE_TOLERANCE and abs(height - h) <= PAGE_SIZE_TOLERANCE
                for w, h in (LETTER, LETTER[::-1])
            )
            if not is_letter and len(non_letter) < MAX_NON_LETTER_LISTED:
                non_letter.append(
                    {"page": number, "width_in": round(width / 72, 2), "height_in": round(height / 72, 2)}
                )
    except (pikepdf.PdfError, ValueError, TypeError, KeyError) as exc:
        raise UploadRejected("damaged", _damaged_message()) from exc
    if not pages:
        raise UploadRejected("no_pages", _("This PDF has no pages."))
    return len(pages), non_letter


_REMOVED_KEYS = {
    "/OpenAction": "open_action",
    "/AA": "additional_actions",
    "/XFA": "xfa",
    "/JS": "javascript",
    "/JavaScript": "javascript",  # the document-level name tree of scripts
    "/EmbeddedFiles": "embedded_files",
    "/EF": "embedded_files",  # a file specification carrying the file itself
}


def _neutralise_action(obj: pikepdf.Dictionary, found: set[str]) -> None:
    """Turns a dangerous action dictionary into an inert "go to the first page"."""
    action_type = obj.get("/S")
    if not isinstance(action_type, pikepdf.Name) or str(action_type) not in _DANGEROUS_ACTIONS:
        return
    found.add(_DANGEROUS_ACTIONS[str(action_type)])
    # Everything but /Type goes: the target (/F, /URI, /D, /Win...), the media (/R, /Sound, /Annotation),
    # scripts (/JS) and the chain of further actions (/Next).
    for key in list(obj.keys()):
        if key != "/Type":
            del obj[key]
    obj["/S"] = pikepdf.Name("/Named")
    obj["/N"] = pikepdf.Name("/FirstPage")


def _scrub_dictionary(obj: pikepdf.Dictionary, found: set[str]) -> None:
    """Removes active content held in one dictionary and in its direct (not indirect) children."""
    for key in list(obj.keys()):
        child = obj.get(key)
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            _scrub_object(child, found)
    _neutralise_action(obj, found)
    for key, code in _REMOVED_KEYS.items():
        if key in obj:
            del obj[key]
            found.add(code)


def _scrub_object(obj, found: set[str]) -> None:
    if isinstance(obj, pikepdf.Stream):
        _scrub_dictionary(obj.stream_dict, found)
    elif isinstance(obj, pikepdf.Dictionary):
        _scrub_dictionary(obj, found)
    elif isinstance(obj, pikepdf.Array):
        for item in obj:
            if isinstance(item, pikepdf.Dictionary | pikepdf.Array) and not item.is_indirect:
                _scrub_object(item, found)


def remove_active_content(pdf: pikepdf.Pdf) -> list[str]:
    """Removes active content from every object of `pdf` in place; returns the codes of what was found."""
    found: set[str] = set()
    _scrub_object(pdf.trailer, found)
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream | pikepdf.Array):
            _scrub_object(obj, found)
    return sorted(found)


def validate_pdf(path: Path) -> ValidatedPdf:
    """Runs every check on the file at `path`; returns what the receipt needs, or raises UploadRejected."""
    path = Path(path)
    _check_bytes(path)
    pdf = _open(path)
    try:
        pages, non_letter = _page_sizes(pdf)
        try:
            removed = remove_active_content(pdf)
        except (pikepdf.PdfError, ValueError, TypeError) as exc:
            raise UploadRejected("damaged", _damaged_message()) from exc
        if not removed:
            return ValidatedPdf(path=path, pages=pages, non_letter_pages=non_letter)
        # Rewrite the whole file: QPDF writes only objects still reachable, so removed scripts go too.
        handle, out_name = tempfile.mkstemp(suffix=".pdf", dir=settings.FILE_UPLOAD_TEMP_DIR)
        os.close(handle)
        try:
            pdf.save(out_name)
        except (pikepdf.PdfError, ValueError, OSError) as exc:
            Path(out_name).unlink(missing_ok=True)
            raise UploadRejected("damaged", _damaged_message()) from exc
        return ValidatedPdf(
            path=Path(out_name), pages=pages, non_letter_pages=non_letter, removed=removed, rewritten=True
        )
    finally:
        pdf.close()
