from django.urls import path

from councilguard.retention import views

app_name = "retention"
urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("periods/<str:kind>/", views.period_edit, name="period_edit"),
]
