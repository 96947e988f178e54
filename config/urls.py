from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("search.urls")),
    path("", include("archive.urls")),
]

# Branded error pages in the reader's language, with the site's header and a way back.
handler404 = "archive.views.page_not_found"
handler500 = "archive.views.server_error"
