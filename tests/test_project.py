"""Project rules that hold for every app: migrations, layering, lint, history, names, constraints."""

import ast
import datetime
import re
import shutil
import subprocess
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.utils.functional import Promise

from cells.models import (
    CellMembership,
    CellYear,
    Household,
    HouseholdYear,
    Member,
    MemberYear,
    Office,
    StatusPeriod,
)
from meetings.models import Attendance, Meeting
from scoring.models import ItemScore, Rubric, ScoreSheet
from tests import factories
from tests.wards.support import (
    BUILDERS,
    PROJECT_APPS,
    constraint_labels,
    project_models,
    refused,
)

ROOT = Path(settings.BASE_DIR)
TESTS = Path(__file__).resolve().parent
# DESIGN.md: apps depend one way only, reports → scoring → meetings → cells → wards.
LAYERS = ["wards", "cells", "meetings", "scoring", "reports"]


def label(model: type[models.Model]) -> str:
    return model._meta.label


# --- Migrations ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_models_and_migrations_agree() -> None:
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit as exit_:
        pytest.fail(
            f"makemigrations found changes (exit {exit_.code}):\n{out.getvalue()}"
        )
    assert "No changes detected" in out.getvalue()


# --- Layering ------------------------------------------------------------------------------------

_APP = "|".join(LAYERS)
_DOTTED = re.compile(rf"({_APP})(\.\w+)+")
_MIGRATION = re.compile(r"\d{4}_\w+|__first__|__latest__")


