"""Loads the default model-cell criteria of DOMAIN.md for the five cell kinds, in force from 2018."""

from django.db import migrations

VALID_FROM_YEAR = 2018


def load(apps, schema_editor) -> None:
    from scoring.catalogue import ALL_KINDS, DEFAULT_VERSION, default_entries_for

    Criterion = apps.get_model("scoring", "Criterion")
    if Criterion.objects.filter(valid_from_year=VALID_FROM_YEAR).exists():
        return
    # Reference data loaded once: no history rows are written for it.
    Criterion.objects.bulk_create(
        Criterion(
            version=DEFAULT_VERSION,
            valid_from_year=VALID_FROM_YEAR,
            cell_kind=kind,
            number=entry.number,
            key=entry.key,
            title=entry.title,
            rule=entry.rule,
            params=dict(entry.params),
        )
        for kind in ALL_KINDS
        for entry in default_entries_for(kind)
    )


def unload(apps, schema_editor) -> None:
    apps.get_model("scoring", "Criterion").objects.filter(valid_from_year=VALID_FROM_YEAR).delete()


class Migration(migrations.Migration):
    dependencies = [("scoring", "0004_catalogue_closed_years")]
    operations = [migrations.RunPython(load, unload)]
