"""Which models a backup holds, in which order, and which tables a restore wipes."""

from django.apps import apps
from django.core import serializers
from django.db import models

# Never restored: sessions and login attempts belong to the server that issued them, task rows to its
# queue. Content types and permissions are made by ``migrate`` on every database; rows that point to them
# carry their natural keys (app label and model, codename) instead of their ids.
EXCLUDED_APPS = frozenset({"sessions", "axes", "django_tasks_database"})
EXCLUDED_MODELS = frozenset({"contenttypes.ContentType", "auth.Permission"})

# Rows the data migrations load into a new database (the default rubric, catalogue and rating rules), and
# their history when they were loaded outside a migration. A database holding only these counts as empty;
# a restore replaces them with the backup's own.
_REFERENCE = (
    ("cells", "RatingRule"),
    ("scoring", "Rubric"),
    ("scoring", "RubricSection"),
    ("scoring", "RubricItem"),
    ("scoring", "RubricItemBand"),
    ("scoring", "ClassBand"),
    ("scoring", "Criterion"),
)
REFERENCE_MODELS = frozenset(
    label
    for app, model in _REFERENCE
    for label in (f"{app}.{model}", f"{app}.Historical{model}")
)


def backed_up_models() -> list[type[models.Model]]:
    """Every model a backup holds, ordered so that a row comes after the rows it refers to."""
    app_list = []
    for app_config in apps.get_app_configs():
        if app_config.label in EXCLUDED_APPS:
            continue
        chosen = [
            model
            for model in app_config.get_models()
            if model._meta.label not in EXCLUDED_MODELS
            and not model._meta.proxy
            and model._meta.managed
        ]
        if chosen:
            app_list.append((app_config, chosen))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def tables_of(model_list: list[type[models.Model]]) -> list[str]:
    """The tables of these models and of their automatic many-to-many tables."""
    tables: list[str] = []
    for model in model_list:
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.append(field.remote_field.through._meta.db_table)
    return tables
