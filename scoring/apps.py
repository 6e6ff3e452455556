from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Scoring")

    def ready(self) -> None:
        # The records of a closed year are frozen through wards.locks, which cells and meetings ask
        # without importing scoring (DESIGN.md: apps depend one way only).
        from meetings.changes import register_listener
        from scoring.cache import refresh_after_save
        from scoring.closing import year_is_closed
        from wards.locks import register_year_lock

        register_year_lock(year_is_closed)
        # An attendance save evaluates its cell again once it commits, for the dashboards to read.
        register_listener(refresh_after_save)
