"""Forms of the accounts pages: a new secretary's account and the hand-over of a cell."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cells.models import Cell


class CellChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cell) -> str:
        return f"{obj.code} – {obj.name}"


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        name = obj.first_name or obj.get_full_name()
        return f"{obj.username} – {name}" if name else obj.username


def _username_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("User name"),
        max_length=150,
        required=required,
        validators=[UnicodeUsernameValidator()],
        help_text=_(
            "What the secretary types to sign in: short, without spaces or accents, "
            "for example bithu.to5."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "autocomplete": "off"}),
    )


def _full_name_field(required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=_("Full name"),
        max_length=150,
        required=required,
        help_text=_("As it is written, for example Nguyễn Thị Lan."),
    )


class AccountCreateForm(forms.Form):
    cell = CellChoiceField(
        label=_("Cell"),
        queryset=Cell.objects.none(),
        help_text=_("The new account becomes the secretary's account of this cell."),
    )
    full_name = _full_name_field()
    username = _username_field()

    def __init__(self, *args, cells: QuerySet[Cell], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This user name is already taken."))
        return username


class HandOverForm(forms.Form):
    cell = CellChoiceField(label=_("Cell"), queryset=Cell.objects.none())
    existing = AccountChoiceField(
        label=_("An existing account"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Leave empty to create a new account below."),
    )
    full_name = _full_name_field(required=False)
    username = _username_field(required=False)
    deactivate_previous = forms.BooleanField(
        label=_("Deactivate the previous secretary's account"),
        required=False,
        initial=True,
        help_text=_("Only when the account has no other role left."),
    )

    def __init__(self, *args, cells: QuerySet[Cell], accounts: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cell"].queryset = cells
        self.fields["existing"].queryset = accounts

    def clean(self) -> dict:
        data = super().clean()
        existing, username = data.get("existing"), data.get("username")
        if existing and (username or data.get("full_name")):
            raise forms.ValidationError(
                _("Choose an existing account or fill in a new one, not both.")
            )
        if not existing and "username" in data:
            if not username:
                self.add_error("username", _("Give a user name for the new account."))
            elif get_user_model().objects.filter(username__iexact=username).exists():
                self.add_error("username", _("This user name is already taken."))
            if not data.get("full_name"):
                self.add_error(
                    "full_name", _("Give the full name of the new secretary.")
                )
        return data
