from django.urls import path

from councilguard.people import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("export.csv", views.person_export, name="person_export"),
    path("add/", views.person_create, name="person_create"),
    path("import/", views.person_import, name="person_import"),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
]
