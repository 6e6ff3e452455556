"""The wards of each scale (DESIGN.md "Interfaces": seed_demo scales).

``demo`` is the designed Đồng Tâm ward (code DONGTAM). The other scales are generated wards YB001…YB100,
nested: ``ward`` is YB001 (about 40 cells), ``city`` YB001–YB015, ``province`` YB001–YB100 (the others
16–24 cells each). A ward's size and name do not depend on ``--seed``; its contents do. Because the wards
are nested and every code starts with its ward's prefix, scales can be seeded one after another into one
database: a ward that exists already is skipped.
"""

import random
from typing import NamedTuple

from reports.seed import names

PROVINCE = "Yên Bái"
SCALE_WARDS = {"demo": 0, "ward": 1, "city": 15, "province": 100}
SCALES = tuple(SCALE_WARDS)


class WardSpec(NamedTuple):
    code: str
    prefix: str  # starts every code of the ward's groups, cells, households and members
    number: int  # 0 for the demo ward; keeps card numbers and citizen IDs unique
    name: str
    city: str
    cells: int

    @property
    def committee_name(self) -> str:
        return f"Đảng bộ phường {self.name.removeprefix('Phường ')}"


DEMO = WardSpec("DONGTAM", "DT", 0, "Phường Đồng Tâm", "Yên Bái", 13)


def generated_specs(count: int) -> list[WardSpec]:
    ward_names = names.generated_ward_names()
    specs = []
    for number in range(1, count + 1):
        size_rng = random.Random(f"partycell-ward-size-{number}")
        cells = 40 if number == 1 else size_rng.randint(16, 24)
        city = (
            "Yên Bái" if number <= 15 else names.TOWNS[(number - 16) % len(names.TOWNS)]
        )
        code = f"YB{number:03d}"
        specs.append(
            WardSpec(
                code, code, number, f"Phường {ward_names[number - 1]}", city, cells
            )
        )
    return specs


def ward_specs(scale: str) -> list[WardSpec]:
    """The wards seeded by ``scale``, in code order."""
    if scale not in SCALE_WARDS:
        raise ValueError(f"unknown scale {scale!r}")
    if scale == "demo":
        return [DEMO]
    return generated_specs(SCALE_WARDS[scale])
