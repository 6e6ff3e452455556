"""Loads the bands of the default rubric's computed (⚙) items (DOMAIN.md "Default rubric"), so that their
proposals are read from data: attendance rate, duration, members who spoke, last month's targets."""

from decimal import Decimal

from django.db import migrations

CODE = "HD12-2018"
# item code: (streak penalty, [(from value, inclusive, points), ...]); percentages 0–100, minutes.
BANDS = {
    "I.1": (
        2,
        [(100, True, 10), (95, True, 8), (90, True, 6), (85, True, 4), (0, True, 0)],
    ),
    "III.2": (0, [(90, True, 4), (75, True, 3), (60, True, 2), (0, True, 0)]),
    "III.5": (0, [(50, False, 6), (40, True, 4), (30, True, 3), (0, True, 2)]),
    "VI.1": (
        0,
        [
            (90, True, 20),
            (80, True, 18),
            (70, True, 16),
            (60, True, 13),
            (50, True, 10),
            (0, True, 6),
        ],
    ),
}


def load(apps, schema_editor) -> None:
    Item = apps.get_model("scoring", "RubricItem")
    Band = apps.get_model("scoring", "RubricItemBand")
    items = {
        item.code: item
        for item in Item.objects.filter(rubric__code=CODE, code__in=list(BANDS))
    }
    # Reference data loaded once: no history rows are written for it.
    for code, (penalty, bands) in BANDS.items():
        item = items.get(code)
        if item is None or Band.objects.filter(item=item).exists():
            continue
        if penalty:
            item.streak_penalty = Decimal(penalty)
            item.save(update_fields=["streak_penalty"])
        Band.objects.bulk_create(
            Band(
                item=item,
                min_value=Decimal(value),
                inclusive=inclusive,
                points=Decimal(points),
            )
            for value, inclusive, points in bands
        )


def unload(apps, schema_editor) -> None:
    Item = apps.get_model("scoring", "RubricItem")
    Band = apps.get_model("scoring", "RubricItemBand")
    Band.objects.filter(item__rubric__code=CODE, item__code__in=list(BANDS)).delete()
    Item.objects.filter(rubric__code=CODE, code__in=list(BANDS)).update(
        streak_penalty=Decimal(0)
    )


class Migration(migrations.Migration):
    dependencies = [("scoring", "0006_item_bands")]
    operations = [migrations.RunPython(load, unload)]
