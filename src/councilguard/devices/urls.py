from django.urls import path

from councilguard.devices import views

app_name = "devices"
urlpatterns = [
    path("", views.device_list, name="device_list"),
    path("export.csv", views.device_export, name="device_export"),
    path("add/", views.device_create, name="device_create"),
    path("import/", views.device_import, name="device_import"),
    path("posture/import/", views.posture_import, name="posture_import"),
    path("settings/", views.device_settings, name="settings"),
    path("<int:pk>/", views.device_detail, name="device_detail"),
    path("<int:pk>/edit/", views.device_edit, name="device_edit"),
    path("<int:pk>/issue/", views.device_issue, name="device_issue"),
    path("<int:pk>/return/", views.device_return, name="device_return"),
    path("own/", views.own_device_list, name="own_device_list"),
    path("losses/", views.loss_list, name="loss_list"),
    path("losses/<int:pk>/", views.loss_detail, name="loss_detail"),
    path("losses/<int:pk>/decide/", views.loss_decide, name="loss_decide"),
    # A person's own pages: no other person's object is ever in the URL; each form offers
    # only the person's own devices, losses and tasks.
    path("mine/", views.mine, name="mine"),
    path("mine/accept-terms/", views.accept_terms, name="accept_terms"),
    path("mine/own/add/", views.own_device_create, name="own_device_create"),
    path("mine/own/attest/", views.own_device_attest, name="own_device_attest"),
    path("mine/tasks/done/", views.task_done, name="task_done"),
    path("report-loss/", views.loss_report, name="loss_report"),
    path("report-loss/police-number/", views.loss_police, name="loss_police"),
]
