from django import forms

from councilguard.core.roles import Role


class GrantRoleForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter the e-mail address of the person to give access",
            "invalid": "Enter an e-mail address in the right format, like name@council.example",
        },
    )
    full_name = forms.CharField(
        label="Full name",
        required=False,
        max_length=200,
        help_text="Used when the address has no account yet.",
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices)


class ChangeRoleForm(forms.Form):
    role = forms.ChoiceField(label="Role", choices=Role.choices)
