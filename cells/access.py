"""The one place that answers "may this user see or change this?".

Every view, form choice list, export, PDF and API answer goes through here (DESIGN.md "Users and access"):

- a **ward official** reads, writes, locks, scores as the upper level, imports and prints for every cell of
  their ward, and manages the accounts of its secretaries;
- a **cell secretary** reads and writes their own cell's records, enters attendance, self-scores and prints
  their own cell's documents;
- a **viewer** reads one cell, one ward, or every ward (a role with neither ward nor cell);
- a **superuser** does everything.

Out of scope → 404 (the object's existence is not revealed); in scope but not allowed → 403; anonymous → the
login page (handled by ``LoginRequiredMixin`` / ``login_required``).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from cells.models import Cell, Role, RoleKind
from wards.models import Ward


class Action(enum.StrEnum):
    READ = "read"
    WRITE = (
        "write"  # members, households, meetings, attendance, the cell's own score sheet
    )
    LOCK = "lock"  # lock and unlock submitted meetings
    SCORE_UPPER = "score_upper"  # the upper-level score sheet
    IMPORT = "import"  # workbook import for the ward
    PRINT = "print"  # printed documents (they take document numbers)
    MANAGE = (
        "manage"  # yearly records of the ward, closing years, secretaries' accounts
    )
    PERSONAL_DATA = "personal_data"  # citizen IDs and phone numbers


SECRETARY_ACTIONS = frozenset(
    {Action.READ, Action.WRITE, Action.PRINT, Action.PERSONAL_DATA}
)
OFFICIAL_ACTIONS = frozenset(Action)
VIEWER_ACTIONS = frozenset({Action.READ})


@dataclass(frozen=True)
class Scope:
    """What one user's roles reach: every ward, some wards, some cells, with their actions."""

    everything: frozenset[Action] = frozenset()
    wards: dict[int, frozenset[Action]] = field(default_factory=dict)
    cells: dict[int, frozenset[Action]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.wards or self.cells)

    def actions_for(self, cell_id: int, ward_id: int) -> frozenset[Action]:
        return (
            self.everything
            | self.wards.get(ward_id, frozenset())
            | self.cells.get(cell_id, frozenset())
        )

    def actions_for_ward(self, ward_id: int) -> frozenset[Action]:
        return self.everything | self.wards.get(ward_id, frozenset())


def scope_of(user) -> Scope:
    """The user's scope, read once per request (cached on the user object)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    cached = getattr(user, "_partycell_scope", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        scope = Scope(everything=OFFICIAL_ACTIONS)
    else:
        everything: set[Action] = set()
        wards: dict[int, set[Action]] = {}
        cells: dict[int, set[Action]] = {}
        for role in Role.objects.filter(user=user).only("kind", "ward_id", "cell_id"):
            if role.kind == RoleKind.WARD_OFFICIAL and role.ward_id:
                wards.setdefault(role.ward_id, set()).update(OFFICIAL_ACTIONS)
            elif role.kind == RoleKind.CELL_SECRETARY and role.cell_id:
                cells.setdefault(role.cell_id, set()).update(SECRETARY_ACTIONS)
            elif role.kind == RoleKind.VIEWER:
                if role.cell_id:
                    cells.setdefault(role.cell_id, set()).update(VIEWER_ACTIONS)
                elif role.ward_id:
                    wards.setdefault(role.ward_id, set()).update(VIEWER_ACTIONS)
                else:
                    everything.update(VIEWER_ACTIONS)
        scope = Scope(
            everything=frozenset(everything),
            wards={k: frozenset(v) for k, v in wards.items()},
            cells={k: frozenset(v) for k, v in cells.items()},
        )
    user._partycell_scope = scope
    return scope


def cells_visible_to(user) -> QuerySet[Cell]:
    """Every cell the user may read, as a queryset to build on."""
    scope = scope_of(user)
    if scope.everything:
        return Cell.objects.all()
    if scope.is_empty:
        return Cell.objects.none()
    from django.db.models import Q

    return Cell.objects.filter(Q(ward_id__in=scope.wards) | Q(pk__in=scope.cells))


def wards_visible_to(user) -> QuerySet[Ward]:
    """Every ward the user may read as a whole (not through one of its cells only)."""
    scope = scope_of(user)
    if scope.everything:
        return Ward.objects.all()
    return Ward.objects.filter(pk__in=scope.wards)


def can(user, action: Action, cell: Cell) -> bool:
    return action in scope_of(user).actions_for(cell.pk, cell.ward_id)


def can_ward(user, action: Action, ward: Ward) -> bool:
    return action in scope_of(user).actions_for_ward(ward.pk)


def can_see_cell(user, cell: Cell) -> bool:
    return Action.READ in scope_of(user).actions_for(cell.pk, cell.ward_id)


def check(user, action: Action, cell: Cell) -> None:
    """Raise Http404 when the cell is out of the user's scope, PermissionDenied when the user may see it
    but not do ``action``."""
    actions = scope_of(user).actions_for(cell.pk, cell.ward_id)
    if Action.READ not in actions:
        raise Http404
    if action not in actions:
        raise PermissionDenied


def check_ward(user, action: Action, ward: Ward) -> None:
    """As ``check``, for what concerns a whole ward. A secretary of one of its cells sees the ward only
    through their cell, so the ward itself is out of scope (404)."""
    actions = scope_of(user).actions_for_ward(ward.pk)
    if Action.READ not in actions:
        raise Http404
    if action not in actions:
        raise PermissionDenied


def is_ward_official(user) -> bool:
    scope = scope_of(user)
    return Action.MANAGE in scope.everything or any(
        Action.MANAGE in actions for actions in scope.wards.values()
    )


def is_secretary(user) -> bool:
    return any(Action.WRITE in actions for actions in scope_of(user).cells.values())


class CellAccessMixin(LoginRequiredMixin):
    """For class-based views about one cell: override ``get_access_cell()`` and set ``access_action``.
    Unsafe methods (POST, PUT, DELETE) need ``write_action`` (default: write)."""

    access_action: Action = Action.READ
    write_action: Action = Action.WRITE

    def get_access_cell(self) -> Cell:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.access_cell = self.get_access_cell()
        action = (
            self.access_action
            if request.method in ("GET", "HEAD")
            else self.write_action
        )
        check(request.user, action, self.access_cell)
        return super().dispatch(request, *args, **kwargs)


def cell_access(
    action: Action, cell_from: Callable[..., Cell], write_action: Action = Action.WRITE
) -> Callable:
    """Decorator for function views about one cell: ``cell_from(**kwargs)`` finds the cell (raising
    Http404 when it does not exist); the cell is passed to the view as ``request.access_cell``."""

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            cell = cell_from(**kwargs)
            needed = action if request.method in ("GET", "HEAD") else write_action
            check(request.user, needed, cell)
            request.access_cell = cell
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
