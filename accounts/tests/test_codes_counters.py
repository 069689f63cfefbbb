"""Wrong access-code tries are counted exactly, even in a parallel burst, per code, per A-number and
per client; past the per-A-number limit the code is void until reissued (issue 13, finding 5)."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import AccessCode, RegistrationFailure
from accounts.services.codes import (
    AccessCodeRejected,
    AccessCodeThrottled,
    _counter_key,
    _record_wrong_try,
    access_code_check,
    access_code_issue,
    access_code_mark_mailed,
    access_code_plaintext,
    normalise_code,
)
from cases.tests.factories import RespondentFactory

WRONG = "0000000000"


def _right(code) -> str:
    return normalise_code(access_code_plaintext(code))


def _a_number_count(a_number: str) -> int:
    row = RegistrationFailure.objects.filter(kind="a_number", key=_counter_key("a_number", a_number)).first()
    return row.count if row else 0


@pytest.mark.django_db
def test_two_stale_copies_of_a_code_each_count_their_wrong_try():
    person = RespondentFactory()
    code = access_code_issue(respondent=person, actor=None, reason="test")
    first, second = AccessCode.objects.get(pk=code.pk), AccessCode.objects.get(pk=code.pk)  # both read 0 tries
    _record_wrong_try(a_number=person.a_number, client_ip="10.0.0.1", code=first, reason="wrong")
    _record_wrong_try(a_number=person.a_number, client_ip="10.0.0.2", code=second, reason="wrong")
    code.refresh_from_db()
    assert code.failed_attempts == 2
    assert _a_number_count(person.a_number) == 2


@pytest.mark.django_db
def test_past_the_a_number_limit_the_code_is_void_until_reissued(settings):
    """Tries counted against the A-number (here: the right code before its letter was mailed) void the code."""
    settings.ACCESS_CODE_MAX_WRONG_TRIES = 3
    person = RespondentFactory()
    code = access_code_issue(respondent=person, actor=None, reason="test")
    for n in range(3):
        with pytest.raises(AccessCodeRejected):
            access_code_check(a_number=person.a_number, code=_right(code), client_ip=f"10.0.1.{n}")
    code.refresh_from_db()
    assert code.failed_attempts == 0 and _a_number_count(person.a_number) == 3
    access_code_mark_mailed(access_code=code, mailed_at=timezone.now())
    with pytest.raises(AccessCodeRejected):
        access_code_check(a_number=person.a_number, code=_right(code), client_ip="10.0.1.9")
    code.refresh_from_db()
    assert code.status == AccessCode.Status.VOID
    fresh = access_code_issue(respondent=person, actor=None, reason="support_reissue")
    access_code_mark_mailed(access_code=fresh, mailed_at=timezone.now())
    assert access_code_check(a_number=person.a_number, code=_right(fresh), client_ip="10.0.1.9") == fresh


def _burst(calls):
    """Runs the calls at the same moment, each in its own thread and database connection."""
    start = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            start.wait()
            outcomes[i] = call()
        except Exception as exc:  # the outcome (an exception too) is what the test looks at
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_of_wrong_codes_is_counted_exactly_and_voids_the_code(settings):
    settings.ACCESS_CODE_MAX_WRONG_TRIES = 5
    person = RespondentFactory()
    code = access_code_issue(respondent=person, actor=None, reason="test")
    access_code_mark_mailed(access_code=code, mailed_at=timezone.now())
    tries = 12
    outcomes = _burst(
        [
            lambda n=n: access_code_check(a_number=person.a_number, code=WRONG, client_ip=f"10.0.2.{n}")
            for n in range(tries)
        ]
    )
    assert all(isinstance(o, AccessCodeRejected) for o in outcomes), outcomes
    code.refresh_from_db()
    assert code.status == AccessCode.Status.VOID and code.failed_attempts == 5
    assert _a_number_count(person.a_number) == tries
    with pytest.raises(AccessCodeRejected):
        access_code_check(a_number=person.a_number, code=_right(code), client_ip="10.0.2.200")


@pytest.mark.django_db(transaction=True)
def test_a_parallel_burst_from_one_client_stops_at_the_client_limit(settings):
    settings.REGISTRATION_CLIENT_MAX_FAILURES = 3
    people = [RespondentFactory() for _ in range(10)]
    outcomes = _burst(
        [lambda p=p: access_code_check(a_number=p.a_number, code=WRONG, client_ip="10.0.3.1") for p in people]
    )
    rejected = [o for o in outcomes if isinstance(o, AccessCodeRejected)]
    throttled = [o for o in outcomes if isinstance(o, AccessCodeThrottled)]
    assert (len(rejected), len(throttled)) == (3, 7), outcomes
    client = RegistrationFailure.objects.get(kind="client", key=_counter_key("client", "10.0.3.1"))
    assert client.count == 3
