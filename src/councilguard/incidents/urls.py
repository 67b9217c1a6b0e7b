from django.urls import path

from councilguard.incidents import views

app_name = "incidents"
urlpatterns = [
    path("", views.incident_list, name="incident_list"),
    path("report/", views.incident_report, name="incident_report"),
    path("settings/", views.incident_settings, name="incident_settings"),
    path("<int:pk>/", views.incident_detail, name="incident_detail"),
    path("<int:pk>/update/", views.incident_update, name="incident_update"),
    path("<int:pk>/decision/", views.incident_decide, name="incident_decide"),
    path("<int:pk>/close/", views.incident_close, name="incident_close"),
]
