"""One filter for the device list, its CSV export and the API (the NetBox way)."""

from __future__ import annotations

import django_filters
from django.db.models import Q

from councilguard.devices.models import Device, DeviceKind, DeviceStatus


class DeviceFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Make, model, serial, host name, IMEI or number", method="filter_q"
    )
    kind = django_filters.ChoiceFilter(label="Kind", choices=DeviceKind.choices, empty_label="Any")
    status = django_filters.ChoiceFilter(
        label="Status", choices=DeviceStatus.choices, empty_label="Any"
    )

    class Meta:
        model = Device
        fields = ["q", "kind", "status"]

    def filter_q(self, devices, name, value):
        if not value:
            return devices
        return devices.filter(
            Q(make__icontains=value)
            | Q(model__icontains=value)
            | Q(serial__icontains=value)
            | Q(host_name__icontains=value)
            | Q(imei__icontains=value)
            | Q(phone_number__icontains=value)
            | Q(
                assignments__returned_at__isnull=True,
                assignments__person__full_name__icontains=value,
            )
        ).distinct()
