from django.urls import path

from councilguard.phones import views

app_name = "phones"
urlpatterns = [
    path("", views.report_page, name="report"),
    path("report.csv", views.report_export, name="report_export"),
    # Phone findings are reviewed on the monitoring app's pages; this records the agreed cost.
    path("findings/<int:pk>/agree/", views.finding_agree, name="finding_agree"),
    path("recovery/", views.recovery_list, name="recovery_list"),
    path("setup/", views.setup, name="setup"),
    path("setup/import/", views.bill_import, name="bill_import"),
    path("setup/thresholds/", views.phone_settings, name="settings"),
    path("setup/profiles/build/", views.profile_build, name="profile_build"),
    path("setup/profiles/import/", views.profile_import, name="profile_import"),
    path("setup/profiles/<int:pk>/export/", views.profile_export, name="profile_export"),
    path("setup/directory/", views.directory, name="directory"),
    path("setup/directory/<int:pk>/remove/", views.directory_remove, name="directory_remove"),
    # A person's own pages: only their own findings and numbers are ever offered.
    path("mine/", views.mine, name="mine"),
    path("mine/numbers/add/", views.mine_number_add, name="mine_number_add"),
    path("mine/numbers/remove/", views.mine_number_remove, name="mine_number_remove"),
]
