"""Court words the portal uses. Definitions live per language in templates/guidance/<lang>/glossary.html;
this list is the contract: each slug is a `<dt id>` there in every language (a test checks it)."""

from django.urls import reverse

GLOSSARY_TERMS: tuple[str, ...] = (
    "a-number",
    "access-code",
    "adjournment",
    "asylum",
    "attorney-of-record",
    "certificate-of-service",
    "certificate-of-translation",
    "dhs",
    "eoir",
    "eoir-28",
    "eoir-33",
    "hearing-notice",
    "immigration-judge",
    "in-absentia",
    "individual-hearing",
    "interpreter",
    "master-calendar-hearing",
    "motion",
    "notice-to-appear",
    "record-of-proceedings",
    "respondent",
    "second-factor",
)


def glossary_url(slug: str) -> str:
    """The glossary entry's URL ("/help/glossary/#in-absentia"); KeyError for an unknown term."""
    if slug not in GLOSSARY_TERMS:
        raise KeyError(slug)
    return reverse("guidance:glossary") + "#" + slug
