"""Monitoring's stored codes in words for the audit trail (declared on the AppConfig as
``audit_value_words``): a finding's rule is named as the findings pages name it."""

from __future__ import annotations


def value_words(key: str, code: str) -> str | None:
    if key != "rule":
        return None
    from councilguard.monitoring import rules
    from councilguard.monitoring.services import hooked_rule_label

    return rules.LABELS.get(code) or hooked_rule_label(code)
