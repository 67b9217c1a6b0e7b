from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from councilguard.api import schema, views
from councilguard.cctv.api import (
    CameraViewSet,
    DisclosureViewSet,
    ViewingRequestViewSet,
    ViewingViewSet,
)
from councilguard.devices.api import (
    ApprovalViewSet,
    ChargeViewSet,
    DeviceViewSet,
    LeaverViewSet,
    StatementViewSet,
)
from councilguard.dse.api import EyeTestViewSet, ScreenUserViewSet
from councilguard.incidents.api import IncidentViewSet
from councilguard.monitoring.api import BatchViewSet, FindingViewSet
from councilguard.people.api import PersonViewSet
from councilguard.phones.api import PhoneBillViewSet
from councilguard.policies.api import PolicyVersionViewSet, PolicyViewSet
from councilguard.provider.api import RoutedUploadView
from councilguard.socialmedia.api import AccountViewSet, EnquiryViewSet, PostReportViewSet
from councilguard.vault.api import PersonVaultAccessViewSet, VaultEntryViewSet

# The schema module registers the token scheme with drf-spectacular; it is imported with the
# URLs that serve the schema rather than at start-up, which every command pays for.
assert schema.CouncilTokenScheme

council_router = SimpleRouter()
council_router.register("people", PersonViewSet, basename="person")
council_router.register("vault/entries", VaultEntryViewSet, basename="vault-entry")
council_router.register("vault/people", PersonVaultAccessViewSet, basename="vault-person")
council_router.register("incidents", IncidentViewSet, basename="incident")
council_router.register("devices", DeviceViewSet, basename="device")
council_router.register("phones/bills", PhoneBillViewSet, basename="phone-bill")
# --- monitoring ---
council_router.register("monitoring/findings", FindingViewSet, basename="monitoring-finding")
council_router.register("monitoring/batches", BatchViewSet, basename="monitoring-batch")
# --- cctv ---
council_router.register("cctv/cameras", CameraViewSet, basename="cctv-camera")
council_router.register("cctv/viewings", ViewingViewSet, basename="cctv-viewing")
council_router.register(
    "cctv/viewing-requests", ViewingRequestViewSet, basename="cctv-viewing-request"
)
council_router.register("cctv/disclosures", DisclosureViewSet, basename="cctv-disclosure")
# --- socialmedia ---
council_router.register("social/accounts", AccountViewSet, basename="social-account")
council_router.register("social/enquiries", EnquiryViewSet, basename="social-enquiry")
council_router.register("social/reports", PostReportViewSet, basename="social-report")
# --- dse ---
council_router.register("dse/users", ScreenUserViewSet, basename="dse-user")
council_router.register("dse/eye-tests", EyeTestViewSet, basename="dse-eye-test")
# --- policies, approvals, charges, leavers (issue 21) ---
# Versions before policies: "policies/versions/" is not a policy's id.
council_router.register("policies/versions", PolicyVersionViewSet, basename="policy-version")
council_router.register("policies", PolicyViewSet, basename="policy")
council_router.register("approvals", ApprovalViewSet, basename="approval")
council_router.register("charges/statements", StatementViewSet, basename="statement")
council_router.register("charges", ChargeViewSet, basename="charge")
council_router.register("leavers", LeaverViewSet, basename="leaver")

# /api/...
urlpatterns = [
    path("councils/", views.CouncilList.as_view(), name="council_list"),
    # C29: logs for many councils in one call, each file to the council that claims it.
    path("routed-uploads/", RoutedUploadView.as_view(), name="routed-upload"),
    path("councils/<slug:council>/", include(council_router.urls)),
]
# /c/<council>/api-tokens/...
token_urlpatterns = [
    path("", views.token_list, name="token_list"),
    path("<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "provider/<int:pk>/revoke/",
        views.provider_token_withdraw,
        name="provider_token_withdraw",
    ),
]
docs_urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
]
