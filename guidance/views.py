"""Help centre pages: public, server-rendered, no JavaScript needed."""

import time

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.session_keys import SESSION_SEEN_AT
from cases.models import ImmigrationCourt
from common.redirects import safe_next_url
from common.responses import attachment_response
from guidance import content, hours, rendering, selectors
from guidance.glossary import GLOSSARY_TERMS


@login_not_required
@require_safe
def index(request):
    """Every help topic with the questions it answers, the glossary, contact and the printable guide."""
    language = content.content_language()
    topics = [
        {"topic": topic, "answers": content.answers_in(content.topic_html(topic, language))}
        for topic in content.TOPICS
        if not topic.legal
    ]
    legal = [topic for topic in content.TOPICS if topic.legal]
    return render(request, "guidance/index.html", {"topics": topics, "legal_topics": legal, "language": language})


@login_not_required
@require_safe
def topic(request, slug: str):
    """One help topic: its answers, each under its own anchor, in the active language."""
    found = content.TOPICS_BY_SLUG.get(slug)
    if found is None:
        raise Http404
    body = content.topic_html(found)
    return render(
        request,
        "guidance/topic.html",
        {"topic": found, "body": body, "answers": content.answers_in(body)},
    )


@login_not_required
@require_safe
def glossary(request):
    """Court words in plain language, each with its own anchor."""
    language = content.content_language()
    return render(
        request,
        "guidance/glossary_page.html",
        {"glossary_template": f"guidance/{language}/glossary.html", "terms": GLOSSARY_TERMS},
    )


def _past_second_factor(user) -> bool:
    """Signed in and through the second factor (AAL2). Below it a session sees nothing of a case,
    not even which court: a stolen password alone must not tell where someone's hearing is."""
    is_verified = getattr(user, "is_verified", None)
    return bool(user.is_authenticated and callable(is_verified) and is_verified())


def _chosen_courts(request) -> tuple[list[ImmigrationCourt], bool]:
    """The respondent's own courts when past the second factor with a case; else the court picked in the filter."""
    own = selectors.courts_of_user(user=request.user) if _past_second_factor(request.user) else []
    if own:
        return own, True
    picked = selectors.court_by_code(code=request.GET.get("court", ""))
    return ([picked] if picked else []), False


def _providers_by_court(courts: list[ImmigrationCourt]) -> list[dict]:
    providers = list(selectors.legal_providers_for(courts=courts)) if courts else []
    return [{"court": court, "providers": [p for p in providers if p.court_id == court.pk]} for court in courts]


@login_not_required
@require_safe
def contact(request):
    """Support line, email and hours (Eastern and the court's zone), what support does, free legal help."""
    courts, own = _chosen_courts(request)
    eastern = hours.support_hours_in("America/New_York")
    court_hours = [
        {"court": court, "hours": hours.support_hours_in(court.time_zone)}
        for court in courts
        if own and court.time_zone != eastern.zone
    ]
    context = {
        "eastern_hours": eastern,
        "court_hours": court_hours,
        "own_courts": own,
        "court_providers": _providers_by_court(courts),
        "filter_courts": [] if own else selectors.courts_with_providers(),
        "selected_code": courts[0].code if courts and not own else "",
    }
    return render(request, "guidance/contact.html", context)


@login_not_required
@require_safe
def quick_reference(request):
    """The printable two-page guide in ?lang= (the active language by default), rendered once per version."""
    language = request.GET.get("lang") or content.content_language()
    if language not in content.CONTENT_LANGUAGES:
        raise Http404
    guide = rendering.quick_reference_pdf(language=language)
    etag = f'"{guide.content_hash[:32]}"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers={"ETag": etag})
    response = attachment_response(
        guide.content, filename=guide.filename, content_type="application/pdf", cache="public, max-age=3600"
    )
    response["ETag"] = etag
    return response


@require_POST
def session_extend(request):
    """ "Stay signed in": restarts the idle clock accounts' middleware checks; back to the page the person was on."""
    request.session[SESSION_SEEN_AT] = int(time.time())
    if request.headers.get("Accept") == "application/json":  # the warning's script stays on the page
        return JsonResponse({"seconds_left": selectors.session_seconds_left(session=request.session)})
    return redirect(safe_next_url(request, "/"))


@login_not_required
@require_safe
def session_ended(request):
    """Explains a timed-out session without JavaScript and offers to sign in and return to the page."""
    return render(request, "guidance/session_ended.html", {"next": safe_next_url(request, "")})
