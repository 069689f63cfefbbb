"""Issue 13, finding 4: a respondent's PDF loses links to the web and to other files, launches and
media actions, like JavaScript before; checks and scanner now live in common/ for the clerk admin too."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from cases.tests.pdfs import active_actions, pdf_with
from common import clamd, pdfs
from filings import validation
from filings.services import scanning
from filings.tests.conftest import upload

pytestmark = pytest.mark.django_db

NEW_CODES = {"launch", "web_link", "remote_file_link", "rendition", "movie", "sound"}


def test_a_respondents_pdf_with_launch_and_web_links_is_stored_disarmed(respondent_client, draft):
    content = pdf_with(actions=True)
    assert {"/Launch", "/URI", "/GoToR", "/Rendition", "/Movie", "/Sound"} <= active_actions(content)
    response = upload(respondent_client, draft, content=content)
    assert response.status_code == 302
    document = draft.documents.get()
    with default_storage.open(document.storage_key, "rb") as handle:
        assert active_actions(handle.read()) == set()
    assert set(document.removed_active_content) >= NEW_CODES
    page = respondent_client.get(reverse("filings:detail", args=[draft.pk])).content.decode()
    assert "A link to a web address" in page and "A link that opens another file" in page


def test_every_removed_action_has_a_label():
    codes = set(pdfs._DANGEROUS_ACTIONS.values()) | set(pdfs._REMOVED_KEYS.values())
    assert codes <= set(pdfs.ACTIVE_CONTENT_LABELS)


def test_filings_uses_the_shared_checks_and_scanner():
    assert validation.validate_pdf is pdfs.validate_pdf
    assert validation.ACTIVE_CONTENT_LABELS is pdfs.ACTIVE_CONTENT_LABELS
    assert scanning.scan_stream is clamd.scan_stream and scanning.ClamdUnavailable is clamd.ClamdUnavailable
