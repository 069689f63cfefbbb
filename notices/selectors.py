"""Reads for the notices app: the inbox and its unread count, registration candidates, batch progress."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from cases.models import Case, ImmigrationCourt, Respondent
from notices.models import MailingBatch, Notice, PrintFile


def inbox_for_user(user) -> QuerySet[Notice]:
    """The signed-in respondent's own notices that have a letter to read, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    return (
        Notice.objects.filter(respondent__user=user)
        .exclude(state=Notice.State.REQUESTED)
        .exclude(pdf_key="")
        .select_related("court")
        .order_by("-requested_at", "-id")
    )


def _unread(user_ref) -> QuerySet[Notice]:
    return (
        Notice.objects.filter(respondent__user=user_ref, read_at__isnull=True)
        .exclude(state=Notice.State.REQUESTED)
        .exclude(pdf_key="")
    )


def unread_count_for_user(user) -> int:
    """How many inbox letters the user has not opened yet (dashboard badge); one query."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return _unread(user).count()


def unread_count_expression(*, user_ref: OuterRef):
    """The same count as a subquery on a user id, for a page that reads several apps' per-user facts in
    one query (portal/dashboard.py)."""
    counted = _unread(user_ref).order_by().values("respondent__user").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def actor_by_id(actor_id: int | None):
    """The user a lower app's event names as its actor (None for the system or a user since removed)."""
    if actor_id is None:
        return None
    return get_user_model().objects.filter(pk=actor_id).first()


def court_for_respondent(respondent: Respondent) -> ImmigrationCourt:
    """The court a letter to this respondent comes from: that of their latest case (ValueError without one)."""
    case = respondent.cases.select_related("court").order_by("-opened_on", "-id").first()
    if case is None:
        raise ValueError(f"Respondent {respondent.pk} has no case: no court to send a letter from.")
    return case.court


def open_registration_notice(respondent: Respondent) -> Notice | None:
    """A registration notice not yet mailed: while one exists, issuing another would waste a code."""
    return (
        Notice.objects.filter(respondent=respondent, kind=Notice.Kind.REGISTRATION)
        .exclude(state=Notice.State.MAILED)
        .first()
    )


def registration_candidates(*, court) -> QuerySet[Respondent]:
    """Unrepresented respondents with a pending case in the court, no account and no unmailed letter."""
    open_letter = Notice.objects.filter(respondent=OuterRef("pk"), kind=Notice.Kind.REGISTRATION).exclude(
        state=Notice.State.MAILED
    )
    eligible_case = Case.objects.filter(
        respondent=OuterRef("pk"), court=court, attorney_of_record=False, status=Case.Status.PENDING
    )
    return (
        Respondent.objects.filter(user__isnull=True)
        .filter(Exists(eligible_case))
        .exclude(Exists(open_letter))
        .order_by("pk")
    )


def mailing_batch_progress(batch: MailingBatch) -> dict:
    """Letters rendered and letters in built files, of total, and the failures with their reasons (admin)."""
    counts = batch.files.aggregate(
        files=Count("pk"),
        done_files=Count("pk", filter=Q(state=PrintFile.State.DONE)),
    )
    done_letters = sum(f.letters for f in batch.files.filter(state=PrintFile.State.DONE).only("first_seq", "last_seq"))
    rendered = batch.notices.exclude(state=Notice.State.REQUESTED).count()
    failures = list(batch.files.exclude(error="").values_list("number", "state", "error"))
    return {**counts, "done": done_letters, "rendered": rendered, "total": batch.total, "failures": failures}


def notices_failed_to_render() -> QuerySet[Notice]:
    """Letters whose rendering failed and that are still waiting for a PDF (the clerk's workbench queue;
    the sweep tries them again, "Render again" sends them now)."""
    return Notice.objects.filter(state=Notice.State.REQUESTED).exclude(last_error="")


def mailing_batches_to_print() -> QuerySet[MailingBatch]:
    """Batches whose print files are ready and that nobody has marked printed yet."""
    return MailingBatch.objects.filter(state=MailingBatch.State.READY)


def mailing_batches_to_mail() -> QuerySet[MailingBatch]:
    """Batches printed but not yet marked mailed (access codes start counting only once mailed)."""
    return MailingBatch.objects.filter(state=MailingBatch.State.PRINTED)
