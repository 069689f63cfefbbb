"""Rendering a chunk of a mailing batch: many letters laid out as one WeasyPrint document.

One document per chunk costs less per letter than one per notice (fonts, styles and the PDF
writer are set up once). The document is split back into one PDF per notice by page ranges, and
each notice stores its own PDF and SHA-256, so the inbox copy and the printed copy are the same
pages. Each letter keeps its own footers and "Page x of y" (see `rendering.build_batch_html`).

A chunk is one transaction holding its notices' row locks: killed halfway, nothing of it is kept
and the next run renders the whole chunk again; letters already rendered (by an earlier chunk or
one by one) are skipped, so no letter is rendered twice and none is lost. When the document cannot
be rendered, the chunk's letters are rendered one by one so that a single bad letter fails alone,
with its reason.
"""

import logging

from django.core.files.storage import default_storage
from django.db import transaction

from notices import letters, rendering
from notices.models import Notice
from notices.services.notices import notice_render_failed, notice_store_rendered

logger = logging.getLogger(__name__)


def _letter_inputs(notices: list[Notice]) -> tuple[list, dict[int, Exception]]:
    inputs, failures = [], {}
    for notice in notices:
        try:
            context = letters.letter_context(notice)
        except Exception as exc:  # the letter's subject is gone or broken: this letter fails alone
            failures[notice.pk] = exc
            continue
        inputs.append(
            rendering.LetterInput(
                notice_id=notice.pk,
                kind=notice.kind,
                context=context,
                languages=notice.language_list,
                recipient=notice.respondent,
                court=notice.court,
            )
        )
    return inputs, failures


def _render_one_by_one(notices: list[Notice], failures: dict[int, Exception]) -> dict[int, object]:
    pdfs = {}
    for notice in notices:
        if notice.pk in failures:
            continue
        try:
            pdfs[notice.pk] = rendering.html_to_pdf(letters.notice_letter_html(notice))
        except Exception as exc:
            failures[notice.pk] = exc
    return pdfs


def _render(notices: list[Notice]) -> tuple[dict[int, object], dict[int, Exception]]:
    """PDF per notice id, and the reason for each letter that could not be rendered."""
    inputs, failures = _letter_inputs(notices)
    if not inputs:
        return {}, failures
    try:
        pdfs = rendering.batch_html_to_pdfs(rendering.build_batch_html(inputs), [letter.notice_id for letter in inputs])
    except Exception:
        logger.warning("chunk of %s letters: batch document failed, rendering one by one", len(inputs), exc_info=True)
        return _render_one_by_one(notices, failures), failures
    return {letter.notice_id: pdf for letter, pdf in zip(inputs, pdfs, strict=True)}, failures


def notices_render_together(*, notice_ids: list[int]) -> dict[int, str]:
    """Renders the still-`requested` letters among `notice_ids` as one document and stores each notice's PDF.

    Marks them rendered (and delivered to account holders), audited per notice. Returns the
    letters that could not be rendered, with the reason (also kept on each notice as `last_error`).
    """
    stored: list[str] = []
    try:
        with transaction.atomic():
            notices = list(
                Notice.objects.select_for_update(of=("self",))
                .select_related("respondent", "court", "case")
                .filter(pk__in=notice_ids, state=Notice.State.REQUESTED)
                .order_by("pk")
            )
            notices.sort(key=lambda n: (n.batch_seq or 0, n.pk))
            pdfs, failures = _render(notices)
            for notice in notices:
                notice.render_attempts += 1
                if notice.pk in pdfs:
                    had_key = bool(notice.pdf_key)
                    notice_store_rendered(notice=notice, pdf=pdfs[notice.pk])
                    if not had_key:
                        stored.append(notice.pdf_key)
                else:
                    notice_render_failed(notice=notice, exc=failures[notice.pk])
    except BaseException:
        # The transaction is gone: remove the files it wrote under new keys (nothing points to them).
        for key in stored:
            default_storage.delete(key)
        raise
    return {notice_id: f"{type(exc).__name__}: {exc}"[:300] for notice_id, exc in failures.items()}
