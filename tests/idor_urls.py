"""The project's URLs plus one object view the IDOR sweep does not know: the sweep must refuse it."""

from django.http import HttpResponse
from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns


def widget_detail(request, widget_id):
    return HttpResponse(str(widget_id))


widget_patterns = ([path("<int:widget_id>/", widget_detail, name="detail")], "widgets")
urlpatterns = [*portal_urlpatterns, path("widgets/", include(widget_patterns))]
