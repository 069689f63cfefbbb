"""Every kind of background work runs through a real broker and a real worker at least once, never in
eager mode (which hides routing, on-commit queueing and the worker's own process): the whole-record
ZIP build, a mailing batch's print file, an account email and hearing reminders through the outbox,
and every task of the beat schedule. Each worker consumes only the queue its task declares, so a task
routed elsewhere would never run and the test would say so. Scans and letter renders have their own
fault tests (test_worker_killed.py, test_services_down.py)."""

import hashlib
import re

import pytest

from tests.faults.browsing import Respondent
from tests.faults.stack import wait_until

pytestmark = pytest.mark.faults

RESPONDENT_EMAIL = "respondent@example.org"  # tests/faults/data.py seed


def _broker_is_empty(stack) -> bool:
    queued = sum(int(stack.redis.command("LLEN", queue)) for queue in ("scan", "render", "email", "default"))
    return queued == 0 and stack.redis.command("HLEN", "unacked") == "0"


def _emails_to(stack, address: str) -> list[str]:
    folder = stack.env.mail_dir
    if not folder.exists():
        return []
    texts = [path.read_text(errors="replace") for path in sorted(folder.iterdir()) if path.is_file()]
    return [text for text in texts if address in text]


def test_the_whole_record_zip_is_built_by_a_worker_then_served_from_storage(stack):
    ids = stack.env.data("seed", "record_documents")
    web = stack.web()
    stack.worker("zips", queues="default")
    respondent = Respondent(web.base_url, ids["session_key"])
    url = f"/cases/{ids['case_id']}/record.zip"

    first = respondent.get(url)  # streamed from the documents; the build is queued on commit
    assert first.status_code == 200, first.text[:2000]
    assert len(first.content) == int(first.headers["Content-Length"])
    status = "SELECT status, sha256 FROM cases_recordzip WHERE case_id = %s"
    wait_until(
        lambda: stack.sql(status, ids["case_id"]) and stack.sql(status, ids["case_id"])[0][0] == "ready",
        timeout=90,
        what="the worker to store the record ZIP",
    )
    assert stack.sql(status, ids["case_id"]) == [("ready", hashlib.sha256(first.content).hexdigest())]

    second = respondent.get(url)  # read from storage now
    assert second.status_code == 200 and second.content == first.content
    stored = stack.sql(
        "SELECT data->>'stored' FROM audit_auditevent WHERE action = 'record.downloaded' ORDER BY id",
    )
    assert stored == [("false",), ("true",)]
    wait_until(lambda: _broker_is_empty(stack), timeout=30, what="the broker to have nothing left")


def test_a_mailing_batch_print_file_is_rendered_and_built_by_a_worker(stack):
    batch_id = stack.env.data("seed", "mailing_batch")["batch_id"]
    stack.worker("render", queues="render")
    wait_until(
        lambda: stack.value("SELECT state FROM notices_mailingbatch WHERE id = %s", batch_id) == "ready",
        timeout=180,
        what="the worker to render the letters and build the print file",
    )
    [(state, pages, file_key, sha256)] = stack.sql(
        "SELECT state, pages, file_key, sha256 FROM notices_printfile WHERE batch_id = %s", batch_id
    )
    assert state == "done" and pages >= 2
    assert hashlib.sha256((stack.env.private_files / file_key).read_bytes()).hexdigest() == sha256
    assert stack.value("SELECT count(*) FROM notices_notice WHERE batch_id = %s AND pdf_key <> ''", batch_id) == 2
    wait_until(lambda: _broker_is_empty(stack), timeout=30, what="the broker to have nothing left")


def test_an_account_email_leaves_through_the_outbox_and_a_worker(stack):
    stack.env.data("seed", "backup_codes_replaced")  # queued on commit, before any worker runs
    stack.worker("email", queues="email")
    template = "accounts/email/backup_codes_regenerated"
    wait_until(
        lambda: stack.value("SELECT state FROM common_outboundemail WHERE template = %s", template) == "sent",
        timeout=60,
        what="the worker to send the account email",
    )
    assert len(_emails_to(stack, RESPONDENT_EMAIL)) == 1
    wait_until(lambda: _broker_is_empty(stack), timeout=30, what="the broker to have nothing left")


def test_hearing_reminders_are_claimed_and_emailed_once_by_a_worker(stack):
    hearing_id = stack.env.data("seed", "hearing_in_six_days")["hearing_id"]
    stack.worker("email", queues="email")
    stack.env.data("send_reminders")
    wait_until(lambda: _emails_to(stack, RESPONDENT_EMAIL), timeout=60, what="the reminder email")
    stack.env.data("send_reminders")  # beat's next run: the reminder is claimed already
    wait_until(lambda: _broker_is_empty(stack), timeout=30, what="the broker to have nothing left")

    assert stack.sql("SELECT threshold FROM cases_hearingreminder WHERE hearing_id = %s", hearing_id) == [("7d",)]
    assert stack.sql("SELECT template, state FROM common_outboundemail") == [("cases/email/hearing_reminder", "sent")]
    assert stack.value("SELECT count(*) FROM audit_auditevent WHERE action = 'hearing_reminder.sent'") == 1
    [email] = _emails_to(stack, RESPONDENT_EMAIL)
    assert "audiencia" in email  # the court record's language (the seeded respondent reads Spanish)


def test_every_task_of_the_beat_schedule_runs_on_a_worker(stack):
    stack.env.data("seed")
    stack.worker("all")
    names = stack.env.data("periodic_tasks")["periodic_tasks"]
    log = stack.env.var_dir / "worker-all.log"

    def not_run_yet() -> list[str]:
        text = log.read_text(errors="replace")
        return [name for name in names if not re.search(rf"Task {re.escape(name)}\[[^\]]+\] succeeded", text)]

    wait_until(lambda: not not_run_yet(), timeout=90, what=f"every periodic task to succeed ({names})")
    assert len(names) >= 5
