"""Domain events of the email outbox (common.mail), sent after the commit that recorded the outcome.

Higher apps subscribe in their AppConfig.ready (delivery: the service record of a notice's email).

email_sent: the mail backend accepted the message. kwargs: email_id (int), message_id (str, "" when
the backend gives none), sent_at (datetime).
email_failed: the message will not be sent (given up after the last attempt, or nothing to send).
kwargs: email_id (int), reason (str, an exception's class name or a short English phrase).
"""

from django.dispatch import Signal

email_sent = Signal()
email_failed = Signal()
