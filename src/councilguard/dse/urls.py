from django.urls import path

from councilguard.dse import views

app_name = "dse"
urlpatterns = [
    path("", views.register, name="register"),
    path("register.csv", views.register_export, name="register_export"),
    path("add/", views.user_add, name="user_add"),
    path("settings/", views.dse_settings, name="settings"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/end/", views.user_end, name="user_end"),
    path("people/<int:pk>/offer/", views.offer, name="offer"),
    path("assessments/<int:pk>/review/", views.assessment_review, name="assessment_review"),
    path("tests/<int:pk>/contribution/", views.contribution, name="contribution"),
    # A person's own screen work: only their own tests and assessments are ever offered.
    path("mine/", views.mine, name="mine"),
    path("mine/answer/", views.mine_answer, name="mine_answer"),
    path("mine/request/", views.mine_request, name="mine_request"),
    path("mine/test/", views.mine_test, name="mine_test"),
    path("mine/assessment/", views.mine_assessment, name="mine_assessment"),
]
