"""Where an upload goes when it does not name its council (C29, C30): each monitoring source
may claim files by their name or by the proxy host they come from."""

from __future__ import annotations

from fnmatch import fnmatchcase

from django.db import models

from councilguard.core.models import CouncilOwned


class RouteKind(models.TextChoices):
    FILE_NAME = "file_name", "File name"
    HOST = "host", "Proxy host name"


class SourceRoute(CouncilOwned):
    """One claim of a source: files whose name (or whose proxy's host name) matches
    ``pattern`` are this council's. ``*`` and ``?`` stand for any characters; letters match
    whatever their case."""

    source = models.ForeignKey(
        "monitoring.MonitoringSource", on_delete=models.PROTECT, related_name="routes"
    )
    kind = models.CharField(max_length=10, choices=RouteKind.choices)
    pattern = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["source__kind", "kind", "pattern"]
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "pattern"], name="route_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pattern}"

    def claims(self, file_name: str, hosts: list[str]) -> bool:
        pattern = self.pattern.lower()
        if self.kind == RouteKind.FILE_NAME:
            return fnmatchcase(file_name.lower(), pattern)
        return any(fnmatchcase(host.lower(), pattern) for host in hosts)