def app_references(source: str) -> list[tuple[str, int]]:
    """The apps of ``LAYERS`` that ``source`` uses, with line numbers: imports, "app.Model" strings
    (lazy relations, ``to=`` of migrations), migration dependencies and ``get_model("app", …)``."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if _DOTTED.fullmatch(node.value):
                names = [node.value]
        elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
            first, second = node.elts
            if (
                isinstance(first, ast.Constant)
                and isinstance(second, ast.Constant)
                and first.value in LAYERS
                and isinstance(second.value, str)
                and _MIGRATION.fullmatch(second.value)
            ):
                names = [first.value]
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            first = node.args[0]
            if name == "get_model" and isinstance(first, ast.Constant):
                names = [str(first.value).split(".")[0]]
        for name in names:
            top = name.split(".")[0]
            if top in LAYERS:
                found.append((top, node.lineno))
    return found


def test_reference_scanner_sees_imports_strings_and_migration_dependencies() -> None:
    source = (
        "import meetings.models\n"
        "from scoring import rules\n"
        "household = models.ForeignKey('cells.Household', on_delete=models.CASCADE)\n"
        "dependencies = [('reports', '0001_initial')]\n"
        "Rubric = apps.get_model('scoring', 'Rubric')\n"
        "text = 'cells and meetings'\n"
    )
    assert sorted(app_references(source)) == [
        ("cells", 3),
        ("meetings", 1),
        ("reports", 4),
        ("scoring", 2),
        ("scoring", 5),
    ]


@pytest.mark.parametrize("app", LAYERS)
def test_apps_depend_only_on_the_apps_below_them(app) -> None:
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    violations = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for used, line in app_references(path.read_text(encoding="utf-8")):
            if used in above:
                violations.append(f"{path.relative_to(ROOT)}:{line} uses {used}")
    assert violations == []


def test_layers_are_the_project_apps() -> None:
    assert list(PROJECT_APPS) == LAYERS
    assert [a for a in settings.INSTALLED_APPS if a in LAYERS] == LAYERS


# --- Lint ----------------------------------------------------------------------------------------


def _ruff() -> str:
    local = ROOT / ".venv" / "bin" / "ruff"
    found = str(local) if local.exists() else shutil.which("ruff")
    if not found:
        pytest.skip(
            "ruff is not installed (.venv/bin/ruff missing): run `uv sync --frozen`"
        )
    return found


@pytest.mark.parametrize(
    "args", [["check", "."], ["format", "--check", "."]], ids=["check", "format"]
)
def test_ruff_is_clean(args) -> None:
    result = subprocess.run(
        [_ruff(), *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- History -------------------------------------------------------------------------------------

HISTORY_CHANGES = {
    Member: ("full_name", "Lê Văn Mới"),
    CellMembership: ("end", datetime.date(2030, 1, 1)),
    StatusPeriod: ("note", "Ốm dài ngày"),
    Office: ("end", datetime.date(2030, 1, 1)),
    Household: ("head_name", "Phạm Thị Chủ Hộ"),
    HouseholdYear: ("cultured_family", False),
    MemberYear: ("rating", "excellent"),
    CellYear: ("rating", "good"),
    Meeting: ("topic", "Học tập nghị quyết"),
    Attendance: ("note", "Đến muộn"),
    ScoreSheet: ("total", Decimal("97.50")),
    ItemScore: ("points", Decimal("9.50")),
    Rubric: ("name", "Bảng chấm điểm sửa đổi"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(HISTORY_CHANGES), ids=label)
def test_records_keep_their_history(model) -> None:
    field, value = HISTORY_CHANGES[model]
    assert isinstance(getattr(model, "history", None), models.Manager)
    instance = BUILDERS[model]()
    assert instance.history.count() == 1
    assert instance.history.get().history_type == "+"
    setattr(instance, field, value)
    instance.save()
    assert instance.history.count() == 2
    latest = instance.history.latest()
    assert latest.history_type == "~"
    assert getattr(latest, field) == value
    assert getattr(latest.prev_record, field) != value


# --- Names ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", project_models(), ids=label)
def test_every_model_prints_itself(model) -> None:
    assert model.__str__ is not models.Model.__str__, f"{label(model)} has no __str__"
    builder = BUILDERS.get(model)
    assert builder, f"add a factory for {label(model)} to tests/factories.py"
    text = str(builder())
    assert text.strip()
    assert " object (" not in text


@pytest.mark.parametrize("model", project_models(), ids=label)
def test_every_model_names_itself_for_translation(model) -> None:
    attrs = model._meta.original_attrs
    for name in ("verbose_name", "verbose_name_plural"):
        assert name in attrs, f"{label(model)}.Meta has no {name}"
        assert isinstance(attrs[name], Promise), f"{label(model)}.Meta.{name}"


@pytest.mark.parametrize("model", project_models(), ids=label)
def test_every_field_has_a_translatable_verbose_name(model) -> None:
    fields = [
        f
        for f in [*model._meta.local_fields, *model._meta.local_many_to_many]
        if not f.auto_created
    ]
    untranslated = [f.name for f in fields if not isinstance(f.verbose_name, Promise)]
    assert untranslated == []


# --- clean() -------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", project_models(), ids=label)
def test_every_builder_makes_a_valid_instance(model) -> None:
    builder = BUILDERS.get(model)
    assert builder, f"add a factory for {label(model)} to tests/factories.py"
    builder().full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("model", project_models(), ids=label)
def test_full_clean_of_an_empty_instance_reports_errors_without_crashing(model) -> None:
    # A form whose required fields are missing still runs the model's clean().
    with pytest.raises(ValidationError) as excinfo:
        model().full_clean()
    assert excinfo.value.message_dict


# --- Every database rule has its test ------------------------------------------------------------


def _calls_to_refused(function: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(function)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "refused"
        and node.args
    ]


def rules_under_test() -> set[str]:
    """The rule labels that some test wraps in ``refused(...)``: literally, or through a variable
    whose values come from the test's ``parametrize`` table (strings of a module-level table too)."""
    labels: set[str] = set()
    for path in TESTS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tables = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in _calls_to_refused(function):
                arg = call.args[0]
                if isinstance(arg, ast.Constant):
                    labels.add(arg.value)
                    continue
                sources = list(function.decorator_list)
                sources += [
                    tables[n.id]
                    for d in function.decorator_list
                    for n in ast.walk(d)
                    if isinstance(n, ast.Name) and n.id in tables
                ]
                labels.update(
                    n.value
                    for source in sources
                    for n in ast.walk(source)
                    if isinstance(n, ast.Constant) and isinstance(n.value, str)
                )
    return labels


def test_every_database_rule_has_a_test_that_breaks_it() -> None:
    rules = set(constraint_labels())
    assert len(rules) > 50  # the scan found the project's models
    untested = sorted(rules - rules_under_test())
    assert untested == [], "write a test with refused(...) for each of these"


@pytest.mark.django_db
def test_refused_names_the_rule_that_refused() -> None:
    with (
        pytest.raises(AssertionError, match="not by cell_kind_valid"),
        refused("cell_kind_valid"),
    ):
        factories.CellFactory(code="")


@pytest.mark.django_db
def test_refused_fails_when_nothing_is_refused() -> None:
    with pytest.raises(pytest.fail.Exception), refused("cell_kind_valid"):
        factories.CellFactory()
