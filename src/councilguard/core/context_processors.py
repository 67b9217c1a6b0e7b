"""What every page's shell needs: the user's councils (for the switcher) and the navigation."""

from __future__ import annotations

from django.urls import reverse

from councilguard.core.roles import Action, serves_many_councils

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
    # --- dse ---
    ("My screen work", "dse:mine", Action.OWN_DSE),
    ("Screen users", "dse:register", Action.VIEW_DSE),
    # --- incidents ---
    ("Incidents", "incidents:incident_list", Action.VIEW_INCIDENTS),
    # --- monitoring ---
    ("My monitoring", "monitoring:mine", Action.OWN_FINDINGS),
    ("Findings", "monitoring:finding_list", Action.REVIEW_FINDINGS),
    ("Monitoring", "monitoring:source_list", Action.VIEW_MONITORING),
    ("Upload routes", "routes:route_list", Action.MANAGE_ROUTES),
    # --- e-mail and sign-ins ---
    ("MFA coverage", "mail:coverage", Action.VIEW_MFA_COVERAGE),
    ("E-mail setup", "mail:setup", Action.MANAGE_MONITORING),
    ("My personal addresses", "mail:mine", Action.OWN_PERSONAL_ADDRESSES),
    # --- reports ---
    ("Reports", "reports:index", Action.VIEW_MONITORING_REPORT),
    ("Reminders", "reminders:settings", Action.MANAGE_REMINDERS),
    # --- rights ---
    ("My data", "rights:mine", Action.OWN_RIGHTS_REQUESTS),
    ("Data requests", "rights:request_list", Action.VIEW_RIGHTS_REQUESTS),
    # --- privacy ---
    ("Private calls", "privacy:mine", Action.ASK_PROTECTION),
    ("Private call requests", "privacy:request_list", Action.VIEW_PROTECTION_REQUESTS),
    ("Always protected", "privacy:always_list", Action.MANAGE_ALWAYS_PROTECTED),
    # --- cctv ---
    ("CCTV", "cctv:camera_list", Action.VIEW_CCTV),
    # --- socialmedia ---
    ("Social media", "socialmedia:index", Action.VIEW_SOCIAL_MEDIA),
    ("My group chats", "socialmedia:my_groups", Action.OWN_GROUP_CHATS),
    # --- cases ---
    ("My cases", "cases:mine", Action.OWN_CASES),
    ("Cases", "cases:case_list", Action.MANAGE_CASES),
    # --- retention ---
    ("Retention", "retention:schedule", Action.MANAGE_RETENTION),
    ("Access", "accounts:access_list", Action.MANAGE_ACCESS),
    ("API tokens", "tokens:token_list", Action.MANAGE_TOKENS),
    ("Audit trail", "audit:entry_list", Action.VIEW_AUDIT),
)


# What people do, as the top row of the menu (at most seven entries for any role): each group
# links to its first page the role may open, and its pages make a second row while one of them
# is open. A group with one page for a role shows that page's own name. A page is placed by its
# URL name, else by its app's namespace; an app added later lands in "Other" until placed here.
GROUPS = (
    ("Dashboard", ("core:home",)),
    (
        "My things",
        (
            "policies:my_page",
            "devices:mine",
            "phones:mine",
            "mail:mine",
            "monitoring:mine",
            "rights:mine",
            "privacy:mine",
            "dse:mine",
            "socialmedia:my_groups",
            "cases:mine",
        ),
    ),
    ("People and policies", ("people:", "policies:", "rights:", "privacy:", "dse:")),
    ("Devices", ("devices:", "cctv:")),
    (
        "Monitoring",
        ("monitoring:", "routes:", "phones:", "reports:", "socialmedia:", "mail:", "retention:"),
    ),
    ("Security", ("vault:", "incidents:", "audit:", "cases:")),
    ("Administration", ("accounts:", "tokens:", "reminders:")),
)
OTHER = "Other"


def _group_of(url_name: str) -> str:
    for label, names in GROUPS:
        if url_name in names:
            return label
    namespace = url_name.split(":")[0] + ":"
    for label, names in GROUPS:
        if namespace in names:
            return label
    return OTHER


def grouped(items: list[dict]) -> tuple[list[dict], list[dict]]:
    """The menu's top row (one entry per group, in GROUPS order) and the open group's pages
    for the second row (empty when the group has one page, or none is open)."""
    order = [label for label, _ in GROUPS] + [OTHER]
    groups: dict[str, list[dict]] = {}
    for item in items:
        groups.setdefault(_group_of(item["name"]), []).append(item)
    top, section = [], []
    for label in order:
        pages = groups.get(label)
        if not pages:
            continue
        active = any(page["active"] for page in pages)
        name = pages[0]["label"] if len(pages) == 1 else label
        top.append({"label": name, "url": pages[0]["url"], "active": active})
        if active and len(pages) > 1:
            section = pages
    return top, section


def shell(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    councils = list(user.memberships.select_related("council"))
    context = {
        "user_councils": councils,
        # C29: the IT provider's page across all the councils it serves.
        "serves_many_councils": any(serves_many_councils(m.role) for m in councils),
    }
    membership = getattr(request, "membership", None)
    if membership is not None:
        items = []
        for label, name, action in NAVIGATION:
            if membership.can(action):
                url = reverse(name, kwargs={"council": membership.council.slug})
                items.append({"label": label, "url": url, "active": False, "name": name})
        active = max(
            (i for i in items if request.path.startswith(i["url"])),
            key=lambda i: len(i["url"]),
            default=None,
        )
        if active:
            active["active"] = True
        top, section = grouped(items)
        context.update(
            council=membership.council,
            membership=membership,
            nav_items=top,
            nav_section=section,
        )
    return context
