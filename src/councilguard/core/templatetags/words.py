"""The template side of core.words; a builtin, so templates use it without {% load %}."""

from __future__ import annotations

from django import template

from councilguard.core import words as w

register = template.Library()

register.filter("words", w.words)
register.filter("words_lower", w.words_lower)
register.filter("listed", w.listed)
register.filter("clause", w.clause)
register.filter("field_error", w.field_error)
