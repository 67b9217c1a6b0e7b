from django.urls import path

from councilguard.vault import views

app_name = "vault"
urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("add/", views.entry_create, name="entry_create"),
    path("generate/", views.generate_password, name="generate"),
    path("leavers/", views.leaver_list, name="leaver_list"),
    path("people/<int:pk>/", views.person_access, name="person_access"),
    path("people/<int:pk>/restore/", views.person_restore, name="person_restore"),
    path("<int:pk>/", views.entry_detail, name="entry_detail"),
    path("<int:pk>/edit/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/reveal/", views.entry_reveal, name="entry_reveal"),
    path("<int:pk>/rotate/", views.entry_rotate, name="entry_rotate"),
    path("<int:pk>/change-now/", views.entry_change_now, name="entry_change_now"),
    path("<int:pk>/retire/", views.entry_retire, name="entry_retire"),
]
