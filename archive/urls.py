from django.urls import path

from . import views

app_name = "archive"

# Citation-like URLs that never change: /<paper>/<date>/<page>/<article>/
urlpatterns = [
    path("", views.home, name="home"),
    path("editions/", views.editions_by_date, name="calendar"),
    path("people/", views.people, name="people"),
    path("people/<str:name>/", views.person, name="person"),
    path("counties/<str:name>/", views.county, name="county"),
    path("<str:publication>/<slug:key>/", views.edition, name="edition"),
    path("<str:publication>/<slug:key>/<int:sequence>/", views.page, name="page"),
    path("<str:publication>/<slug:key>/<int:sequence>/text/", views.page_text, name="page_text"),
    path("<str:publication>/<slug:key>/<int:sequence>/<int:ordinal>/", views.article, name="article"),
]
