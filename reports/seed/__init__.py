"""Demo and load-test data for ``manage.py seed_demo`` (DESIGN.md "Interfaces").

The work is split in two: a pure **plan builder** (``build_ward_plan``: people, meetings, attendance, score
sheets and year-end records of one ward, as rows keyed by codes, from ``random.Random`` objects seeded by
``--seed`` and the ward's code) and a **writer** (``write_plan``: ``bulk_create`` in one transaction per
ward). ``seed`` runs both for every ward of a scale and then creates the demo logins. The designed demo
ward and which of its cells pass or fail which criterion are described in ``reports.seed.demo``.

The data are a function of ``--seed``, ``--year`` and today's date (the year after ``--year`` is seeded up
to today); ``random.Random`` objects seeded by strings are used throughout, never the global generator, and
nothing iterates a set, so the result does not depend on ``PYTHONHASHSEED`` either.
"""

from reports.seed.demo import DESIGNED, MODEL_CELLS
from reports.seed.rows import WardPlan
from reports.seed.run import STEPS_PER_WARD, SeedResult, build_ward_plan, seed
from reports.seed.scales import DEMO, SCALES, WardSpec, ward_specs
from reports.seed.users import Login
from reports.seed.writer import SeedError

__all__ = [
    "DEMO",
    "DESIGNED",
    "MODEL_CELLS",
    "SCALES",
    "STEPS_PER_WARD",
    "Login",
    "SeedError",
    "SeedResult",
    "WardPlan",
    "WardSpec",
    "build_ward_plan",
    "seed",
    "ward_specs",
]
