from django.urls import path

from councilguard.privacy import views

app_name = "privacy"
urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("mine/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<int:pk>/", views.decide, name="decide"),
    path("always/", views.always_list, name="always_list"),
    path("always/standard/", views.always_standard, name="always_standard"),
    path("always/<int:pk>/remove/", views.always_remove, name="always_remove"),
]
