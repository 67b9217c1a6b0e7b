from django.apps import AppConfig


class DevicesConfig(AppConfig):
    name = "councilguard.devices"
    label = "devices"
    verbose_name = "Devices"

    # --- rights: personal data held about a person (core.personal_data, DESIGN 17) ---
    personal_data = "councilguard.devices.personal_data.provide"
    # --- end rights ---

    def ready(self) -> None:
        from councilguard.devices.leavers import start_leaving_hook
        from councilguard.people.services import LEAVE_DATE_HOOKS

        if start_leaving_hook not in LEAVE_DATE_HOOKS:
            LEAVE_DATE_HOOKS.append(start_leaving_hook)
