"""The site's URLs and error handlers, and one view that fails: to see the 500 page as a reader does."""

from django.urls import path

from config.urls import handler404, handler500  # noqa: F401
from config.urls import urlpatterns as site_urls


def fails(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("fails/", fails), *site_urls]
