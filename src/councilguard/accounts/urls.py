from django.urls import path

from councilguard.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.access_list, name="access_list"),
    path("<int:pk>/role/", views.access_change, name="access_change"),
    path("<int:pk>/chair/", views.access_chair, name="access_chair"),
    path("<int:pk>/remove/", views.access_remove, name="access_remove"),
]
