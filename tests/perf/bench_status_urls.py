"""The project's URLs and, for the status benchmark only, a minimal view: the floor of
what one request costs on the same server, middleware included."""

from django.http import HttpResponse
from django.urls import path

from crm.urls import urlpatterns as project_urlpatterns


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench_minimal"), *project_urlpatterns]
