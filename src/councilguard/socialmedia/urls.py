from django.urls import path

from councilguard.socialmedia import views

app_name = "socialmedia"
urlpatterns = [
    path("", views.index, name="index"),
    path("accounts/new/", views.account_edit, name="account_add"),
    path("accounts/<int:pk>/", views.account_edit, name="account_edit"),
    path("reports/export/", views.reports_export, name="reports_export"),
    path("enquiries/export/", views.enquiries_export, name="enquiries_export"),
    path("enquiries/new/", views.enquiry_add, name="enquiry_add"),
    path("enquiries/<int:pk>/", views.enquiry_detail, name="enquiry_detail"),
    path("enquiries/<int:pk>/answer/", views.enquiry_answer, name="enquiry_answer"),
    path("reports/new/", views.report_add, name="report_add"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/screenshot/", views.report_screenshot, name="report_screenshot"),
    path("reports/<int:pk>/triage/", views.report_triage, name="report_triage"),
    path("removals/<int:pk>/close/", views.removal_close, name="removal_close"),
    path("groups/new/", views.group_edit, name="group_add"),
    path("groups/<int:pk>/", views.group_edit, name="group_edit"),
    path("groups/mine/", views.my_groups, name="my_groups"),
    path("groups/mine/acknowledge/", views.group_acknowledge, name="group_acknowledge"),
    path("photographs/", views.photo_permission, name="photo_permission"),
]
