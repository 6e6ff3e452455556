"""What every benchmark is given: the options of the run and the data set."""

from __future__ import annotations

import datetime
import sys
from dataclasses import dataclass, field


@dataclass
class Context:
    quick: bool
    runs: (
        int  # repetitions of each timed figure (the median of at least 5 in a full run)
    )
    database_url: str
    scale: str  # the seed_demo scale of the main database
    year: int  # the complete year seeded
    load_seconds: int
    dataset: dict[str, str] = field(default_factory=dict)
    seed_note: dict = field(default_factory=dict)

    @property
    def as_of(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)

    def log(self, message: str) -> None:
        print(
            f"[bench {datetime.datetime.now():%H:%M:%S}] {message}",
            file=sys.stderr,
            flush=True,
        )
