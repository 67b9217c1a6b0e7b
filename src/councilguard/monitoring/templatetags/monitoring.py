from django import template

from councilguard.monitoring import rules

register = template.Library()


@register.filter
def rule_label(kind: str) -> str:
    """A rule kind in words ("web.prohibited" -> "Prohibited content")."""
    from councilguard.monitoring.services import hooked_rule_label

    return (
        rules.LABELS.get(kind)
        or hooked_rule_label(kind)
        or kind.replace("_", " ").replace(".", ": ")
    )
