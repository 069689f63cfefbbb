"""Which courts a staff member may see: the one rule behind every clerk-facing queryset."""

from django.db.models import QuerySet


def staff_court_ids(user) -> list[int] | None:
    """The ids of the courts a clerk or supervisor works in; None means every court (superuser)."""
    if user.is_superuser:
        return None
    if not hasattr(user, "_staff_court_ids"):
        user._staff_court_ids = list(user.courts.values_list("pk", flat=True))
    return user._staff_court_ids


def scope_to_courts(queryset: QuerySet, user, court_path: str = "court") -> QuerySet:
    """Filters `queryset` to rows of the user's courts (`court_path` leads from the row to the court)."""
    court_ids = staff_court_ids(user)
    if court_ids is None:
        return queryset
    return queryset.filter(**{f"{court_path}__in": court_ids})
