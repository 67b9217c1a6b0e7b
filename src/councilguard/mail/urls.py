from django.urls import path

from councilguard.mail import views

app_name = "mail"
urlpatterns = [
    path("coverage/", views.coverage_page, name="coverage"),
    path("coverage.csv", views.coverage_export, name="coverage_export"),
    path("setup/", views.setup, name="setup"),
    path("setup/contacts/add/", views.contact_add, name="contact_add"),
    path("setup/contacts/<int:pk>/remove/", views.contact_remove, name="contact_remove"),
    path("setup/personal/add/", views.personal_add, name="personal_add"),
    path("setup/personal/<int:pk>/remove/", views.personal_remove, name="personal_remove"),
    path("setup/analyse/", views.analyse, name="analyse"),
    path("mine/", views.mine, name="mine"),
    path("mine/add/", views.mine_add, name="mine_add"),
    path("mine/remove/", views.mine_remove, name="mine_remove"),
]
