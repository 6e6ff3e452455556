"""The accounts of a ward's cell secretaries, managed by the ward's officials (DESIGN.md "Users and
access"): create an account, deactivate and reactivate it, set a new password, hand a cell over to a new
secretary. No e-mail is assumed: a new password is generated here and shown once to the official, who
hands it to the secretary; it is never stored in clear, put in a URL or logged.

Access to the ward (``check_ward(user, Action.MANAGE, ward)``) is the view's business; these functions check
that the account belongs to the ward and may be managed by a ward official.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from cells.models import Cell, Role, RoleKind
from wards.models import Ward
from wards.text import nfc

# Short Vietnamese words without diacritics, easy to read aloud and to type on a phone; no word holds
# the letters l, o or i alone next to digits that look like them, and digits 0 and 1 are left out.
WORDS = (
    "an", "anh", "bac", "ban", "bang", "bay", "bien", "binh", "cam", "canh", "cau", "chanh",
    "chim", "cuc", "dan", "dao", "dat", "den", "dong", "duong", "em", "gao", "gio", "ha",
    "hai", "hang", "hat", "hoa", "hong", "huong", "khe", "kim", "lan", "lua", "mai", "man",
    "may", "me", "minh", "mua", "muoi", "nam", "nang", "nen", "nha", "nhan", "nui", "ong",
    "phong", "phuc", "que", "rau", "rung", "sang", "sao", "sen", "son", "song", "suong",
    "tam", "tan", "thang", "thanh", "thu", "tien", "tim", "tre", "trang", "truc", "tuan",
    "vang", "viet", "vui", "xanh", "xuan", "yen",
)  # fmt: skip
DIGITS = "23456789"


class AccountError(Exception):
    """A change to an account that is refused; the message is already translated for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NewPassword:
    """An account and its new password, to be shown once and then forgotten."""

    user: AbstractUser
    password: str


@dataclass(frozen=True)
class HandOver:
    """A cell handed over: the new secretary (with a password when the account is new) and the accounts
    whose secretary role for the cell was removed."""

    cell: Cell
    user: AbstractUser
    password: str | None
    previous: tuple[AbstractUser, ...]


def password_generate() -> str:
    """A password an elderly secretary can read and type: two words and four digits, e.g.
    ``mai-song-4827`` (about 26 bits; django-axes locks an account after five failed attempts)."""
    while True:
        words = [secrets.choice(WORDS) for _ in range(2)]
        digits = "".join(secrets.choice(DIGITS) for _ in range(4))
        password = f"{words[0]}-{words[1]}-{digits}"
        if len(password) >= 10:
            return password


def ward_accounts(ward: Ward) -> QuerySet[AbstractUser]:
    """The accounts of a ward: users with a role in the ward or one of its cells, and former
    secretaries of its cells who have no role left (a cell handed over), with their roles."""
    former = (
        Role.history.filter(kind=RoleKind.CELL_SECRETARY, cell__ward=ward)
        .values("user_id")
        .distinct()
    )
    roles = Role.objects.select_related("cell", "ward").order_by("kind", "cell__code")
    return (
        get_user_model()
        .objects.filter(
            Q(partycell_roles__ward=ward)
            | Q(partycell_roles__cell__ward=ward)
            | (Q(pk__in=former) & Q(partycell_roles__isnull=True))
        )
        .distinct()
        .order_by("-is_active", "username")
        .prefetch_related(Prefetch("partycell_roles", queryset=roles, to_attr="roles"))
    )


def account_is_managed(user: AbstractUser, ward: Ward, roles: Iterable[Role]) -> bool:
    """A ward official manages the accounts whose every role is about a cell of the ward (secretaries,
    viewers of one cell), former secretaries with no role left, never staff or superusers."""
    if user.is_superuser or user.is_staff:
        return False
    return all(role.cell_id and role.cell.ward_id == ward.pk for role in roles)


def _managed(*, user: AbstractUser, ward: Ward, by: AbstractUser) -> None:
    roles = list(Role.objects.filter(user=user).select_related("cell"))
    if user.pk == by.pk:
        raise AccountError(_("You cannot change your own account here."))
    if not account_is_managed(user, ward, roles):
        raise AccountError(
            _(
                "The account %(username)s is not only a secretary's account of this ward: "
                "ask the administrator to change it."
            )
            % {"username": user.get_username()}
        )


