from django.urls import path

from councilguard.provider import views

app_name = "provider"
# /provider/...: the IT provider's own pages, across the councils it serves.
urlpatterns = [
    path("", views.home, name="home"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
