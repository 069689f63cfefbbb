"""Baseline pages for the bench: what any page costs before the portal's own work.

`bare` renders a tiny template through the whole middleware stack; `orm` adds three indexed
queries (a court, its most recent case with respondent and judge, that case's hearings), whose
cost does not grow with the number of cases. A portal page is read against these two.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from cases.models import Case, Hearing, ImmigrationCourt


@login_not_required
def bare(request):
    return render(request, "bench/bare.html", {"title": "Bench baseline"})


@login_not_required
def orm(request):
    court = ImmigrationCourt.objects.order_by("pk").first()
    case = (
        Case.objects.select_related("respondent", "judge").filter(court=court).order_by("-id").first()
        if court
        else None
    )
    hearings = list(Hearing.objects.filter(case=case).order_by("starts_at")[:10]) if case else []
    return render(request, "bench/orm.html", {"court": court, "case": case, "hearings": hearings})
