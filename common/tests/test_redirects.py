"""The one safe-redirect check: pages of this site pass, anything else falls back."""

import pytest
from django.test import RequestFactory

from common.redirects import safe_next_url


@pytest.mark.parametrize(
    "next_url, expected",
    [
        ("/cases/", "/cases/"),
        ("/account/?tab=2", "/account/?tab=2"),
        ("https://evil.example/", "/home/"),
        ("//evil.example/", "/home/"),
        ("javascript:alert(1)", "/home/"),
        ("", "/home/"),
        ("/\\evil.example", "/home/"),
    ],
)
def test_only_a_page_of_this_site_is_a_next_url(next_url, expected):
    request = RequestFactory().get("/", {"next": next_url})
    assert safe_next_url(request, "/home/") == expected


def test_a_posted_next_wins_over_the_query_string():
    request = RequestFactory().post("/?next=/from-get/", {"next": "/from-post/"})
    assert safe_next_url(request, "/home/") == "/from-post/"
