"""The reminder engine's hourly job, declared on RemindersConfig.schedules."""

from django_tasks import task


@task()
def send_reminders() -> int:
    """C27: every clock's reminders (acknowledgements included): urgent ones within the hour,
    the rest in each person's daily digest; return how many mails went."""
    from councilguard.reminders.services import send_all_reminders

    return send_all_reminders()
