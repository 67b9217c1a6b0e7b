from django.urls import path

from councilguard.policies import views

app_name = "policies"
urlpatterns = [
    path("", views.policy_list, name="policy_list"),
    path("add/", views.policy_create, name="policy_create"),
    path("import/", views.policy_import, name="policy_import"),
    path("<int:pk>/", views.policy_detail, name="policy_detail"),
    path("<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("<int:pk>/review/", views.review_create, name="review_create"),
    path("<int:pk>/new-version/", views.version_new, name="version_new"),
    path("versions/<int:pk>/", views.version_detail, name="version_detail"),
    path("versions/<int:pk>/clauses/", views.version_clauses, name="version_clauses"),
    path("versions/<int:pk>/settings/", views.version_settings, name="version_settings"),
    path("versions/<int:pk>/approve/", views.version_approve, name="version_approve"),
    path("versions/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("versions/<int:pk>/discard/", views.version_discard, name="version_discard"),
    path("versions/<int:pk>/acknowledgements/", views.acknowledgements, name="acknowledgements"),
    path("versions/<int:pk>/acknowledge/", views.my_acknowledge, name="my_acknowledge"),
    path(
        "versions/<int:pk>/accept-remote-rules/",
        views.my_accept_remote_rules,
        name="my_accept_remote_rules",
    ),
    path("clauses/<int:pk>/", views.clause_detail, name="clause_detail"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/add/", views.rule_edit, name="rule_create"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
    path("me/", views.my_page, name="my_page"),
    path("remote-workers/", views.remote_workers, name="remote_workers"),
    path("remote-workers/add/", views.remote_worker_add, name="remote_worker_add"),
    path("remote-workers/<int:pk>/end/", views.remote_worker_end, name="remote_worker_end"),
]
