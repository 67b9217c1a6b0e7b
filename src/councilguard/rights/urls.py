from django.urls import path

from councilguard.rights import views

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
]
