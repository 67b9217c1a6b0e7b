"""The e-mail and sign-in rule kinds in words, for the monitoring pages (no Ibis loaded)."""

LABELS = {
    "mail.personal_use": "Personal use of a council e-mail account",
    "mail.sent_to_personal": "Council mail sent to personal addresses",
    "mail.business_from_personal": "Council business from a personal address",
    "mail.auto_forward": "Mail forwarded automatically outside the council",
    "signin.single_factor": "Sign-ins without multi-factor authentication",
    "signin.repeated_failures": "Repeated failed sign-ins",
    "signin.unexpected_country": "Sign-ins from outside the expected countries",
    "signin.legacy_protocol": "Sign-ins through legacy protocols",
}
