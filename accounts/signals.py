"""Domain events sent by the accounts app's services, after commit. Higher apps subscribe in ready().

registration_notice_requested: a new access code must be mailed to a respondent's address of
record (lost-code form, support reissue). kwargs: respondent_id (int), access_code_id (int),
actor_id (int | None), reason (str: "lost_code" | "support_reissue" | "clerk"). The notices app
creates and renders the registration notice letter for that access code.
"""

from django.dispatch import Signal

registration_notice_requested = Signal()
