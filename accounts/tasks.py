"""Account emails, sent from the `email` queue. Tasks take ids only."""

from celery import shared_task

from accounts.emails import account_email_deliver


@shared_task(name="accounts.tasks.send_account_email")
def send_account_email(user_id: int, kind: str, to: str | None = None) -> None:
    """Sends one account notification (lock, unlock, changed email/password/factors)."""
    account_email_deliver(user_id=user_id, kind=kind, to=to)
