"""The support console: a second admin site at /support/ for the support role (docs/adr/0046).

`site` is wired in portal/urls.py. Support agents find people's accounts and help them (unlock,
reset the second factor, reissue the access code, deactivate/reactivate); they never see case
documents or hearing details, and read only their own audit trail.
"""

from accounts.support.admin import register
from accounts.support.sites import SupportAdminSite

site = SupportAdminSite(name="support")
register(site)
