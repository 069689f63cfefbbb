"""The respondent's inbox: list, read, download. Thin: access, then a service."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from cases.downloads import stored_file_response
from delivery.selectors import email_records_by_notice
from notices.access import access_notice_by_id
from notices.selectors import inbox_for_user
from notices.services import notice_download_record, notice_mark_read


@require_safe
def inbox(request):
    """The signed-in respondent's letters, newest first, unread ones marked."""
    notices = list(inbox_for_user(request.user)[:200])
    return render(request, "notices/inbox.html", {"notices": notices})


@require_safe
def notice_detail(request, notice_id: int):
    """One letter: what it is, its state, and the PDF to download. Marks it read."""
    notice = access_notice_by_id(user=request.user, notice_id=notice_id)
    notice_mark_read(notice=notice, user=request.user)
    service = None if notice.serve_on_paper else email_records_by_notice(notice_ids=[notice.pk]).get(notice.pk)
    return render(request, "notices/detail.html", {"notice": notice, "service": service})


@require_safe
def notice_download(request, notice_id: int):
    """The letter's PDF as an attachment; every download is audited."""
    notice = access_notice_by_id(user=request.user, notice_id=notice_id)
    notice_download_record(notice=notice, actor=request.user)
    return stored_file_response(
        request, key=notice.pdf_key, filename=f"notice-{notice.pk}.pdf", content_type="application/pdf"
    )
