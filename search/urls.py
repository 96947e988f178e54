from django.urls import path

from . import feeds, views

app_name = "search"

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search.csv", views.search_csv, name="search_csv"),
    path("search.json", views.search_json, name="search_json"),
    path("search/timeline.csv", views.search_timeline_csv, name="search_timeline_csv"),
    path("search.atom", views.reports_search_failure(feeds.SearchFeed()), name="search_atom"),
    path("people/<str:name>/feed/", views.reports_search_failure(feeds.OfficialFeed()), name="official_atom"),
]
