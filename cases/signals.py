"""Domain events sent by the cases app's services, after commit. Higher apps subscribe in ready().

hearing_changed: a hearing was created, rescheduled, adjourned, cancelled or otherwise changed by
court staff. kwargs: hearing_id (int), change ("created" | "changed" | "rescheduled" |
"adjourned" | "cancelled"), actor_id (int | None). The notices app issues a hearing notice.
"""

from django.dispatch import Signal

hearing_changed = Signal()
