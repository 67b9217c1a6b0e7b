from django.urls import path

from councilguard.cctv import views

app_name = "cctv"
urlpatterns = [
    path("", views.camera_list, name="camera_list"),
    path("export/", views.camera_export, name="camera_export"),
    path("new/", views.camera_add, name="camera_add"),
    path("<int:pk>/", views.camera_detail, name="camera_detail"),
    path("<int:pk>/edit/", views.camera_edit, name="camera_edit"),
    path("<int:pk>/disclose/", views.disclosure_add, name="disclosure_add"),
    path("<int:pk>/own-footage/", views.own_footage, name="own_footage"),
    path("<int:pk>/retention/", views.retention_record, name="retention_record"),
    path("retention/", views.retention, name="retention"),
    path("viewings/", views.viewing_list, name="viewing_list"),
    path("viewings/new/", views.viewing_request, name="viewing_request"),
    path("viewings/<int:pk>/", views.viewing_detail, name="viewing_detail"),
    path("viewings/<int:pk>/log/", views.viewing_log, name="viewing_log"),
    path("disclosures/", views.disclosure_list, name="disclosure_list"),
]
