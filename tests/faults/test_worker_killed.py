"""A Celery worker killed (SIGKILL, pool and all) in the middle of a scan or a letter render: the
work completes once a worker is back, exactly once (one state change, one audit event, one PDF)."""

import hashlib

import pytest

from tests.faults.stack import wait_until

pytestmark = pytest.mark.faults

DOCUMENT_STATUS = "SELECT scan_status, scan_attempts FROM filings_filingdocument WHERE id = %s"
NOTICE_STATE = "SELECT state, render_attempts, pdf_key, pdf_sha256 FROM notices_notice WHERE id = %s"
# A worker that comes back restores messages whose delivery is older than the visibility timeout.
# Production waits two hours for that (or the sweep, after ten minutes); here one second will do.
BACK_SOON = {"CELERY_VISIBILITY_TIMEOUT": "1"}


def _broker_is_empty(stack) -> bool:
    queued = sum(int(stack.redis.command("LLEN", queue)) for queue in ("scan", "render", "email", "default"))
    return queued == 0 and stack.redis.command("HLEN", "unacked") == "0"


def test_a_scan_cut_short_by_a_killed_worker_completes_once_when_a_worker_is_back(stack):
    worker = stack.worker("first")
    stack.proxy.close_gate()  # clamd "takes its time": the worker waits inside the scan task
    document_id = stack.env.data("seed", "upload")["document_id"]
    wait_until(lambda: stack.proxy.held >= 1, timeout=60, what="the worker to be inside the scan")

    worker.kill()
    stack.proxy.open_gate()
    assert stack.sql(DOCUMENT_STATUS, document_id) == [("scanning", 1)]
    assert stack.redis.command("HLEN", "unacked") == "1", "the killed worker's message is kept by the broker"

    stack.worker("second", **BACK_SOON)
    wait_until(
        lambda: stack.sql(DOCUMENT_STATUS, document_id)[0][0] != "scanning",
        timeout=90,
        what="the document to be scanned by the worker that came back",
    )
    wait_until(lambda: _broker_is_empty(stack), timeout=30, what="the broker to have nothing left")

    assert stack.sql(DOCUMENT_STATUS, document_id) == [("clean", 2)]
    assert stack.audit_count("filing_document.scan_clean", document_id) == 1
    assert stack.value("SELECT count(*) FROM audit_auditevent WHERE action LIKE 'filing_document.scan_%%'") == 1


def _blocked_on_audit(stack) -> bool:
    return bool(
        stack.value(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
            "AND query LIKE 'INSERT INTO \"audit_auditevent\"%%'",
            stack.dbname,
        )
    )


def _stored_letters(stack) -> list:
    folder = stack.env.private_files / "notices"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _alert_emails(stack) -> int:
    folder = stack.env.mail_dir
    if not folder.exists():
        return 0
    return sum(1 for p in folder.iterdir() if "respondent@example.org" in p.read_text(errors="replace"))


def test_a_letter_render_cut_short_by_a_killed_worker_completes_once_when_a_worker_is_back(stack):
    notice_id = stack.env.data("seed", "hearing_notice")["notice_id"]
    with stack.pg.connect(stack.dbname) as blocker:
        # Holding the audit table stops the render at its last step: the PDF is written and the
        # notice row updated, but nothing is committed. That is where the worker dies.
        blocker.execute("LOCK TABLE audit_auditevent IN EXCLUSIVE MODE")
        worker = stack.worker("first")
        wait_until(lambda: _blocked_on_audit(stack), timeout=90, what="the render to reach its audit record")
        worker.kill()
        blocker.rollback()

    assert stack.sql(NOTICE_STATE, notice_id) == [("requested", 0, "", "")]
    stack.worker("second", **BACK_SOON)
    wait_until(
        lambda: stack.sql(NOTICE_STATE, notice_id)[0][0] == "delivered",
        timeout=120,
        what="the letter to be rendered and delivered by the worker that came back",
    )
    wait_until(lambda: _alert_emails(stack) >= 1, timeout=60, what="the inbox alert email")
    wait_until(lambda: _broker_is_empty(stack), timeout=30, what="the broker to have nothing left")

    state, attempts, pdf_key, sha256 = stack.sql(NOTICE_STATE, notice_id)[0]
    assert (state, attempts) == ("delivered", 1)  # the killed attempt left no trace in the database
    assert stack.audit_count("notice.rendered", notice_id) == 1
    assert stack.audit_count("notice.delivered", notice_id) == 1
    assert _alert_emails(stack) == 1
    # One letter in storage: the one the notice points at (the killed attempt's copy was overwritten).
    letters = _stored_letters(stack)
    assert [p.relative_to(stack.env.private_files).as_posix() for p in letters] == [pdf_key]
    assert hashlib.sha256(letters[0].read_bytes()).hexdigest() == sha256
