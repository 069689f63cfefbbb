"""Domain events sent by the delivery app's services, after commit. Higher apps subscribe in ready().

paper_service_needed: notices that were to be served by email must be served on paper instead
(electronic service was suspended after a bounce or complaint, the respondent withdrew consent, or
one email could not be sent). kwargs: respondent_id (int), notice_ids (list[int] | None: None means
every notice of the respondent not yet served by email), reason (str). The notices app puts each
such notice that is not printed yet back on paper, so the court's next mailing batch takes it.
"""

from django.dispatch import Signal

paper_service_needed = Signal()
