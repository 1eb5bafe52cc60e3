from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """The baseline: Django's full middleware stack and nothing else."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), path("", include("config.urls"))]
