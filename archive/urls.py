from django.urls import path

from . import post_views, views

app_name = "archive"

# Citation-like URLs that never change: /<paper>/<date>/<page>/<article>/
urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.editions_by_date, name="calendar"),
    path("people/", views.people, name="people"),
    path("people/<str:name>/", views.person, name="person"),
    path("counties/<str:name>/", views.county, name="county"),
    # Officials over time (archive/posts.py): before the edition URLs, which any two segments match.
    path("posts/", post_views.posts_index, name="posts"),
    path("posts.json", post_views.posts_json, name="posts_json"),
    path("posts.csv", post_views.posts_csv, name="posts_csv"),
    path("posts.atom", post_views.PostChangesFeed(), name="posts_atom"),
    path("posts/<str:name>/", post_views.jurisdiction_posts, name="jurisdiction_posts"),
    path("posts/<str:name>/feed/", post_views.JurisdictionChangesFeed(), name="jurisdiction_posts_atom"),
    path("<str:publication>/<slug:key>/", views.edition, name="edition"),
    path("<str:publication>/<slug:key>/<int:sequence>/", views.page, name="page"),
    path("<str:publication>/<slug:key>/<int:sequence>/text/", views.page_text, name="page_text"),
    path("<str:publication>/<slug:key>/<int:sequence>/<int:ordinal>/", views.article, name="article"),
]
