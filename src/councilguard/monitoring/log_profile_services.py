"""Change a council's web and DNS log profiles (logprofiles.py, docs/web-profiles.md): save
(add or replace), delete, export; and take a file through one. Pages, the command line and the
demo all come through here; each change writes its audit entry in the same transaction."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from councilguard.audit import services as audit
from councilguard.audit.actors import Actor
from councilguard.audit.events import Event
from councilguard.core.models import Council
from councilguard.monitoring.logprofiles import (
    BUILT_IN,
    SOURCE_NAMES,
    LogProfile,
    ProfileError,
    from_json,
    validate,
)
from councilguard.monitoring.models import VendorLogProfile
from councilguard.monitoring.services import MonitoringError


def profile_names(council: Council, log: str | None = None) -> list[str]:
    """The built-in profiles and the council's own, by name (of one log, web or DNS, if
    given)."""
    stored = VendorLogProfile.objects.in_council(council)
    if log:
        stored = stored.filter(log=log)
    built = [name for name, p in BUILT_IN.items() if log is None or p.log == log]
    return sorted(set(built) | set(stored.values_list("name", flat=True)))


def profile_logs(council: Council) -> dict[str, str]:
    """Every profile the council may read a file through: name -> "web" or "dns"."""
    logs = {name: p.log for name, p in BUILT_IN.items()}
    logs.update(VendorLogProfile.objects.in_council(council).values_list("name", "log"))
    return dict(sorted(logs.items()))


def profile_for(council: Council, name: str) -> LogProfile:
    """The council's profile of that name, or the built-in one."""
    row = VendorLogProfile.objects.in_council(council).filter(name=name).first()
    if row is not None:
        return from_json(row.definition)
    if name in BUILT_IN:
        return from_json(BUILT_IN[name].to_json())
    raise MonitoringError(
        f"no log profile called {name!r} (there are: {', '.join(profile_names(council))})"
    )


@transaction.atomic
def save_profile(council: Council, profile: LogProfile, *, actor: Actor) -> VendorLogProfile:
    """Add a profile or replace the council's one of the same name."""
    try:
        profile = validate(profile)
    except ProfileError as error:
        raise MonitoringError(str(error)) from None
    if profile.name in BUILT_IN:
        raise MonitoringError(f"{profile.name} is a built-in profile; choose another name")
    definition = profile.to_json()
    row = (
        VendorLogProfile.objects.select_for_update()
        .filter(council=council, name=profile.name)
        .first()
    )
    if row is None:
        row = VendorLogProfile.objects.create(
            council=council, name=profile.name, log=profile.log, definition=definition
        )
        changes = {"created": profile.name}
    elif row.definition == definition:
        return row
    else:
        changes = {
            key: [row.definition.get(key), value]
            for key, value in definition.items()
            if row.definition.get(key) != value
        }
        row.definition = definition
        row.log = profile.log
        row.save(update_fields=["definition", "log", "updated_at"])
    audit.record(council, Event.LOG_PROFILE_SAVED, actor=actor, target=row, changes=changes)
    return row


@transaction.atomic
def rename_or_save(
    council: Council, row: VendorLogProfile, profile: LogProfile, *, actor: Actor
) -> VendorLogProfile:
    """An edit of a stored profile; a new name replaces the old one (the old is deleted)."""
    if profile.name != row.name:
        if VendorLogProfile.objects.in_council(council).filter(name=profile.name).exists():
            raise MonitoringError(f"there is already a profile called {profile.name}")
        saved = save_profile(council, profile, actor=actor)
        delete_profile(row, actor=actor)
        return saved
    return save_profile(council, profile, actor=actor)


@transaction.atomic
def delete_profile(row: VendorLogProfile, *, actor: Actor) -> None:
    audit.record(
        row.council, Event.LOG_PROFILE_DELETED, actor=actor, target=row, changes={"name": row.name}
    )
    row.delete()


@transaction.atomic
def export_profile(row: VendorLogProfile, *, actor: Actor) -> str:
    """The profile's JSON file (docs/web-profiles.md), the export audited."""
    audit.record(row.council, Event.LOG_PROFILE_EXPORTED, actor=actor, target=row)
    return from_json(row.definition).dumps()


def ingest_through_profile(
    council: Council, source: str, name: str, path: Path, *, actor: Actor, file_name=None,
    progress=None,
):  # fmt: skip
    """``councilguard ingest --source web-log|dns-log --profile NAME FILE``: the file read
    through the profile, through the same ingest as every log (ingest.ingest_file)."""
    from councilguard.monitoring.ingest import IngestError, ingest_file

    if source not in SOURCE_NAMES:
        raise IngestError(f"--profile reads a web-log or dns-log, not {source}")
    try:
        profile = profile_for(council, name)
    except MonitoringError as error:
        raise IngestError(str(error)) from None
    return ingest_file(
        council, profile.source_kind, source, path, actor=actor, file_name=file_name,
        progress=progress, profile=profile,
    )  # fmt: skip
