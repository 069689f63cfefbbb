"""The only ways a view gets motions objects: the signed-in respondent's own, or 404."""

from django.shortcuts import get_object_or_404

from cases.models import Case
from motions.models import Motion, MotionType


def access_case_for_motion(*, user, case_id) -> Case:
    """One of the signed-in respondent's cases, or 404."""
    return get_object_or_404(Case.objects.select_related("court", "respondent"), pk=case_id, respondent__user=user)


def access_motion_by_id(*, user, motion_id) -> Motion:
    """The signed-in respondent's own guided request, or 404 (same answer for "not yours" and "no such")."""
    return get_object_or_404(
        Motion.objects.select_related("case__court", "case__respondent", "motion_type", "filing", "created_by"),
        pk=motion_id,
        case__respondent__user=user,
    )


def access_motion_type(*, slug) -> MotionType:
    """An offered motion type, or 404."""
    return get_object_or_404(MotionType, slug=slug, active=True)
