"""Issue 13, finding 2: no Range or If-Range header can turn a download into a 500.

One rule (cases/downloads.py): a single valid byte range gets 206; a bytes range that cannot be
served (past the end, huge, negative, reversed, hundreds of ranges) a clear 416; another unit or a
short list of ranges is ignored (200, the whole body), as RFC 9110 allows. Checked over HTTP on a
single record document and on the whole-record ZIP, streamed and stored.
"""

import pytest
from django.urls import reverse

from cases.downloads import MAX_RANGE_DIGITS, Unsatisfiable, parse_range
from cases.models import RecordZip
from cases.tests.test_downloads import body, document_with

pytestmark = pytest.mark.django_db

HUGE = "9" * 5000  # int() refuses more than 4,300 digits: this was the 500
IGNORED = {
    "two ranges": "bytes=0-1,4-5",
    "garbage unit": "items=0-10",
    "no unit": "0-10",
    "empty": " ",
}
PAST_THE_END = {
    "huge but bounded first": "bytes=" + "9" * MAX_RANGE_DIGITS + "-",
    "empty suffix": "bytes=-0",
    "huge first": f"bytes={HUGE}-",
    "huge last": f"bytes=0-{HUGE}",
    "huge suffix": f"bytes=-{HUGE}",
    "19 digits": "bytes=1" + "0" * MAX_RANGE_DIGITS + "-",
    "negative": "bytes=-5-10",
    "negative end": "bytes=5--10",
    "double minus": "bytes=--5",
    "reversed": "bytes=50-10",
    "400 ranges": "bytes=" + ",".join(f"{n}-{n}" for n in range(400)),
    "garbage": "bytes=abc-def",
    "unicode digits": "bytes=\u0661\u0662-",
    "empty set": "bytes=",
    "only a dash": "bytes=-",
    "long header": "bytes=0-10" + " " * 5000,
}


@pytest.fixture
def case(respondent):
    return respondent.cases.get()


@pytest.fixture
def document(case):
    return document_with(case, b"%PDF-1.4\n" + bytes(range(256)) * 40 + b"\n%%EOF\n", title="Notice")


@pytest.fixture
def document_url(document):
    return reverse("cases:document_download", args=[document.pk])


@pytest.fixture
def record_url(case, document):
    return reverse("cases:record_download", args=[case.pk])


@pytest.fixture
def stored_record_url(respondent_client, record_url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        body(respondent_client.get(record_url))  # the first download asks for the stored archive
    assert RecordZip.objects.filter(status=RecordZip.Status.READY).exists()
    return record_url


@pytest.fixture(params=["document", "streamed zip", "stored zip"])
def download(request, respondent_client, document_url, record_url):
    """(url, full bytes) of each kind of download; the stored ZIP is built first."""
    if request.param == "document":
        url = document_url
    elif request.param == "streamed zip":
        url = record_url
    else:
        url = request.getfixturevalue("stored_record_url")
    full = body(respondent_client.get(url))
    if request.param == "streamed zip":
        RecordZip.objects.all().delete()  # stay on the generated stream
    return url, full


@pytest.mark.parametrize("header", IGNORED.values(), ids=IGNORED.keys())
def test_an_invalid_range_is_ignored_and_the_whole_body_sent(respondent_client, download, header):
    url, full = download
    response = respondent_client.get(url, headers={"Range": header})
    assert response.status_code == 200
    assert response["Content-Length"] == str(len(full))
    assert "Content-Range" not in response
    assert body(response) == full


@pytest.mark.parametrize("header", PAST_THE_END.values(), ids=PAST_THE_END.keys())
def test_a_valid_range_past_the_end_is_416(respondent_client, download, header):
    url, full = download
    response = respondent_client.get(url, headers={"Range": header})
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(full)}"


def test_valid_ranges_still_resume(respondent_client, download):
    url, full = download
    bounded_end = respondent_client.get(url, headers={"Range": "bytes=10-" + "9" * MAX_RANGE_DIGITS})
    assert bounded_end.status_code == 206 and body(bounded_end) == full[10:]
    spaced = respondent_client.get(url, headers={"Range": "BYTES = 5 - 9"})
    assert spaced.status_code == 206 and body(spaced) == full[5:10]


@pytest.mark.parametrize("if_range", ["W/" + HUGE, '"' + HUGE, HUGE, "Sun, 06 Nov 99999999 08:49:37 GMT", "\x00"])
def test_a_garbage_if_range_sends_the_whole_body(respondent_client, download, if_range):
    url, full = download
    response = respondent_client.get(url, headers={"Range": "bytes=10-", "If-Range": if_range})
    assert response.status_code == 200 and body(response) == full


def test_parse_range_bounds_its_work():
    with pytest.raises(Unsatisfiable):
        parse_range(f"bytes={HUGE}-", 10)
    assert parse_range("bytes=" + "1" * MAX_RANGE_DIGITS + "-", 10**19) == (int("1" * MAX_RANGE_DIGITS), 10**19 - 1)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=" + "9" * MAX_RANGE_DIGITS + "-", 10)
