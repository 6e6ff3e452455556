from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        # The records of a closed year are frozen through wards.locks, which cells and meetings ask
        # without importing scoring (DESIGN.md: apps depend one way only).
        from scoring.closing import year_is_closed
        from wards.locks import register_year_lock

        register_year_lock(year_is_closed)
