from django import forms


class ReminderSettingsForm(forms.Form):
    urgent_at_once = forms.BooleanField(
        label="Send urgent reminders at once",
        required=False,
        help_text="Overdue clocks and those about to run out (a breach decision, a police "
        "number) are e-mailed within the hour instead of in the next day's summary.",
    )
    digest_hour = forms.TypedChoiceField(
        label="Time of the daily summary",
        coerce=int,
        choices=[(h, f"{h:02d}:00") for h in range(24)],
        help_text="UK time. Each person gets at most one summary a day.",
    )
