from django.urls import path

from councilguard.rights import bundles, views

app_name = "rights"
urlpatterns = [
    path("", views.request_list, name="request_list"),
    path("new/", views.request_create, name="request_create"),
    path("settings/", views.rights_settings, name="settings"),
    path("mine/", views.mine, name="mine"),
    path("<int:pk>/", views.request_detail, name="request_detail"),
    path("<int:pk>/identity/", views.request_identity, name="request_identity"),
    path("<int:pk>/pause/", views.request_pause, name="request_pause"),
    path("<int:pk>/resume/", views.request_resume, name="request_resume"),
    path("<int:pk>/extend/", views.request_extend, name="request_extend"),
    path("<int:pk>/close/", views.request_close, name="request_close"),
    path("<int:pk>/erasure/", views.request_erasure, name="request_erasure"),
    path("<int:pk>/rectify/", views.request_rectify, name="request_rectify"),
    path("<int:pk>/bundle/prepare/", bundles.bundle_prepare, name="bundle_prepare"),
    path("<int:pk>/bundle/", bundles.bundle_review, name="bundle_review"),
    path("<int:pk>/bundle/draft/", bundles.bundle_draft, name="bundle_draft"),
    path("<int:pk>/bundle/withhold/", bundles.bundle_withhold, name="bundle_withhold"),
    path("<int:pk>/bundle/restore/<int:item>/", bundles.bundle_restore, name="bundle_restore"),
    path("<int:pk>/bundle/show/", bundles.bundle_show_person, name="bundle_show_person"),
    path("<int:pk>/bundle/release/", bundles.bundle_release, name="bundle_release"),
    path("<int:pk>/download/<str:token>/", bundles.download, name="download"),
]
