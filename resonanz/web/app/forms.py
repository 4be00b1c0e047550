"""Forms of the web app; every label and message is translatable."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from resonanz.core.contracts import TABLE_MODELS
from resonanz.web.store.models import Workspace
from resonanz.web.team.models import Role

ROLE_CHOICES = [
    (Role.OWNER.value, _("Owner")),
    (Role.MEMBER.value, _("Member")),
    (Role.VIEWER.value, _("Viewer")),
]


class SignUpForm(UserCreationForm):  # type: ignore[type-arg]
    """A new user: user name, e-mail, password twice (Django's password validators apply)."""

    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")

    class Meta:
        model = get_user_model()
        fields = ("username", "email")


class LoginForm(AuthenticationForm):
    """User name and password."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")


class WorkspaceForm(forms.Form):
    """A new workspace (a brand or an agency client)."""

    name = forms.CharField(label=_("Name"), max_length=100)

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Please enter a name."))
        if Workspace.objects.filter(name=name).exists():
            raise forms.ValidationError(_("A workspace with this name already exists."))
        return name


class InvitationForm(forms.Form):
    """Invite someone by e-mail with a role."""

    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, initial=Role.MEMBER.value)


class UploadForm(forms.Form):
    """One data file to import."""

    file = forms.FileField(label=_("File (CSV, JSONL or Parquet)"))
    table = forms.ChoiceField(
        label=_("Table"),
        required=False,
        choices=[("", _("Detect from the file name and columns"))] + [(t, t) for t in TABLE_MODELS],
    )


class ShortlistForm(forms.Form):
    """A new shortlist."""

    name = forms.CharField(label=_("Name"), max_length=100)
