"""Demo logins with fixed passwords, and their roles (cells.Role).

Idempotent: an existing user keeps its password (it is printed as the demo password all the same) and an
existing role is not added twice. Names are taken from the office the user holds in the seeded data.
"""

import datetime
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from cells.models import Cell, Office, Role
from reports.seed.names import split_name
from reports.seed.scales import DEMO
from wards.models import Ward

GENERATED_WARD = "YB001"  # seeded by every scale but demo


class Login(NamedTuple):
    username: str
    password: str
    role: str  # "superuser" or a RoleKind value
    ward: str  # ward code of the role, "" for every ward
    cell: str  # cell code of the role
    full_name: str
    created: bool


def _logins(scale: str, today: datetime.date) -> list[Login]:
    """The logins of ``scale``, before looking at the database's users."""
    logins = [Login("admin", "partycell-admin", "superuser", "", "", "", False)]
    if scale != "demo":
        return [
            *logins,
            Login("tinh", "partycell-tinh", "viewer", "", "", "", False),
            Login(
                "canbo",
                "partycell-canbo",
                "ward_official",
                GENERATED_WARD,
                "",
                "",
                False,
            ),
        ]
    secretaries = {
        o.cell.code: o.member.full_name
        for o in Office.objects.filter(
            cell__ward__code=DEMO.code, position="secretary", start__lte=today
        )
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("cell", "member")
    }
    deputy = (
        Office.objects.filter(ward__code=DEMO.code, position="deputy")
        .select_related("member")
        .first()
    )
    logins += [
        Login(
            "phuong",
            "partycell-phuong",
            "ward_official",
            DEMO.code,
            "",
            deputy.member.full_name if deputy else "",
            False,
        ),
        Login("xem", "partycell-xem", "viewer", DEMO.code, "", "", False),
    ]
    for number in range(1, 14):
        cell = f"{DEMO.prefix}-C{number:02d}"
        logins.append(
            Login(
                f"bithu{number}",
                f"partycell-bithu{number}",
                "cell_secretary",
                "",
                cell,
                secretaries.get(cell, ""),
                False,
            )
        )
    return logins


def ensure_users(scale: str, today: datetime.date) -> list[Login]:
    """Creates the missing logins and roles of ``scale``; returns every login with ``created`` set."""
    User = get_user_model()
    logins = _logins(scale, today)
    with transaction.atomic():
        existing = {
            u.username: u
            for u in User.objects.filter(username__in=[x.username for x in logins])
        }
        wards = {
            w.code: w.pk for w in Ward.objects.filter(code__in=[x.ward for x in logins])
        }
        cells = {
            c.code: c.pk for c in Cell.objects.filter(code__in=[x.cell for x in logins])
        }
        roles = set(
            Role.objects.filter(user__in=list(existing.values())).values_list(
                "user_id", "kind", "ward_id", "cell_id"
            )
        )
        result = []
        for login in logins:
            user = existing.get(login.username)
            created = user is None
            if created:
                first, last = (
                    split_name(login.full_name) if login.full_name else ("", "")
                )
                user = User(username=login.username, first_name=first, last_name=last)
                user.is_staff = user.is_superuser = login.role == "superuser"
                user.set_password(login.password)
                user.save()
            result.append(login._replace(created=created))
            if login.role == "superuser":
                continue
            key = (user.pk, login.role, wards.get(login.ward), cells.get(login.cell))
            if (login.ward and key[2] is None) or (login.cell and key[3] is None):
                continue  # the ward or cell is not in this database
            if key not in roles:
                Role.objects.create(
                    user=user, kind=login.role, ward_id=key[2], cell_id=key[3]
                )
                roles.add(key)
    return result
