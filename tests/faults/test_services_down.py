"""Services that stop and come back: clamd (documents wait, then are scanned), Redis (pages and
filings go on, the sweep catches up), PostgreSQL (the web process reconnects by itself)."""

import pytest

from filings.tests.pdfs import make_pdf
from tests.faults.browsing import Respondent
from tests.faults.stack import wait_until

pytestmark = pytest.mark.faults

DOCUMENT = "SELECT scan_status, scan_attempts, scan_last_error FROM filings_filingdocument WHERE id = %s"


def test_documents_wait_while_clamd_is_down_and_are_scanned_once_it_is_back(stack):
    stack.clamd.stop()
    stack.worker("scan", CLAMD_PORT=str(stack.clamd.port))  # straight to clamd: nothing listens there now
    document_id = stack.env.data("seed", "upload")["document_id"]

    status, _attempts, error = wait_until(
        lambda: next((row for row in stack.sql(DOCUMENT, document_id) if row[1] >= 1 and row[2]), None),
        timeout=60,
        what="the first scan attempt to find clamd down",
    )
    assert status == "scanning", "a document is never called clean without a scan"
    assert "clamd" in error

    stack.clamd.start()  # the task's retry (after 15 s) finds it back
    wait_until(
        lambda: stack.sql(DOCUMENT, document_id)[0][0] != "scanning", timeout=90, what="the retried scan to finish"
    )
    assert stack.sql(DOCUMENT, document_id)[0][:2] == ("clean", 2)
    assert stack.audit_count("filing_document.scan_clean", document_id) == 1


def _file_a_motion(respondent: Respondent, case_id: int) -> str:
    """The whole filing flow through the pages: start, upload the lead document, certify and file."""
    started = respondent.submit(f"/filings/new/{case_id}/", {"filing_type": "motion"})
    assert started.status_code == 302, started.text[:2000]
    filing_path = started.headers["Location"]
    uploaded = respondent.submit(
        filing_path,
        {"role": "lead", "title": "Motion to change venue"},
        action=f"{filing_path}documents/",
        files={"file": ("motion.pdf", make_pdf(pages=2), "application/pdf")},
    )
    assert uploaded.status_code == 302, uploaded.text[:2000]
    filed = respondent.submit(f"{filing_path}submit/", {"service_certified": "on"})
    assert filed.status_code == 302, filed.text[:2000]
    receipt = respondent.get(filed.headers["Location"])
    assert receipt.status_code == 200
    return filing_path


def test_with_redis_down_pages_are_served_and_filings_accepted_and_the_sweep_catches_up(stack):
    ids = stack.env.data("seed")
    web = stack.web()
    stack.worker("scan", FILINGS_SCAN_STUCK_AFTER_SECONDS="1")
    respondent = Respondent(web.base_url, ids["session_key"])

    stack.redis.stop()
    for path in ("/", "/cases/", "/filings/", "/help/"):
        assert respondent.get(path).status_code == 200, path
    # Signing in still works: password, then the second-factor page.
    visitor = Respondent(web.base_url, session_key="")
    signed_in = visitor.submit(
        "/accounts/login/", {"login": "respondent@example.org", "password": "correct horse battery staple"}
    )
    assert signed_in.status_code == 302, signed_in.text[:3000]
    second_factor = visitor.get(signed_in.headers["Location"])
    assert second_factor.status_code == 302 and "/account/mfa/" in second_factor.headers["Location"]
    assert visitor.get(second_factor.headers["Location"]).status_code == 200
    ready = respondent.get("/readyz")
    assert ready.status_code == 503  # monitoring sees the broker down
    assert ready.json()["checks"]["broker"]["status"] == "fail"
    assert ready.json()["checks"]["database"]["status"] == "ok"

    filing_path = _file_a_motion(respondent, ids["case_id"])
    filing_id = int(filing_path.strip("/").split("/")[-1])
    assert stack.value("SELECT status FROM filings_filing WHERE id = %s", filing_id) == "submitted"
    document_id, status = stack.sql(
        "SELECT id, scan_status FROM filings_filingdocument WHERE filing_id = %s AND role = 'lead'", filing_id
    )[0]
    assert status == "scanning"

    stack.redis.start()  # same port, same data folder: the worker reconnects by itself
    wait_until(lambda: respondent.get("/readyz").status_code == 200, timeout=60, what="/readyz to be ready again")
    stack.env.data("sweep_scans")  # what beat sends every five minutes
    wait_until(
        lambda: stack.sql(DOCUMENT, document_id)[0][0] != "scanning",
        timeout=120,
        what="the sweep to re-send the scan that Redis lost",
    )
    assert stack.sql(DOCUMENT, document_id)[0][0] == "clean"
    assert stack.audit_count("filing_document.scan_clean", document_id) == 1


def test_the_web_process_recovers_from_a_postgresql_restart_without_being_restarted(stack):
    ids = stack.env.data("seed")
    web = stack.web()
    respondent = Respondent(web.base_url, ids["session_key"])
    for _ in range(4):  # every gthread thread holds a persistent connection (DB_CONN_MAX_AGE)
        assert respondent.get("/cases/").status_code == 200

    stack.pg.restart()  # every server process ends: each of those connections is now broken

    assert [respondent.get("/cases/").status_code for _ in range(6)] == [200] * 6
    started = respondent.submit(f"/filings/new/{ids['case_id']}/", {"filing_type": "motion"})
    assert started.status_code == 302
    assert stack.value("SELECT count(*) FROM filings_filing WHERE case_id = %s", ids["case_id"]) == 1
    assert web.process.alive, "gunicorn was not restarted: it recovered on its own"
