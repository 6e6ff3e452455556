"""Loads the versions of the annual rating rules (DOMAIN.md "Annual ratings"): Quy định 132-QĐ/TW from
2018, 124-QĐ/TW from 2023, 366-QĐ/TW with point-based rating from 2025 (excellent needs 90 points). Each
keeps the cap of Hướng dẫn 21-HD/BTCTW: excellent members at most 20% of those rated good or better."""

from decimal import Decimal

from django.db import migrations

RULES = [
    {
        "valid_from_year": 2018,
        "document": "Quy định 132-QĐ/TW (08/3/2018); Hướng dẫn 21-HD/BTCTW (2019)",
        "excellent_cap_percent": 20,
        "points_based": False,
        "excellent_min_points": None,
    },
    {
        "valid_from_year": 2023,
        "document": "Quy định 124-QĐ/TW (04/10/2023)",
        "excellent_cap_percent": 20,
        "points_based": False,
        "excellent_min_points": None,
    },
    {
        "valid_from_year": 2025,
        "document": "Quy định 366-QĐ/TW (2025)",
        "excellent_cap_percent": 20,
        "points_based": True,
        "excellent_min_points": Decimal("90"),
    },
]


def load(apps, schema_editor) -> None:
    RatingRule = apps.get_model("cells", "RatingRule")
    # Reference data loaded once: no history rows are written for it.
    for values in RULES:
        RatingRule.objects.get_or_create(
            valid_from_year=values["valid_from_year"], defaults=values
        )


def unload(apps, schema_editor) -> None:
    apps.get_model("cells", "RatingRule").objects.filter(
        valid_from_year__in=[values["valid_from_year"] for values in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cells", "0003_rating_rules")]
    operations = [migrations.RunPython(load, unload)]
