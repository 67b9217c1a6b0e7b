from django import template

from councilguard.monitoring import rules

register = template.Library()


@register.filter
def rule_label(kind: str) -> str:
    """A rule kind in words ("web.prohibited" -> "Prohibited content")."""
    return rules.LABELS.get(kind) or kind.replace("_", " ").replace(".", ": ")
