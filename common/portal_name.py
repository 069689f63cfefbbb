"""The portal's name as people read it: translated while it is the default, shown as set otherwise.

Letters, PDFs and emails are rendered in the reader's language, often outside a request, so code that
builds their context early passes `portal_name_lazy()`: it is read when the template renders it, in the
language active at that moment (one bilingual PDF names the portal once in each language).
"""

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext

DEFAULT_PORTAL_NAME = "Respondent Access Portal"


def portal_name() -> str:
    """The portal's name in the active language: the default name from the catalogue, a deployment's own as set."""
    if settings.PORTAL_NAME == DEFAULT_PORTAL_NAME:
        return gettext("Respondent Access Portal")
    return settings.PORTAL_NAME


portal_name_lazy = lazy(portal_name, str)
