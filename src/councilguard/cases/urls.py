from django.urls import path

from councilguard.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_create, name="case_create"),
    path("settings/", views.case_settings, name="settings"),
    path("holds/", views.hold_list, name="hold_list"),
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/", views.my_case, name="my_case"),
    path("mine/<int:pk>/evidence/<int:item>/", views.my_evidence, name="my_evidence"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/review/", views.case_review, name="case_review"),
    path("<int:pk>/appoint/", views.case_appoint, name="case_appoint"),
    path("<int:pk>/findings/", views.case_findings, name="case_findings"),
    path("<int:pk>/outcome/", views.case_outcome, name="case_outcome"),
    path("<int:pk>/close/", views.case_close, name="case_close"),
    path("<int:pk>/tell/", views.case_tell, name="case_tell"),
    path("<int:pk>/evidence/finding/", views.evidence_link, name="evidence_link"),
    path("<int:pk>/evidence/extract/", views.evidence_extract, name="evidence_extract"),
    path("<int:pk>/evidence/document/", views.evidence_document, name="evidence_document"),
    path("<int:pk>/evidence/interview/", views.evidence_interview, name="evidence_interview"),
    path("<int:pk>/export/", views.case_export, name="case_export"),
    path("<int:pk>/export/<int:export>/", views.export_download, name="export_download"),
    path("<int:pk>/evidence/<int:item>/", views.evidence_detail, name="evidence_detail"),
]
