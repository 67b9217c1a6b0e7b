from django.urls import path

from councilguard.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("monitoring/", views.monitoring, name="monitoring"),
    path("monitoring/export.csv", views.monitoring_export, name="monitoring_export"),
    path("committee/", views.pack_list, name="pack_list"),
    path("committee/make/", views.pack_make, name="pack_make"),
    path("committee/<int:pk>/pack.pdf", views.pack_download, name="pack_download"),
]
