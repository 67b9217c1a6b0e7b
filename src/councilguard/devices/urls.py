from django.urls import path

from councilguard.devices.views import approvals, charges, leavers, software
from councilguard.devices.views import register as views

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
    path("mine/own/numbers/", views.own_device_numbers, name="own_device_numbers"),
    path("mine/own/duties/", views.own_device_duties, name="own_device_duties"),
    path("mine/tasks/done/", views.task_done, name="task_done"),
    path("report-loss/", views.loss_report, name="loss_report"),
    path("report-loss/police-number/", views.loss_police, name="loss_police"),
    # --- approvals (C9) ---
    path("approvals/", approvals.approval_list, name="approval_list"),
    path("approvals/new/", approvals.approval_start, name="approval_start"),
    path("approvals/new/<str:kind>/", approvals.approval_create, name="approval_create"),
    path("approvals/<int:pk>/", approvals.approval_detail, name="approval_detail"),
    path("approvals/<int:pk>/decide/", approvals.approval_decide, name="approval_decide"),
    path("approvals/<int:pk>/virus-check/", approvals.approval_virus_check, name="approval_virus"),
    path("approvals/<int:pk>/consent/", approvals.approval_consent, name="approval_consent"),
    path("approvals/cctv-aims/", approvals.cctv_aims, name="cctv_aims"),
    path("mine/approvals/", approvals.my_approvals, name="my_approvals"),
    path("mine/approvals/withdraw/", approvals.approval_withdraw, name="approval_withdraw"),
    path("mine/approvals/consent/", approvals.my_consent, name="my_consent"),
    # --- software (C9 catalogue, C10 scans) ---
    path("software/", software.catalogue, name="catalogue"),
    path("software/add/", software.catalogue_add, name="catalogue_add"),
    path("software/scans/", software.scan_list, name="scan_list"),
    path("software/scans/import/", software.scan_import, name="scan_import"),
    path("software/scans/<int:pk>/", software.scan_detail, name="scan_detail"),
    # --- charges (C8) ---
    path("charges/", charges.charge_list, name="charge_list"),
    path("charges/add/", charges.charge_add, name="charge_add"),
    path("charges/<int:pk>/change/", charges.charge_change, name="charge_change"),
    path("charges/person/<int:pk>/", charges.statement, name="statement"),
    path("charges/person/<int:pk>/export.csv", charges.statement_export, name="statement_export"),
    path("mine/charges/", charges.my_statement, name="my_statement"),
    # --- leavers (C24) ---
    path("leavers/", leavers.leaver_list, name="leaver_list"),
    path("leavers/start/", leavers.leaver_start, name="leaver_start"),
    path("leavers/<int:pk>/", leavers.leaver_detail, name="leaver_detail"),
    path("leavers/<int:pk>/tick/", leavers.leaver_tick, name="leaver_tick"),
    path("leavers/<int:pk>/disable-account/", leavers.leaver_disable, name="leaver_disable"),
    path("leavers/<int:pk>/revoke-vault/", leavers.leaver_revoke, name="leaver_revoke"),
    path("leavers/<int:pk>/restore/", leavers.leaver_restore, name="leaver_restore"),
    path("mine/own/deleted/", leavers.own_data_deleted, name="own_data_deleted"),
]
