from django.urls import path

from councilguard.monitoring import log_profile_views, views

app_name = "monitoring"
urlpatterns = [
    path("", views.source_list, name="source_list"),
    path("sources/<slug:kind>/", views.source_edit, name="source_edit"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/export.csv", views.finding_export, name="finding_export"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/review/", views.finding_review, name="finding_review"),
    path("findings/<int:pk>/purpose/", views.finding_purpose, name="finding_purpose"),
    path("findings/<int:pk>/events/", views.finding_events, name="finding_events"),
    # A person's own findings: no other person's finding is ever in the URL; the form offers
    # only the person's own.
    path("mine/", views.mine, name="mine"),
    path("mine/explain/", views.explain, name="explain"),
    path("categories/", views.category_list, name="category_list"),
    path("categories/<int:pk>/remove/", views.category_remove, name="category_remove"),
    path("domains/add/", views.domain_add, name="domain_add"),
    path("domains/<int:pk>/remove/", views.domain_remove, name="domain_remove"),
    path("batches/", views.batch_list, name="batch_list"),
    path("batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("upload/", views.upload, name="upload"),
    path("identities/", views.identity_list, name="identity_list"),
    path("identities/add/", views.identity_add, name="identity_add"),
    path("identities/<int:pk>/end/", views.identity_end, name="identity_end"),
    path("holds/", views.hold_list, name="hold_list"),
    path("holds/<int:pk>/release/", views.hold_release, name="hold_release"),
    path("purges/", views.purge_list, name="purge_list"),
    path("settings/", views.monitoring_settings, name="settings"),
    path("log-profiles/", log_profile_views.log_profile_list, name="log_profile_list"),
    path("log-profiles/build/", log_profile_views.log_profile_build, name="log_profile_build"),
    path("log-profiles/import/", log_profile_views.log_profile_import, name="log_profile_import"),
    path(
        "log-profiles/<int:pk>/edit/", log_profile_views.log_profile_edit, name="log_profile_edit"
    ),
    path(
        "log-profiles/<int:pk>/delete/",
        log_profile_views.log_profile_delete,
        name="log_profile_delete",
    ),
    path(
        "log-profiles/<int:pk>/export/",
        log_profile_views.log_profile_export,
        name="log_profile_export",
    ),
]
