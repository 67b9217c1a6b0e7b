from django.urls import path

from councilguard.core import views

app_name = "core"
urlpatterns = [
    path("", views.start, name="start"),
    path("switch/", views.switch, name="switch"),
    path("c/<slug:council>/", views.home, name="home"),
]