def _check_cell(cell: Cell, ward: Ward) -> None:
    if cell.ward_id != ward.pk:
        raise AccountError(_("This cell is not in the ward."))


def _new_user(*, username: str, full_name: str) -> tuple[AbstractUser, str]:
    model = get_user_model()
    username = username.strip()
    full_name = nfc(" ".join(full_name.split()))
    if model.objects.filter(username__iexact=username).exists():
        raise AccountError(
            _("The user name %(username)s is already taken.") % {"username": username}
        )
    password = password_generate()
    # Vietnamese names are written whole: the full name goes into first_name.
    user = model(username=username, first_name=full_name, last_name="")
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as error:
        raise AccountError(" ".join(error.messages)) from error
    user.save()
    return user, password


def _add_secretary(*, user: AbstractUser, cell: Cell, by: AbstractUser) -> Role:
    role = Role(user=user, kind=RoleKind.CELL_SECRETARY, cell=cell)
    role.full_clean()
    role._history_user = by
    role.save()
    return role


@transaction.atomic
def account_create(
    *, ward: Ward, username: str, full_name: str, cell: Cell, by: AbstractUser
) -> NewPassword:
    """A new account for the secretary of ``cell``, with a generated password (shown once)."""
    _check_cell(cell, ward)
    user, password = _new_user(username=username, full_name=full_name)
    _add_secretary(user=user, cell=cell, by=by)
    return NewPassword(user=user, password=password)


@transaction.atomic
def account_set_active(
    *, user: AbstractUser, ward: Ward, active: bool, by: AbstractUser
) -> None:
    """Deactivate or reactivate an account. A deactivated user can no longer sign in, and their open
    sessions end (Django refuses an inactive user on every request)."""
    _managed(user=user, ward=ward, by=by)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])


@transaction.atomic
def account_reset_password(
    *, user: AbstractUser, ward: Ward, by: AbstractUser
) -> NewPassword:
    """A new generated password for the account (shown once); the old one stops working."""
    _managed(user=user, ward=ward, by=by)
    password = password_generate()
    user.set_password(password)
    user.save(update_fields=["password"])
    return NewPassword(user=user, password=password)


@transaction.atomic
def cell_hand_over(
    *,
    cell: Cell,
    ward: Ward,
    by: AbstractUser,
    user: AbstractUser | None = None,
    username: str = "",
    full_name: str = "",
    deactivate_previous: bool = True,
) -> HandOver:
    """Hand ``cell`` over to a new secretary (bàn giao): the secretary roles of the cell are removed and
    ``user`` (an account of the ward) or a new account (``username``, ``full_name``) becomes its
    secretary. A previous secretary left without any role is deactivated when ``deactivate_previous``."""
    _check_cell(cell, ward)
    if (user is None) == (not username):
        raise AccountError(
            _("Choose an existing account or give a user name for a new one.")
        )
    if user is not None:
        if not user.is_active:
            raise AccountError(
                _("The account %(username)s is deactivated: reactivate it first.")
                % {"username": user.get_username()}
            )
        if user.pk != by.pk:
            _managed(user=user, ward=ward, by=by)
    old_roles = list(
        Role.objects.select_for_update()
        .filter(kind=RoleKind.CELL_SECRETARY, cell=cell)
        .select_related("user")
    )
    if user is not None and any(role.user_id == user.pk for role in old_roles):
        raise AccountError(
            _("%(username)s is already the secretary of this cell.")
            % {"username": user.get_username()}
        )
    previous = []
    for role in old_roles:
        role._history_user = by
        role.delete()
        previous.append(role.user)
    password = None
    if user is None:
        user, password = _new_user(username=username, full_name=full_name)
    _add_secretary(user=user, cell=cell, by=by)
    if deactivate_previous:
        for old in previous:
            if (
                old.pk != by.pk
                and not old.is_superuser
                and not old.is_staff
                and not Role.objects.filter(user=old).exists()
            ):
                old.is_active = False
                old.save(update_fields=["is_active"])
    return HandOver(cell=cell, user=user, password=password, previous=tuple(previous))
