"""What every page's shell needs: the user's councils (for the switcher) and the navigation."""

from __future__ import annotations

from django.urls import reverse

from councilguard.core.roles import Action

# (label, url name, action needed); the first whose URL prefixes the path is marked active.
NAVIGATION = (
    ("Dashboard", "core:home", Action.VIEW_DASHBOARD),
    ("My page", "policies:my_page", Action.VIEW_OWN_PAGE),
    ("People", "people:person_list", Action.VIEW_PEOPLE),
    # --- policies ---
    ("Policies", "policies:policy_list", Action.VIEW_POLICIES),
    ("Rules", "policies:rule_list", Action.VIEW_RULES),
    # --- vault ---
    ("Vault", "vault:entry_list", Action.VIEW_VAULT),
    # --- devices ---
    ("My devices", "devices:mine", Action.OWN_DEVICES),
    ("Devices", "devices:device_list", Action.VIEW_DEVICES),
    ("Approvals", "devices:approval_list", Action.VIEW_APPROVALS),
    ("Charges", "devices:charge_list", Action.VIEW_CHARGES),
    ("Leavers", "devices:leaver_list", Action.VIEW_LEAVERS),
    # --- phones ---
    ("My phone use", "phones:mine", Action.OWN_PHONE_USE),
    ("Phone bills", "phones:report", Action.VIEW_PHONE_FINDINGS),
    ("Phone setup", "phones:setup", Action.MANAGE_PHONES),
    # --- incidents ---
    ("Incidents", "incidents:incident_list", Action.VIEW_INCIDENTS),
    # --- monitoring ---
    ("My monitoring", "monitoring:mine", Action.OWN_FINDINGS),
    ("Findings", "monitoring:finding_list", Action.REVIEW_FINDINGS),
    ("Monitoring", "monitoring:source_list", Action.VIEW_MONITORING),
    # --- e-mail and sign-ins ---
    ("MFA coverage", "mail:coverage", Action.VIEW_MFA_COVERAGE),
    ("E-mail setup", "mail:setup", Action.MANAGE_MONITORING),
    # --- reports ---
    ("Reports", "reports:index", Action.VIEW_MONITORING_REPORT),
    ("Reminders", "reminders:settings", Action.MANAGE_REMINDERS),
    # --- rights ---
    ("My data", "rights:mine", Action.OWN_RIGHTS_REQUESTS),
    ("Data requests", "rights:request_list", Action.VIEW_RIGHTS_REQUESTS),
    ("Access", "accounts:access_list", Action.MANAGE_ACCESS),
    ("API tokens", "tokens:token_list", Action.MANAGE_TOKENS),
    ("Audit trail", "audit:entry_list", Action.VIEW_AUDIT),
)


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"user_councils": list(user.memberships.select_related("council"))}
    membership = getattr(request, "membership", None)
    if membership is not None:
        items = []
        for label, name, action in NAVIGATION:
            if membership.can(action):
                url = reverse(name, kwargs={"council": membership.council.slug})
                items.append({"label": label, "url": url, "active": False})
        active = max(
            (i for i in items if request.path.startswith(i["url"])),
            key=lambda i: len(i["url"]),
            default=None,
        )
        if active:
            active["active"] = True
        context.update(council=membership.council, membership=membership, nav_items=items)
    return context
