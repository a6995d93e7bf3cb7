"""URLs for tests/terang/test_sentry.py: the site's, plus a view that fails."""

from django.http import HttpResponse
from django.urls import path

from terang.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("the test view failed on purpose")


def plain_server_error(request):
    return HttpResponse("server error", status=500, content_type="text/plain")


handler500 = plain_server_error
urlpatterns = [path("fail/", fail), *site_urlpatterns]
