"""Who may open which notice, batch or print file. Views get these objects only through here.

A respondent gets their own delivered notice; staff get rows of `scoped`, the admin's queryset
already limited to their courts. "Does not exist" and "not yours" both answer 404. Registration
letters, print files and manifests carry access codes: after that, only the mailroom role opens
them (403).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from notices.models import MailingBatch, Notice, PrintFile
from notices.selectors import inbox_for_user

PRINT_LETTERS = "notices.print_letters"


def can_print_letters(user) -> bool:
    """Registration letters and print files carry access codes: only the mailroom role opens them."""
    return user.is_active and user.has_perm(PRINT_LETTERS)


def access_notice_by_id(*, user, notice_id: int) -> Notice:
    """The user's own delivered notice; 404 for someone else's or one that does not exist."""
    return get_object_or_404(inbox_for_user(user).select_related("respondent", "case"), pk=notice_id)


def access_staff_notice_pdf(*, user, scoped: QuerySet[Notice], notice_id: int) -> Notice:
    """A notice of the staff member's courts that has a PDF (404 otherwise); a registration letter
    needs the mailroom role (403)."""
    notice = get_object_or_404(scoped, pk=notice_id)
    if not notice.pdf_key:
        raise Http404
    if notice.kind == Notice.Kind.REGISTRATION and not can_print_letters(user):
        raise PermissionDenied
    return notice


def access_mailing_batch_manifest(*, user, scoped: QuerySet[MailingBatch], batch_id: int) -> MailingBatch:
    """A batch of the staff member's courts (404), for the mailroom role (403), once its manifest exists (404)."""
    batch = get_object_or_404(scoped, pk=batch_id)
    if not can_print_letters(user):
        raise PermissionDenied
    if not batch.manifest_key:
        raise Http404
    return batch


def access_print_file(*, user, scoped: QuerySet[MailingBatch], batch_id: int, number: int) -> PrintFile:
    """A built print file of a batch of the staff member's courts (404), for the mailroom role (403)."""
    batch = get_object_or_404(scoped, pk=batch_id)
    if not can_print_letters(user):
        raise PermissionDenied
    return get_object_or_404(batch.files, number=number, state=PrintFile.State.DONE)
