from django.urls import include, path

from councilguard.api import urls as api_urls

# Every council page lives under /c/<council>/ and goes through core.tenancy.council_view.
council_patterns = [
    path("people/", include("councilguard.people.urls")),
    path("access/", include("councilguard.accounts.urls")),
    path("audit/", include("councilguard.audit.urls")),
    path("api-tokens/", include((api_urls.token_urlpatterns, "tokens"))),
    path("policies/", include("councilguard.policies.urls")),
    path("vault/", include("councilguard.vault.urls")),
    path("incidents/", include("councilguard.incidents.urls")),
    path("devices/", include("councilguard.devices.urls")),
    path("phones/", include("councilguard.phones.urls")),
    path("screens/", include("councilguard.dse.urls")),
    path("mail/", include("councilguard.mail.urls")),
    path("monitoring/", include("councilguard.monitoring.urls")),
    path("reminders/", include("councilguard.reminders.urls")),
    path("reports/", include("councilguard.reports.urls")),
    path("rights/", include("councilguard.rights.urls")),
    path("privacy/", include("councilguard.privacy.urls")),
    path("routes/", include("councilguard.provider.route_urls")),
    path("cctv/", include("councilguard.cctv.urls")),
    path("social-media/", include("councilguard.socialmedia.urls")),
    path("cases/", include("councilguard.cases.urls")),
    path("retention/", include("councilguard.retention.urls")),
]

urlpatterns = [
    path("", include("councilguard.core.urls")),
    path("", include("councilguard.operations.urls")),
    path("c/<slug:council>/", include(council_patterns)),
    path("provider/", include("councilguard.provider.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", include((api_urls.urlpatterns, "api"))),
    path("api/", include(api_urls.docs_urlpatterns)),
]
