from django.urls import path

from councilguard.provider import route_views

app_name = "routes"
# /c/<council>/routes/...: which uploads are this council's when they name no council.
urlpatterns = [
    path("", route_views.route_list, name="route_list"),
    path("<int:pk>/remove/", route_views.route_remove, name="route_remove"),
]
